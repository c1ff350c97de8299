"""Benchmarks for the performance targets of DESIGN.md, measured, never assumed.

Each benchmark returns a dict of figures (milliseconds or seconds) with the target beside it, so
`parley bench` can print one JSON document. Generated inputs are built here, in memory or in a
temporary folder, so the figures do not depend on the bundled library.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from simulator.engine import Session
from simulator.model import (
    Area,
    Branch,
    Catalog,
    Ending,
    Node,
    Option,
    Persona,
    Scenario,
    Text,
    Variable,
)

#: DESIGN.md targets.
TURN_P99_MS = 5.0
CHECK_1000_S = 3.0

_PHRASES = (
    "我理解您的难处",
    "能具体说说吗",
    "我们按政策办",
    "还款来源是什么",
    "我没法保证结果",
    "您先别着急",
    "这个需要审批",
    "我帮您问问",
    "价格可以再谈",
    "我们下次再约",
)


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0–100) of `samples`, by nearest rank."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def wide_scenario(options: int = 50, examples: int = 10) -> Scenario:
    """One node with `options` options of `examples` example phrasings each, looping on itself."""
    opts = []
    for i in range(options):
        phrasings = tuple(
            f"{_PHRASES[(i + j) % len(_PHRASES)]}{i}号方案第{j}种说法" for j in range(examples)
        )
        opts.append(
            Option(
                id=f"o{i}",
                text=Text(f"选项{i}:{_PHRASES[i % len(_PHRASES)]}", f"option {i}"),
                examples={"zh": phrasings},
                principles={"empathy": (i % 5) - 2},
                feedback=Text("点评", "feedback"),
                branches=(Branch("end", "trust >= 100"), Branch("hub")),
                effects={"trust": 1 if i % 2 else -1},
            )
        )
    variables = {
        "trust": Variable("trust", 50, 0, 100, from_persona=True),
        "patience": Variable("patience", 50, 0, 100, from_persona=True),
    }
    return Scenario(
        id="bench_wide",
        title=Text("基准", "bench"),
        family="retail",
        difficulty=1,
        persona="bench",
        briefing=Text("b", "b"),
        objective=Text("o", "o"),
        principles_in_focus=("empathy",),
        variables=variables,
        start="hub",
        nodes={"hub": Node("hub", Text("说吧", "go on"), tuple(opts))},
        endings={"end": Ending("end", "success", Text("完", "done"), Text("d", "d"))},
    )


def bench_turn(catalog: Catalog, turns: int = 2000) -> dict[str, object]:
    """Per-turn latency (understand typed text + transition + score) on a 50×10 node."""
    scenario = wide_scenario()
    persona = Persona("bench", Text("甲", "A"), *(Text("", ""),) * 5, trust=50, patience=50)
    session = Session(scenario, persona, catalog, seed=0)
    session.understand("预热")  # the matcher indexes a scenario once, on first use
    samples: list[float] = []
    for i in range(turns):
        typed = f"{_PHRASES[i % len(_PHRASES)]},我不能保证,但我会尽力{i % 50}号方案"
        start = time.perf_counter()
        reading = session.understand(typed)
        option_id = reading.candidates[0].option_id if reading.candidates else f"o{i % 50}"
        session.respond(option_id, typed)
        samples.append((time.perf_counter() - start) * 1000)
        if session.finished:  # pragma: no cover - trust never reaches 100 with ±1 steps
            session = Session(scenario, persona, catalog, seed=0)
    p99 = percentile(samples, 99)
    return {
        "turns": turns,
        "options": 50,
        "examples_per_option": 10,
        "p50_ms": round(statistics.median(samples), 3),
        "p99_ms": round(p99, 3),
        "target_p99_ms": TURN_P99_MS,
        "ok": p99 <= TURN_P99_MS,
    }


def _scenario_yaml(index: int) -> str:
    nodes = []
    for n in range(12):
        nxt = f"n{n + 1}" if n < 11 else "end_ok"
        nodes.append(
            f"""  n{n}:
    client: {{zh: 第{n}句话, en: line {n}}}
    variants:
      - {{mood: annoyed, zh: 不耐烦的第{n}句, en: annoyed {n}}}
    options:
      - id: good
        text: {{zh: 好的回答{n}, en: good {n}}}
        examples: {{zh: [好的说法{n}a, 好的说法{n}b, 好的说法{n}c], en: [good {n}]}}
        principles: {{empathy: 2, active_listening: 1}}
        effects: {{trust: 5}}
        feedback: {{zh: 好, en: good}}
        next: {nxt}
      - id: bad
        text: {{zh: 坏的回答{n}, en: bad {n}}}
        examples: {{zh: [坏的说法{n}a, 坏的说法{n}b, 坏的说法{n}c], en: [bad {n}]}}
        principles: {{careful_promise: -2}}
        effects: {{trust: -10, patience: -10}}
        feedback: {{zh: 不好, en: bad}}
        next:
          - {{if: trust >= 30, goto: {nxt}}}
          - {{goto: end_fail}}
