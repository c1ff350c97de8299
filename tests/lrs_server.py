"""Test support: a real LRS (ralph, file-system backend) started for the test run.

ralph and its dependencies live in their own virtual environment (.ci/run makes it at
.ci/ralph-venv; PARLEY_RALPH names another `ralph` executable), so none of them enters
Parley's install.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from browser import ROOT, free_port, require

PASSWORD = "s3cret-for-tests"
#: One LRS user per test, each storing into its own target folder: ralph's file-system backend
#: writes a target's file once and refuses a second write (it is a development backend), and it
#: reads its users once, at start.
USERS = tuple(f"parley{n}" for n in range(8))


def ralph() -> str:
    """The ralph executable, or skip/fail saying it is absent."""
    found = os.environ.get("PARLEY_RALPH") or str(ROOT / ".ci" / "ralph-venv" / "bin" / "ralph")
    if not Path(found).is_file():
        require(f"ralph not found at {found} (bash .ci/run makes .ci/ralph-venv)")
    return found


@dataclass
class RunningLrs:
    """A ralph LRS listening on `url`, storing statements in `store`."""

    url: str
    store: Path
    free: list[str]

    def user(self) -> str:
        """An LRS user no test has used yet."""
        return self.free.pop(0)

    def stored(self) -> list[dict]:
        """Every statement the LRS holds, read from its files."""
        files = sorted(self.store.rglob("*.jsonl"))
        return [json.loads(x) for f in files for x in f.read_text("utf-8").splitlines() if x]


@contextmanager
def running_lrs(folder: Path) -> Iterator[RunningLrs]:
    """`ralph runserver -b fs` on a free port, with one user allowed everything."""
    executable = ralph()
    store = folder / "statements"
    store.mkdir(parents=True)
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(folder / "app"),
        "RALPH_AUTH_FILE": str(folder / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(store),
    }
    first = USERS[0]
    subprocess.run(
        [
            *(executable, "auth", "-u", first, "-p", PASSWORD, "-s", "all", "-t", first),
            *("-w", "-M", f"mailto:{first}@example.com"),
        ],
        env=env,
        cwd=folder,
        check=True,
        capture_output=True,
    )
    # The other users are copies with their own name, agent and target (one bcrypt is slow
    # enough): the same password hash serves them all.
    auth = folder / "auth.json"
    [entry] = json.loads(auth.read_text("utf-8"))
    entries = [
        {
            **entry,
            "username": u,
            "target": u,
            "agent": {**entry["agent"], "mbox": f"mailto:{u}@example.com"},
        }
        for u in USERS
    ]
    auth.write_text(json.dumps(entries), "utf-8")
    for user in USERS:
        (store / user).mkdir()
    port = free_port(18100, 18199)
    log = open(folder / "ralph.log", "w")
    # runserver starts uvicorn with a file watcher: its own session, so the whole group stops.
    proc = subprocess.Popen(
        [executable, "runserver", "-b", "fs", "-h", "127.0.0.1", "-p", str(port)],
        env=env,
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/__heartbeat__", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"ralph did not start:\n{(folder / 'ralph.log').read_text()}")
            time.sleep(0.2)
        yield RunningLrs(f"{url}/xAPI/", store, list(USERS))
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def free_address() -> str:
    """An LRS address where nothing listens."""
    port = free_port(18100, 18199)
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0
    return f"http://127.0.0.1:{port}/xAPI/"
