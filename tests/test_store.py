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


def test_record_and_read_back(tmp_path: Path, history_db: str) -> None:
    t = read_transcript(write_transcript(tmp_path / "a.jsonl"))
    with HistoryStore(history_db) as store:
        assert store.record(t) == "added"
        assert store.record(t) == "unchanged"
        [row] = store.sessions()
    assert row.trainee == "小李" and row.scenario == "demo" and row.outcome == "success"
    assert row.grade == 70 and row.turns == 2 and row.content_hash == "h1"
    assert row.principles == {"empathy": 75} and row.areas == {"basic": 75}
    assert row.transcript == str((tmp_path / "a.jsonl").resolve())


def test_abandoned_then_finished_updates_but_never_downgrades(
    tmp_path: Path, history_db: str
) -> None:
    path = write_transcript(tmp_path / "a.jsonl", outcome=None, turns=1)
    with HistoryStore(history_db) as store:
        assert store.record(read_transcript(path), {"grade": 30, "principles": {}}) == "added"
        [row] = store.sessions()
        # An abandoned session has no grade, whatever its partial scorecard said (issue 13.9).
        assert row.outcome == "abandoned" and row.grade is None and row.ending is None
        write_transcript(path, outcome="partial", turns=3)  # same header: same session
        assert store.record(read_transcript(path)) == "updated"
        write_transcript(path, outcome=None, turns=1)  # a stale partial copy
        assert store.record(read_transcript(path)) == "unchanged"
        [row] = store.sessions()
    assert row.outcome == "partial" and row.turns == 3


def test_import_folder_twice_changes_nothing(tmp_path: Path, history_db: str) -> None:
    folder = tmp_path / "sent"
    for i in range(3):
        write_transcript(folder / f"t{i}.jsonl", started_at=f"2025-01-0{i + 1}T10:00:00+08:00")
    (folder / "junk.jsonl").write_text("not a transcript\n")
    with HistoryStore(history_db) as store:
        first = store.import_paths([folder])
        assert len(first.added) == 3 and len(first.errors) == 1
        assert "junk.jsonl:1" in first.errors[0][1]
        second = store.import_paths([folder, folder / "t0.jsonl"])
        assert not second.added and not second.updated and len(second.unchanged) == 4
        assert store.count() == 3
        assert sum(len(r.principles) for r in store.sessions()) == 3


def test_import_streams_in_batches(tmp_path: Path, history_db: str, monkeypatch) -> None:
    import simulator.store as store_module

    monkeypatch.setattr(store_module, "IMPORT_BATCH", 4)
    folder = tmp_path / "sent"
    for i in range(10):
        write_transcript(folder / f"t{i:02}.jsonl", started_at=f"2025-01-{i + 1:02}T10:00:00+08:00")
    # the same session twice inside one batch, and once more in a later one
    (folder / "t00_copy.jsonl").write_bytes((folder / "t00.jsonl").read_bytes())
    (folder / "z_copy.jsonl").write_bytes((folder / "t01.jsonl").read_bytes())
    with HistoryStore(history_db) as store:
        report = store.import_paths([folder])
        assert len(report.added) == 10 and len(report.unchanged) == 2
        assert store.count() == 10


def test_copy_of_a_transcript_is_the_same_session(tmp_path: Path, history_db: str) -> None:
    a = write_transcript(tmp_path / "a.jsonl")
    b = tmp_path / "copy" / "b.jsonl"
    b.parent.mkdir()
    b.write_bytes(a.read_bytes())
    with HistoryStore(history_db) as store:
        report = store.import_paths([a, b])
        assert len(report.added) == 1 and len(report.unchanged) == 1


def test_old_schema_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    con = sqlite3.connect(db)
    con.executescript(MIGRATIONS[0].format(pk="INTEGER PRIMARY KEY", real="REAL"))
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


def test_trends_weigh_recent_sessions_more(tmp_path: Path, history_db: str) -> None:
    with HistoryStore(history_db) as store:
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


