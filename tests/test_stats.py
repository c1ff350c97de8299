"""`parley stats`: choices per node, endings, quits and broken principles from the history."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from simulator import stats
from simulator.content import load_content
from simulator.engine import Session
from simulator.store import HistoryStore
from simulator.transcript import TranscriptWriter, read_transcript

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"

#: (moves, finish) per session: finish False = the trainee quit after the moves.
PLAYS = [
    (["listen", "policy"], True),
    (["listen", "policy"], True),
    (["listen", "blame"], True),
    (["promise_more"], True),
    (["listen"], False),
]


def _history(tmp_path: Path, db: str | None = None) -> str:
    content = load_content([VALID], include_bundled=False, include_local=False)
    scenario = content.scenarios["test_supply"]
    db = db or str(tmp_path / "history.sqlite3")
    with HistoryStore(db) as store:
        for number, (moves, finish) in enumerate(PLAYS):
            path = tmp_path / f"t{number}.jsonl"
            with TranscriptWriter(path) as writer:
                session = Session(
                    scenario,
                    content.personas["test_wang"],
                    content.catalog,
                    seed=number,
                    trainee=f"trainee{number % 2}",
                    recorder=writer,
                    started_at=f"2026-01-0{number + 1}T10:00:00+00:00",
                )
                for move in moves:
                    session.respond(move)
                card = session.scorecard() if finish else session.abandon()
            store.record(read_transcript(path), card.to_json())
    return db


def _collect(tmp_path: Path, db: str) -> stats.ScenarioStats:
    db = _history(tmp_path, db)
    content = load_content([VALID], include_bundled=False, include_local=False)
    with HistoryStore(db) as store:
        return stats.collect(store, content.scenarios)["test_supply"]


def test_reach_choices_endings_quits_and_broken_principles(tmp_path: Path, history_db: str):
    found = _collect(tmp_path, history_db)
    assert found.sessions == 5
    assert found.outcomes == {"success": 2, "fail": 2, "abandoned": 1}
    assert found.endings == {"end_visit": 2, "end_angry": 2}
    assert found.quit_at == {"explain": 1}  # quit after listening, at explain
    opening, explain = found.nodes["opening"], found.nodes["explain"]
    assert (opening.sessions, opening.turns) == (5, 5)
    assert opening.choices == {"listen": 4, "promise_more": 1}
    assert (explain.sessions, explain.choices) == (3, {"policy": 2, "blame": 1})
    assert explain.mean_quality is not None and abs(explain.mean_quality - 2 / 3) < 1e-9
    assert found.most_broken() == [("active_listening", 1, 1), ("careful_promise", 1, 1)]
    assert found.untallied == 0 and found.other_versions == 0
    assert found.mean_grade is not None  # the four finished sessions; the quit one has none


def test_easy_and_hard_nodes_are_flagged():
    easy = stats.NodeStats("n", graded=10, best_taken=9, quality_sum=9.5)
    hard = stats.NodeStats("n", graded=10, best_taken=1, quality_sum=3.0)
    few = stats.NodeStats("n", graded=2, best_taken=2, quality_sum=2.0)
    middling = stats.NodeStats("n", graded=10, best_taken=5, quality_sum=6.0)
    assert (easy.flag, hard.flag, few.flag, middling.flag) == ("easy", "hard", None, None)


def test_stats_never_read_transcripts(tmp_path: Path, history_db: str):
    db = _history(tmp_path, history_db)
    for path in tmp_path.glob("t*.jsonl"):
        path.unlink()  # the tallies were kept when the sessions were recorded
    content = load_content([VALID], include_bundled=False, include_local=False)
    with HistoryStore(db) as store:
        found = stats.collect(store, content.scenarios)["test_supply"]
        one = stats.collect(store, content.scenarios, trainee="trainee1")["test_supply"]
    assert found.sessions == 5 and found.outcomes["success"] == 2
    assert found.nodes["opening"].sessions == 5 and found.quit_at == {"explain": 1}
    assert one.sessions == 2 and one.nodes["opening"].turns == 2


def test_replacing_an_abandoned_session_moves_the_totals(tmp_path: Path, history_db: str):
    """A quit session resumed and finished replaces its row, and the totals follow."""
    content = load_content([VALID], include_bundled=False, include_local=False)
    scenario = content.scenarios["test_supply"]
    path = tmp_path / "r.jsonl"
    with HistoryStore(history_db) as store:
        with TranscriptWriter(path) as writer:
            session = Session(
                scenario, content.personas["test_wang"], content.catalog, seed=1, recorder=writer
            )
            session.respond("listen")
            card = session.abandon()
        store.record(read_transcript(path), card.to_json())
        with TranscriptWriter.resume(path) as writer:
            again = Session.rebuild(
                scenario,
                content.personas["test_wang"],
                content.catalog,
                1,
                [("listen", None)],
                recorder=writer,
            )
            again.respond("policy")
        assert store.record(read_transcript(path)) == "updated"
        found = stats.collect(store, content.scenarios)["test_supply"]
    assert found.sessions == 1 and found.quit_at == {}
    assert found.nodes["opening"].sessions == 1 and found.nodes["explain"].choices == {"policy": 1}


def _parley(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PARLEY_HOME": str(home)},
        timeout=60,
    )


def test_cli_prints_a_table_and_json(tmp_path: Path, parley_home: Path):
    db = _history(tmp_path)
    common = ["stats", "--db", str(db), "--content", str(VALID), "--scenario", "test_supply"]
    text = _parley(parley_home, *common)
    assert text.returncode == 0, text.stderr
    out = text.stdout
    assert "══ test_supply  货源紧张 / Short supply" in out
    assert "5 次会话 sessions: abandoned 1 · fail 2 · success 2" in out
    assert "listen 4 (80%) · promise_more 1 (20%)" in out
    assert "policy 2 (67%) · blame 1 (33%)" in out
    assert "中途退出 quit at: explain ×1" in out
    assert (
        "most broken: 倾听与开放式提问 active_listening (1 sessions, 1 turns), "
        "谨慎承诺 careful_promise (1 sessions"
    ) in out
    as_json = _parley(parley_home, *common, "--json")
    [report] = json.loads(as_json.stdout)
    assert report["sessions"] == 5 and report["endings"] == {"end_visit": 2, "end_angry": 2}
    nodes = {n["node"]: n for n in report["nodes"]}
    assert nodes["explain"]["choices"] == {"policy": 2, "blame": 1}
    one = _parley(parley_home, "stats", "--db", str(db), "--trainee", "trainee1", "--json")
    [only] = json.loads(one.stdout)
    assert only["sessions"] == 2


def test_cli_with_an_empty_history(tmp_path: Path, parley_home: Path):
    done = _parley(parley_home, "stats", "--db", str(tmp_path / "none.sqlite3"))
    assert done.returncode == 0 and "no recorded sessions yet" in done.stdout
