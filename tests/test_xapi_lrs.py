"""`parley xapi --lrs` against a real LRS: statements posted, read back, never doubled."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import ROOT
from lrs_server import PASSWORD, RunningLrs, free_address, running_lrs
from test_xapi import play

from simulator.lrs import Lrs, ledger_path


@pytest.fixture(scope="module")
def lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningLrs]:
    with running_lrs(tmp_path_factory.mktemp("lrs")) as running:
        yield running


def xapi(
    home: Path, *args: str, user: str = "parley0", password: str = PASSWORD
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", "xapi", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PARLEY_HOME": str(home),
            "PATH": "/usr/bin:/bin",
            "PARLEY_LRS_USER": user,
            "PARLEY_LRS_PASSWORD": password,
        },
    )


def ledger(home: Path) -> list[dict]:
    path = home / "xapi-sent.jsonl"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()] if path.exists() else []


def test_statements_are_stored_read_back_and_never_doubled(
    lrs: RunningLrs, tmp_path: Path, parley_home: Path
) -> None:
    folder = tmp_path / "t"
    play(folder / "a.jsonl", [(0, "用什么来还款呢？"), (0, None)], trainee="陈静")
    play(folder / "b.jsonl", [(0, None)], trainee="陈静", seed=4)
    user = lrs.user()
    before = len(lrs.stored())
    first = xapi(parley_home, str(folder), "--lrs", lrs.url, user=user)
    assert first.returncode == 0, first.stderr
    assert "sent 7 statements (2 sessions)" in first.stdout and "7 of them new" in first.stdout
    ours = [s for s in lrs.stored() if s["actor"].get("name") == "陈静"]
    assert len(lrs.stored()) == before + 7 and len(ours) == 7
    sent = {i for entry in ledger(parley_home) for i in entry["ids"]}
    assert sent == {s["id"] for s in ours}

    # Read back through the xAPI: the LRS has the typed words and the scenario's names.
    responded = next(
        s
        for s in ours
        if s["verb"]["id"].endswith("/responded")
        and s["result"].get("extensions")
        and "用什么来还款呢？" in json.dumps(s, ensure_ascii=False)
    )
    back = Lrs(lrs.url, user, PASSWORD).get(responded["id"])
    assert back["result"]["response"] == "ask_repay"
    typed = back["result"]["extensions"]["https://parley.invalid/xapi/extensions/typed"]
    assert typed == "用什么来还款呢？"

    again = xapi(parley_home, str(folder), "--lrs", lrs.url, user=user)
    assert again.returncode == 0 and "sent 0 statements" in again.stdout
    assert "7 sent before were skipped" in again.stdout
    # Even sent again regardless of the ledger, the LRS keeps one copy of each.
    forced = xapi(parley_home, str(folder), "--lrs", lrs.url, "--resend", user=user)
    assert forced.returncode == 0, forced.stderr
    assert "sent 7 statements" in forced.stdout and "0 of them new" in forced.stdout
    assert len(lrs.stored()) == before + 7


def test_since_takes_sessions_from_the_history(
    lrs: RunningLrs, tmp_path: Path, parley_home: Path
) -> None:
    path = play(tmp_path / "c.jsonl", [(0, None), (0, None)], trainee="赵敏")
    imported = subprocess.run(
        [sys.executable, "-m", "simulator", "import", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PARLEY_HOME": str(parley_home), "PATH": "/usr/bin:/bin"},
    )
    assert imported.returncode == 0, imported.stderr
    user = lrs.user()
    later = xapi(parley_home, "--since", "2999-01-01", "--lrs", lrs.url, user=user)
    assert later.returncode == 0 and "sent 0 statements (0 sessions)" in later.stdout
    since = xapi(parley_home, "--since", "2000-01-01", "--lrs", lrs.url, user=user)
    assert since.returncode == 0, since.stderr
    assert "sent 5 statements (1 sessions)" in since.stdout
    assert sum(s["actor"].get("name") == "赵敏" for s in lrs.stored()) == 5


def test_refused_credentials_send_and_mark_nothing(
    lrs: RunningLrs, tmp_path: Path, parley_home: Path
) -> None:
    play(tmp_path / "a.jsonl", [(0, None)], trainee="周强")
    result = xapi(
        parley_home, str(tmp_path / "a.jsonl"), "--lrs", lrs.url, user="parley7", password="no"
    )
    assert result.returncode == 1
    assert "refused the credentials (HTTP 401, user 'parley7')" in result.stderr
    assert "Traceback" not in result.stderr
    assert ledger(parley_home) == []
    assert not any(s["actor"].get("name") == "周强" for s in lrs.stored())


def test_an_unreachable_lrs_is_named(tmp_path: Path, parley_home: Path) -> None:
    play(tmp_path / "a.jsonl", [(0, None)])
    address = free_address()
    result = xapi(parley_home, str(tmp_path / "a.jsonl"), "--lrs", address)
    assert result.returncode == 1
    assert f"cannot reach the LRS at {address}statements" in result.stderr
    assert "Traceback" not in result.stderr and not ledger_path().exists()


def test_a_rejected_statement_stops_there_and_only_what_was_stored_is_marked(
    lrs: RunningLrs, tmp_path: Path, parley_home: Path
) -> None:
    folder = tmp_path / "t"
    play(folder / "a.jsonl", [(0, None)], trainee="ok.user")
    play(folder / "b.jsonl", [(0, None)], trainee="bad.user")
    # An address on a reserved domain: well-formed, but an LRS that checks mail domains (ralph
    # does) rejects the statement.
    mbox = tmp_path / "emails.csv"
    mbox.write_text("trainee,email\nok.user,ok@bank.example.com\nbad.user,bad@bank.invalid\n")
    user = lrs.user()
    args = ["--lrs", lrs.url, "--mbox-map", str(mbox), "--batch", "2"]  # a POST per session
    result = xapi(parley_home, str(folder), *args, user=user)
    assert result.returncode == 1
    assert f"{folder / 'b.jsonl'}: " in result.stderr  # the session at fault is named
    assert "the LRS rejected the statements (HTTP 4" in result.stderr
    assert "sent 2 statements (1 sessions) before this" in result.stderr
    # What the LRS stored is marked as sent, and nothing else.
    [entry] = ledger(parley_home)
    assert entry["transcript"] == str(folder / "a.jsonl")
    mine = {s["id"] for s in lrs.stored() if s["actor"].get("name") in ("ok.user", "bad.user")}
    assert set(entry["ids"]) == mine and len(mine) == 2


def test_a_rejected_batch_is_stored_and_marked_not_at_all(
    lrs: RunningLrs, tmp_path: Path, parley_home: Path
) -> None:
    folder = tmp_path / "t"
    play(folder / "a.jsonl", [(0, None)], trainee="good.one")
    play(folder / "b.jsonl", [(0, None)], trainee="bad.one")
    mbox = tmp_path / "emails.csv"
    mbox.write_text("good.one,good@bank.example.com\nbad.one,bad@bank.invalid\n")
    result = xapi(
        parley_home, str(folder), "--lrs", lrs.url, "--mbox-map", str(mbox), user=lrs.user()
    )
    assert result.returncode == 1
    assert f"{folder / 'b.jsonl'}: " in result.stderr  # named from the LRS's error
    assert "sent 0 statements (0 sessions) before this" in result.stderr
    assert ledger(parley_home) == []
    assert not any(s["actor"].get("name") in ("good.one", "bad.one") for s in lrs.stored())
