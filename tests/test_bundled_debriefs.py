"""The bundled endings' debriefs speak of moves the trainee made, not of moves on other paths."""

from __future__ import annotations

import pytest

from simulator.content import Content, load_content
from simulator.engine import Session


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(include_local=False, raise_on_error=False)


def debrief(content: Content, scenario_id: str, steps: list[str]) -> tuple[str, str]:
    scenario = content.scenarios[scenario_id]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=2)
    for step in steps:
        session.respond(step)
    assert session.ending is not None, f"{steps} did not end {scenario_id}"
    return session.ending.id, session.debrief().zh


BEST = ["clarify_role", "receivables", "firm_polite", "keep_confidential", "decline_gracefully"]
BEST += ["explain_increase", "honest_assessment", "procedure_means", "commit_actions"]


def test_no_dinner_is_said_declined_on_a_path_that_never_came_to_it(content: Content) -> None:
    # firm_polite goes from the classmate straight to the rival: no dinner was ever offered.
    ending, text = debrief(content, "credit_promise_approval", BEST)
    assert ending == "end_trust"
    assert "礼不收" in text and "私宴" not in text and "周六" not in text


def test_a_declined_dinner_is_credited_and_a_vague_one_is_named(content: Content) -> None:
    declined = ["clarify_role", "receivables", "report_up", "decline_dinner", *BEST[3:]]
    ending, text = debrief(content, "credit_promise_approval", declined)
    assert ending == "end_trust" and "周六的私宴你推了" in text
    vague = ["clarify_role", "receivables", "report_up", "maybe_dinner", *BEST[3:]]
    ending, text = debrief(content, "credit_promise_approval", vague)
    assert ending == "end_trust" and "到时候再说" in text and "私宴你推了" not in text


def test_the_partial_ending_names_only_the_faults_of_this_path(content: Content) -> None:
    # An early guarantee taken back at the door, every refusal graceful, the cousin reported:
    # the partial ending is for the guarantee, and says nothing of harsh words.
    steps = ["promise_fast", "what_speeds_it", "check_contract", "decline_with_face"]
    steps += ["commit_own_steps", "decline_dinner_alt", "disclose_relation", "honour_his_way"]
    steps += ["hand_back_kindly", "plan_with_him", "take_back_promise"]
    ending, text = debrief(content, "credit_gift_dinner", steps)
    assert ending == "end_stiff"
    assert "当面收回了" in text
    assert "太硬" not in text and "软承诺" not in text and "报备" not in text
    assert "没问清这笔单子" not in text
    blunt = ["ask_order_first", "what_speeds_it", "check_contract", "lecture_gift"]
    blunt += ["sorry_for_the_words", "commit_own_steps", "scold_dinner", "threaten_report"]
    blunt += ["honour_his_way", "throw_back", "plan_with_him", "clear_next_steps"]
    ending, text = debrief(content, "credit_gift_dinner", blunt)
    assert ending == "end_stiff" and "太硬" in text and "当面收回" not in text


def test_praise_of_a_promise_kept_is_withheld_when_the_words_promised(content: Content) -> None:
    # The last answer is read as the careful one (commit_actions) but its words vouch for the
    # approval: the ending follows the move, the debrief follows the words.
    scenario = content.scenarios["credit_promise_approval"]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=2)
    for step in BEST[:-1]:
        session.respond(step)
    words = "这周五前我把报告报上去，一千八下个月之前我保证给您批下来"
    session.respond("commit_actions", words)
    assert session.ending is not None and session.ending.id == "end_trust"
    text = session.debrief().zh
    assert "你没有拿行长的名义许诺" not in text and '没拿到"准话"' not in text
    assert "你自己的话里还有要改的：「" in text and "（谨慎承诺）" in text
    assert "保证给您批下来" in text.rsplit("你自己的话里", 1)[1]
    # picked, the same path keeps its praise and says nothing of words
    _, picked = debrief(content, "credit_promise_approval", BEST)
    assert "你没有拿行长的名义许诺" in picked and "你自己的话里" not in picked


def test_words_that_keep_the_principle_keep_the_praise(content: Content) -> None:
    scenario = content.scenarios["credit_promise_approval"]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=2)
    for step in BEST[:-1]:
        session.respond(step)
    session.respond(
        "commit_actions", "批不批我定不了，我能做到的是周五前把报告报上去，每周跟您说进度"
    )
    text = session.debrief().zh
    assert "你没有拿行长的名义许诺" in text and "你自己的话里" not in text
