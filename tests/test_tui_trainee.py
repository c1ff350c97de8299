"""Pilot tests for what a new trainee ran into: keys and words that must read right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.app import App
from textual.command import CommandPalette
from textual.geometry import Region
from textual.widgets import Input, OptionList, Static
from textual.widgets._footer import FooterKey

from simulator.scoring import option_value
from simulator.tui.app import ParleyApp, make_app
from simulator.tui.choice import ChoiceDialog
from simulator.tui.play import PlayScreen
from simulator.tui.scorecard import ScorecardScreen
from simulator.tui.widgets.answer import AnswerInput
from simulator.tui.widgets.options import OptionPicker

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    return tmp_path


async def loaded(app: ParleyApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.shelf is not None


def notices(app: ParleyApp) -> list[str]:
    """Every notification's title and message, as shown."""
    return [f"{n.title} {n.message}" for n in app._notifications]


async def test_ctrl_c_tells_how_to_quit_in_chinese() -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press(*"test_supply", "enter", "p")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
        shown = notices(app)
        assert any("退出" in text and "Ctrl+Q" in text for text in shown), shown
        assert not any("Do you want to quit" in text for text in shown), shown
        assert app.is_running


async def test_the_filter_key_the_footer_shows_is_not_typed_into_the_filter() -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("slash", *"test")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "test"


async def test_a_digit_in_the_answer_box_is_text_until_enter_picks_the_number_alone() -> None:
    # Round thirty-seven's cold tryout typed "2天之内…" and the "2" picked option 2 at once:
    # a move the trainee never made. The box says "number, then Enter", and does so.
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press(*"test_supply", "enter", "p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        answer = screen.query_one(AnswerInput)
        second = screen.session.options[1].id
        placeholder = str(answer.placeholder)
        assert "编号" in placeholder and "回车" in placeholder, placeholder
        await pilot.press("2", *"天")
        await pilot.pause()
        assert answer.value == "2天" and not screen.session.turns
        await pilot.press("backspace")
        await pilot.pause()
        # the number alone shows which option Enter will take
        assert screen.query_one(OptionPicker).highlighted == 1
        await pilot.press("enter")
        await pilot.pause()
        assert [t.option_id for t in screen.session.turns] == [second]


async def test_a_long_chinese_choice_starts_beside_its_letter() -> None:
    long = "孙姐,门面是最后一道保险,不是还款来源。真走到拍卖那一步,您十几年攒的家底就没了。" * 2
    app = App()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ChoiceDialog("你的意思是：", [("x", long)], "不，我换个说法"))
        await pilot.pause()
        choices = app.screen.query_one(OptionList)
        first = choices.render_line(0).text
        assert first.startswith("a") and "孙姐" in first, first


async def test_command_palette_speaks_chinese() -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        palette_keys = [k for k in app.screen.query(FooterKey) if k.has_class("-command-palette")]
        assert [str(k.description) for k in palette_keys] == ["命令"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        assert palette.query_one(Input).placeholder == "搜索命令……"
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        shown = " ".join(str(option.prompt) for option in palette.query_one(OptionList)._options)
        assert "配色主题" in shown and "帮助" in shown, shown
        for english in ("Theme", "Keys", "Screenshot", "Quit the application"):
            assert english not in shown, shown


async def test_resume_detail_reads_as_words_not_an_iso_stamp() -> None:
    app = make_app(seed=3, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press(*"test_supply", "enter", "p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        options = screen.session.options
        best = max(options, key=option_value)
        await pilot.press(str(options.index(best) + 1), "enter")
        await pilot.pause()
        assert not screen.session.finished
    again = make_app(seed=3, paths=[VALID], include_bundled=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await loaded(again, pilot)
        assert again.shelf is not None and len(again.shelf.unfinished) == 1
        await pilot.press("down", "up")  # the resume entry is first; show its detail
        await pilot.pause()
        detail = str(again.screen.query_one("#detail-text", Static).render())
        assert "↻ 已进行 1 轮" in detail, detail
        # Two unfinished sessions of one scenario are told apart by when each started.
        rows = again.screen.query_one("#scenarios", OptionList)._options
        resume_rows = [str(o.prompt) for o in rows if str(o.prompt).startswith("↻")]
        assert len(resume_rows) == 1, resume_rows
        assert re.search(r"（\d\d-\d\d \d\d:\d\d 开始，已进行 1 轮", resume_rows[0])
        assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d\n", detail), detail
        assert "T" not in detail.split("·")[-1].splitlines()[0], detail


async def test_english_scorecard_quotes_picked_answers_in_english() -> None:
    # Picked answers are recorded by their Chinese text; the English scorecard quoted them so.
    app = make_app(lang="en", seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press(*"test_supply", "enter", "p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        for _ in range(10):
            if screen.session.finished:
                break
            options = screen.session.options
            worst = min(options, key=option_value)  # a worse move makes a "could be better"
            await pilot.press(str(options.index(worst) + 1), "enter")
            await pilot.pause()
        assert screen.session.finished
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        shown = " ".join(
            str(app.screen.query_one(f"#{box}", Static).render())
            for box in ("moments", "principles")
        )
        assert "「" in shown, shown
        assert not re.search(r"「[^」]*[\u4e00-\u9fff]", shown), shown


async def test_chinese_hint_keeps_each_example_beside_its_principle() -> None:
    app = make_app(seed=1, include_bundled=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press(*"collateral", "enter", "p")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("f3")
        await pilot.pause()
        hint = app.screen.query_one("#hint", Static)
        strips = hint.render_lines(Region(0, 0, *hint.size))
        lines = [strip.text.strip("│╭╮╰╯─ ") for strip in strips]
        bullets = [line for line in lines if line.startswith("•")]
        assert bullets, lines
        for line in bullets:
            assert not line.endswith((":", "：")), lines
