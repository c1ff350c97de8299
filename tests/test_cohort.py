"""`parley cohort`: groups kept in the database, trends per trainee and principle, untried
scenarios, the suggested next scenario, the HTML export — through the CLI, on both backends."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simulator import cohort
from simulator.content import load_content
from simulator.store import HistoryStore, trend_of
from simulator.transcript import read_transcript
from tests.test_store import write_transcript

#: (trainee, scenario, {principle: score}) in the order played.
PLAYS = [
    ("小李", "credit_statements_mismatch", {"risk_thinking": 47, "empathy": 80}),
    ("小李", "credit_collateral_only", {"risk_thinking": 48, "empathy": 85}),
    ("小李", "credit_collateral_only", {"risk_thinking": 52, "empathy": 88}),
    ("小李", "credit_collateral_only", {"risk_thinking": 45, "empathy": 90}),
    ("小陈", "retail_supply_cold", {"empathy": 40, "active_listening": 70}),
    ("小陈", "retail_supply_cold", {"empathy": 45, "active_listening": 70}),
    ("小陈", "retail_telecom_churn", {"empathy": 50, "active_listening": 72}),
    ("小陈", "retail_telecom_churn", {"empathy": 70, "active_listening": 71}),
    ("小陈", "pitch_wealth_retiree", {"empathy": 80, "active_listening": 70}),
    ("小陈", "pitch_wealth_retiree", {"empathy": 85, "active_listening": 72}),
    ("<b>王</b>", "retail_supply_cold", {"empathy": 60}),
]


def _fill(tmp_path: Path, db: str) -> None:
    with HistoryStore(db) as store:
        for i, (trainee, scenario, scores) in enumerate(PLAYS):
            path = write_transcript(
                tmp_path / "sent" / f"{i:02}.jsonl",
                trainee=trainee,
                scenario=scenario,
                started_at=f"2026-03-{i + 1:02}T10:00:00+08:00",
                scores={pid: (s, 100 - s) for pid, s in scores.items()},
            )
            store.record(read_transcript(path))
        quit = write_transcript(
            tmp_path / "sent" / "quit.jsonl",
            trainee="小李",
            scenario="credit_overdue_followup",
            started_at="2026-03-20T10:00:00+08:00",
            outcome=None,
        )
        store.record(read_transcript(quit))


def _parley(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PARLEY_HOME": str(home), "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def test_states_read_from_the_scores() -> None:
    assert cohort.state_of(trend_of("p", [47, 48, 52, 45])) == "stuck"
    assert cohort.state_of(trend_of("p", [40, 45, 50, 70, 80, 85])) == "improving"
    assert cohort.state_of(trend_of("p", [90, 85, 88, 70, 65, 60])) == "slipping"
    assert cohort.state_of(trend_of("p", [80, 82, 81, 80])) == "steady"
    assert cohort.state_of(trend_of("p", [20, 30])) == "new"


def test_suggestion_aims_at_the_weakest_principle_and_says_why(tmp_path: Path) -> None:
    content = load_content()
    _fill(tmp_path, str(tmp_path / "h.sqlite3"))
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        nxt = cohort.next_for(store, content.listing(), "小李")
    assert nxt is not None
    assert nxt.reason.zh == "练风险思维：最近三次 48 → 52 → 45"
    assert nxt.reason.en.endswith("last 3 48 → 52 → 45")
    assert "risk_thinking" in nxt.principles

    # risk thinking (≈48) is the weak one; empathy (90 last time) is kept and not aimed at
    def aim(sid: str) -> int:
        return cohort.exercised(content.scenarios[sid]).get("risk_thinking", 0)

    assert aim(nxt.scenario) == max(aim(sid) for sid in content.scenarios)
    assert nxt.principles[0] == "risk_thinking"


def test_a_principle_kept_last_time_is_not_what_is_suggested() -> None:
    # Round thirty-seven's cold tryout: "练倾听与开放式提问：最近两次 0 → 100" was suggested,
    # the scenario just played, while the principle had just been kept.
    content = load_content()
    listing = content.listing()
    trends = {
        "active_listening": trend_of("active_listening", [0, 100]),
        "risk_thinking": trend_of("risk_thinking", [60, 65]),
    }
    assert trends["active_listening"].weighted < trends["risk_thinking"].weighted
    nxt = cohort.suggest(trends, {}, listing.scenarios, cohort.names_of(listing))
    assert nxt is not None and nxt.principles[0] == "risk_thinking"
    assert "倾听" not in nxt.reason.zh


def test_groups_are_made_through_the_cli(tmp_path: Path, history_db: str) -> None:
    home = tmp_path / "home"
    added = _parley(home, "cohort", "add", "2026春", "小李", "小陈", "--db", history_db)
    assert added.returncode == 0, added.stderr
    assert "added 2" in added.stdout
    again = _parley(home, "cohort", "add", "2026春", "小李", "--db", history_db)
    assert "added 0" in again.stdout
    gone = _parley(home, "cohort", "remove", "2026春", "小陈", "nobody", "--db", history_db)
    assert "removed 1" in gone.stdout and "nobody" in gone.stderr
    groups = _parley(home, "cohort", "groups", "--json", "--db", history_db)
    assert json.loads(groups.stdout) == {"2026春": ["小李"]}


def test_cohort_view_in_the_terminal(tmp_path: Path, history_db: str) -> None:
    _fill(tmp_path, history_db)
    home = tmp_path / "home"
    _parley(home, "cohort", "add", "新员工", "小李", "小陈", "--db", history_db)
    shown = _parley(home, "cohort", "--group", "新员工", "--db", history_db)
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "学员组 新员工" in out and "2 名学员" in out
    assert "<b>王</b>" not in out  # not in the group
    li = out[out.index("══ 小李") : out.index("══ 小陈")]
    chen = out[out.index("══ 小陈") :]
    assert "5 次会话（完成 4，未完成 1）" in li
    assert re.search(r"风险思维\s+[▁-█]{4}\s+\d+\s+■ 停滞 stuck\s+48 → 52 → 45", li)
    assert "▶ 下一个 next:" in li and "练风险思维：最近三次 48 → 52 → 45" in li
    from simulator.content import load_content

    bundled = len(load_content(include_local=False, raise_on_error=False).scenarios)
    # 3 tried (the quit one counts as tried)
    assert f"未试过 untried ({bundled - 3})" in li
    assert re.search(r"换位思考\s+[▁-█]{6}\s+\d+\s+↑ 进步中 improving", chen)
    assert "按原则（最弱在前）" in out and "█" in out
    since = _parley(home, "cohort", "--since", "2026-03-06", "--json", "--db", history_db)
    data = json.loads(since.stdout)
    since_by = {t["trainee"]: t for t in data["trainees"]}
    assert set(since_by) == {"小李", "小陈", "<b>王</b>"}
    assert (since_by["小李"]["sessions"], since_by["小李"]["finished"]) == (1, 0)  # the quit one
    assert since_by["小陈"]["sessions"] == 5  # the first one, on 03-05, is before
    bad = _parley(home, "cohort", "--since", "March", "--db", history_db)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    nogroup = _parley(home, "cohort", "--group", "nope", "--db", history_db)
    assert nogroup.returncode == 1 and "no cohort named 'nope'" in nogroup.stderr
    assert "Traceback" not in nogroup.stderr + bad.stderr


def test_cohort_html_is_self_contained_and_escapes_names(tmp_path: Path, history_db: str) -> None:
    _fill(tmp_path, history_db)
    page = tmp_path / "out" / "cohort.html"
    done = _parley(tmp_path / "home", "cohort", "--html", str(page), "--db", history_db)
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "&lt;b&gt;王&lt;/b&gt;" in html and "<b>王</b>" not in html
    assert html.count("<svg") == 3 + 5 and "<polyline" in html  # 3 bars, 5 sparklines
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # no network asset
    assert "练风险思维：最近三次 48 → 52 → 45" in html


def test_a_history_that_is_down_is_a_clear_error(tmp_path: Path) -> None:
    done = _parley(tmp_path, "cohort", "--db", "postgresql://u:pw@127.0.0.1:9/x")
    assert done.returncode == 1 and "cannot reach the PostgreSQL server" in done.stderr
    assert "Traceback" not in done.stderr and "pw" not in done.stderr


@pytest.mark.parametrize("command", ["history", "stats", "import"])
def test_every_history_command_reads_the_setting(tmp_path: Path, command: str) -> None:
    env_home = tmp_path / "home"
    args = [command] + ([str(tmp_path)] if command == "import" else [])
    done = subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PARLEY_HOME": str(env_home),
            "PARLEY_DATABASE_URL": "postgresql://u:pw@127.0.0.1:9/x",
        },
        timeout=60,
    )
    assert done.returncode == 1 and "cannot reach the PostgreSQL server" in done.stderr
    assert not (env_home / "history.sqlite3").exists()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_cohort_screen_in_a_real_terminal(tmp_path: Path, history_db: str) -> None:
    """`parley cohort --tui` at 100×30 in tmux: the cohort, then another group by name."""
    _fill(tmp_path, history_db)
    home = tmp_path / "home"
    _parley(home, "cohort", "add", "新员工", "小陈", "--db", history_db)
    session = f"i14-cohort-{os.getpid()}"
    command = (
        f"cd {Path(__file__).parent.parent} && PARLEY_HOME={home} "
        f"{sys.executable} -m simulator cohort --tui --db '{history_db}'"
    )

    def shown() -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-t", session, "-p"], capture_output=True, text=True
        ).stdout

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if text in (screen := shown()):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{shown()}")

    env = dict(os.environ, TERM="xterm-256color")
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command],
        check=True,
        env=env,
    )
    try:
        screen = wait_for("══ <b>王</b>")  # the name shown as typed, not as markup
        assert "学员组概况" in screen and "3 名学员" in screen
        assert "■ 停滞 stuck" in wait_for("══ 小李")
        subprocess.run(["tmux", "send-keys", "-t", session, "新员工", "Enter"], check=True)
        screen = wait_for("学员组 新员工")
        assert "1 名学员" in screen and "══ 小李" not in screen
        subprocess.run(["tmux", "send-keys", "-t", session, "Escape"], check=True)
        deadline = time.monotonic() + 10  # Esc on the only screen quits: the session ends
        while subprocess.run(["tmux", "has-session", "-t", session]).returncode == 0:
            assert time.monotonic() < deadline, shown()
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


async def test_the_palette_opens_the_cohort_over_the_library(
    tmp_path: Path, parley_home: Path
) -> None:
    from textual.widgets import Static

    from simulator.tui.app import make_app
    from simulator.tui.cohort import CohortScreen

    parley_home.mkdir(parents=True, exist_ok=True)
    _fill(tmp_path, str(parley_home / "history.sqlite3"))  # the default history
    app = make_app(seed=1, trainee="小李")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+p", *"学员组", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CohortScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str(app.screen.query_one("#cohort-text", Static).render())
        assert "══ 小李" in text and "练风险思维：最近三次 48 → 52 → 45" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CohortScreen)


def test_history_names_principles_from_the_catalog_and_keeps_the_names(tmp_path: Path) -> None:
    db = str(tmp_path / "h.sqlite3")
    _fill(tmp_path, db)
    home = tmp_path / "home"
    first = _parley(home, "history", "--trainee", "小李", "--db", db)
    assert first.returncode == 0, first.stderr
    assert "风险思维，未贷先想收 risk_thinking" in first.stdout
    kept = home / "cache" / "principle-names.json"
    assert json.loads(kept.read_text(encoding="utf-8"))["names"]["empathy"] == "换位思考"
    again = _parley(home, "history", "--trainee", "小李", "--db", db)
    assert again.stdout == first.stdout  # read from the kept names
    # names kept for another state of the catalog are not used; a torn file is read past
    stale = json.loads(kept.read_text(encoding="utf-8"))
    kept.write_text(json.dumps({"key": "old", "names": {"empathy": "旧名"}}), encoding="utf-8")
    assert "旧名" not in _parley(home, "history", "--trainee", "小李", "--db", db).stdout
    assert json.loads(kept.read_text(encoding="utf-8")) == stale  # rewritten
    kept.write_text('{"key": ', encoding="utf-8")
    assert _parley(home, "history", "--trainee", "小李", "--db", db).stdout == first.stdout
