"""`parley graph`: the scenario as a Mermaid or DOT state diagram, with a trainee's path."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import graph
from simulator.content import load_content
from simulator.engine import Session
from simulator.transcript import TranscriptWriter

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"


def _parley(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PARLEY_HOME": str(home)},
        timeout=60,
    )


def _content():
    return load_content([VALID], include_bundled=False, include_local=False)


def _record(tmp_path: Path, moves: list[str]) -> Path:
    content = _content()
    scenario = content.scenarios["test_supply"]
    path = tmp_path / "t.jsonl"
    with TranscriptWriter(path) as writer:
        session = Session(
            scenario, content.personas["test_wang"], content.catalog, seed=3, recorder=writer
        )
        for move in moves:
            session.respond(move)
    return path


def test_mermaid_has_every_state_edge_and_mark():
    scenario = _content().scenarios["test_supply"]
    source = graph.render(scenario, ranges={"end_visit": (100, 100), "end_angry": (0, 38)})
    assert source.startswith("---\ntitle: test_supply\n---\nstateDiagram-v2\n")
    for node in ("opening", "explain"):
        assert f'state "{node}" as {node}' in source
    assert 'state "end_visit ✔ success 100–100" as end_visit' in source
    assert 'state "end_angry ✘ fail 0–38" as end_angry' in source
    assert "Class end_visit s_success" in source and "Class end_angry s_fail" in source
    assert "classDef s_success" in source
    assert "opening --> end_angry: ⚠ promise_more" in source  # a trap option
    assert "⚠ promise_more [trust ≥ 40 and asked_why]" in source  # its conditional branch
    assert "explain --> end_walkout: ⟲ walkout [patience ≤ 0]" in source  # a rule
    assert "[*] --> opening" in source
    for ending in ("end_visit", "end_angry", "end_walkout"):
        assert f"{ending} --> [*]" in source
    assert "▶" not in source and "s_previous" not in source.split("classDef s_previous")[1]


def test_a_transcript_path_is_highlighted_and_numbered(tmp_path: Path, parley_home: Path):
    transcript = _record(tmp_path, ["listen", "blame"])
    done = _parley(
        parley_home,
        "graph",
        str(VALID / "scenarios" / "test_supply.yaml"),
        "--content",
        str(VALID),
        "--transcript",
        str(transcript),
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Class opening s_previous" in out and "Class explain s_previous" in out
    assert "Class end_angry s_active" in out
    assert "Class end_visit s_success" in out  # not on the path: keeps its kind
    assert re.search(r"opening --> explain: ▶1 listen", out)
    assert re.search(r"explain --> end_angry: ▶2 blame", out)
    assert "end_angry ✘ fail 0–38" in out  # grade ranges from the analysis


def test_a_transcript_of_another_scenario_is_refused(tmp_path: Path, parley_home: Path):
    transcript = _record(tmp_path, ["listen"])
    text = transcript.read_text(encoding="utf-8").replace(
        '"scenario":"test_supply"', '"scenario":"other"', 1
    )
    transcript.write_text(text, encoding="utf-8")
    done = _parley(
        parley_home,
        "graph",
        "test_supply",
        "--content",
        str(VALID),
        "--transcript",
        str(transcript),
    )
    assert done.returncode == 2
    assert "the transcript is of scenario 'other', not 'test_supply'" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_scenario_is_a_clear_error(parley_home: Path):
    done = _parley(parley_home, "graph", "no_such_scenario", "--content", str(VALID))
    assert done.returncode == 2
    assert "no_such_scenario" in done.stderr and "Traceback" not in done.stderr


def test_dot_output_colours_traps_rules_and_the_path(tmp_path: Path, parley_home: Path):
    pytest.importorskip("graphviz")
    transcript = _record(tmp_path, ["listen", "policy"])
    out_file = tmp_path / "g.dot"
    done = _parley(
        parley_home,
        "graph",
        "test_supply",
        "--content",
        str(VALID),
        "--format",
        "dot",
        "--transcript",
        str(transcript),
        "-o",
        str(out_file),
    )
    assert done.returncode == 0, done.stderr
    dot = out_file.read_text(encoding="utf-8")
    assert dot.startswith("digraph test_supply {")
    assert re.search(r"opening -> end_angry \[label=\"⚠ promise_more\" color=darkorange", dot)
    assert re.search(r"explain -> end_walkout \[label=\"⟲ walkout.*style=dashed", dot)
    assert re.search(r"explain -> end_visit \[label=\"▶2 policy\" color=blue", dot)
    assert re.search(r"end_visit \[label=\"end_visit ✔ success 100–100.*fillcolor=darksalmon", dot)


def test_markdown_output_is_fenced(tmp_path: Path, parley_home: Path):
    out_file = tmp_path / "g.md"
    done = _parley(
        parley_home, "graph", "test_supply", "--content", str(VALID), "-o", str(out_file)
    )
    assert done.returncode == 0, done.stderr
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("```mermaid\n---\ntitle: test_supply") and text.endswith("```\n")


def test_every_bundled_scenario_draws_with_red_lines_marked():
    content = load_content(raise_on_error=False)
    red_lines = 0
    for scenario in content.scenarios.values():
        source = graph.render(scenario)
        for node_id in scenario.nodes:
            assert f"as {node_id}\n" in source
        for node in scenario.nodes.values():
            for option in node.options:
                if option.red_line:
                    red_lines += 1
                    assert f"⛔ {option.id}" in source
    assert red_lines or not content.scenarios


def test_rules_can_be_left_out():
    scenario = _content().scenarios["test_supply"]
    source = graph.render(scenario, rules=False)
    assert "⟲" not in source and "end_walkout --> [*]" in source
