"""The app as a browser visitor gets it: the name asked first, only their own sessions offered;
and on a terminal account, the name asked once and kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from simulator.content import load_content
from simulator.engine import Session
from simulator.settings import load_settings
from simulator.transcript import TranscriptWriter
from simulator.tui.app import ParleyApp
from simulator.tui.name import NameDialog

DATA = Path(__file__).parent / "data" / "engine"


def _unfinished(home: Path, trainee: str) -> Path:
    content = load_content([DATA])
    scenario = content.scenarios["engine_demo"]
    path = home / "transcripts" / f"{trainee}.jsonl"
    session = Session(
        scenario,
        content.personas[scenario.persona],
        content.catalog,
        seed=1,
        trainee=trainee,
        recorder=TranscriptWriter(path),
    )
    session.respond(session.options[0].id)
    return path


async def test_the_visitor_names_themself_before_anything_is_recorded(parley_home: Path) -> None:
    _unfinished(parley_home, "韩梅梅")
    mine = _unfinished(parley_home, "王小明")
    app = ParleyApp(paths=[DATA], visitor=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        await pilot.press("enter")  # nothing typed
        problem = app.screen.query_one("#problem", Static)
        assert "请填写姓名" in str(problem.render())
        app.screen.query_one("#name", Input).value = "  王小明 "
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, NameDialog)
        assert app.trainee == "王小明"
        assert app.shelf is not None and app.shelf.history
        # Another trainee's unfinished session on the same server is not offered.
        assert [t.path for t in app.shelf.unfinished] == [mine]
        await pilot.press("f2")  # the visitor's language is theirs, not the server's default
        await pilot.pause()
    assert load_settings().lang == "zh"


async def test_on_a_shared_terminal_another_trainees_session_says_whose_it_is(
    parley_home: Path,
) -> None:
    # Found by a cold tryout: the library offered 试用员 a session played by 管道, unmarked.
    from textual.widgets import OptionList

    _unfinished(parley_home, "韩梅梅")
    _unfinished(parley_home, "小李")
    app = ParleyApp(paths=[DATA], trainee="小李")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.shelf is not None and len(app.shelf.unfinished) == 2
        listing = app.screen.query_one("#scenarios", OptionList)
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        resume = [row for row in rows if row.startswith("↻")]
        assert len(resume) == 2
        assert sum("韩梅梅 的练习" in row for row in resume) == 1
        assert not any("小李" in row for row in resume)


async def test_a_local_user_is_not_asked(parley_home: Path) -> None:
    app = ParleyApp(paths=[DATA], trainee="小李")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, NameDialog)


async def test_the_first_start_on_an_account_asks_the_name_once_and_keeps_it(
    parley_home: Path,
) -> None:
    from dataclasses import replace

    from simulator.settings import save_settings

    save_settings(replace(load_settings(), lang="zh"))
    app = ParleyApp(paths=[DATA], trainee="root", ask_trainee=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        box = app.screen.query_one("#name", Input)
        assert box.value == "root"  # the login name is offered: Enter would take it
        box.value = "李华"
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, NameDialog)
        assert app.trainee == "李华" and app.shelf is not None
        await pilot.press("f2")  # switching the language keeps the name
        await pilot.pause()
    assert load_settings() == replace(load_settings(), lang="en", trainee="李华")


def test_the_name_kept_is_the_trainees_until_the_command_line_says_otherwise(
    parley_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse
    from dataclasses import replace

    from simulator.cli.rehearsal import trainee_of
    from simulator.settings import save_settings

    none = argparse.Namespace(trainee=None)
    monkeypatch.setattr("getpass.getuser", lambda: "root")
    assert trainee_of(none) == "root"  # nothing kept: the login name
    save_settings(replace(load_settings(), trainee="李华"))
    assert trainee_of(none) == "李华"
    monkeypatch.setenv("PARLEY_TRAINEE", "王芳")
    assert trainee_of(none) == "王芳"
    assert trainee_of(argparse.Namespace(trainee="张伟")) == "张伟"
    (parley_home / "settings.json").write_text('{"trainee": "bad\u0007name"}', encoding="utf-8")
    monkeypatch.delenv("PARLEY_TRAINEE")
    assert trainee_of(none) == "root"  # a kept name with a control character is not used


async def test_a_session_cut_off_by_closing_the_app_is_kept_as_abandoned(
    parley_home: Path,
) -> None:
    from simulator.store import HistoryStore

    app = ParleyApp(paths=[DATA], trainee="小李", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.start_session("engine_demo", "practice")
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        assert app.playing is not None and len(app.playing[0].turns) == 1
        app.exit()  # what a closed browser tab does to the visitor's app
    with HistoryStore() as store:
        [row] = store.sessions()
    assert (row.trainee, row.outcome, row.turns) == ("小李", "abandoned", 1)
