"""Snapshots of the group replay with six trainees, at 120×40 and 80×24.

Six transcripts of one scenario (tests/data/transcripts/six): the hidden step, a revealed
step where the client said different things to different trainees (mood variants), one
trainee zoomed in, and the summary. Every trainee must be on screen with what they said, the
principles it hit and the trust it cost. Regenerate with
`pytest tests/test_replay_snapshots.py --snapshot-update`, then read the report.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from simulator.group import load_group
from simulator.tui.replay import ReplayApp

SIX = Path(__file__).parent / "data" / "transcripts" / "six"
SIZES = [(120, 40), (80, 24)]


async def hidden(pilot) -> None:
    await pilot.pause()


async def variants(pilot) -> None:
    await pilot.press("right")  # step 2: the client greeted trainees in different moods
    await pilot.press("space")
    await pilot.pause()


async def zoomed(pilot) -> None:
    await pilot.press("space", "down", "down", "down", "down", "down", "enter")  # 小陈
    await pilot.pause()


async def summary(pilot) -> None:
    await pilot.press("s")
    await pilot.pause()


STATES: dict[str, Callable[..., Awaitable[None]]] = {
    "hidden": hidden,
    "variants": variants,
    "zoomed": zoomed,
    "summary": summary,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("state", list(STATES))
def test_six_trainees_fit(snap_compare, state: str, size: tuple[int, int]) -> None:
    app = ReplayApp(load_group([SIX]))
    assert snap_compare(app, terminal_size=size, run_before=STATES[state])


async def test_every_trainee_is_on_screen_at_80x24() -> None:
    """Not only drawn somewhere: each row, with its hits and trust, within the 24 lines."""
    app = ReplayApp(load_group([SIX]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        screen = app.screen
        for i in range(6):
            row = screen.query_one(f"#answer-{i}")
            assert row.region.height == 2 and 0 < row.region.bottom <= 23, (i, row.region)
        # Selection moves the highlight and keeps the selected row in view.
        await pilot.press("down", "down")
        assert screen.query_one("#answer-2").has_class("-selected")


async def test_the_stylesheet_is_there_from_the_start() -> None:
    """The replay is the app's default screen; its .tcss must not wait for a dialog to load."""
    app = ReplayApp(load_group([SIX]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        selected, other = app.screen.query_one("#answer-0"), app.screen.query_one("#answer-1")
        assert selected.styles.border_left[0] == "wide"
        assert selected.styles.background != other.styles.background  # the highlight


async def test_twelve_trainees_fit_120x40(tmp_path: Path) -> None:
    import json

    for copy in range(2):
        for path in SIX.glob("*.jsonl"):
            lines = path.read_text("utf-8").splitlines()
            header = json.loads(lines[0])
            header["trainee"] += f"-{copy + 1}"
            text = "\n".join([json.dumps(header, ensure_ascii=False), *lines[1:]]) + "\n"
            (tmp_path / f"{copy}-{path.name}").write_text(text, "utf-8")
    app = ReplayApp(load_group([tmp_path]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        for i in range(12):
            row = app.screen.query_one(f"#answer-{i}")
            assert 0 < row.region.bottom <= 39, (i, row.region)


def test_a_session_copied_twice_is_one_trainee(tmp_path: Path) -> None:
    import shutil

    shutil.copy(SIX / "t1.jsonl", tmp_path / "t1.jsonl")
    shutil.copy(SIX / "t1.jsonl", tmp_path / "t1 (copy).jsonl")
    group = load_group([tmp_path])
    assert [t.label for t in group.trainees] == ["小李"]
    assert any("shown once" in w for w in group.warnings)


async def test_the_zoomed_card_scrolls_by_keyboard() -> None:
    app = ReplayApp(load_group([SIX]))
    async with app.run_test(size=(60, 20)) as pilot:  # a small window: the card overflows
        await pilot.press("space", *["down"] * 5, "enter")  # 小陈, the long pasted link
        await pilot.pause()
        zoom = app.screen.query_one("#replay-zoom")
        assert zoom.max_scroll_y > 0 and zoom.scroll_y == 0
        await pilot.press("down")
        await pilot.pause()
        assert zoom.scroll_y > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert zoom.scroll_y == zoom.max_scroll_y or zoom.scroll_y > 1
        await pilot.press("escape")  # out of the zoom, not out of the replay
        await pilot.pause()
        assert not app.screen.zoomed and app.is_running
