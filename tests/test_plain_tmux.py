"""Line mode in a real terminal: a long paste arrives whole.

A terminal's own line editing keeps at most 4,095 bytes of a line and drops the rest without a
word; `parley play --plain` reads the keys with readline instead, or where Python has no
readline, with its own key reader. The test pastes 2,100 Chinese characters (6,300 bytes) into
`parley play --plain` running in tmux, with readline and with it blocked: Parley must see all of
them, and say that it keeps the first 2,000.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import pytest

from tests.test_tui_tmux import SESSION, screen, start, tmux, wait_for

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def prompt_showing() -> bool:
    """Is the answer prompt the last thing on the screen (so the keys go to it)?"""
    lines = [line for line in screen().splitlines() if line.strip()]
    return bool(lines) and lines[-1].rstrip() == ">"


def _line_mode(tmp_path: Path, home: Path, readline: str) -> str:
    """`parley play --plain` in a shell, with readline or with it blocked."""
    blocked = ""
    if readline == "no readline":
        site = tmp_path / "site"
        site.mkdir()
        (site / "sitecustomize.py").write_text("import sys\nsys.modules['readline'] = None\n")
        blocked = f"PYTHONPATH={site} "
    return (
        f"cd {Path(__file__).parent.parent} && PARLEY_HOME={home} {blocked}"
        f"{sys.executable} -m simulator play credit_first_visit --plain --seed 1 --trainee 小李;"
        " sleep 30"
    )


@pytest.mark.parametrize("readline", ["readline", "no readline"])
def test_a_paste_longer_than_a_terminal_line_arrives_whole(tmp_path: Path, readline: str) -> None:
    home = tmp_path / "home"
    command = _line_mode(tmp_path, home, readline)
    start(command, 120, 80)  # tall enough that the echoed paste (35 rows) and the rest show
    try:
        wait_for("陶厂长")
        deadline = time.monotonic() + 20
        while not prompt_showing():
            assert time.monotonic() < deadline, f"no prompt; the screen was:\n{screen()}"
            time.sleep(0.1)
        paste = tmp_path / "paste.txt"
        paste.write_text("您说的这些我都记下了" * 210, encoding="utf-8")  # 2,100 characters
        tmux("load-buffer", "-b", SESSION, str(paste))
        tmux("paste-buffer", "-b", SESSION, "-t", SESSION)
        time.sleep(1.0)
        tmux("send-keys", "-t", SESSION, "Enter")
        shown = wait_for("2000")
        assert "2100" in shown  # the whole paste was read: its length is reported
    finally:
        tmux("kill-session", "-t", SESSION)


@pytest.mark.parametrize("readline", ["readline", "no readline"])
def test_a_pasted_block_of_lines_is_one_answer(tmp_path: Path, readline: str) -> None:
    # Round thirty-six's cold tryout: three pasted lines were read as three answers. With the
    # terminal's bracketed paste (tmux `paste-buffer -p`), they are one, sent by the Enter after.
    home = tmp_path / "home"
    command = _line_mode(tmp_path, home, readline)
    start(command, 120, 40)
    try:
        wait_for("陶厂长")
        deadline = time.monotonic() + 20
        while not prompt_showing():
            assert time.monotonic() < deadline, f"no prompt; the screen was:\n{screen()}"
            time.sleep(0.1)
        lines = ["陶厂长，您先别急", "我今天来主要是想听听厂里的情况", "订单和回款您给我讲讲？"]
        paste = tmp_path / "paste.txt"
        paste.write_text("\n".join(lines), encoding="utf-8")
        tmux("load-buffer", "-b", SESSION, str(paste))
        tmux("paste-buffer", "-p", "-b", SESSION, "-t", SESSION)
        time.sleep(1.0)
        tmux("send-keys", "-t", SESSION, "Enter")
        deadline = time.monotonic() + 20
        while "选 a" not in screen().split(lines[-1])[-1] and not prompt_showing():
            assert time.monotonic() < deadline, f"no answer; the screen was:\n{screen()}"
            time.sleep(0.1)
        if "选 a" in screen().split(lines[-1])[-1]:  # offered as a reading: take it
            tmux("send-keys", "-t", SESSION, "a", "Enter")
            while not prompt_showing():
                assert time.monotonic() < deadline, f"no prompt; the screen was:\n{screen()}"
                time.sleep(0.1)
        tmux("send-keys", "-t", SESSION, "q", "Enter")
        wait_for("已保存")
    finally:
        tmux("kill-session", "-t", SESSION)
    (transcript,) = sorted((home / "transcripts").glob("*.jsonl"))
    records = [json.loads(line) for line in transcript.read_text("utf-8").splitlines()]
    typed = [r["typed"] for r in records if r.get("typed")]
    # One answer (its confirm and its response both record it), never a line of it alone.
    assert typed and set(typed) == {"\n".join(lines)}


def test_line_mode_asks_the_name_once_at_a_terminal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    command = (
        f"cd {Path(__file__).parent.parent} && PARLEY_HOME={home} "
        f"{sys.executable} -m simulator play credit_first_visit --plain --seed 1; sleep 30"
    )
    for run in ("first", "second"):
        start(command, 120, 40)
        try:
            if run == "first":
                wait_for("您的姓名")
                tmux("send-keys", "-t", SESSION, "-l", "Li Lei")
                tmux("send-keys", "-t", SESSION, "Enter")
            shown = wait_for("陶厂长")
            if run == "second":
                assert "您的姓名" not in shown
            tmux("send-keys", "-t", SESSION, "q", "Enter")
            wait_for("parley resume")
        finally:
            tmux("kill-session", "-t", SESSION)
    assert json.loads((home / "settings.json").read_text("utf-8"))["trainee"] == "Li Lei"
    transcripts = sorted((home / "transcripts").glob("*.jsonl"))
    assert len(transcripts) == 2
    for path in transcripts:
        assert json.loads(path.read_text("utf-8").splitlines()[0])["trainee"] == "Li Lei"
