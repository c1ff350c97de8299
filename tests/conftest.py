"""Shared fixtures: test content under tests/data and a private PARLEY_HOME for every test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

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


#: Slow `parley` runs from the checkout (the calibration refit on every bundled set: minutes
#: on one core), by the test that reads them: they start once the tests are collected and run
#: beside the others, that test runs last, and the `parley_at_root_started` fixture waits.
EARLY_RUNS = {"test_the_shipped_models_are_the_fit_on_the_bundled_sets": ("eval", "--fit")}
_Started = dict[tuple[str, ...], tuple[subprocess.Popen[bytes], tuple[IO[bytes], IO[bytes]]]]
_STARTED = pytest.StashKey[_Started]()
_EARLY_HOME = pytest.StashKey[str]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The tests that read an early run go last, so the run has the whole session to finish.
    items.sort(key=lambda item: getattr(item, "originalname", item.name) in EARLY_RUNS)


def pytest_collection_finish(session: pytest.Session) -> None:
    started: _Started = {}
    # As `parley_home` keeps each test's: a data folder of the session's, no shared server and
    # no developer's own name.
    home = tempfile.mkdtemp(prefix="parley-early-")
    env = {
        k: v for k, v in os.environ.items() if k not in ("PARLEY_DATABASE_URL", "PARLEY_TRAINEE")
    }
    env["PARLEY_HOME"] = home
    for item in session.items:
        args = EARLY_RUNS.get(getattr(item, "originalname", item.name))
        if args is not None and args not in started:
            out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
            run = subprocess.Popen(
                [sys.executable, "-m", "simulator", *args],
                stdout=out,
                stderr=err,
                cwd=DATA.parent.parent,
                env=env,
            )
            started[args] = (run, (out, err))
    session.config.stash[_STARTED] = started
    session.config.stash[_EARLY_HOME] = home


def pytest_sessionfinish(session: pytest.Session) -> None:
    for run, files in session.config.stash.get(_STARTED, {}).values():
        if run.poll() is None:
            run.kill()
            run.wait()
        for f in files:
            f.close()
    home = session.config.stash.get(_EARLY_HOME, None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def parley_at_root_started(
    request: pytest.FixtureRequest,
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`parley ARGS` from the checkout, as `parley_at_root`: the run started with the session
    when `EARLY_RUNS` names the test, else run now."""
    started = request.config.stash.get(_STARTED, {})

    def run(*args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
        if args not in started:
            return parley_at_root(*args, timeout=timeout)
        process, (out, err) = started.pop(args)
        texts = []
        try:
            code = process.wait(timeout=timeout)
            for f in (out, err):
                f.seek(0)
                texts.append(f.read().decode("utf-8", "replace"))
        finally:
            # On a timeout too: the run is stopped and its files closed, not left to the end.
            if process.poll() is None:
                process.kill()
                process.wait()
            out.close()
            err.close()
        return subprocess.CompletedProcess(process.args, code, texts[0], texts[1])

    return run


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
