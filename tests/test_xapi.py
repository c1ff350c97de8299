"""Sessions as xAPI statements: what they say, and that the same session always says the same."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.content import load_content
from simulator.engine import Session
from simulator.transcript import TranscriptWriter, read_transcript
from simulator.xapi import XapiConfig, XapiError, statements

DATA = Path(__file__).parent / "data" / "engine"
ROOT = Path(__file__).parent.parent
ADL = "http://adlnet.gov/expapi/verbs/"


def play(
    path: Path, answers: list[tuple[int, str | None]], trainee: str = "王小明", seed: int = 3
) -> Path:
    """A session of engine_demo recorded to `path`: (option number, typed words) per turn."""
    content = load_content([DATA])
    scenario = content.scenarios["engine_demo"]
    session = Session(
        scenario,
        content.personas[scenario.persona],
        content.catalog,
        seed=seed,
        trainee=trainee,
        recorder=TranscriptWriter(path),
    )
    for number, typed in answers:
        session.respond(session.options[number].id, typed=typed)
    return path


def verbs(made: list[dict]) -> list[str]:
    return [s["verb"]["id"].removeprefix(ADL) for s in made]


def test_a_finished_session_attempted_responded_completed_passed(tmp_path: Path) -> None:
    path = play(tmp_path / "a.jsonl", [(0, "请问您打算用什么来还款？"), (0, None)])
    transcript = read_transcript(path)
    made = statements(transcript)
    assert transcript.end is not None and transcript.end.outcome == "success"
    assert verbs(made) == ["attempted", "responded", "responded", "completed", "passed"]
    scenario = made[0]["object"]
    assert scenario["id"] == "https://parley.invalid/xapi/scenarios/engine_demo"
    assert scenario["definition"]["name"] == {"zh-CN": "引擎演示", "en-US": "Engine demo"}
    assert made[0]["actor"]["account"] == {
        "homePage": "https://parley.invalid/trainees",
        "name": "王小明",
    }
    first = made[1]
    assert first["result"]["response"] == transcript.turns[0].turn.option_id
    ext = first["result"]["extensions"]
    assert ext["https://parley.invalid/xapi/extensions/typed"] == "请问您打算用什么来还款？"
    assert ext["https://parley.invalid/xapi/extensions/option"]["id"] == first["result"]["response"]
    assert first["context"]["contextActivities"]["parent"][0]["id"] == scenario["id"]
    passed = made[-1]["result"]
    assert passed["success"] is True and passed["completion"] is True
    assert passed["score"]["scaled"] == transcript.end.grade / 100
    assert passed["duration"].startswith("PT")
    principles = passed["extensions"]["https://parley.invalid/xapi/extensions/principle-scores"]
    assert principles == {
        pid: p["score"] for pid, p in transcript.end.scorecard["principles"].items()
    }
    # One registration ties the session's statements together; every id is distinct.
    assert len({s["context"]["registration"] for s in made}) == 1
    assert len({s["id"] for s in made}) == len(made)


def test_the_same_session_always_gives_the_same_ids(tmp_path: Path) -> None:
    path = play(tmp_path / "a.jsonl", [(0, None), (0, None)])
    once = statements(read_transcript(path))
    copy = tmp_path / "elsewhere" / "copy.jsonl"
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    assert statements(read_transcript(copy)) == once
    other = play(tmp_path / "b.jsonl", [(0, None), (0, None)], trainee="李雷")
    assert not {s["id"] for s in once} & {s["id"] for s in statements(read_transcript(other))}


def test_an_unfinished_session_gives_a_prefix_of_its_finished_statements(tmp_path: Path) -> None:
    path = play(tmp_path / "a.jsonl", [(0, None), (0, None)])
    lines = path.read_text("utf-8").splitlines(keepends=True)
    partial = tmp_path / "partial.jsonl"
    partial.write_text("".join(lines[:2]), "utf-8")  # the header and the first turn
    cut = statements(read_transcript(partial))
    assert verbs(cut) == ["attempted", "responded"]
    # The header line is the identity, so the same session gives the same first statements.
    assert [s["id"] for s in cut] == [s["id"] for s in statements(read_transcript(path))][:2]


def test_a_red_line_session_is_failed(tmp_path: Path) -> None:
    # ask_repay, then accept the gift card: a red line, a fail ending.
    transcript = read_transcript(play(tmp_path / "a.jsonl", [(0, None), (1, None)]))
    made = statements(transcript)
    assert transcript.end is not None and transcript.end.outcome == "fail"
    assert verbs(made)[-2:] == ["completed", "failed"]
    assert made[-1]["result"]["success"] is False
    assert made[-1]["result"]["score"]["raw"] == transcript.end.grade <= 20


def test_the_passing_grade_decides_pass(tmp_path: Path) -> None:
    transcript = read_transcript(play(tmp_path / "a.jsonl", [(0, None), (0, None)]))
    assert transcript.end is not None
    strict = statements(transcript, XapiConfig(passing_grade=transcript.end.grade + 1))
    assert verbs(strict)[-1] == "failed"


def test_actors_by_email(tmp_path: Path) -> None:
    transcript = read_transcript(play(tmp_path / "a.jsonl", [(0, None)], trainee="wang.xm"))
    mapped = statements(transcript, XapiConfig(mbox_map={"wang.xm": "xm.wang@bank.example.com"}))
    assert mapped[0]["actor"] == {
        "objectType": "Agent",
        "name": "wang.xm",
        "mbox": "mailto:xm.wang@bank.example.com",
    }
    domain = statements(transcript, XapiConfig(mbox_domain="bank.example.com"))
    assert domain[0]["actor"]["mbox"] == "mailto:wang.xm@bank.example.com"
    chinese = read_transcript(play(tmp_path / "b.jsonl", [(0, None)], trainee="王小明"))
    with pytest.raises(XapiError, match="--mbox-map"):
        statements(chinese, XapiConfig(mbox_domain="bank.example.com"))


def test_parley_xapi_out_writes_jsonl(tmp_path: Path, parley_home: Path) -> None:
    play(tmp_path / "t" / "a.jsonl", [(0, None), (0, None)])
    play(tmp_path / "t" / "b.jsonl", [(0, None)])
    out = tmp_path / "statements.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "xapi", str(tmp_path / "t"), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PARLEY_HOME": str(parley_home), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert verbs(lines) == [
        *["attempted", "responded", "responded", "completed", "passed"],
        *["attempted", "responded"],
    ]
    assert "wrote 7 statements (2 sessions)" in result.stdout


def test_parley_xapi_refuses_bad_options(tmp_path: Path, parley_home: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "simulator", "xapi", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={"PARLEY_HOME": str(parley_home), "PATH": "/usr/bin:/bin"},
        )

    assert "--lrs" in run(str(tmp_path)).stderr  # neither --lrs nor --out
    bad_date = run("--since", "last week", "--out", "x.jsonl")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    bad_home = run("--home-page", "bank", "--out", str(tmp_path / "x.jsonl"))
    assert bad_home.returncode == 2 and "--home-page must be an http(s) URL" in bad_home.stderr
    both = run(str(tmp_path), "--since", "2026-01-01", "--out", str(tmp_path / "x.jsonl"))
    assert both.returncode == 2 and "not both" in both.stderr
