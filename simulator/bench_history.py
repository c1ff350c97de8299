"""Benchmarks of the transcript and history side, called by `parley bench`.

Each function builds its own synthetic data in a temporary folder, measures, and returns a
dict of figures (milliseconds, counts, the target and whether it was met); nothing is printed.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from simulator import __version__
from simulator.transcript import FORMAT, VERSION

#: DESIGN.md: opening a 10,000-turn transcript for replay takes at most this long.
REPLAY_OPEN_TARGET_MS = 1000.0


def _header(trainee: str, started_at: str) -> dict[str, object]:
    return {
        "type": "header",
        "format": FORMAT,
        "version": VERSION,
        "scenario": "bench_scenario",
        "title": {"zh": "基准场景", "en": "Benchmark scenario"},
        "family": "retail",
        "content_hash": "0" * 64,
        "rubric_version": 1,
        "persona": "bench_persona",
        "persona_name": {"zh": "王姐", "en": "Mrs Wang"},
        "seed": 1,
        "mode": "practice",
        "trainee": trainee,
        "started_at": started_at,
        "variables": {"trust": 40, "patience": 60},
        "parley": __version__,
    }


def _turn(index: int) -> dict[str, object]:
    trust = 40 + (index % 7) - 3
    return {
        "type": "turn",
        "index": index,
        "node": f"node_{index % 50}",
        "client": {
            "zh": "这个月的烟又没几条,你们还来干什么?我这店里货架都空了一半。",
            "en": "Hardly any cigarettes again this month. What are you here for?",
        },
        "mood": "annoyed",
        "option": f"opt_{index % 4}",
        "option_text": {
            "zh": "王姐,您先别急,这个月到货少具体影响到您哪些生意了?",
            "en": "Tell me.",
        },
        "typed": "我想先听听您的难处" if index % 3 == 0 else None,
        "hits": [
            {
                "principle": "active_listening",
                "polarity": "upholds",
                "weight": 2,
                "evidence": "先听听",
                "source": "option",
                "detector": "",
                "explanation": {"zh": "符合「倾听」", "en": "upholds 'Listening'"},
            },
            {
                "principle": "careful_promise",
                "polarity": "violates",
                "weight": -1,
                "evidence": "保证",
                "source": "detector",
                "detector": "promise",
                "explanation": {"zh": "违反「谨慎承诺」", "en": "breaks 'Careful promises'"},
            },
        ],
        "feedback": {"zh": "先让客户把怨气说出来,再谈政策。", "en": "Let her air it first."},
        "quality": 0.75,
        "variables": {"trust": trust, "patience": 60, "asked_why": True},
        "next": f"node_{(index + 1) % 50}",
        "reactions": [],
        "rule": None,
        "red_line": False,
        "trap": False,
        "time": "2025-01-03T14:25:01+08:00",
    }


def _end(turns: int) -> dict[str, object]:
    return {
        "type": "end",
        "ending": "good",
        "outcome": "success",
        "grade": 72,
        "ending_title": {"zh": "约好下次拜访", "en": "Next visit agreed"},
        "debrief": {"zh": "做得不错。", "en": "Well done."},
        "scorecard": {
            "outcome": "success",
            "grade": 72,
            "turns": turns,
            "principles": {
                "active_listening": {"for": 8, "against": 0, "score": 100, "area": "basic"},
                "careful_promise": {"for": 2, "against": 2, "score": 50, "area": "character"},
            },
            "areas": {"basic": {"for": 8, "against": 0, "score": 100}},
        },
        "time": "2025-01-03T14:40:00+08:00",
    }


def write_synthetic_transcript(
    path: Path,
    turns: int,
    trainee: str = "bench",
    started_at: str = "2025-01-03T14:25:01+08:00",
    long_answer: int = 0,
) -> Path:
    """A finished transcript of `turns` turns (for benchmarks and load tests).

    With `long_answer`, the first turn's typed answer is that many characters (a paste).
    """
    lines = [_header(trainee, started_at), *(_turn(i) for i in range(turns)), _end(turns)]
    if long_answer and turns:
        lines[1]["typed"] = ("我想先听听您的难处," * (long_answer // 10 + 1))[:long_answer]
    text = "".join(json.dumps(x, ensure_ascii=False, separators=(",", ":")) + "\n" for x in lines)
    path.write_text(text, encoding="utf-8")
    return path


def bench_replay_open(turns: int = 10_000, repeats: int = 3) -> dict[str, object]:
    """Time opening a long transcript for replay: read, check, line up and summarize."""
    from simulator.group import load_group

    with tempfile.TemporaryDirectory(prefix="parley-bench-") as folder:
        path = write_synthetic_transcript(Path(folder) / "long.jsonl", turns)
        size = path.stat().st_size
        timings = []
        for _ in range(repeats):
            start = time.perf_counter()
            group = load_group([path])
            group.summary()
            timings.append((time.perf_counter() - start) * 1000)
    best = min(timings)
    return {
        "turns": turns,
        "bytes": size,
        "open_ms_best": round(best, 1),
        "open_ms_worst": round(max(timings), 1),
        "target_ms": REPLAY_OPEN_TARGET_MS,
        "ok": max(timings) <= REPLAY_OPEN_TARGET_MS,
    }


def bench_import(count: int = 1000, turns: int = 12) -> dict[str, object]:
    """Time importing `count` transcripts into a fresh history, then importing them again."""
    from simulator.store import HistoryStore

    with tempfile.TemporaryDirectory(prefix="parley-bench-") as folder:
        root = Path(folder)
        sent = root / "sent"
        sent.mkdir()
        for i in range(count):
            stamp = f"2025-01-{1 + i % 28:02}T{i // 60 % 24:02}:{i % 60:02}:00+08:00"
            write_synthetic_transcript(sent / f"{i:05}.jsonl", turns, f"trainee_{i % 25}", stamp)
        with HistoryStore(root / "history.sqlite3") as store:
            start = time.perf_counter()
            first = store.import_paths([sent])
            first_ms = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            second = store.import_paths([sent])
            second_ms = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            records = store.sessions(trainee="trainee_3")
            query_ms = (time.perf_counter() - start) * 1000
            total = store.count()
    return {
        "transcripts": count,
        "turns_each": turns,
        "import_ms": round(first_ms, 1),
        "per_transcript_ms": round(first_ms / count, 3),
        "reimport_ms": round(second_ms, 1),
        "added": len(first.added),
        "reimport_added": len(second.added) + len(second.updated),
        "rows": total,
        "history_query_ms": round(query_ms, 1),
        "history_query_rows": len(records),
        "ok": total == count and not second.added and not second.updated,
    }
