"""Keep/Start/Stop name behaviours drawn from the session, never a bare principle name."""

from __future__ import annotations

import random

import pytest

from simulator.content import Content, load_content
from simulator.engine import Session
from simulator.render import render_scorecard


@pytest.fixture(scope="module")
def bundled() -> Content:
    return load_content(include_local=False)


def walk(content: Content, scenario_id: str, seed: int, typed: dict[int, str] | None = None):
    scenario = content.scenarios[scenario_id]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=seed)
    rng = random.Random(seed)
    while not session.finished:
        option = rng.choice(session.options)
        text = (typed or {}).get(len(session.turns))
        session.respond(option.id, text)
    return session


def test_every_line_is_a_behaviour_and_keep_shares_no_principle(bundled: Content) -> None:
    names = {n for p in bundled.catalog.principles.values() for n in (p.name.zh, p.name.en)}
    checked = 0
    for scenario_id in sorted(bundled.scenarios):
        for seed in range(6):
            card = walk(bundled, scenario_id, seed).scorecard()
            kinds = {"keep": set(card.keep), "start": set(card.start), "stop": set(card.stop)}
            assert not kinds["keep"] & kinds["start"]
            assert not kinds["keep"] & kinds["stop"]
            if kinds["start"] & kinds["stop"]:
                # Only to say what to say instead of what Stop names, when nothing else is new.
                (start,) = [a for a in card.advice if a.kind == "start"]
                assert start.turn is not None
            for advice in card.advice:
                for lang in ("zh", "en"):
                    line = advice.line(lang)
                    assert line.strip("•").strip() not in names, (scenario_id, seed, line)
                    assert line and line != "—"
                    checked += 1
                if advice.turn is not None:
                    assert f"第 {advice.turn + 1} 轮" in advice.line("zh")
    assert checked > 100


def test_a_guarantee_is_named_as_the_behaviour_to_stop_with_its_turn(bundled: Content) -> None:
    scenario = bundled.scenarios["credit_promise_approval"]
    session = Session(scenario, bundled.personas[scenario.persona], bundled.catalog, seed=1)
    first = session.options[0]
    session.respond(first.id, "放心吧，包在我身上，下周一定批下来")
    card = session.scorecard()
    stop = [a.line("zh") for a in card.advice if a.kind == "stop"]
    assert "对做不到或不归你管的结果打包票（第 1 轮）" in stop
    assert "careful_promise" in card.stop and "careful_promise" not in card.start
    lines = render_scorecard(card, scenario, bundled.catalog, "zh")
    assert "停止：对做不到或不归你管的结果打包票（第 1 轮）" in lines
    english = render_scorecard(card, scenario, bundled.catalog, "en")
    assert "Stop: Guaranteeing an outcome that is not yours to give (turn 1)" in english


def test_keep_never_quotes_words_that_also_broke_a_principle(bundled: Content) -> None:
    for scenario_id in sorted(bundled.scenarios):
        for seed in range(6):
            session = walk(bundled, scenario_id, seed)
            card = session.scorecard()
            for advice in card.advice:
                if advice.kind == "keep" and advice.turn is not None:
                    turn = session.turns[advice.turn]
                    assert not [h for h in turn.hits if h.weight < 0], (scenario_id, seed)


def test_a_key_moment_with_no_words_still_says_something(bundled: Content) -> None:
    scenario = bundled.scenarios["retail_supply_cold"]
    session = Session(scenario, bundled.personas[scenario.persona], bundled.catalog, seed=1)
    worst = min(session.options, key=lambda o: sum(o.principles.values()))
    session.respond(worst.id, "   ")  # words that are only spaces
    card = session.scorecard()
    lines = render_scorecard(card, scenario, bundled.catalog, "zh")
    moments = [line for line in lines if line.strip().startswith("第 1 轮")]
    assert moments and all("什么也没说" in line for line in moments), moments


def test_start_names_a_move_passed_over_when_every_principle_in_focus_was_touched(
    bundled: Content,
) -> None:
    # Every principle in focus kept or broken left "开始尝试：—" in most sessions. What the
    # better move at a weak turn upheld, and the session never earned, is what to start.
    scenario = bundled.scenarios["credit_promise_approval"]
    session = Session(scenario, bundled.personas[scenario.persona], bundled.catalog, seed=1)
    for step in ["clarify_role", "receivables", "bend", "maybe_dinner", "keep_confidential"]:
        session.respond(step)
    session.respond("tea_only")
    card = session.scorecard()
    (start,) = [a for a in card.advice if a.kind == "start"]
    assert start.principle not in scenario.principles_in_focus
    assert start.turn is not None and start.line("zh").startswith(f"第 {start.turn + 1} 轮")
    assert card.principles.get(start.principle) is None  # never earned
    assert start.principle not in card.keep + card.stop


