"""Grades, per-principle and per-area subtotals, key moments and Keep/Start/Stop."""

from __future__ import annotations

import pytest

from simulator.content import Content, load_content
from simulator.engine import Session
from simulator.scoring import RED_LINE_CAP, PrincipleHit
from tests.conftest import DATA


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(
        [DATA / "engine", DATA / "valid" / "principles.yaml"],
        include_bundled=False,
        include_local=False,
    )


def play(content: Content, *moves: str) -> Session:
    scenario = content.scenarios["engine_demo"]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=1)
    for move in moves:
        session.respond(move)
    return session


def test_best_path_scores_100(content: Content) -> None:
    card = play(content, "ask_repay", "explain").scorecard()
    assert card.outcome == "success" and card.ending_id == "end_good"
    assert card.grade == 100
    assert card.principles["risk_thinking"].points_for == 2
    assert card.principles["authority_boundary"].score == 100


def test_grade_blends_turn_quality_and_ending(content: Content) -> None:
    # open: values ask_repay 2, talk_amount -3, insult -3 -> talk_amount quality 0.0
    # amount: explain 3, take_gift -3, stall -1 -> explain quality 1.0; ending partial (0.5)
    card = play(content, "talk_amount", "explain").scorecard()
    assert card.outcome == "partial"
    assert card.grade == round(100 * (0.75 * 0.5 + 0.25 * 0.5))


def test_red_line_is_capped(content: Content) -> None:
    card = play(content, "ask_repay", "take_gift").scorecard()
    assert card.red_line and card.outcome == "fail"
    assert card.grade == min(RED_LINE_CAP, round(100 * 0.75 * 0.5))
    assert "integrity" in card.stop


def test_subtotals_per_principle_and_area(content: Content) -> None:
    card = play(content, "talk_amount", "explain").scorecard()
    risk = card.principles["risk_thinking"]
    assert (risk.points_for, risk.points_against, risk.score) == (0, 2, 0)
    promise = card.principles["careful_promise"]
    assert (promise.points_for, promise.points_against) == (1, 1)
    assert promise.score == 50
    areas = {a.area: a for a in card.areas.values()}
    total_for = sum(a.points_for for a in areas.values())
    total_against = sum(a.points_against for a in areas.values())
    # simulator.sequence adds one order-aware hit: an amount was offered before exploring
    assert [(h.principle, h.weight) for h in card.session_hits] == [("active_listening", -1)]
    assert (total_for, total_against) == (3, 4)


def test_key_moments_offer_the_better_option(content: Content) -> None:
    card = play(content, "talk_amount", "explain").scorecard()
    worst = card.worst_moments[0]
    assert worst.node_id == "open" and worst.better_option == "ask_repay"
    assert worst.better_text is not None and "还款" in worst.better_text.zh
    assert [m.node_id for m in card.best_moments] == ["amount"]


def test_trajectory_and_keep_start_stop(content: Content) -> None:
    card = play(content, "insult", "explain").scorecard()
    assert card.trajectory == ((28, 50), (8, 40), (8, 40))
    assert "respect_client" in card.stop
    # In focus and never shown, but broken (amounts before repayment): Stop, and only Stop.
    assert "risk_thinking" in card.stop and "risk_thinking" not in card.start
    assert "integrity" in card.start  # in focus, never touched
    assert "authority_boundary" in card.keep


def test_abandoned_session_has_no_ending_points(content: Content) -> None:
    card = play(content, "ask_repay").scorecard()
    assert card.outcome == "abandoned" and card.ending_id is None
    assert card.grade == 75


def test_a_pasted_page_is_quoted_short_in_the_key_moments() -> None:
    from simulator.content import load_content
    from simulator.engine import Session
    from simulator.scoring import MOMENT_CHARS, option_value

    content = load_content(include_local=False, raise_on_error=False)
    scenario = content.scenarios["credit_collateral_only"]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=1)
    best = max(session.options, key=option_value)
    paste = best.text.zh + "好" * 1900
    session.respond(best.id, typed=paste)
    card = session.scorecard()
    moments = card.best_moments + card.worst_moments
    assert moments and all(len(m.said) <= MOMENT_CHARS for m in moments)
    assert session.turns[0].said == paste  # the turn keeps every word


def test_a_plan_deep_into_the_talk_is_no_skipped_exploring() -> None:
    # "Explore before the solution" reads the opening turns: a plan first offered in turn 5,
    # after four turns that neither explored nor offered one, is not marked down for it.
    import dataclasses

    from simulator import sequence

    bundled = load_content(include_local=False, raise_on_error=False)
    scenario = bundled.scenarios["credit_collateral_only"]
    session = Session(scenario, bundled.personas[scenario.persona], bundled.catalog, seed=1)
    turn = session.respond(session.options[0].id, "嗯，好的")
    quiet = [dataclasses.replace(turn, index=i, typed="嗯，好的", hits=()) for i in range(4)]
    plan = dataclasses.replace(turn, index=4, typed="我建议您先把流水拿来，我帮您算一算", hits=())
    hits = sequence.session_hits(scenario, [*quiet, plan])
    assert not any(h.principle == "active_listening" and h.weight < 0 for h in hits)
    # In the opening turns the same plan still counts as jumping to a fix.
    early = sequence.session_hits(scenario, [dataclasses.replace(plan, index=0)])
    assert any(h.principle == "active_listening" and h.weight < 0 for h in early)


