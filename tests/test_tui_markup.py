"""Text written by trainees and coaches is shown literally, never parsed as markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.tui.app import ParleyApp, make_app
from simulator.tui.briefing import BriefingScreen
from simulator.tui.play import PlayScreen
from simulator.tui.scorecard import ScorecardScreen

DATA = Path(__file__).parent / "data"
FILES = [DATA / "valid" / "principles.yaml", DATA / "tui"]
# Close enough to the option "listen" to earn its feedback, markup and all.
TYPED = "[bold]您说说[/bold]情况 [link=https://example.com]点这里[/link] [@click=app.quit]走[/]"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    return tmp_path


def screen_text(app: ParleyApp) -> str:
    """Everything on screen as plain text, one row per line."""
    return "\n".join(
        "".join(segment.text for segment in strip)
        for strip in app.screen._compositor.render_strips()
    )


async def test_scenario_and_trainee_markup_shows_literally() -> None:
    app = make_app(seed=1, paths=FILES, include_bundled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "[b]标记[/b]测试" in text  # library row and detail
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        text = screen_text(app)
        assert "[red]王[/red]老板" in text
        assert "[link=https://example.com]链接[/link]" in text
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        text = screen_text(app)
        assert "[bold]别[/bold]来这套 [@click=app.quit]退出[/]" in text
        assert "[yellow]情况[/yellow]" in text
        # The trainee's own words, as the understanding step hands them to the screen.
        screen.take_turn("listen", TYPED)
        await pilot.pause()
        text = screen_text(app)
        assert TYPED in text
        assert "先听 [dim]后讲[/dim]。" in text
        assert "[blink]结束[/blink]" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        text = screen_text(app)
        assert "复盘 [u]下划线[/u]" in text
        assert app.is_running, "a [@click=app.quit] in the text must not have run an action"
