"""`parley serve` for real: the server started, the page played in headless Chromium by keys."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import ROOT, Terminal, chromium, env, launch, serving
from pngread import decode_png
from signon_proxy import signon_proxy

from simulator.transcript import read_transcript
from simulator.web.server import SHUTDOWN_WAIT

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
CONTENT = ("--content", "tests/data/engine")


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


def _transcripts(home: Path, count: int, timeout: float = 20.0) -> list[Path]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted((home / "transcripts").glob("*.jsonl"))
        if len(found) >= count:
            return found
        time.sleep(0.1)
    raise AssertionError(f"no transcript appeared under {home}")


def _history(home: Path) -> list[dict[str, object]]:
    out = subprocess.run(
        [sys.executable, "-m", "simulator", "history", "--json"],
        cwd=ROOT,
        env=env(home),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return list(json.loads(out)["sessions"])


def _start(page, terminal: Terminal, url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    terminal.wait_for("您的姓名")
    page.focus(".xterm-helper-textarea")
    page.keyboard.insert_text(name)  # as an input method hands over Chinese
    mark = len(terminal.raw)
    page.keyboard.press("Enter")
    terminal.wait_for("引擎演示", since=mark)  # the library, listing the scenario
    page.keyboard.type("engine_demo")
    page.keyboard.press("Enter")
    terminal.wait_for("情景简报")


def _glyph_cells(png: bytes, terminal: Terminal, text: str, viewport: tuple[int, int]):  # type: ignore[no-untyped-def]
    """The screenshot's pixels of each character of `text`, as drawn on the terminal grid."""
    assert terminal.size is not None, "the page never told the server its size"
    cols, rows = terminal.size
    width, height, channels, pixels = decode_png(png)
    cell_w, cell_h = width / cols, height / rows
    col, row = terminal.cell_of(text)
    cells = []
    for n, _ in enumerate(text):
        x0, y0 = int((col + 2 * n) * cell_w), int(row * cell_h)
        x1, y1 = int((col + 2 * n + 2) * cell_w), int((row + 1) * cell_h)
        cells.append(
            tuple(
                tuple(pixels[y][x * channels : x * channels + 3] for x in range(x0, x1))
                for y in range(y0, y1)
            )
        )
    return cells


def test_a_visitor_plays_a_scenario_in_the_browser(
    browser, parley_home: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with serving(parley_home, *CONTENT) as (url, _):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        terminal = Terminal(page)
        page.goto(url)
        terminal.wait_for("您的姓名")
        page.wait_for_timeout(500)  # the frame that wrote the text is on the canvas
        shot = page.screenshot(path=str(tmp_path / "name.png"))
        # Chinese text is drawn in a CJK font: each character has ink, and they differ (a
        # missing font draws every one as the same empty box).
        cells = _glyph_cells(shot, terminal, "您的姓名", (1280, 800))
        background = cells[0][0][0]
        for cell in cells:
            assert any(px != background for line in cell for px in line), "a character has no ink"
        assert len(set(cells)) == len(cells), "the characters look the same: is a CJK font there?"

        page.focus(".xterm-helper-textarea")
        page.keyboard.insert_text("王小明")
        mark = len(terminal.raw)
        page.keyboard.press("Enter")
        terminal.wait_for("引擎演示", since=mark)
        page.keyboard.type("engine_demo")
        page.keyboard.press("Enter")
        terminal.wait_for("情景简报")
        page.keyboard.press("p")  # practice mode
        terminal.wait_for("输入你的回答")  # the answer box, which has the cursor
        # The briefing names the principle too: look only at what came after each answer.
        mark = len(terminal.raw)
        page.keyboard.press("1")
        page.keyboard.press("Enter")
        terminal.wait_for("未贷先想收", since=mark)
        mark = len(terminal.raw)
        page.keyboard.press("1")
        page.keyboard.press("Enter")
        terminal.wait_for("查看成绩单", since=mark)
        page.keyboard.press("Enter")
        terminal.wait_for("100 / 100")
        page.close()

    [path] = _transcripts(parley_home, 1)
    transcript = read_transcript(path)
    assert transcript.header.trainee == "王小明"
    assert [r.turn.option_id for r in transcript.turns] == ["ask_repay", "explain"]
    assert transcript.end is not None and transcript.end.grade == 100
    [row] = _history(parley_home)
    assert row["trainee"] == "王小明" and row["scenario"] == "engine_demo"
    assert row["outcome"] == "success" and row["grade"] == 100
    assert row["transcript"] == str(path.resolve())


def test_a_closed_tab_keeps_every_finished_turn_and_resumes(browser, parley_home: Path) -> None:  # type: ignore[no-untyped-def]
    with serving(parley_home, *CONTENT) as (url, _):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        terminal = Terminal(page)
        _start(page, terminal, url, "李雷")
        page.keyboard.press("p")
        terminal.wait_for("您打算用什么来还款")
        mark = len(terminal.raw)
        page.keyboard.press("1")
        page.keyboard.press("Enter")
        terminal.wait_for("未贷先想收", since=mark)
        page.close()  # the visitor closes the tab mid-session
        [path] = _transcripts(parley_home, 1)
        cut = read_transcript(path)
        assert cut.header.trainee == "李雷"
        assert [r.turn.option_id for r in cut.turns] == ["ask_repay"] and not cut.finished
        # The visitor's app, told to quit, kept the attempt in the server's history.
        deadline = time.monotonic() + 20
        while not _history(parley_home) and time.monotonic() < deadline:
            time.sleep(0.2)
        [row] = _history(parley_home)
        assert (row["trainee"], row["outcome"], row["turns"]) == ("李雷", "abandoned", 1)

    resumed = subprocess.run(
        [sys.executable, "-m", "simulator", "resume", str(path), *CONTENT],
        cwd=ROOT,
        env=env(parley_home),
        input="1\n" * 5,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stderr
    finished = read_transcript(path)
    assert finished.finished and finished.identity == cut.identity
    assert [r.turn.option_id for r in finished.turns] == ["ask_repay", "explain"]
    assert [r["outcome"] for r in _history(parley_home)] == ["success"]


def test_max_sessions_turns_the_next_visitor_away(browser, parley_home: Path) -> None:  # type: ignore[no-untyped-def]
    with serving(parley_home, "--max-sessions", "1", *CONTENT) as (url, _):
        page = browser.new_page()
        terminal = Terminal(page)
        page.goto(url)
        terminal.wait_for("您的姓名")  # the one seat is taken
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=10)
        assert refused.value.code == 503
        body = refused.value.read().decode("utf-8")
        assert "All 1 practice seats are in use" in body and "人数已满" in body
        page.close()  # the seat is free again once the visitor leaves
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url, timeout=10) as answer:
                    assert answer.status == 200
                    break
            except urllib.error.HTTPError:
                assert time.monotonic() < deadline, "the seat was never given back"
                time.sleep(0.2)


