"""Pilot tests: play whole scenarios through the TUI by keys and typed text."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from simulator.scoring import option_value
from simulator.transcript import read_transcript
from simulator.tui.app import ParleyApp, make_app
from simulator.tui.briefing import BriefingScreen
from simulator.tui.library import LibraryScreen
from simulator.tui.play import PlayScreen
from simulator.tui.scorecard import ScorecardScreen
from simulator.tui.widgets.answer import AnswerInput
from simulator.tui.widgets.chat import ChatMessage
from simulator.tui.widgets.options import OptionPicker

if TYPE_CHECKING:
    from textual.pilot import Pilot

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"
HAS_UNDERSTANDING = importlib.util.find_spec("simulator.understanding") is not None


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    return tmp_path


async def loaded(app: ParleyApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.shelf is not None


async def open_scenario(app: ParleyApp, pilot, scenario_id: str, mode_key: str = "p") -> None:
    """Filter the library by typing the id, open the briefing, pick the mode."""
    await pilot.press(*scenario_id)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, BriefingScreen)
    assert app.screen.scenario.id == scenario_id
    await pilot.press(mode_key)
    await pilot.pause()
    assert isinstance(app.screen, PlayScreen)


def best_number(screen: PlayScreen) -> int:
    """The 1-based number of the best option shown (ties: the first shown)."""
    options = screen.session.options
    best = max(options, key=lambda o: (option_value(o), -options.index(o)))
    return options.index(best) + 1


async def play_to_end(app: ParleyApp, pilot, typed_first: bool) -> None:
    """Answer every node with its best option: keys, or the first answer typed as text."""
    screen = app.screen
    assert isinstance(screen, PlayScreen)
    for _ in range(40):
        if screen.session.finished:
            break
        number = best_number(screen)
        if typed_first and not screen.session.turns and HAS_UNDERSTANDING:
            option = screen.session.options[number - 1]
            words = option.examples.get("zh", ())[0] if option.examples.get("zh") else ""
            await pilot.press(*words)
            await pilot.press("enter")
            await pilot.pause()
            if screen.session.turns:
                continue
            # Not confidently understood (a dialog or the client asking): use the number.
            if app.screen is not screen:
                await pilot.press("escape")
                await pilot.pause()
            screen.query_one(AnswerInput).value = ""
        elif typed_first and not screen.session.turns:
            # No free-text understanding yet: the number as text after a space, the way a
            # trainee answers in words.
            await pilot.press("space", str(number), "enter")
            await pilot.pause()
            if screen.session.turns:
                continue
        await pilot.press(str(number), "enter")
        await pilot.pause()
    assert screen.session.finished


async def test_bundled_scenario_played_by_keys_reaches_the_scorecard(home: Path) -> None:
    app = make_app(seed=7, trainee="李华")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        assert app.shelf is not None
        bundled = sorted(app.shelf.listing.scenarios)
        assert bundled, "the bundled library should list scenarios"
        scenario_id = bundled[0]
        await open_scenario(app, pilot, scenario_id)
        play = app.screen
        assert isinstance(play, PlayScreen)
        await play_to_end(app, pilot, typed_first=True)
        session = play.session
        answer = play.query_one(AnswerInput)
        # Nothing is left to type: the box says how to go on, not "type your answer".
        assert answer.disabled and "回车" in str(answer.placeholder)
        assert "输入你的回答" not in str(answer.placeholder)
        await pilot.press("enter")  # the one move left: see the scorecard
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        path = app.screen.transcript
        assert path is not None and path.is_file()
        assert path.parent == home / "transcripts"
        transcript = read_transcript(path)
        assert transcript.finished
        assert transcript.header.scenario == scenario_id
        assert transcript.header.trainee == "李华"
        assert [r.turn.option_id for r in transcript.turns] == [t.option_id for t in session.turns]
        assert transcript.end is not None
        assert transcript.end.grade == session.scorecard().grade
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_practice_shows_feedback_and_undo_takes_a_turn_back() -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await open_scenario(app, pilot, "test_supply")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await pilot.press(str(best_number(screen)), "enter")
        await pilot.pause()
        assert len(screen.session.turns) == 1
        assert screen.query("ChatMessage.coach"), "practice mode shows the coach's feedback"
        assert app.active_bindings["ctrl+z"].binding.action == "undo"  # the footer offers it
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.session.turns == ()
        assert not screen.query("ChatMessage.coach")


async def test_assessment_hides_feedback_and_refuses_undo() -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await open_scenario(app, pilot, "test_supply", mode_key="a")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert len(screen.session.turns) == 1
        assert not screen.query("ChatMessage.coach")
        assert not any(  # the footer does not offer undo
            b.binding.action == "undo" and b.enabled for b in app.active_bindings.values()
        )
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(screen.session.turns) == 1
        assert any("考核模式不能撤销" in str(n.message) for n in app._notifications)  # and why
        await pilot.press("f3")  # nor a hint: the principles to watch are feedback
        await pilot.pause()
        assert screen.query_one("#hint").has_class("hidden")
        assert any("考核模式不提供提示" in str(n.message) for n in app._notifications)


async def test_play_mode_assessment_offers_assessment_first() -> None:
    # `parley play ID --mode assessment`: the briefing's Enter starts assessment.
    app = make_app(
        seed=1, paths=[VALID], include_bundled=False, open_scenario="test_supply", mode="assessment"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.session.mode == "assessment"


async def test_a_number_typed_as_text_picks_that_option() -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await open_scenario(app, pilot, "test_supply")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        second = screen.session.options[1].id
        await pilot.press("space", "２", "enter")  # full-width, after a space: the text path
        await pilot.pause()
        assert [t.option_id for t in screen.session.turns] == [second]
        await pilot.press("space", "9", "enter")  # no option 9: nothing happens
        await pilot.pause()
        assert len(screen.session.turns) == 1


async def test_a_digit_on_the_list_that_names_no_option_is_said() -> None:
    # A tryout pressed 9 on a list of three and nothing at all happened.
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(app, pilot)
        await open_scenario(app, pilot, "test_supply")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.query_one(OptionPicker).focus()
        await pilot.pause()
        count = len(screen.session.options)
        assert count < 9
        await pilot.press("9")
        await pilot.pause()
        assert not screen.session.turns
        assert any("没有第 9 个选项" in str(n.message) for n in app._notifications)
        await pilot.press("1")  # and a number that names one still picks it
        await pilot.pause()
        assert len(screen.session.turns) == 1


async def test_a_typed_turns_tags_quote_the_words_they_were_read_in() -> None:
    # Round thirty-five's cold tryout: line mode quoted 你说「…」 under each principle, the
    # TUI showed the names alone.
    from simulator.tui.play import hit_tags

    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await open_scenario(app, pilot, "test_supply")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        session = screen.session
        option = max(session.options, key=lambda o: sum(o.principles.values()))
        words = "王姐您别急，我先听您说说这个月的情况"
        typed = session.respond(option.id, typed=words)
        tags = [tag.plain for tag in hit_tags(typed, session, "zh")]
        # Each quotes the words, from the clause that says the principle (detectors.where_said).
        quoted = [tag.split("「", 1)[1].rstrip("」") for tag in tags if tag[0] in "✓✗"]
        assert quoted and all(q and q in words for q in quoted), tags
        picked = session.respond(session.options[0].id)
        assert not any("「" in tag.plain for tag in hit_tags(picked, session, "zh"))


async def _at_did_you_mean(
    app: ParleyApp, pilot: Pilot[object], monkeypatch: pytest.MonkeyPatch
) -> PlayScreen:
    """test_supply opened, with every answer read as "did you mean <its first option>?"."""
    from simulator.understanding import Candidate, Understanding

    await loaded(app, pilot)
    await open_scenario(app, pilot, "test_supply")
    screen = app.screen
    assert isinstance(screen, PlayScreen)
    first = screen.session.options[0].id
    unsure = Understanding("差不多吧", "confirm", (Candidate(first, 0.08, ""),), 0.08, 0.0)
    monkeypatch.setattr(screen.session, "understand", lambda text: unsure)
    return screen


async def test_rephrasing_after_did_you_mean_replaces_the_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_did_you_mean(app, pilot, monkeypatch)
        await pilot.press("space", *"abc", "enter")
        await pilot.pause()
        await pilot.press("escape")  # "不，我换个说法"
        await pilot.pause()
        await pilot.press(*"xyz")
        await pilot.pause()
        assert screen.query_one(AnswerInput).value.strip() == "xyz"
        assert not screen.session.turns


async def test_interrupted_session_is_offered_and_resumed_from_the_library(home: Path) -> None:
    app = make_app(seed=3, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await open_scenario(app, pilot, "test_supply")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await pilot.press(str(best_number(screen)), "enter")
        await pilot.pause()
        said = [t.option_id for t in screen.session.turns]
        path = screen.transcript
    # The app is gone mid-session, as after Ctrl-C: the finished turn is on disk.
    assert path is not None
    assert [r.turn.option_id for r in read_transcript(path).turns] == said

    again = make_app(seed=99, paths=[VALID], include_bundled=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await loaded(again, pilot)
        assert again.shelf is not None
        assert [t.path for t in again.shelf.unfinished] == [path]
        await pilot.press("enter")  # the resume entry is first in the list
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, PlayScreen)
        assert [t.option_id for t in screen.session.turns] == said
        assert screen.session.seed == 3
        await play_to_end(again, pilot, typed_first=False)
        played = [t.option_id for t in screen.session.turns]
    transcript = read_transcript(path)
    assert transcript.finished
    assert [r.turn.option_id for r in transcript.turns] == played
    assert played[: len(said)] == said and len(played) > len(said)


async def test_a_session_left_before_any_answer_is_not_offered_to_resume() -> None:
    app = make_app(seed=3, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await open_scenario(app, pilot, "test_supply")
        path = app.screen.transcript
    assert path is not None and not read_transcript(path).responses

    again = make_app(seed=99, paths=[VALID], include_bundled=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await loaded(again, pilot)
        assert again.shelf is not None and again.shelf.unfinished == ()


async def test_words_left_at_did_you_mean_come_back_in_the_answer_box(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(seed=3, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_did_you_mean(app, pilot, monkeypatch)
        await pilot.press(*"abc", "enter")
        await pilot.pause()
        path = screen.transcript
    # The app is gone while "您是想表达……吗？" is open: the words are on disk, not a turn.
    assert path is not None
    cut = read_transcript(path)
    assert not cut.turns and cut.pending == "abc"

    again = make_app(seed=99, paths=[VALID], include_bundled=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await loaded(again, pilot)
        await pilot.press("enter")  # the resume entry is first in the list
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, PlayScreen)
        assert screen.query_one(AnswerInput).value == "abc"


async def test_a_pasted_block_of_lines_is_one_answer_in_the_box() -> None:
    # Textual's Input keeps the first line of a paste only: the rest of a pasted answer was lost.
    from textual import events

    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await open_scenario(app, pilot, sorted(app.shelf.listing.scenarios)[0])
        answer = app.screen.query_one(AnswerInput)
        answer.focus()
        answer.post_message(events.Paste("第一句话\n第二句话\n\n第三句话"))
        await pilot.pause()
        assert answer.value == "第一句话 第二句话 第三句话"


async def test_commands_typed_into_the_box_are_not_said_to_the_client() -> None:
    # Round thirty-seven's cold tryout: "/foo", "/h", "q" typed into the app's answer box were
    # said to the client, who asked what they meant, 5 patience each.
    from simulator.tui.confirm import ConfirmDialog

    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await open_scenario(app, pilot, sorted(app.shelf.listing.scenarios)[0])
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        before = dict(screen.session.variables)
        for typed in ("/foo", "/h"):
            await pilot.press(*typed, "enter")
            await pilot.pause()
        assert not screen.session.responses and screen.session.variables == before
        assert screen.query_one(AnswerInput).value == ""
        await pilot.press("q", "enter")  # stops, as in line mode: asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert not screen.session.responses


async def test_english_ui_with_lang_en() -> None:
    app = make_app(lang="en", seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await open_scenario(app, pilot, "test_supply")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        first = screen.query(ChatMessage).first()
        assert "Hardly any cigarettes again." in str(first.content)
        await pilot.press("f2")
        await pilot.pause()
        first = app.screen.query(ChatMessage).first()
        assert "这个月又没几条烟。" in str(first.content)


async def test_narration_is_told_by_no_one_and_another_speaker_has_their_own_name():
    paths = [DATA / "listening", VALID / "principles.yaml"]
    app = make_app(seed=1, paths=paths, include_bundled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await open_scenario(app, pilot, "listen_demo")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        number = [o.id for o in screen.session.options].index("listen") + 1
        await pilot.press(str(number), "enter")
        await pilot.pause()
        messages = list(screen.query(ChatMessage))
        narrations = [str(m.content) for m in messages if m.has_class("narration")]
        assert narrations == ["（她放下手里的账本。）", "（女儿从里屋出来。）"]
        clients = [str(m.content) for m in messages if m.has_class("client")]
        # the opening is the persona's, with her mood; the reply to "listen" is hers too
        assert clients[0].startswith("王秀兰 · ") and clients[0].endswith("这个月又没几条烟。")
        assert clients[1] == "王秀兰\n好，那我跟你说说。"
        # the daughter speaks under her own name, without her mother's mood
        assert clients[2] == "陈晓雨\n妈，你让他说完。"
