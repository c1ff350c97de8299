"""Crash safety end to end: kill -9 a scripted `parley play --plain`, then `parley resume`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from simulator.store import HistoryStore
from simulator.transcript import read_transcript

SCENARIO = "retail_supply_cold"
PLAY = [sys.executable, "-m", "simulator", "play", SCENARIO, "--plain", "--seed", "1"]


def _env(home: Path) -> dict[str, str]:
    return dict(os.environ, PARLEY_HOME=str(home), PYTHONIOENCODING="utf-8")


def _turn_lines(path: Path) -> int:
    if not path.exists():
        return 0
    return sum(1 for line in path.read_text("utf-8").splitlines() if '"type":"turn"' in line)


def _wait_for_turns(path: Path, count: int, proc: subprocess.Popen[str]) -> None:
    # Polls until the turn is on disk; the deadline only stops a hung test, it asserts no speed.
    deadline = time.monotonic() + 60
    while _turn_lines(path) < count:
        assert proc.poll() is None, "parley play exited before it was killed"
        assert time.monotonic() < deadline, "the turn never reached the transcript"
        time.sleep(0.05)


def _play_through(home: Path, transcript: Path, answers: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PLAY, "--trainee", "小李", "--transcript", str(transcript)],
        input=answers,
        capture_output=True,
        text=True,
        env=_env(home),
        timeout=60,
    )


def _resume_asked_again(home: Path, path: Path, words: str) -> None:
    """`parley resume` of a session cut off at "您是想表达……吗？": the words come back with the
    question, and "a" takes the reading."""
    resumed = subprocess.run(
        [sys.executable, "-m", "simulator", "resume", str(path)],
        input="a\n" + "1\n" * 40,
        capture_output=True,
        text=True,
        env=_env(home),
        timeout=60,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"还没确认：「{words}」" in resumed.stdout


def _spawn(home: Path, path: Path) -> subprocess.Popen[str]:
    """`parley play --plain` running with its answers to come on stdin, output discarded."""
    return subprocess.Popen(
        [*PLAY, "--trainee", "小李", "--transcript", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_env(home),
    )


def test_kill_9_midway_then_resume_finishes_the_same_session(tmp_path: Path) -> None:
    home = tmp_path / "home"
    path = home / "transcripts" / "crash.jsonl"  # where `parley resume` looks by itself
    proc = _spawn(home, path)
    assert proc.stdin is not None
    for done in (1, 2):
        proc.stdin.write("1\n")
        proc.stdin.flush()
        _wait_for_turns(path, done, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    crashed = read_transcript(path)
    assert len(crashed.turns) == 2 and not crashed.finished and not crashed.warnings

    resumed = subprocess.run(
        [sys.executable, "-m", "simulator", "resume"],  # no path: the latest unfinished one
        input="1\n" * 40,
        capture_output=True,
        text=True,
        env=_env(home),
        timeout=60,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stderr
    assert "turn 3" in resumed.stdout

    finished = read_transcript(path)
    assert finished.finished and finished.identity == crashed.identity
    kinds = [json.loads(x)["type"] for x in path.read_text("utf-8").splitlines()]
    assert kinds.count("header") == 1 and kinds[-1] == "end"

    # The resumed session is the one an uninterrupted run with the same answers gives.
    straight = tmp_path / "straight.jsonl"
    assert _play_through(tmp_path / "other", straight, "1\n" * 40).returncode == 0
    whole = read_transcript(straight)
    assert [r.turn.node_id for r in finished.turns] == [r.turn.node_id for r in whole.turns]
    assert [r.turn.option_id for r in finished.turns] == [r.turn.option_id for r in whole.turns]
    assert finished.end is not None and whole.end is not None
    assert finished.end.grade == whole.end.grade

    with HistoryStore(home / "history.sqlite3") as store:
        [row] = store.sessions()
    assert row.outcome == finished.end.outcome and row.turns == len(finished.turns)


def test_killed_at_did_you_mean_then_resume_asks_again_with_the_words(tmp_path: Path) -> None:
    # The answer typed before "您是想表达……吗？" was not yet a turn, so a session killed at that
    # question lost it (round thirteen's closing note); now it comes back with the question.
    home = tmp_path / "home"
    path = home / "transcripts" / "asked.jsonl"
    proc = _spawn(home, path)
    assert proc.stdin is not None
    # Read two ways at the opening: asked back, not taken.
    proc.stdin.write("您别急，这不是我定的\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while not path.exists() or '"type":"offered"' not in path.read_text("utf-8"):
        assert proc.poll() is None, "parley play exited before it was killed"
        assert time.monotonic() < deadline, "the question was never recorded"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    cut = read_transcript(path)
    assert not cut.turns and cut.pending == "您别急，这不是我定的"

    _resume_asked_again(home, path, "您别急，这不是我定的")
    first = read_transcript(path).turns[0].turn
    assert first.typed == "您别急，这不是我定的" and first.node_id == "opening"


def test_q_at_did_you_mean_stops_and_resume_asks_again(tmp_path: Path) -> None:
    # Round twenty-seven's cold tryout: "q" typed at "您是想表达……吗？" was read as "neither"
    # and the trainee was asked to answer again. It stops, as at the main prompt, and the
    # words stay asked for `parley resume`.
    home = tmp_path / "home"
    path = home / "transcripts" / "quit.jsonl"
    stopped = _play_through(home, path, "您别急，这不是我定的\nq\n")
    assert stopped.returncode == 0, stopped.stderr
    asked = stopped.stdout.index("你是想表达")
    assert "已退出" in stopped.stdout[asked:] and "请重新回答" not in stopped.stdout[asked:]
    cut = read_transcript(path)
    assert not cut.turns and cut.pending == "您别急，这不是我定的"

    _resume_asked_again(home, path, "您别急，这不是我定的")
    assert read_transcript(path).turns[0].turn.typed == "您别急，这不是我定的"


def test_resume_without_anything_to_resume_says_so(tmp_path: Path) -> None:
    for extra in ([], ["--plain"]):  # --plain, as play takes it, changes nothing here
        result = subprocess.run(
            [sys.executable, "-m", "simulator", "resume", *extra],
            capture_output=True,
            text=True,
            env=_env(tmp_path),
            timeout=60,
        )
        assert result.returncode == 1
        assert "no unfinished session" in result.stderr and "Traceback" not in result.stderr


def test_resume_of_a_finished_session_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "done.jsonl"
    assert _play_through(tmp_path, path, "1\n" * 40).returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "resume", str(path)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=60,
    )
    assert result.returncode == 1 and "already ended" in result.stderr


def test_resume_refuses_a_changed_scenario(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    lines = (Path(__file__).parent / "data" / "transcripts" / "retail_undo.jsonl").read_text(
        "utf-8"
    )
    head, rest = lines.split("\n", 1)
    header = json.loads(head)
    header["content_hash"] = "0" * 64
    path.write_text(json.dumps(header, ensure_ascii=False) + "\n" + rest, "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "resume", str(path)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=60,
    )
    assert (
        result.returncode == 1 and "changed" in result.stderr and "--allow-changed" in result.stderr
    )


def test_resume_skips_a_session_quit_before_its_first_answer(tmp_path: Path) -> None:
    # Round thirty-six's cold tryout: a session opened and quit at once was what `parley
    # resume` offered, pushing aside the older one that had answers in it.
    home = tmp_path / "home"
    answered = home / "transcripts" / "answered.jsonl"
    assert _play_through(home, answered, "1\nq\n").returncode == 0
    empty = home / "transcripts" / "empty.jsonl"
    quit_at_once = _play_through(home, empty, "q\n")
    assert quit_at_once.returncode == 0
    # ...and quitting there does not tell the trainee to resume it.
    stopped = quit_at_once.stdout[quit_at_once.stdout.rindex("已退出") :]
    assert "还没有作答" in stopped and "parley resume" not in stopped
    os.utime(empty, (time.time() + 5, time.time() + 5))  # the newest file
    assert not read_transcript(empty).turns and _turn_lines(answered) == 1
    resumed = subprocess.run(
        [sys.executable, "-m", "simulator", "resume"],
        input="1\n" * 40,
        capture_output=True,
        text=True,
        env=_env(home),
        timeout=60,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert _turn_lines(answered) > 1 and _turn_lines(empty) == 0
