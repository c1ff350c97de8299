"""Pilot tests of what the screen shows at 80×24: Chinese line breaking in every widget, the
log following the conversation, notices off the options, numbering, cut answers, Keep/Start/
Stop and key moments on the scorecard."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Static

from simulator.linebreak import NO_LINE_END, NO_LINE_START
from simulator.tui.app import ParleyApp, make_app
from simulator.tui.play import PlayScreen
from simulator.tui.scorecard import ScorecardScreen
from simulator.tui.widgets.chat import ChatLog, ChatMessage
from simulator.tui.widgets.options import OptionPicker
from tests.longest_lines import SCENARIO_ID, write_longest_scenario

VALID = Path(__file__).parent / "data" / "valid"
#: Closing punctuation a line must never start with ("…" may open a line of speech).
CLOSING = NO_LINE_START - set("…‥—·・")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


async def loaded(app: ParleyApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.shelf is not None


def lines_of(widget: Widget) -> list[str]:
    """The widget's rows as drawn, without padding."""
    return [widget.render_line(y).text.strip() for y in range(widget.size.height)]


def broken_rows(widget: Widget) -> list[str]:
    """Rows that start with closing or end with opening CJK punctuation."""
    rows = [row for row in lines_of(widget) if row]
    return [r for r in rows if r[0] in CLOSING or r[-1] in NO_LINE_END]


async def test_every_widget_breaks_the_longest_lines_by_the_cjk_rules(tmp_path: Path) -> None:
    folder = write_longest_scenario(tmp_path / "content")
    app = make_app(seed=1, paths=[folder], open_scenario=SCENARIO_ID)
    bad: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        for box in app.screen.query(Static):
            bad += broken_rows(box)
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        half_empty = 0
        for _ in range(80):
            await pilot.press("f3")
            await pilot.pause()
            for message in screen.query(ChatMessage):
                bad += broken_rows(message)
                rows = [r for r in lines_of(message) if r]
                # Textual wrapped at spaces: "我那 40" then the rest of the line below it.
                half_empty += sum(1 for a, b in pairwise(rows[1:]) if len(a) < 10 < len(b))
            bad += broken_rows(screen.query_one("#hint", Static))
            bad += broken_rows(screen.query_one(OptionPicker))
            await pilot.press("f3")
            await pilot.press("1", "enter")
            await pilot.pause()
            if screen.session.finished:
                break
        assert screen.session.finished
    assert bad == []
    assert half_empty == 0


async def test_the_log_follows_the_newest_line_after_the_hint_opens() -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press(*"test_supply", "enter", "p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        chat = screen.query_one(ChatLog)
        for words in ("今天天气怎么样啊", "你吃饭了吗", "周末去哪儿玩"):  # the client asks back
            screen.query_one("#answer").value = words
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("f3")  # the hint takes room from the log
        await pilot.pause()
        await pilot.pause()
        assert chat.max_scroll_y > 0
        assert chat.scroll_y == chat.max_scroll_y, "the newest line fell below the fold"
        # A clarify line after F3 is in view too.
        screen.query_one("#answer").value = "明天会下雨吗"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert chat.scroll_y == chat.max_scroll_y
        # A trainee who scrolled up to read stays where they are.
        chat.scroll_home(animate=False)
        await pilot.pause()
        assert not chat.following
        screen.query_one("#answer").value = "我们聊点别的吧"
        await pilot.press("enter")
        await pilot.pause()
        assert chat.scroll_y == 0


async def test_notices_leave_the_options_alone(home: Path) -> None:
    # An unfinished session: the library says so in a notice, which covered option 4.
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press(*"test_supply", "enter", "p", "1", "enter", "escape", "y")
        await pilot.pause()
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(app, pilot)
        await pilot.pause(0.3)
        assert app.screen.query("Toast"), "the library should offer the unfinished session"
        await pilot.press("enter")  # the unfinished session is listed first
        await pilot.pause(0.3)
        assert isinstance(app.screen, PlayScreen)
        assert not app.screen.query("Toast"), "a library notice stayed over the play screen"
        # Notices that do appear are at the top, off the options.
        await pilot.press("9", "enter")
        await pilot.pause(0.3)
        toasts = list(app.screen.query("Toast"))
        options = app.screen.query_one(OptionPicker).region
        assert toasts
        assert all(not t.region.overlaps(options) for t in toasts)


async def test_options_are_numbered_one_way() -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press(*"test_supply", "enter", "p")
        await pilot.pause()
        picker = app.screen.query_one(OptionPicker)
        prompts = [str(picker.get_option_at_index(i).prompt) for i in range(picker.option_count)]
        assert [p[:3] for p in prompts] == [f"{n}. " for n in range(1, len(prompts) + 1)]


async def test_a_cut_answer_is_said_and_recorded(home: Path) -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press(*"test_supply", "enter", "p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        best = max(screen.session.options, key=lambda o: sum(o.principles.values()))
        screen.query_one("#answer").value = best.text.zh * 400
        await pilot.press("enter")
        await pilot.pause()
        said = [str(m.content) for m in screen.query(ChatMessage)]
        assert any("只取了前 2000 字" in text for text in said), said
        # The notice is laid out in lines (spaces at a break dropped): compare without them.
        assert any("只取了前2000字" in "".join(n.message.split()) for n in app._notifications)
    transcript = next((home / "transcripts").glob("*.jsonl"))
    records = [json.loads(line) for line in transcript.read_text("utf-8").splitlines()]
    lengths = [r.get("typed_length") for r in records if r.get("type") == "turn"]
    typed = [r.get("typed") for r in records if r.get("type") == "clarify"]
    assert lengths == [len(best.text.zh) * 400] or typed == [(best.text.zh * 400)[:2000]]


async def test_scorecard_advice_is_behaviours_and_no_moment_is_empty() -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press(*"test_supply", "enter", "p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        worst = min(screen.session.options, key=lambda o: sum(o.principles.values()))
        screen.query_one("#answer").value = "下个月我保证给您多调二十条，" + worst.text.zh * 3
        await pilot.press("enter")
        await pilot.pause()
        while not screen.session.finished:
            await pilot.press("1", "enter")
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        card = app.screen
        assert isinstance(card, ScorecardScreen)
        names = {p.name.zh for p in card.session.catalog.principles.values()}
        names |= set(card.session.catalog.principles)
        for key in ("keep", "start", "stop"):
            for row in lines_of(card.query_one(f"#{key}", Static)):
                assert row.strip("│ •") not in names, row
        stop = " ".join(lines_of(card.query_one("#stop", Static)))
        assert "第 1 轮" in stop
        moments = lines_of(card.query_one("#moments", Static))
        assert not [row for row in moments if row.rstrip("│ ").endswith("·")], moments


async def test_a_chinese_notice_breaks_by_the_cjk_rules() -> None:
    app = make_app(seed=1, paths=[VALID], include_bundled=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(app, pilot)
        # 18 wide characters fill a toast's 37 cells at 80 columns: Textual folded whatever
        # came next, a "，" here, onto the next line.
        for k in range(16, 21):
            app.notify("货" * k + "，可在列表顶部继续练习。" * 3, timeout=30)
        await pilot.pause(0.3)
        toasts = list(app.screen.query("Toast"))
        assert len(toasts) == 5
        rows = [row.strip("▌ ") for toast in toasts for row in lines_of(toast)]
        rows = [row for row in rows if row]
        assert len(rows) > 10
        assert not [r for r in rows if r[0] in CLOSING], rows
