"""Shared fixtures: test content under tests/data and a private PARLEY_HOME for every test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def parley_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder, so no test reads or writes the user's history."""
    home = tmp_path / "parley-home"
    monkeypatch.setenv("PARLEY_HOME", str(home))
    # A developer's shared server is never a test's: tests that want PostgreSQL ask for it.
    monkeypatch.delenv("PARLEY_DATABASE_URL", raising=False)
    # Nor is a developer's own name (the app asks it at the first start when none is kept).
    monkeypatch.delenv("PARLEY_TRAINEE", raising=False)
    return home


def parley_at_root(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """`parley ARGS` run from the checkout, as a maintainer runs `parley eval --fit…` there."""
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        cwd=DATA.parent.parent,
        timeout=timeout,
    )


#: Where an early run writes a file: `{out}` in its arguments is a folder of the session's.
OUT = "{out}"
#: `parley eval` over every bundled dev set (minutes of one core), printing the text report
#: and writing its JSON form. (The held-out halves are reported, not gated; the held-out
#: report is checked on the older sets alone: `--no-labelled`.)
EVAL_REPORT = ("eval", "--no-heldout", "--json-out", f"{OUT}/eval.json")
#: Slow `parley` runs from the checkout, by the tests that read them: the evaluations. They
#: start once the tests are collected and run while the other tests do; the tests that read
#: them run last, and the `parley_at_root_started` fixture waits for the run it asks for.
EARLY_RUNS: dict[str, tuple[tuple[str, ...], ...]] = {
    "test_parley_eval_reports_and_passes": (EVAL_REPORT,),
    "test_parley_eval_reports_held_out_sets_beside_the_dev_sets": (EVAL_REPORT,),
    "test_the_blind_dev_sets_hold_the_measured_line": (EVAL_REPORT,),
}


def with_out(args: tuple[str, ...], out: str) -> list[str]:
    """`args` with `{out}` put as the folder `out`."""
    return [a.replace(OUT, out) for a in args]


class _EarlyRuns:
    """The early runs, each started at once by a thread of its own (they judge the labelled sets
    on a core the other tests leave idle while they wait on terminals, browsers and servers);
    each one's result once it is done."""

    def __init__(self, runs: list[tuple[str, ...]], env: dict[str, str], out: str) -> None:
        self.runs = runs
        self.env = env
        self.out = out
        self.done = {args: threading.Event() for args in runs}
        self.results: dict[tuple[str, ...], subprocess.CompletedProcess[str]] = {}
        self.stopped = threading.Event()
        self.processes: list[subprocess.Popen[bytes]] = []
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._run, args=(args,), daemon=True) for args in runs
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def _run(self, args: tuple[str, ...]) -> None:
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            with self.lock:
                if self.stopped.is_set():
                    return
                process = subprocess.Popen(
                    [sys.executable, "-m", "simulator", *with_out(args, self.out)],
                    stdout=out,
                    stderr=err,
                    cwd=DATA.parent.parent,
                    env=self.env,
                )
                self.processes.append(process)
            code = process.wait()
            texts = []
            for f in (out, err):
                f.seek(0)
                texts.append(f.read().decode("utf-8", "replace"))
        self.results[args] = subprocess.CompletedProcess(args, code, texts[0], texts[1])
        self.done[args].set()

    def result(self, args: tuple[str, ...], timeout: int) -> subprocess.CompletedProcess[str]:
        if not self.done[args].wait(timeout):
            raise subprocess.TimeoutExpired(args, timeout)
        return self.results[args]

    def stop(self) -> None:
        with self.lock:
            self.stopped.set()
            for process in self.processes:
                if process.poll() is None:
                    process.kill()
        for thread in self.threads:
            thread.join(timeout=60)


_EARLY = pytest.StashKey[_EarlyRuns]()
_EARLY_HOME = pytest.StashKey[str]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The tests that read an early run go last, so the runs have the whole session to finish.
    items.sort(key=lambda item: getattr(item, "originalname", item.name) in EARLY_RUNS)


