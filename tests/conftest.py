"""Shared fixtures: test content under tests/data and a private PARLEY_HOME for every test."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
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


def _run_name(args: tuple[str, ...]) -> str:
    """The name of an early run's result files."""
    return hashlib.sha256("\0".join(args).encode()).hexdigest()[:16]


class _EarlyRuns:
    """The early runs, each started at once by a thread of its own (they judge the labelled sets
    on a core the other tests leave idle while they wait on terminals, browsers and servers).
    Each one's result is written to files in `out` once it is done, so that every process of
    the session reads the same run: with pytest-xdist, the controller starts the runs and the
    workers that run the tests read them (`early_result`)."""

    def __init__(self, runs: list[tuple[str, ...]], env: dict[str, str], out: str) -> None:
        self.runs = runs
        self.env = env
        self.out = Path(out)
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
        name = _run_name(args)
        with (
            open(self.out / f"{name}.stdout", "wb") as out,
            open(self.out / f"{name}.stderr", "wb") as err,
        ):
            with self.lock:
                if self.stopped.is_set():
                    return
                process = subprocess.Popen(
                    [sys.executable, "-m", "simulator", *with_out(args, str(self.out))],
                    stdout=out,
                    stderr=err,
                    cwd=DATA.parent.parent,
                    env=self.env,
                )
                self.processes.append(process)
            code = process.wait()
        # The exit code is written last, under its final name at once: its file says "done".
        (self.out / f"{name}.part").write_text(str(code), encoding="utf-8")
        (self.out / f"{name}.part").replace(self.out / f"{name}.code")

    def stop(self) -> None:
        with self.lock:
            self.stopped.set()
            for process in self.processes:
                if process.poll() is None:
                    process.kill()
        for thread in self.threads:
            thread.join(timeout=60)


def early_result(
    out: Path, args: tuple[str, ...], timeout: int
) -> subprocess.CompletedProcess[str]:
    """The result of the early run `args`, once the files it writes in `out` say it is done."""
    name = _run_name(args)
    deadline = time.monotonic() + timeout
    code = out / f"{name}.code"
    while not code.is_file():
        if time.monotonic() > deadline:
            raise subprocess.TimeoutExpired(args, timeout)
        time.sleep(0.5)
    texts = [
        (out / f"{name}.{part}").read_bytes().decode("utf-8", "replace")
        for part in ("stdout", "stderr")
    ]
    return subprocess.CompletedProcess(args, int(code.read_text()), texts[0], texts[1])


_EARLY = pytest.StashKey[_EarlyRuns]()
_EARLY_HOME = pytest.StashKey[str]()
_EARLY_ARGS = pytest.StashKey[list[tuple[str, ...]]]()


def _worker(config: pytest.Config) -> bool:
    """Is this a pytest-xdist worker (the controller starts the early runs, not a worker)?"""
    return hasattr(config, "workerinput")


def _early_runs(names: list[str]) -> list[tuple[str, ...]]:
    """The early runs the tests named `names` read, each once, in order."""
    runs: list[tuple[str, ...]] = []
    for name in names:
        for args in EARLY_RUNS.get(name, ()):
            if args not in runs:
                runs.append(args)
    return runs


def pytest_configure(config: pytest.Config) -> None:
    # The folder the early runs write to (their data folder too): the controller's, when
    # pytest-xdist runs the tests in workers.
    if _worker(config):
        config.stash[_EARLY_HOME] = config.workerinput["parley_early_home"]  # type: ignore[attr-defined]
    else:
        config.stash[_EARLY_HOME] = tempfile.mkdtemp(prefix="parley-early-")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    node.workerinput["parley_early_home"] = node.config.stash[_EARLY_HOME]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The tests that read an early run go last, so the runs have the whole session to finish.
    items.sort(key=lambda item: getattr(item, "originalname", item.name) in EARLY_RUNS)


def _start_early(config: pytest.Config, runs: list[tuple[str, ...]]) -> None:
    if not runs or _EARLY in config.stash:
        return
    # As `parley_home` keeps each test's: a data folder of the session's, no shared server and
    # no developer's own name.
    home = config.stash[_EARLY_HOME]
    env = {
        k: v for k, v in os.environ.items() if k not in ("PARLEY_DATABASE_URL", "PARLEY_TRAINEE")
    }
    env["PARLEY_HOME"] = home
    early = _EarlyRuns(runs, env, home)
    early.start()
    config.stash[_EARLY] = early


def pytest_collection_finish(session: pytest.Session) -> None:
    names = [getattr(item, "originalname", item.name) for item in session.items]
    runs = _early_runs(names)
    session.config.stash[_EARLY_ARGS] = runs
    if not _worker(session.config):
        _start_early(session.config, runs)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    # The controller: the first worker's collection names the tests, and so the runs.
    names = [test_id.rsplit("::", 1)[-1].split("[", 1)[0] for test_id in ids]
    _start_early(node.config, _early_runs(names))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _worker(config):
        return
    early = config.stash.get(_EARLY, None)
    if early is not None:
        early.stop()  # a run still going (the session was cut short) is killed
    home = config.stash.get(_EARLY_HOME, None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def early_out(request: pytest.FixtureRequest) -> Path:
    """The folder `{out}` names in an early run's arguments (`OUT`)."""
    return Path(request.config.stash[_EARLY_HOME])


@pytest.fixture
def parley_at_root_started(
    request: pytest.FixtureRequest, early_out: Path
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`parley ARGS` from the checkout, as `parley_at_root`: the early run's result when
    `EARLY_RUNS` names the test, else run now (`{out}` in ARGS is `early_out`)."""
    runs = request.config.stash.get(_EARLY_ARGS, [])

    def run(*args: str, timeout: int = 1200) -> subprocess.CompletedProcess[str]:
        if args not in runs:
            return parley_at_root(*with_out(args, str(early_out)), timeout=timeout)
        return early_result(early_out, args, timeout)

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
