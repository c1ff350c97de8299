"""Test support for the browser face: find Chromium, start `parley serve`, read what the page shows.

The terminal in the page is drawn on a canvas, so the text is read from the bytes the server
sends over the websocket (escape sequences removed), and where a check needs pixels, the cells
are located from the cursor moves in the same stream.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Debian's chromium (.ci/run installs it); PARLEY_CHROMIUM overrides.
CHROMIUM = os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_ESCAPE = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>78]")
_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


def require(reason: str) -> None:
    """Skip when a tool is missing here; in CI (CI=true) that is a failure, never a skip."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


def chromium() -> str:
    """The Chromium executable, or skip/fail saying it is absent."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        require(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require("Playwright's Python package is not installed (pip install '.[test]')")
    return CHROMIUM


def free_port(start: int = 18000, stop: int = 18099) -> int:
    """A port in 18000–18099 nothing listens on now (in 19000–19099 for the second
    pytest-xdist worker, and so on: two workers never pick the same port at once)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    shift = 1000 * (int(worker) % 40) if worker.isdigit() else 0
    for port in range(start + shift, stop + shift):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {start + shift}-{stop + shift}")


def env(home: Path) -> dict[str, str]:
    """The environment of a `parley` child with its own data folder."""
    return {**os.environ, "PARLEY_HOME": str(home), "PYTHONPATH": str(ROOT)}


@contextmanager
def serving(home: Path, *extra: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`parley serve` on a free port with the engine test scenario, until the block ends."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "serve", "--port", str(port), *extra],
        cwd=ROOT,
        env=env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read() if proc.stdout else ""
                raise AssertionError(f"parley serve did not start:\n{out}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/", proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Terminal:
    """What the served app sent to one page: its text, and where text sits on the grid."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.raw = bytearray()
        self.size: tuple[int, int] | None = None
        page.on("websocket", self._watch)

    def _watch(self, ws: Any) -> None:
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _received(self, frame: Any) -> None:
        if isinstance(frame, bytes):
            self.raw.extend(frame)

    def _sent(self, frame: Any) -> None:
        match = re.search(r'"resize",\s*\{"width":\s*(\d+),\s*"height":\s*(\d+)', str(frame))
        if match:
            self.size = (int(match[1]), int(match[2]))

    def text(self, since: int = 0) -> str:
        """Everything written since byte `since`, escape sequences removed."""
        return _ESCAPE.sub(b"", bytes(self.raw[since:])).decode("utf-8", "replace")

    def wait_for(self, text: str, since: int = 0, timeout: float = 30.0) -> None:
        """Wait until `text` has been written (after byte `since`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.text(since):
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"{text!r} never appeared; the page showed:\n{self.text()[-3000:]}")

    def cell_of(self, text: str) -> tuple[int, int]:
        """(column, row), 0-based, where the last drawing of `text` starts on the grid."""
        raw = bytes(self.raw)
        at = raw.rfind(text.encode("utf-8"))
        assert at >= 0, f"{text!r} was never drawn"
        moves = list(_MOVE.finditer(raw, 0, at))
        assert moves, "no cursor move before the text"
        move = moves[-1]
        between = _ESCAPE.sub(b"", raw[move.end() : at]).decode("utf-8", "replace")
        width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in between)
        return int(move[2]) - 1 + width, int(move[1]) - 1


def launch(playwright: Any) -> Any:
    """Headless Debian Chromium, no network of its own."""
    return playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