"""
        )
    return f"""id: bench_{index:04d}
title: {{zh: 基准场景{index}, en: Bench scenario {index}}}
family: retail
difficulty: 2
persona: bench_persona
briefing: {{zh: 生成的场景, en: A generated scenario}}
objective: {{zh: 走完, en: Finish}}
principles_in_focus: [empathy, careful_promise]
variables:
  asked: {{initial: false}}
rules:
  - {{id: walkout, if: patience <= 0, goto: end_fail}}
start: n0
nodes:
{"".join(nodes)}endings:
  end_ok: {{kind: success, title: {{zh: 成功, en: Success}}, debrief: {{zh: 好, en: Good}}}}
  end_fail: {{kind: fail, title: {{zh: 失败, en: Fail}}, debrief: {{zh: 差, en: Bad}}}}
"""


_PERSONA_YAML = """id: bench_persona
name: {zh: 基准客户, en: Bench client}
role: {zh: 零售户, en: Retailer}
background: {zh: 生成的, en: Generated}
wants: {zh: 货, en: Stock}
fears: {zh: 缺货, en: Shortage}
speaking_style: {zh: 直接, en: Direct}
traits: {trust: 40, patience: 60}
"""


def write_generated_library(folder: Path, count: int) -> None:
    """Write `count` generated scenarios and their persona into `folder`."""
    (folder / "personas").mkdir(parents=True, exist_ok=True)
    (folder / "personas" / "bench_persona.yaml").write_text(_PERSONA_YAML, encoding="utf-8")
    for i in range(count):
        (folder / f"bench_{i:04d}.yaml").write_text(_scenario_yaml(i), encoding="utf-8")


def bench_check(count: int = 1000) -> dict[str, object]:
    """`parley check` over `count` generated scenario files: in-process and as a command."""
    from simulator.content import load_content

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_generated_library(folder, count)
        start = time.perf_counter()
        content = load_content([folder], include_local=False, raise_on_error=False)
        in_process = time.perf_counter() - start
        errors = sum(1 for d in content.diagnostics if d.severity == "error")
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "simulator", "check", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        command = time.perf_counter() - start
    return {
        "files": count,
        "errors_found": errors,
        "in_process_s": round(in_process, 3),
        "command_s": round(command, 3),
        "command_exit": proc.returncode,
        "target_s": CHECK_1000_S,
        "ok": command <= CHECK_1000_S and proc.returncode == 0,
    }


def optional(name: str, run: Callable[[], dict[str, object]]) -> dict[str, object]:
    """Run a benchmark that lives in a module that may not be there; say so if it is not."""
    try:
        return run()
    except ImportError as error:
        return {"skipped": f"{name}: {error}"}


def bench_catalog() -> Catalog:
    """The bundled catalog, or a one-principle stand-in when it cannot be loaded."""
    from simulator.content import load_content

    content = load_content(include_local=False, raise_on_error=False)
    if content.catalog.principles:
        return content.catalog
    return Catalog({"basic": Area("basic", Text("基本能力", "Basic"))}, {})