def test_trends_grouped_by_the_database_match_the_records(tmp_path: Path, history_db: str) -> None:
    with HistoryStore(history_db) as store:
        for i, (f, a) in enumerate([(1, 3), (1, 1), (3, 1), (4, 0)]):
            for who in ("甲", "乙"):
                path = write_transcript(
                    tmp_path / f"{who}{i}.jsonl",
                    trainee=who,
                    started_at=f"2025-01-0{i + 1}T10:00:00+08:00",
                    scores={"empathy": (f, a) if who == "甲" else (a, f)},
                )
                store.record(read_transcript(path))
        quit = write_transcript(tmp_path / "q.jsonl", trainee="甲", outcome=None, turns=1)
        store.record(read_transcript(quit))  # abandoned: left out of trends
        grouped = store.trends_by_trainee()
        for who in ("甲", "乙"):
            expected = trends(store.sessions(trainee=who))["empathy"]
            assert grouped[who]["empathy"] == expected
        assert grouped["甲"]["empathy"].recent == (25, 50, 75, 100)
        [a, b] = store.trainee_summaries()
        assert (a.trainee, a.sessions, a.finished, a.abandoned) == ("乙", 4, 4, 0)
        assert (b.trainee, b.sessions, b.finished, b.abandoned) == ("甲", 5, 4, 1)
        assert b.mean_grade == 70


def test_cohorts_are_kept_in_the_database(history_db: str) -> None:
    with HistoryStore(history_db) as store:
        assert store.add_to_cohort("2026春", ["小李", "小陈"]) == ["小李", "小陈"]
        assert store.add_to_cohort("2026春", ["小李", "小王"]) == ["小王"]
        assert store.remove_from_cohort("2026春", ["小陈", "nobody"]) == ["小陈"]
    with HistoryStore(history_db) as store:
        assert store.cohorts() == {"2026春": ["小李", "小王"]}
        assert store.cohort_members("none") == []


def test_newer_schema_on_a_server_is_refused(postgres_url: str) -> None:
    import psycopg

    with HistoryStore(postgres_url):
        pass
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute("UPDATE parley_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer than this Parley knows"):
        HistoryStore(postgres_url)


def test_a_server_that_is_down_is_a_clear_error() -> None:
    # Port 9 (discard) on loopback: nothing listens there.
    with pytest.raises(StoreError, match="cannot reach the PostgreSQL server") as err:
        HistoryStore("postgresql://parley:secret@127.0.0.1:9/parley")
    assert "secret" not in str(err.value) and "127.0.0.1:9" in str(err.value)


def test_a_wrong_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        HistoryStore("mysql://user@host/db")
    with pytest.raises(StoreError, match="malformed"):
        HistoryStore("postgresql://127.0.0.1:55432/db?nonsense_option=1")


_IMPORTER = """
import sys
from simulator.store import HistoryStore
url, folder = sys.argv[1], sys.argv[2]
print("ready", flush=True)
sys.stdin.readline()  # every process starts importing together
with HistoryStore(url) as store:
    report = store.import_paths([folder])
print(len(report.added), len(report.unchanged), len(report.errors), flush=True)
"""


def test_eight_processes_importing_overlapping_sets_into_postgresql(
    tmp_path: Path, postgres_url: str
) -> None:
    """No lost row and no duplicate when eight importers share most of their files."""
    pool = tmp_path / "pool"
    sessions = 240
    for i in range(sessions):
        write_transcript(
            pool / f"{i:03}.jsonl",
            trainee=f"t{i % 7}",
            started_at=f"2025-02-{1 + i % 28:02}T10:{i // 60:02}:{i % 60:02}+08:00",
        )
    folders = []
    for p in range(8):
        folder = tmp_path / f"set{p}"
        folder.mkdir()
        # each set: a third of the pool, starting at a different place, so the sets overlap
        for i in range(p * 30, p * 30 + 80):
            name = f"{i % sessions:03}.jsonl"
            (folder / name).write_bytes((pool / name).read_bytes())
        folders.append(folder)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _IMPORTER, postgres_url, str(folder)],
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
    added = 0
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        new, unchanged, errors = (int(x) for x in out.split())
        assert errors == 0 and new + unchanged == 80
        added += new
    covered = len({f.name for folder in folders for f in folder.iterdir()})
    assert added == covered  # each session added by exactly one process
    with HistoryStore(postgres_url) as store:
        records = store.sessions()
        assert len(records) == covered == len({r.identity for r in records})
        [total] = [t for t in store.node_tallies() if t.node == "n0"]
        assert total.reached == covered  # running totals saw each session once


