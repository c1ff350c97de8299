"""`parley serve` refusing bad addresses in words, and the visitor's name asked first."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from browser import ROOT, env, free_port

from simulator.trainee import check_name


def _serve(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", "serve", *args],
        cwd=ROOT,
        env=env(home),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(autouse=True)
def _needs_textual_serve() -> None:
    pytest.importorskip("textual_serve")


def test_a_port_in_use_is_named_with_a_way_out(parley_home: Path) -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = _serve(parley_home, "--port", str(port))
    assert result.returncode == 1
    assert f"127.0.0.1:{port} is already in use" in result.stderr
    assert "--port" in result.stderr and "Traceback" not in result.stderr


def test_a_host_that_is_not_this_machine_is_refused(parley_home: Path) -> None:
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    result = _serve(parley_home, "--host", "192.0.2.1", "--port", str(free_port()))
    assert result.returncode == 1
    assert "192.0.2.1 is not an address of this machine" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_host_name_that_does_not_resolve_is_refused(parley_home: Path) -> None:
    result = _serve(parley_home, "--host", "no-such-host.invalid", "--port", str(free_port()))
    assert result.returncode == 1
    assert "cannot resolve the host name 'no-such-host.invalid'" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "port out of range"),
        (["--port", "http"], "not a port number"),
        (["--max-sessions", "-1"], "cannot be negative"),
        (["--public-url", "parley.example.com"], "must start with http:// or https://"),
    ],
)
def test_bad_options_are_refused_before_listening(
    parley_home: Path, args: list[str], message: str
) -> None:
    result = _serve(parley_home, *args)
    assert result.returncode == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    ("raw", "name", "problem"),
    [
        ("  王  小明 ", "王 小明", None),
        ("", "", "name.empty"),
        ("   ", "", "name.empty"),
        ("evil\x1b[31m", "evil\x1b[31m", "name.bad_char"),
        ("王" * 21, "王" * 21, "name.too_long"),
        ("王" * 20, "王" * 20, None),
    ],
)
def test_names_are_cleaned_and_checked(raw: str, name: str, problem: str | None) -> None:
    assert check_name(raw) == (name, problem)
