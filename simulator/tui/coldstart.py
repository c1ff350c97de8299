"""Cold start: time from launching a fresh Python to the first interactive screen.

Parley is measured against a minimal Textual app (one label and a footer) in the same run,
each in its own subprocess, because the target in DESIGN.md is a ratio on the same machine.
Parley counts as interactive once the library lists the scenarios, not merely when the
empty screen appears; when its screen is first up and taking keys (the list perhaps still
loading) is reported beside it. Both apps run headless. A child writes a line to its stdout at
each moment, and the time is taken when the line arrives: shutting down afterwards is not
start-up, and Parley, with more loaded, takes longer to do it.

The children may write bytecode caches, whatever PYTHONDONTWRITEBYTECODE says here: the first,
discarded launch compiles Parley's modules, as any user's first run does (and a wheel's
install), so that what is measured is starting, not compiling, just as for Textual's modules.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the children import this module: nothing of Parley's at its top
    from simulator.model import Lang

#: The target from DESIGN.md: Parley's cold start at most this multiple of a minimal app's.
TARGET_RATIO = 1.5


@dataclass(frozen=True, slots=True)
class ColdStart:
    """Median seconds to the first interactive screen, for Parley and a minimal app."""

    parley: float
    minimal: float
    runs: int
    parley_shown: float = 0.0
    """Median seconds until Parley's screen is up and takes keys, its list perhaps loading."""

    @property
    def ratio(self) -> float:
        """Parley's time over the minimal app's."""
        return self.parley / self.minimal if self.minimal else float("inf")

    @property
    def shown_ratio(self) -> float:
        """Parley's time to its screen, list or not, over the minimal app's."""
        return self.parley_shown / self.minimal if self.minimal else float("inf")

    @property
    def within_target(self) -> bool:
        """Whether the ratio meets DESIGN.md's target."""
        return self.ratio <= TARGET_RATIO

    def describe(self, lang: Lang = "zh") -> str:
        """One line for `parley bench`."""
        from simulator.i18n import t

        return t(
            "bench.coldstart",
            lang,
            parley=self.parley * 1000,
            minimal=self.minimal * 1000,
            ratio=self.ratio,
        )


#: Where a child finds the extra scenarios to list (set by `measure(scenarios=N)`).
CONTENT_ENV = "PARLEY_COLDSTART_CONTENT"


def _launch(kind: str, extra_env: dict[str, str] | None = None) -> dict[str, float]:
    """Seconds from starting a child running `kind` to each moment it reports."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra_env or {})
    started = time.perf_counter()
    moments: dict[str, float] = {}
    with subprocess.Popen(
        [sys.executable, "-m", "simulator.tui.coldstart", kind],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            moments.setdefault(line.decode().strip(), time.perf_counter() - started)
        if child.wait(timeout=60) != 0 or "ready" not in moments:
            raise RuntimeError(f"the {kind} app did not start (exit status {child.returncode})")
    return moments


def measure(runs: int = 5, scenarios: int = 0) -> ColdStart:
    """Launch each app `runs` times, alternating so both see the same machine state.

    With `scenarios`, Parley's library also holds that many generated scenarios (in a fresh
    data folder whose check cache the discarded first launch fills, as a trainee's first start
    would): the start a department with a large library sees every day after the first.
    """
    if scenarios <= 0:
        return _measure(runs, {})
    import tempfile
    from pathlib import Path

    from simulator.bench import write_generated_library

    with tempfile.TemporaryDirectory(prefix="parley-coldstart-") as tmp:
        folder = Path(tmp) / "library"
        write_generated_library(folder, scenarios)
        env = {CONTENT_ENV: str(folder), "PARLEY_HOME": str(Path(tmp) / "home")}
        return _measure(runs, env)


def _measure(runs: int, env: dict[str, str]) -> ColdStart:
    parley: list[dict[str, float]] = []
    minimal: list[float] = []
    _launch("minimal")  # warm the file and bytecode caches: a first launch measures the disk
    _launch("parley", env)
    for _ in range(max(1, runs)):
        minimal.append(_launch("minimal")["ready"])
        parley.append(_launch("parley", env))
    return ColdStart(
        parley=statistics.median(m["ready"] for m in parley),
        minimal=statistics.median(minimal),
        runs=max(1, runs),
        parley_shown=statistics.median(m["shown"] for m in parley),
    )


def _report(moment: str) -> None:
    """Tell the measuring parent that `moment` is reached (Textual captures sys.stdout)."""
    os.write(1, moment.encode() + b"\n")


def _run_minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Label

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.ready)

        def ready(self) -> None:
            _report("ready")
            self.exit()

    Minimal().run(headless=True)


def _run_parley() -> None:
    from simulator.tui.app import make_app

    extra = os.environ.get(CONTENT_ENV)
    app = make_app(paths=[extra] if extra else ())

    def ready() -> None:
        _report("ready")
        app.exit()

    app.shown_callback = lambda: _report("shown")
    app.ready_callback = ready
    app.run(headless=True)


if __name__ == "__main__":
    {"minimal": _run_minimal, "parley": _run_parley}[sys.argv[1]]()