def test_line_mode_puts_the_order_checks_under_their_own_heading(content: Content) -> None:
    from simulator.render import render_scorecard

    session = play(content, "talk_amount", "explain")
    lines = render_scorecard(session.scorecard(), session.scenario, content.catalog, "zh")
    heading = lines.index("整场：")
    assert "倾听与开放式提问" in lines[heading + 1] or "-1" in lines[heading + 1]
    assert heading > lines.index("各项原则：")


def test_line_mode_quotes_the_typed_words_a_moves_tags_were_counted_on() -> None:
    # A typed answer taken as a trap is charged through the option's tags, with no detector
    # reading the words: the scorecard still quotes them under the principle, as the TUI does
    # (round thirty-three's cold tryout found the penalty with no words under it).
    from simulator.render import render_scorecard

    bundled = load_content(include_local=False, raise_on_error=False)
    scenario = bundled.scenarios["credit_collateral_only"]
    session = Session(scenario, bundled.personas[scenario.persona], bundled.catalog, seed=1)
    typed = "那就先找家评估公司看看您的店面值多少"
    turn = session.respond("appraisal_first", typed)
    charged = [h for h in turn.hits if h.principle == "risk_thinking" and h.weight < 0]
    assert charged and charged[0].source == "option"
    lines = render_scorecard(session.scorecard(), scenario, bundled.catalog, "zh")
    heading = next(i for i, line in enumerate(lines) if line.startswith("  风险思维"))
    assert lines[heading + 1].strip() == f"－「{typed}」"


def order_hits(scenario_id: str, said: str) -> list[PrincipleHit]:
    """The order checks' hits on `said`, typed as the opening turn of the bundled scenario."""
    import dataclasses

    from simulator import sequence

    bundled = load_content(include_local=False, raise_on_error=False)
    scenario = bundled.scenarios[scenario_id]
    session = Session(scenario, bundled.personas[scenario.persona], bundled.catalog, seed=1)
    turn = session.respond(session.options[0].id)
    return sequence.session_hits(
        scenario, [dataclasses.replace(turn, index=0, typed=said, hits=())]
    )


def test_asking_what_the_money_is_for_explores_and_asks_the_purpose() -> None:
    # "这八百万打算干啥用？" is an open question and asks the loan's purpose: neither order check
    # marks the turn down, though it also says what the trainee can promise.
    said = "这个我不敢保证，能保证的是材料这周报上去。您这次多出来的八百万打算干啥用？"
    hits = order_hits("credit_promise_approval", said)
    assert not any(h.weight < 0 for h in hits), hits


def test_by_no_means_is_no_amount() -> None:
    # Found by a cold tryout: "千万别再说了" (by no means) was read as an amount, and the
    # scorecard said the turn discussed amounts before asking how the loan is repaid.
    hits = order_hits("credit_gift_dinner", "有李科长照应这话您可千万别再说了，他是您亲戚就得回避")
    assert not any(h.principle == "risk_thinking" and h.weight < 0 for h in hits), hits
    hits = order_hits("credit_gift_dinner", "这次先批两千万吧")
    assert any(h.principle == "risk_thinking" and h.weight < 0 for h in hits), hits


def test_an_amount_named_as_someone_elses_call_is_no_amount() -> None:
    # Round twenty-six's cold tryout: saying who decides the amount is not discussing one.
    said = "批不批、批多少是审批部门说了算，我能做的是材料齐了当天报上去"
    hits = order_hits("credit_gift_dinner", said)
    assert not any(h.principle == "risk_thinking" and h.weight < 0 for h in hits), hits


def test_asking_to_see_the_workshop_explores() -> None:
    # Found by a cold tryout: "要不您先带我到车间里转一圈" read as jumping to a fix.
    said = "报表我先收着。赵总，要不您先带我到车间里转一圈，看看机器和手上的单子？"
    hits = order_hits("credit_statements_mismatch", said)
    assert not any(h.principle == "active_listening" and h.weight < 0 for h in hits), hits


@pytest.mark.parametrize(
    ("scenario_id", "no_plan", "plan"),
    [
        # Round twenty-eight's cold tryout: "我不会跟您讲保证…" was marked down as a fix offered
        # before exploring (and the same turn was praised as a key moment).
        (
            "credit_gift_dinner",
            "黄总莫急，您这单子要紧我晓得。不过我不会跟您讲保证腊月二十前到账，批不批我做不了主",
            "黄总放心，我保证腊月二十前到账",
        ),
        # Round forty-two's cold tryout: "不过您的事我一定认真办" vouches for how the trainee
        # will work; the turn was marked down as a fix offered before exploring.
        (
            "credit_promise_approval",
            "钱总，这个准话我真给不了，额度是审批部门和贷审会定的。不过您的事我一定认真办。",
            "钱总，这事我一定给您办成。",
        ),
    ],
)
def test_a_promise_refused_or_ones_own_care_is_no_plan_offered_before_asking(
    scenario_id: str, no_plan: str, plan: str
) -> None:
    hits = order_hits(scenario_id, no_plan)
    assert not any(h.principle == "active_listening" and h.weight < 0 for h in hits), hits
    hits = order_hits(scenario_id, plan)
    assert any(h.principle == "active_listening" and h.weight < 0 for h in hits), hits
