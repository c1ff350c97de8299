"""A large library in the TUI: listed from the kept listing, filled as it is scrolled, and a
scenario chosen from it loaded when opened and played (docs/performance.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from simulator.bench import write_generated_library
from simulator.tui.app import make_app
from simulator.tui.briefing import BriefingScreen
from simulator.tui.library import PAGE
from tests.test_tui_tmux import SESSION, tmux, wait_for

ROOT = Path(__file__).parent.parent
#: More than two pages of generated scenarios, all in one family, sorted by id.
COUNT = 150


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    folder = tmp_path / "generated"
    write_generated_library(folder, COUNT)
    return folder


def _ids(listing: OptionList) -> list[str]:
    return [
        str(listing.get_option_at_index(i).id)
        for i in range(listing.option_count)
        if not listing.get_option_at_index(i).disabled
    ]


async def test_the_list_fills_as_it_is_scrolled_and_the_filter_sees_it_all(
    generated: Path,
) -> None:
    app = make_app(paths=[generated], seed=1, trainee="小李")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        listing = app.screen.query_one("#scenarios", OptionList)
        assert app.shelf is not None and len(app.shelf.listing.scenarios) > COUNT
        assert listing.option_count == PAGE  # a page, not the whole library
        await pilot.press(*["down"] * 100)
        await pilot.pause()
        assert listing.highlighted_option is not None
        assert listing.highlighted_option.id == "bench_0100"
        assert len(_ids(listing)) > 100
        detail = str(app.screen.query_one("#detail-text", Static).render())
        assert "基准场景100" in detail and "基准客户" in detail  # title and persona, listed
        await pilot.press(*"基准场景149")  # a row never scrolled to
        await pilot.pause()
        assert _ids(listing) == ["bench_0149"]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.scenario.id == "bench_0149"


def test_a_scenario_chosen_from_a_large_listing_plays_in_a_real_terminal(
    generated: Path, parley_home: Path
) -> None:
    env = {**os.environ, "PARLEY_HOME": str(parley_home), "TERM": "xterm-256color"}
    listed = subprocess.run(  # the first start's work: the listing is kept for the next
        [sys.executable, "-m", "simulator", "list", "--json", "--content", str(generated)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    assert listed.returncode == 0, listed.stderr
    assert len([r for r in json.loads(listed.stdout) if r["id"].startswith("bench_")]) == COUNT
    command = (
        f"cd {ROOT} && PARLEY_HOME={parley_home} {sys.executable} -m simulator tui "
        f"--content {generated} --seed 1 --trainee 小李"
    )
    tmux("kill-session", "-t", SESSION)
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", SESSION, "-x", "80", "-y", "24", command],
        check=True,
        env=env,
    )
    try:
        wait_for("基准场景0")
        # Generated scenarios are gentler than the bundled retail ones: they come first.
        tmux("send-keys", "-t", SESSION, *["Down"] * 100)
        wait_for("基准场景100")
        tmux("send-keys", "-t", SESSION, "Enter")
        wait_for("情景简报 · 基准场景100")
        tmux("send-keys", "-t", SESSION, "p")  # practice mode
        wait_for("第0句话")
        tmux("send-keys", "-t", SESSION, "1", "Enter")
        wait_for("第1句")  # the client's next line (calm or annoyed): the turn was played
        tmux("send-keys", "-t", SESSION, "C-q")
    finally:
        tmux("kill-session", "-t", SESSION)
    [transcript] = list((parley_home / "transcripts").glob("*.jsonl"))
    records = [json.loads(line) for line in transcript.read_text("utf-8").splitlines()]
    assert records[0]["scenario"] == "bench_0100" and records[0]["trainee"] == "小李"
    assert len([r for r in records if r.get("type") == "turn"]) == 1


async def test_scrolling_the_list_fills_it_in_either_language(generated: Path) -> None:
    app = make_app(paths=[generated], seed=1, trainee="小李")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _language in ("zh", "en"):
            listing = app.screen.query_one("#scenarios", OptionList)
            assert listing.option_count == PAGE
            listing.scroll_end(animate=False, immediate=True)  # the mouse wheel, far down
            await pilot.pause()
            assert listing.option_count >= 2 * PAGE
            await pilot.press("f2")  # the other language: the screen is composed again
            await app.workers.wait_for_complete()
            await pilot.pause()


async def test_a_scenario_gone_since_it_was_listed_is_said_so(
    generated: Path, parley_home: Path
) -> None:
    app = make_app(paths=[generated], seed=1, trainee="小李")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Another process saw the file go and rewrote the pack: this listing is now old.
        (generated / "bench_0003.yaml").unlink()
        for pack in (parley_home / "cache").rglob("*.pack"):
            pack.unlink()
        await pilot.press(*"基准场景3", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, BriefingScreen)
        shown = [n.message for n in app._notifications]
        assert any("bench_0003" in m for m in shown), shown
        await pilot.press("backspace", "4", "enter")  # 基准场景4: still there, and opens
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.scenario.id == "bench_0004"