def pytest_collection_finish(session: pytest.Session) -> None:
    runs: list[tuple[str, ...]] = []
    for item in session.items:
        for args in EARLY_RUNS.get(getattr(item, "originalname", item.name), ()):
            if args not in runs:
                runs.append(args)
    if not runs:
        return
    # As `parley_home` keeps each test's: a data folder of the session's, no shared server and
    # no developer's own name.
    home = tempfile.mkdtemp(prefix="parley-early-")
    env = {
        k: v for k, v in os.environ.items() if k not in ("PARLEY_DATABASE_URL", "PARLEY_TRAINEE")
    }
    env["PARLEY_HOME"] = home
    early = _EarlyRuns(runs, env, home)
    early.start()
    session.config.stash[_EARLY] = early
    session.config.stash[_EARLY_HOME] = home


def pytest_sessionfinish(session: pytest.Session) -> None:
    early = session.config.stash.get(_EARLY, None)
    if early is not None:
        early.stop()  # a run still going (the session was cut short) is killed
    home = session.config.stash.get(_EARLY_HOME, None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def early_out(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The folder `{out}` names in an early run's arguments (`OUT`)."""
    home = request.config.stash.get(_EARLY_HOME, None)
    return Path(home) if home is not None else tmp_path


@pytest.fixture
def parley_at_root_started(
    request: pytest.FixtureRequest, early_out: Path
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`parley ARGS` from the checkout, as `parley_at_root`: the early run's result when
    `EARLY_RUNS` names the test, else run now (`{out}` in ARGS is `early_out`)."""
    early = request.config.stash.get(_EARLY, None)

    def run(*args: str, timeout: int = 1200) -> subprocess.CompletedProcess[str]:
        if early is None or args not in early.done:
            return parley_at_root(*with_out(args, str(early_out)), timeout=timeout)
        return early.result(args, timeout)

    return run


@pytest.fixture
def eval_written(
    parley_at_root_started: Callable[..., subprocess.CompletedProcess[str]], early_out: Path
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """`parley eval --json-out FILE` from the checkout (early: `EARLY_RUNS`): what it printed,
    and the JSON report it wrote."""
    done = parley_at_root_started(*EVAL_REPORT)
    written = early_out / "eval.json"
    assert written.is_file(), done.stdout + done.stderr
    return done, json.loads(written.read_text(encoding="utf-8"))


#: Words no move of the engine demo makes: the client does not follow them (a clarify line).
UNHEARD = "今天天气真不错啊，我保证下周肯定批"


@pytest.fixture
def played_with_an_unheard_answer(tmp_path: Path) -> Path:
    """A finished engine-demo transcript whose first answer took no turn (`UNHEARD`), played in
    line mode as a trainee would."""
    transcript = tmp_path / "unheard.jsonl"
    played = subprocess.run(
        [
            *(sys.executable, "-m", "simulator", "play", "engine_demo", "--plain"),
            *("--seed", "1", "--content", str(DATA / "engine"), "--transcript", str(transcript)),
        ],
        input=f"{UNHEARD}\n1\n1\n",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )
    assert played.returncode == 0, played.stderr
    return transcript


#: The PostgreSQL server the tests may use (an admin URL; .ci/run always sets it).
TEST_DATABASE_URL = os.environ.get("PARLEY_TEST_DATABASE_URL", "")


def schema_url(base: str, schema: str) -> str:
    """`base` with every table going to `schema` (its own namespace on the server)."""
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL to an empty PostgreSQL schema of its own, dropped after the test."""
    if not TEST_DATABASE_URL:
        pytest.skip("no PostgreSQL server configured (set PARLEY_TEST_DATABASE_URL)")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(TEST_DATABASE_URL, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield schema_url(TEST_DATABASE_URL, schema)
    finally:
        with psycopg.connect(TEST_DATABASE_URL, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def history_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A history database of each kind: an SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "history.sqlite3")
    return request.getfixturevalue("postgres_url")
