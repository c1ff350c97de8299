"""A coach's preview: `parley play FILE --at NODE --set trust=80,…` starts anywhere, marked as a
preview in the transcript and kept out of history."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.content import load_content
from simulator.engine import Session, SessionError
from simulator.store import HistoryStore

VALID = Path(__file__).parent / "data" / "valid"
SCENARIO = VALID / "scenarios" / "test_supply.yaml"


def parley(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, "PARLEY_HOME": str(home)},
        timeout=120,
    )


def test_a_preview_starts_at_the_node_with_the_variables(tmp_path: Path, parley_home: Path):
    transcript = tmp_path / "p.jsonl"
    done = parley(
        parley_home,
        "play",
        str(SCENARIO),
        "--plain",
        "--seed",
        "1",
        "--at",
        "explain",
        "--set",
        "trust=80,patience=40,asked_why=true",
        "--transcript",
        str(transcript),
        stdin="policy\n",
    )
    assert done.returncode == 0, done.stderr
    assert "preview" in done.stderr and "not kept in history" in done.stderr
    assert "凭什么别人家比我多" in done.stdout  # the client's line at explain, not at opening
    header = json.loads(transcript.read_text(encoding="utf-8").splitlines()[0])
    assert header["preview"] == {
        "at": "explain",
        "set": {"trust": 80, "patience": 40, "asked_why": True},
    }
    assert header["variables"]["trust"] == 80
    assert (
        not (parley_home / "history.sqlite3").exists()
        or HistoryStore(parley_home / "history.sqlite3").count() == 0
    )
    # `parley import` of a preview transcript does not put it in history either
    imported = parley(parley_home, "import", str(transcript))
    assert "preview" in imported.stdout + imported.stderr
    with HistoryStore(parley_home / "history.sqlite3") as store:
        assert store.count() == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--at", "explian"], "did you mean 'explain'?"),
        (["--at", "end_visit"], "is an ending"),
        (["--set", "trsut=80"], "did you mean 'trust'?"),
        (["--set", "trust=170"], "outside 0–100"),
        (["--set", "asked_why=3"], "true or false"),
        (["--set", "trust"], "NAME=VALUE"),
    ],
)
def test_a_bad_preview_is_refused_with_a_hint(parley_home: Path, args: list[str], words: str):
    done = parley(parley_home, "play", str(SCENARIO), "--plain", *args)
    assert done.returncode == 2
    assert words in done.stderr and "Traceback" not in done.stderr


def test_undo_in_a_preview_stays_in_the_preview():
    content = load_content([VALID], include_bundled=False, include_local=False)
    scenario = content.scenarios["test_supply"]
    session = Session(
        scenario,
        content.personas["test_wang"],
        content.catalog,
        at="explain",
        preset={"trust": 80},
    )
    session.respond("blame")
    session.undo()
    assert session.state == "explain" and session.variables["trust"] == 80
    with pytest.raises(SessionError):
        Session(scenario, content.personas["test_wang"], content.catalog, at="nowhere")


def test_a_resumed_preview_goes_back_to_where_it_started(tmp_path: Path, parley_home: Path):
    transcript = tmp_path / "p.jsonl"
    first = parley(
        parley_home,
        *("play", str(SCENARIO), "--plain", "--seed", "1", "--at", "explain"),
        *("--set", "trust=80", "--transcript", str(transcript)),
        stdin="q\n",
    )
    assert first.returncode == 0, first.stderr
    resumed = parley(
        parley_home, "resume", str(transcript), "--content", str(VALID), stdin="按档位投放\n"
    )
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    lines = [json.loads(x) for x in transcript.read_text(encoding="utf-8").splitlines()]
    turns = [x for x in lines if x.get("type") == "turn"]
    assert turns and turns[0]["node"] == "explain" and turns[0]["variables"]["trust"] >= 80
    assert (
        not (parley_home / "history.sqlite3").exists()
        or HistoryStore(parley_home / "history.sqlite3").count() == 0
    )
