"""Snapshots of every screen at 80×24 and 120×40, with Chinese text (and one in English).

Regenerate with `pytest tests/test_tui_snapshots.py --snapshot-update`, then read the report
before committing the new SVGs.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from simulator.tui.app import ParleyApp, make_app

VALID = Path(__file__).parent / "data" / "valid"
SIZES = [(80, 24), (120, 40)]
# The scorecard shows where the transcript went: a fixed home keeps the snapshot stable.
HOME = Path(tempfile.gettempdir()) / "parley-tui-snapshots"
# The fixed home is shared: these tests keep to one pytest-xdist worker.
pytestmark = pytest.mark.xdist_group("tui-snapshots")


@pytest.fixture(autouse=True)
def home(monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.rmtree(HOME, ignore_errors=True)
    monkeypatch.setenv("PARLEY_HOME", str(HOME))
    monkeypatch.setattr("simulator.transcript.now_iso", lambda: "2025-01-02T03:04:05+08:00")
    return HOME


def app_for(lang: str = "zh") -> ParleyApp:
    return make_app(lang=lang, seed=1, trainee="李华", paths=[VALID], include_bundled=False)  # type: ignore[arg-type]


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def briefing(pilot) -> None:
    await ready(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def playing(pilot) -> None:
    await briefing(pilot)
    await pilot.press("p")
    await pilot.pause()
    screen = pilot.app.screen
    listen = [o.id for o in screen.session.options].index("listen") + 1
    await pilot.press(str(listen), "enter")
    await pilot.pause()


async def scorecard(pilot) -> None:
    await playing(pilot)
    screen = pilot.app.screen
    blame = [o.id for o in screen.session.options].index("blame") + 1
    await pilot.press(str(blame), "enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


#: A typed answer with numbers and Latin words between Chinese: Textual broke it at the spaces
#: ("我那 40 / 万定期…") and started lines with "，".
TYPED = (
    "小同志，我那 40 万定期，你们说要转成理财，我问你，这个 R2 中低风险到底是啥意思？"
    "会不会亏本？（我老伴身体不好，每个月要 3,000 块药钱。）"
)


async def typed_with_hint(pilot) -> None:
    await briefing(pilot)
    await pilot.press("p")
    await pilot.pause()
    # Played as typed words for the "listen" move, whatever the understanding makes of them:
    # this snapshot is about the layout.
    pilot.app.screen.take_turn("listen", TYPED)
    await pilot.press("f3")
    await pilot.pause()


async def helped(pilot) -> None:
    await ready(pilot)
    await pilot.press("f1")
    await pilot.pause()


SCREENS: dict[str, Callable[..., Awaitable[None]]] = {
    "library": ready,
    "briefing": briefing,
    "play": playing,
    "scorecard": scorecard,
    "typed": typed_with_hint,
    "help": helped,
}


def steady(steps: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """`steps`, then the text boxes' cursors stop blinking: a blinking cursor was drawn or not
    depending on when the picture was taken, and the snapshots failed now and then."""

    async def run(pilot) -> None:
        await steps(pilot)
        for screen in pilot.app.screen_stack:
            for box in screen.query(Input):
                box.cursor_blink = False
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_snapshot(snap_compare, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(), terminal_size=size, run_before=steady(SCREENS[screen]))


def test_play_in_english_snapshot(snap_compare) -> None:
    assert snap_compare(app_for("en"), terminal_size=(80, 24), run_before=steady(playing))