def test_a_name_from_the_sign_on_proxy_is_not_asked(browser, parley_home: Path) -> None:  # type: ignore[no-untyped-def]
    with (
        serving(parley_home, "--trainee-header", "X-Remote-User", *CONTENT) as (url, _),
        # As the proxy in front does: every request carries the signed-on staff number.
        signon_proxy(url, "X-Remote-User", "E10234") as proxied,
    ):
        signed = browser.new_context(viewport={"width": 1280, "height": 800})
        page = signed.new_page()
        terminal = Terminal(page)
        page.goto(proxied)
        terminal.wait_for("引擎演示")  # straight to the library: no name prompt
        assert "您的姓名" not in terminal.text()
        page.focus(".xterm-helper-textarea")  # keys to the terminal; a click would pick a row
        page.keyboard.type("engine_demo")
        page.keyboard.press("Enter")
        terminal.wait_for("情景简报")
        page.keyboard.press("p")
        terminal.wait_for("您打算用什么来还款")
        mark = len(terminal.raw)
        page.keyboard.press("1")
        page.keyboard.press("Enter")
        terminal.wait_for("未贷先想收", since=mark)
        [path] = _transcripts(parley_home, 1)
        assert read_transcript(path).header.trainee == "E10234"
        signed.close()

        # Without the header (the proxy bypassed), no app is started for the visitor.
        stranger = browser.new_page()
        stranger.goto(url)
        stranger.wait_for_selector("body.-closed", state="attached", timeout=20_000)
        stranger.close()
    assert len(list((parley_home / "transcripts").glob("*.jsonl"))) == 1


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_stopping_the_server_stops_every_visitors_app(browser, parley_home: Path) -> None:  # type: ignore[no-untyped-def]
    with serving(parley_home, *CONTENT) as (url, server):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        terminal = Terminal(page)
        _start(page, terminal, url, "孙悦")
        page.keyboard.press("p")
        terminal.wait_for("您打算用什么来还款")
        mark = len(terminal.raw)
        page.keyboard.press("1")
        page.keyboard.press("Enter")
        terminal.wait_for("未贷先想收", since=mark)
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        apps = [
            int(pid)
            for child in children
            for pid in subprocess.run(
                ["ps", "-o", "pid=", "--ppid", child], capture_output=True, text=True
            ).stdout.split()
        ]
        assert apps, "no app process was found for the visitor"
        server.send_signal(signal.SIGTERM)  # the page is still open
        # Within the apps' SHUTDOWN_WAIT and some slack (it took 1.8 s here), not after
        # aiohttp's wait for open websockets (24 s here), by which time a service manager may
        # have killed the server and left the visitors' apps running on their own.
        assert server.wait(timeout=SHUTDOWN_WAIT + 5) == 0
        deadline = time.monotonic() + 20
        while any(_alive(pid) for pid in apps) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in apps), "a visitor's app outlived the server"
    [path] = _transcripts(parley_home, 1)
    assert len(read_transcript(path).turns) == 1
    [row] = _history(parley_home)
    assert (row["trainee"], row["outcome"]) == ("孙悦", "abandoned")
