"""The TUI library at a department's scale: search by family, difficulty, principle and title,
and the trainee's suggested next scenario marked with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from simulator.content import load_content
from simulator.scenario_filter import matches, parse
from simulator.store import HistoryStore
from simulator.transcript import read_transcript
from simulator.tui.app import ParleyApp, make_app
from tests.test_store import write_transcript


@pytest.fixture(scope="module")
def bundled():
    return load_content()


def kept(content, text: str) -> set[str]:
    query = parse(text)
    listing = content.listing()
    return {s.id for s in listing.scenarios.values() if matches(s, query, listing.principles)}


def test_family_difficulty_principle_and_title_terms(bundled) -> None:
    credit = {s for s in bundled.scenarios if s.startswith("credit_")}
    assert kept(bundled, "family:credit") == credit
    assert kept(bundled, "类:信贷") == credit == kept(bundled, "信贷")
    assert kept(bundled, "类：信贷 难度:4") == {
        s for s in credit if bundled.scenarios[s].difficulty == 4
    }
    assert kept(bundled, "★3-3") == {s for s, v in bundled.scenarios.items() if v.difficulty == 3}
    risky = {s for s, v in bundled.scenarios.items() if "risk_thinking" in v.principles_in_focus}
    assert risky and kept(bundled, "原则:风险") == risky == kept(bundled, "principle:risk_th")
    assert kept(bundled, "标题:逾期") == {"credit_overdue_followup"}
    assert kept(bundled, "family:credit family:pitch") == {
        s for s in bundled.scenarios if not s.startswith("retail_")
    }
    assert kept(bundled, "难度:x") == set()  # read as a word: nothing has it
    assert kept(bundled, "") == set(bundled.scenarios)


async def _loaded(app: ParleyApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.shelf is not None


def _rows(app: ParleyApp) -> list[str]:
    listing = app.screen.query_one("#scenarios", OptionList)
    return [
        str(listing.get_option_at_index(i).prompt)
        for i in range(listing.option_count)
        if not listing.get_option_at_index(i).disabled
    ]


async def test_the_library_filters_as_the_trainee_types() -> None:
    app = make_app(seed=1, trainee="小李")
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(app, pilot)
        await pilot.press(*"类:信贷 难度:4")
        await pilot.pause()
        rows = _rows(app)
        shelf = app.shelf
        assert shelf is not None
        expected = [
            s.title.zh
            for s in shelf.listing.scenarios.values()
            if s.family == "credit" and s.difficulty == 4
        ]
        assert len(rows) == len(expected) >= 2
        assert all(any(title in row for row in rows) for title in expected)


async def test_the_library_marks_the_next_scenario_and_says_why(parley_home: Path) -> None:
    parley_home.mkdir(parents=True, exist_ok=True)
    with HistoryStore() as store:  # the default history, where the app looks
        for i, score in enumerate([47, 48, 52, 45]):
            path = write_transcript(
                parley_home / "sent" / f"{i}.jsonl",
                trainee="小李",
                scenario="credit_collateral_only",
                started_at=f"2026-03-0{i + 1}T10:00:00+08:00",
                scores={"risk_thinking": (score, 100 - score), "empathy": (90, 10)},
            )
            store.record(read_transcript(path))
    app = make_app(seed=1, trainee="小李")
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(app, pilot)
        assert app.shelf is not None and app.shelf.suggestion is not None
        listing = app.screen.query_one("#scenarios", OptionList)
        first = listing.get_option_at_index(0)
        assert first.disabled and "下一个建议" in str(first.prompt)
        marked = str(listing.get_option_at_index(1).prompt)
        assert marked.startswith("▶ ") and "练风险思维：最近三次 48 → 52 → 45" in marked
        await pilot.pause()
        detail = str(app.screen.query_one("#detail-text", Static).render())
        assert "练风险思维：最近三次 48 → 52 → 45" in detail
    other = make_app(seed=1, trainee="新人")  # no history: no mark
    async with other.run_test(size=(100, 30)) as pilot:
        await _loaded(other, pilot)
        assert other.shelf is not None and other.shelf.suggestion is None
