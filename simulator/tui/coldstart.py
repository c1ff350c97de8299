"""Cold start: time from launching a fresh Python to the first interactive screen.

Parley is measured against a minimal Textual app (one label and a footer) in the same run,
each in its own subprocess, because the target in DESIGN.md is a ratio on the same machine.
Parley counts as interactive once the library lists the scenarios, not merely when the
empty screen appears. Both apps run headless and exit as soon as they are ready.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from simulator.i18n import t
from simulator.model import Lang

#: The target from DESIGN.md: Parley's cold start at most this multiple of a minimal app's.
TARGET_RATIO = 1.5


@dataclass(frozen=True, slots=True)
class ColdStart:
    """Median seconds to the first interactive screen, for Parley and a minimal app."""

    parley: float
    minimal: float
    runs: int

    @property
    def ratio(self) -> float:
        """Parley's time over the minimal app's."""
        return self.parley / self.minimal if self.minimal else float("inf")

    @property
    def within_target(self) -> bool:
        """Whether the ratio meets DESIGN.md's target."""
        return self.ratio <= TARGET_RATIO

    def describe(self, lang: Lang = "zh") -> str:
        """One line for `parley bench`."""
        return t(
            "bench.coldstart",
            lang,
            parley=self.parley * 1000,
            minimal=self.minimal * 1000,
            ratio=self.ratio,
        )


def _launch(kind: str) -> float:
    """Seconds for one child process to start `kind`, become interactive and exit."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "simulator.tui.coldstart", kind],
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=60,
    )
    return time.perf_counter() - started


def measure(runs: int = 5) -> ColdStart:
    """Launch each app `runs` times, alternating so both see the same machine state."""
    parley: list[float] = []
    minimal: list[float] = []
    _launch("minimal")  # warm the file cache for both: a first launch measures the disk
    _launch("parley")
    for _ in range(max(1, runs)):
        minimal.append(_launch("minimal"))
        parley.append(_launch("parley"))
    return ColdStart(statistics.median(parley), statistics.median(minimal), max(1, runs))


def _run_minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Label

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.exit)

    Minimal().run(headless=True)


def _run_parley() -> None:
    from simulator.tui.app import make_app

    app = make_app()
    app.ready_callback = app.exit
    app.run(headless=True)


if __name__ == "__main__":
    {"minimal": _run_minimal, "parley": _run_parley}[sys.argv[1]]()
