"""Chinese line breaking in a real terminal: the bundled scenarios' longest lines at 80×24.

`parley play` runs in tmux on a scenario made of every bundled scenario's longest client lines
and options (tests/longest_lines.py); at each turn the pane is captured and no line may start
with closing CJK punctuation, nor end with an opening bracket. Ctrl+Q in the middle then says
that the session can be resumed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.longest_lines import SCENARIO_ID, write_longest_scenario

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

SESSION = f"{os.environ.get('PARLEY_TMUX_PREFIX', 'parley')}-cjk-{os.getpid()}"
#: What may not start a line in Chinese (ellipses excepted: a line of speech may begin "……").
CLOSING = set("，。、：；？！）」』》〉】〕")
OPENING = set("（「『《〈【〔")
#: Borders, bars and padding the app draws around text.
FRAME = "│┃▌▐▎▍▊▋║╭╮╰╯─━ \u00a0▁▂▃▄▅▆▇█░·•"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def screen() -> str:
    return tmux("capture-pane", "-t", SESSION, "-p")


def wait_for(text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = screen()
        if text in shown:
            time.sleep(0.3)  # let the frame finish drawing
            return screen()
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen()}")


def bad_lines(shown: str) -> list[str]:
    """Lines of the pane that start with closing or end with opening punctuation."""
    bad = []
    for row in shown.splitlines():
        for part in row.split("│"):  # side-by-side boxes: each cell of the row on its own
            text = part.strip(FRAME)
            if text and (text[0] in CLOSING or text[-1] in OPENING):
                bad.append(row)
    return bad


def test_longest_lines_break_by_the_cjk_rules_at_80x24(tmp_path: Path) -> None:
    folder = write_longest_scenario(tmp_path / "content")
    home = tmp_path / "home"
    command = (
        f"cd {Path(__file__).parent.parent} && PARLEY_HOME={home} "
        f"{sys.executable} -m simulator play {SCENARIO_ID} --content {folder} --seed 1"
        " --trainee 小李; sleep 30"
    )
    tmux("kill-session", "-t", SESSION)
    env = dict(os.environ, TERM="xterm-256color")
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", SESSION, "-x", "80", "-y", "24", command],
        check=True,
        env=env,
    )
    seen: list[str] = []
    try:
        shown = wait_for("情景简报")
        seen += bad_lines(shown)
        tmux("send-keys", "-t", SESSION, "p")
        turns = 24
        for n in range(1, turns + 1):
            shown = wait_for(f"第 {n} 轮")
            seen += bad_lines(shown)
            tmux("send-keys", "-t", SESSION, "F3")  # the hint too
            time.sleep(0.4)
            seen += bad_lines(screen())
            tmux("send-keys", "-t", SESSION, "F3")
            if n == turns:
                break
            tmux("send-keys", "-t", SESSION, "1", "Enter")
        # Quitting mid-session says the session is kept and can be resumed.
        tmux("send-keys", "-t", SESSION, "C-q")
        shown = wait_for("可在演练库顶部继续", timeout=10)
        assert "最长的句子" in shown
    finally:
        tmux("kill-session", "-t", SESSION)
    assert seen == [], "\n".join(seen)