def test_trends_stay_right_when_an_import_stops_before_updating_them(
    tmp_path: Path, history_db: str, monkeypatch
) -> None:
    folder = tmp_path / "sent"
    for i, score in enumerate([20, 40, 60, 80]):
        write_transcript(
            folder / f"{i}.jsonl",
            started_at=f"2025-01-0{i + 1}T10:00:00+08:00",
            scores={"empathy": (score, 100 - score)},
        )
    with HistoryStore(history_db) as store:

        def killed() -> None:
            raise KeyboardInterrupt  # the import is stopped after its batches were written

        monkeypatch.setattr(store, "_refresh_trends", killed)
        with pytest.raises(KeyboardInterrupt):
            store.import_paths([folder])
        monkeypatch.undo()
        assert store.count() == 4
        kept = store.trends_by_trainee()["小李"]["empathy"]
        assert kept.recent == (20, 40, 60, 80) and kept.sessions == 4
        store.record(read_transcript(write_transcript(tmp_path / "x.jsonl", trainee="小王")))
        again = store.trends_by_trainee()
        assert again["小李"]["empathy"] == kept and set(again) == {"小李", "小王"}


def test_import_indexes_the_coach_notes_beside_transcripts(tmp_path: Path, history_db: str) -> None:
    from simulator.notes import new_note, save_notes

    folder = tmp_path / "sent"
    a = read_transcript(write_transcript(folder / "a.jsonl", trainee="小李"))
    write_transcript(folder / "b.jsonl", trainee="小陈", started_at="2025-01-04T10:00:00+08:00")
    save_notes(a.path, [new_note(1, "n1", "avoid", "先别<b>承诺</b>", "王教练")], a.identity)
    with HistoryStore(history_db) as store:
        store.import_paths([folder])
        [note] = store.notes()
        assert (note.trainee, note.turn, note.label, note.author) == ("小李", 1, "avoid", "王教练")
        assert note.text == "先别<b>承诺</b>"
        # the coach adds a note later: importing again brings the index up to date
        notes = [new_note(1, "n1", "avoid", "先别承诺", "王教练"), new_note(0, "n0", "try", "好")]
        save_notes(a.path, notes, a.identity)
        report = store.import_paths([folder])
        assert len(report.unchanged) == 2
        assert [n.label for n in store.notes()] == ["try", "avoid"]
        assert [n.text for n in store.notes(label="try")] == ["好"]
    home = tmp_path / "home"
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "history", "--notes", "avoid", "--db", history_db],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PARLEY_HOME": str(home)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "小李" in done.stdout and "[避免 avoid] — 王教练" in done.stdout
    assert "先别承诺" in done.stdout and "好" not in done.stdout.split("先别承诺")[1]


def test_running_totals_are_the_sums_of_every_session(tmp_path: Path, history_db: str) -> None:
    """What stats reads (totals kept per scenario as sessions arrive) equals what the sessions
    themselves hold, after imports that add, repeat and replace sessions."""
    from simulator.bench_scale import generate

    sent = tmp_path / "sent"
    generate(sent, 130)
    early = tmp_path / "early"  # a few sessions first seen unfinished: replaced when finished
    early.mkdir()
    for path in sorted(sent.rglob("*.jsonl"))[:20]:
        lines = path.read_bytes().splitlines(keepends=True)
        (early / path.name).write_bytes(b"".join(lines[:-3]))
    with HistoryStore(history_db) as store:
        store.import_paths([early])
        report = store.import_paths([sent, sent / "0000" / "000003.jsonl"], workers=1)
        assert len(report.updated) == 20 and len(report.added) == 110
        trainees = {r.trainee for r in store.sessions()}
        per_trainee: dict[tuple[str, str, str], list[float]] = {}
        for trainee in trainees:
            for t in store.node_tallies(trainee=trainee):
                sums = per_trainee.setdefault((t.scenario, t.node, t.choice), [0] * 6)
                for i, value in enumerate(
                    (t.reached, t.turns, t.typed, t.graded, t.quality_sum, t.best)
                ):
                    sums[i] += value
        totals = {
            (t.scenario, t.node, t.choice): [
                t.reached, t.turns, t.typed, t.graded, t.quality_sum, t.best
            ]
            for t in store.node_tallies()
        }  # fmt: skip
        assert totals.keys() == per_trainee.keys() and len(totals) > 12
        for key, sums in per_trainee.items():
            assert totals[key] == pytest.approx(sums), key
        broken: dict[tuple[str, str], list[int]] = {}
        for trainee in trainees:
            for scenario, pid, n, turns in store.break_tallies(trainee=trainee):
                pair = broken.setdefault((scenario, pid), [0, 0])
                pair[0] += n
                pair[1] += turns
        assert {(s, p): [n, t] for s, p, n, t in store.break_tallies()} == broken
        assert sum(n for n, _ in broken.values()) == 130  # every session broke one principle
