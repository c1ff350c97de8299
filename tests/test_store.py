"""History store: recording, idempotent import, migrations, trends, concurrent writers."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    HistoryStore,
    StoreError,
    trends,
)
from simulator.transcript import FORMAT, VERSION, read_transcript


def write_transcript(
    path: Path,
    *,
    trainee: str = "小李",
    scenario: str = "demo",
    started_at: str = "2025-01-03T14:25:01+08:00",
    scores: dict[str, tuple[int, int]] | None = None,
    outcome: str | None = "success",
    turns: int = 2,
    grade: int = 70,
) -> Path:
    """Write a transcript by hand (the writer itself is tested in test_transcript.py)."""
    scores = scores or {"empathy": (3, 1)}
    lines: list[dict[str, object]] = [
        {
            "type": "header",
            "format": FORMAT,
            "version": VERSION,
            "scenario": scenario,
            "title": {"zh": "演示", "en": "Demo"},
            "content_hash": "h1",
            "rubric_version": 1,
            "persona": "wang",
            "seed": 1,
            "mode": "practice",
            "trainee": trainee,
            "started_at": started_at,
        }
    ]
    for i in range(turns):
        lines.append(
            {
                "type": "turn",
                "index": i,
                "node": f"n{i}",
                "option": "listen",
                "typed": None,
                "hits": [{"principle": "empathy", "weight": 1}],
                "quality": 0.5,
                "variables": {"trust": 40},
                "next": f"n{i + 1}",
                "time": started_at,
            }
        )
    if outcome is not None:
        principles = {
            pid: {"for": f, "against": a, "score": round(100 * f / (f + a)), "area": "basic"}
            for pid, (f, a) in scores.items()
        }
        card = {"principles": principles, "areas": {"basic": {"for": 3, "against": 1, "score": 75}}}
        lines.append(
            {
                "type": "end",
                "ending": "good",
                "outcome": outcome,
                "grade": grade,
                "scorecard": card,
                "time": started_at,
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return path


def test_record_and_read_back(tmp_path: Path) -> None:
    t = read_transcript(write_transcript(tmp_path / "a.jsonl"))
    with HistoryStore(tmp_path / "h.db") as store:
        assert store.record(t) == "added"
        assert store.record(t) == "unchanged"
        [row] = store.sessions()
    assert row.trainee == "小李" and row.scenario == "demo" and row.outcome == "success"
    assert row.grade == 70 and row.turns == 2 and row.content_hash == "h1"
    assert row.principles == {"empathy": 75} and row.areas == {"basic": 75}
    assert row.transcript == str((tmp_path / "a.jsonl").resolve())


def test_abandoned_then_finished_updates_but_never_downgrades(tmp_path: Path) -> None:
    path = write_transcript(tmp_path / "a.jsonl", outcome=None, turns=1)
    with HistoryStore(tmp_path / "h.db") as store:
        assert store.record(read_transcript(path), {"grade": 30, "principles": {}}) == "added"
        [row] = store.sessions()
        assert row.outcome == "abandoned" and row.grade == 30 and row.ending is None
        write_transcript(path, outcome="partial", turns=3)  # same header: same session
        assert store.record(read_transcript(path)) == "updated"
        write_transcript(path, outcome=None, turns=1)  # a stale partial copy
        assert store.record(read_transcript(path)) == "unchanged"
        [row] = store.sessions()
    assert row.outcome == "partial" and row.turns == 3


def test_import_folder_twice_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "sent"
    for i in range(3):
        write_transcript(folder / f"t{i}.jsonl", started_at=f"2025-01-0{i + 1}T10:00:00+08:00")
    (folder / "junk.jsonl").write_text("not a transcript\n")
    db = tmp_path / "h.db"
    with HistoryStore(db) as store:
        first = store.import_paths([folder])
        assert len(first.added) == 3 and len(first.errors) == 1
        assert "junk.jsonl:1" in first.errors[0][1]
        second = store.import_paths([folder, folder / "t0.jsonl"])
        assert not second.added and not second.updated and len(second.unchanged) == 4
        assert store.count() == 3
    dump = sqlite3.connect(db).execute("SELECT * FROM principle_scores").fetchall()
    assert len(dump) == 3


def test_copy_of_a_transcript_is_the_same_session(tmp_path: Path) -> None:
    a = write_transcript(tmp_path / "a.jsonl")
    b = tmp_path / "copy" / "b.jsonl"
    b.parent.mkdir()
    b.write_bytes(a.read_bytes())
    with HistoryStore(tmp_path / "h.db") as store:
        report = store.import_paths([a, b])
        assert len(report.added) == 1 and len(report.unchanged) == 1


def test_old_schema_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    con = sqlite3.connect(db)
    con.executescript(MIGRATIONS[0])
    con.execute(
        "INSERT INTO sessions (identity, trainee, scenario, content_hash, rubric_version,"
        " persona, seed, mode, outcome, turns, started_at, ended_at, transcript)"
        " VALUES ('x', 'a', 's', 'h', 1, 'p', 1, 'practice', 'fail', 1, 't', 't', 'f')"
    )
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    with HistoryStore(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        [row] = store.sessions(trainee="a")
        assert row.outcome == "fail"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        HistoryStore(db)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        HistoryStore(db)


def test_trends_weigh_recent_sessions_more(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.db") as store:
        for i, (f, a) in enumerate([(1, 3), (1, 1), (3, 1), (4, 0)]):
            path = tmp_path / f"{i}.jsonl"
            write_transcript(
                path, started_at=f"2025-01-0{i + 1}T10:00:00+08:00", scores={"empathy": (f, a)}
            )
            store.record(read_transcript(path))
        records = store.sessions(trainee="小李")
    trend = trends(records)["empathy"]
    assert [r.principles["empathy"] for r in records] == [25, 50, 75, 100]
    assert trend.sessions == 4 and trend.last == 100 and trend.mean == 62.5
    assert trend.weighted > trend.mean  # the recent, better sessions count more
    assert trend.direction == "up"
    falling = trends(list(reversed(records)))["empathy"]
    assert falling.direction == "down" and falling.weighted < falling.mean


_WRITER = """
import sys
from pathlib import Path
from simulator.store import HistoryStore
from simulator.transcript import read_transcript
db, folder = Path(sys.argv[1]), Path(sys.argv[2])
transcripts = [read_transcript(p) for p in sorted(folder.glob("*.jsonl"))]
print("ready", flush=True)
sys.stdin.readline()  # both processes start writing together
with HistoryStore(db) as store:
    for t in transcripts:
        store.record(t)  # one transaction each: as much contention as possible
print("done", flush=True)
"""


def test_two_processes_writing_at_once_lose_no_row(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    per_process = 150
    folders = []
    for name in ("a", "b"):
        folder = tmp_path / name
        for i in range(per_process):
            write_transcript(
                folder / f"{i}.jsonl",
                trainee=name,
                started_at=f"2025-01-01T10:{i // 60:02}:{i % 60:02}+08:00",
            )
        folders.append(folder)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert "done" in out
    with HistoryStore(db) as store:
        assert store.count() == 2 * per_process
        assert len(store.sessions(trainee="a")) == per_process
        assert len(store.sessions(trainee="b")) == per_process


def test_import_benchmark_reports_figures() -> None:
    from simulator.bench_history import bench_import

    figures = bench_import(count=20, turns=3)
    assert figures["added"] == 20 and figures["reimport_added"] == 0 and figures["ok"] is True