def test_typed_words_read_as_the_best_move_but_said_badly_are_shown_its_phrasing(
    bundled: Content,
) -> None:
    scenario = bundled.scenarios["credit_promise_approval"]
    session = Session(scenario, bundled.personas[scenario.persona], bundled.catalog, seed=1)
    best = session.node.option("clarify_role") if session.node else None
    assert best is not None
    session.respond("clarify_role", "这事我说了算，八百万下周保证给您批下来，您放心")
    (moment,) = session.scorecard().worst_moments
    assert moment.better_option == "clarify_role" and moment.better_text == best.text
    assert moment.same_move  # shown as "这一步可以这样说", not as another, better move
    lines = render_scorecard(session.scorecard(), scenario, bundled.catalog, "zh")
    assert any(line.strip().startswith("这一步可以这样说：") for line in lines)
    assert not any(line.strip().startswith("更好的说法：") for line in lines)


def test_start_says_what_to_say_instead_when_nothing_else_is_new(bundled: Content) -> None:
    # Every move the best: only the overpromise at the opening broke anything, and Start said
    # "—". It now says what the opening's better move would have said.
    scenario = bundled.scenarios["credit_promise_approval"]
    session = Session(scenario, bundled.personas[scenario.persona], bundled.catalog, seed=1)
    session.respond("clarify_role", "这事我说了算，八百万下周保证给您批下来，您放心")
    while not session.finished:
        session.respond(max(session.options, key=lambda o: sum(o.principles.values())).id)
    card = session.scorecard()
    (start,) = [a for a in card.advice if a.kind == "start"]
    assert start.principle in card.stop and start.turn == 0
    assert "第 1 轮" in start.line("zh")
    # From the move the words were read as, not a colder one that also keeps the principle.
    cold = scenario.nodes["opening"].option("cold_rule")
    assert cold is not None and cold.text.zh[:6] not in start.line("zh")


def test_start_never_points_at_a_turn_that_kept_the_principle(bundled: Content) -> None:
    # A tryout was told "开始尝试：第 N 轮可以说「…」" of turns its own typed words were
    # credited for (here: most answers typed as the option's own words).
    for scenario_id in (
        "retail_grey_cigarettes",
        "credit_promise_approval",
        "pitch_internal_politics",
    ):
        scenario = bundled.scenarios[scenario_id]
        for seed in range(3):
            persona = bundled.personas[scenario.persona]
            session = Session(scenario, persona, bundled.catalog, seed=seed)
            rng = random.Random(seed)
            while not session.finished:
                option = rng.choice(session.options)
                session.respond(option.id, option.text.zh if rng.random() < 0.7 else None)
            for advice in session.scorecard().advice:
                if advice.kind != "start" or advice.turn is None:
                    continue
                turn = session.turns[advice.turn]
                assert not any(
                    h.principle == advice.principle and h.weight > 0 for h in turn.hits
                ), (scenario_id, seed, advice.principle, advice.turn)


def test_start_never_suggests_a_move_that_breaks_something_else(bundled: Content) -> None:
    # Round twenty-eight's cold tryout was told "开始尝试：第 8 轮可以说「不是我不给面子，规定就是
    # 规定，我也没办法。」": it keeps the rule and breaks warmth and empathy.
    from simulator import advice
    from simulator.scoring import option_value

    scenario = bundled.scenarios["credit_gift_dinner"]
    session = Session(scenario, bundled.personas[scenario.persona], bundled.catalog, seed=1)
    while not session.finished:
        untagged = [o for o in session.options if o.principles.get("integrity", 0) == 0]
        session.respond(max(untagged or session.options, key=option_value).id)
    start = advice._missed("integrity", scenario, session.turns, bundled.catalog)
    line = start.line("zh")
    assert "规定就是规定" not in line
    options = {o.text.zh: o for node in scenario.nodes.values() for o in node.options}
    for text, option in options.items():
        if text[:12] in line:
            assert min(option.principles.values()) >= 0, line
