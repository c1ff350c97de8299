"""Issue 10: what the trainee said is judged — stance, counter-examples, words over the menu."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simulator import analysis
from simulator.content import Content, load_content
from simulator.detectors import detect
from simulator.engine import Session
from simulator.model import Option
from simulator.scoring import option_value
from simulator.stance import clauses
from simulator.understanding import Matcher, understand
from simulator.verdict import judge

EVAL = Path(__file__).parent / "data" / "eval"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(include_local=False, raise_on_error=False)


def kinds(text: str) -> list[str]:
    return [c.kind for c in clauses(text)]


# -- stance ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "这份报价我不能发给您",
        "展期我没法答应",
        "细支烟也不代表危害小",
        "那也不是我说了算的",
        "这可不是小事",
        "展期这事我做不了主",
        "批下来我包不了",
        "今年的收益我真的没办法跟您打包票",  # the cue far before its verb
    ],
)
def test_negation_reaches_the_end_of_its_clause(text: str) -> None:
    [clause] = clauses(text)
    assert clause.kind == "negate"
    assert clause.negated[-1], text


def test_clauses_are_read_one_by_one() -> None:
    assert kinds("我不能保证能批，但材料今天就报上去") == ["negate", "affirm"]
    assert kinds("如果材料齐了，一般两周能批") == ["condition", "affirm"]
    assert kinds("钱准备怎么用") == ["ask"]
    assert kinds("能不能批不是我说了算") == ["negate"]  # an embedded A不A asks nothing
    assert kinds("不是我不想帮您")[0] == "negate"
    assert not clauses("不是我不想帮您")[0].negated[-1]  # two negations cancel


def test_a_refused_request_repeated_as_a_question_is_negated_with_it() -> None:
    request, refusal = clauses("报告往好了写？这个我做不到")
    assert all(request.negated) and all(refusal.negated)
    assert request.kind == "negate"


@pytest.mark.parametrize(
    "text",
    [
        "私下塞红包？那我可不干",  # a refusal with no topic of its own
        "下月保证到账，我现在不能这么讲",  # a statement the refusal points back to
        "返现这种事，我们绝对不做",  # a topic named for the refusal that follows
        "多送两箱？我可不要",  # the cue is the whole predicate
    ],
)
def test_a_short_refusal_negates_what_was_said_before_it(text: str) -> None:
    first, refusal = clauses(text)
    assert all(first.negated) and all(refusal.negated), (first, refusal)


@pytest.mark.parametrize(
    "text",
    [
        "这个属于人家的信息，我不好讲",
        "这是人家的隐私，这个我不能说",
        "那是别的客户的资料，我不方便透露",
    ],
)
def test_a_refusal_after_saying_what_a_thing_is_keeps_what_it_is(
    content: Content, text: str
) -> None:
    # The refusal acts on the thing ("I can't tell you that"); it does not deny what the thing
    # is, so keeping another client's secret is kept, not flipped into a leak.
    first, refusal = clauses(text)
    assert not any(first.negated) and any(refusal.negated), (first, refusal)
    hits = {(h.principle, h.polarity) for h in detect(text, content.catalog)}
    assert ("confidentiality", "upholds") in hits and ("confidentiality", "violates") not in hits


def test_a_refused_topic_reads_as_its_opposite() -> None:
    # "保本不会亏" is refused: its own negation turns back, so 亏 is said plainly.
    [clause] = clauses("保本不会亏这种话我可不敢讲")
    assert clause.kind == "negate"
    assert not clause.negated[clause.text.index("亏")]
    assert all(clause.negated[clause.text.index("我") :])


@pytest.mark.parametrize(
    "text",
    [
        "周一就把新稿全拿出来不太现实",  # the verdict on the clause's own content
        "周一就把新稿全拿出来，不太现实",  # …or on the statement just made
        "周一交全套新稿，这个真做不到",
        "三天全改完是办不到的",
    ],
)
def test_a_verdict_denies_what_it_judges(content: Content, text: str) -> None:
    assert all(all(c.negated) for c in clauses(text)), [(c.text, c.kind) for c in clauses(text)]
    scenario = content.scenarios["pitch_proposal_overhaul"]
    reading = understand(scenario, "timeline", text)
    assert "monday_all" not in [c.option_id for c in reading.candidates]
    # The same content said plainly is still that option. (Since v26's refusals were heard as
    # its counter-examples, "周一交全套新稿，我做得到" shares so much with them that it is asked
    # again: a cost written down in docs/understanding.md, round twenty-five. Since v29's, the
    # plain "…没问题" is asked too, its one reading this option: letting the calibration weigh
    # plain words against coach-written counter-examples only took it, at the cost of 71 → 90
    # negated answers taken wrongly over the 28 sets left out in turn; round twenty-eight
    # chose the asking.)
    plain = understand(scenario, "timeline", "周一交全套新稿，没问题")
    assert plain.decision in ("take", "confirm"), plain
    assert plain.best is not None and plain.best.option_id == "monday_all"


@pytest.mark.parametrize(
    "text",
    [
        "就算王行长也来，周六的饭我也不会去",  # 就算 X，…也…: X is granted, not said
        "哪怕行长亲自请，饭局我也去不了",
        "行长来不来，周六我都不去了",  # a whether-or-not before 都
    ],
)
def test_a_concession_is_not_the_move(content: Content, text: str) -> None:
    from simulator.stance import concessions

    assert concessions(text) and concessions(text)[0][0] == 0
    scenario = content.scenarios["credit_promise_approval"]
    reading = understand(scenario, "dinner", text)
    assert "accept_dinner" not in [c.option_id for c in reading.candidates]
    # Read as the refusal, or asked again (since round twenty-two's refit the calibration
    # doubts "行长来不来，周六我都不去了"), never as another move: the refusal ranks first.
    assert reading.best is None or reading.best.option_id == "decline_dinner"
    assert Matcher(scenario).scores(scenario.nodes["dinner"], text)[0].option_id == "decline_dinner"
    # A trailing "哪怕小" qualifies what was said; it grants nothing.
    assert concessions("风险是有的，哪怕小") == []


@pytest.mark.parametrize(
    "text",
    [
        "下周就放款？哪有那么快",  # a rhetorical 哪有那么 denies what was asked
        "全部换成高档烟？这招我不推荐",  # a pointer (这招) and a refusal
        "销量翻倍？这个说法我不大信",
        "月底到账？这个准话我给不了",
    ],
)
def test_a_request_asked_back_and_then_refused_is_negated(text: str) -> None:
    asked, refusal = clauses(text)
    assert asked.kind == refusal.kind == "negate", (asked, refusal)


@pytest.mark.parametrize(
    "text",
    [
        "先还利息、最后一次还本？这种做法我不推荐",  # a pointer and any short noun
        "今天就把合同签了？太仓促了",  # a verdict of haste, alone
        "明年保准翻倍？这个我不敢打保票",
        "全部免费？我没这个权限，不能这么答应",  # a refusal, then another that points back
    ],
)
def test_a_request_asked_back_is_refused_by_what_follows(text: str) -> None:
    asked, *rest = clauses(text)
    assert asked.kind == "negate", [(c.text, c.kind) for c in clauses(text)]
    assert all(c.kind == "negate" for c in rest)


@pytest.mark.parametrize(
    "text",
    [
        "下月一定放款？这种话我不敢替行里说",  # a pointer topic, then the trainee's refusal
        "让亲戚帮忙评高点？那不合规定",  # a verdict of propriety that only points back
        "私下给您返点？这不妥",
    ],
)
def test_a_request_refused_by_a_pointer_or_a_verdict_of_propriety(text: str) -> None:
    asked, refusal = clauses(text)
    assert asked.kind == refusal.kind == "negate", [(c.text, c.kind) for c in clauses(text)]


def test_a_negated_content_judged_impossible_is_affirmed() -> None:
    # "不核是不可能的" means it will be checked, as "不看是不行的" does.
    assert clauses("流水不核是不可能的")[0].kind == "affirm"
    assert clauses("流水三天核完是不可能的")[0].kind == "negate"
    # Inside a clause, a verdict of propriety is its reason and denies nothing of it.
    assert clauses("这个价格不合适")[0].negated[:4] == (False,) * 4


def test_not_going_over_is_a_negation_not_a_but() -> None:
    # "不过去" is the trainee not going; "不过" alone starts a contrast.
    (_, declined) = clauses("谢谢您，周五我就不过去了")
    assert declined.kind == "negate"
    assert [c.text for c in clauses("好的，不过我得先问问")][1].startswith("不过")
    assert clauses("好的，不过我得先问问")[1].kind == "affirm"


def test_who_says_and_a_verdict_before_a_refusal() -> None:
    # "谁说戒不掉" says it can be done: the two negations cancel.
    assert not any(clauses("谁说戒不掉")[0].negated)
    # A refusal after a verdict repeats it; it does not turn it around.
    verdict, refusal = clauses("月底就上线太急了，我不会这么催您")
    assert verdict.kind == refusal.kind == "negate"


def test_a_polite_refusal_and_a_verbs_own_post_negation() -> None:
    # "去不成的" is the verb's own negation, not the "不成" of "不看是不成的" (a must).
    topic, refusal = clauses("周六那场酒，我恐怕是去不成的")
    assert topic.kind == refusal.kind == "negate"
    assert clauses("现场不看是不行的")[0].kind == "affirm"
    # "谁都不好过" says everyone, it asks nothing.
    assert clauses("真走到那一步，谁都不好过")[-1].kind == "negate"


def test_a_sentence_is_the_move_of_the_examples_nearest_it(content: Content) -> None:
    # "有消息…告诉您" is an honest closing line (the library's own); the tip-off it resembles
    # in the grey-cigarette scenario names 风声.
    assert ("integrity", "violates") not in found(content, "有消息我第一时间告诉您")
    assert ("integrity", "violates") in found(content, "行，有风声我第一时间告诉您")


def test_a_verdict_on_what_was_just_said_judges_the_whole_statement(content: Content) -> None:
    said, advice, verdict = clauses("跟他说先签约，材料以后再补，那不现实")
    assert said.kind == advice.kind == verdict.kind == "negate"
    # A contrast starts a new commitment: the verdict does not reach past it.
    first, second, _ = clauses("初稿周一能交，但全部推翻重做，那不现实")
    assert first.kind == "affirm" and second.kind == "negate"
    # The detectors read the refused statement as refused: no overpromise, a careful one.
    hits = found(content, "下周三前保证到账，这个我真做不到")
    assert ("careful_promise", "violates") not in hits
    assert ("careful_promise", "violates") in found(content, "下周三前保证到账")
    # A request refused for the reason just given keeps the reason.
    reason = found(content, "别人的账要保密，这个真帮不了")
    assert ("confidentiality", "violates") not in reason
    # "往上交" hands in the papers, not a gift.
    assert ("integrity", "upholds") not in found(content, "材料一齐当天就往上交")


def test_whether_or_not_as_a_subject_and_indefinites_ask_nothing() -> None:
    assert kinds("批不批不归我") == ["negate"]  # a whether-or-not as the subject
    assert kinds("合同写多少就是多少") == ["affirm"]  # an indefinite said twice
    assert kinds("您说怎么改就怎么改") == ["affirm"]
    assert kinds("哪儿利息高就去哪儿") == ["affirm"]  # a verb between: still "wherever"
    assert kinds("您看能不能批") == ["ask"] and kinds("钱准备怎么用") == ["ask"]
    # Two negations cancel over the verb they share: "not unable to see" sees.
    [seen] = clauses("这可不是看不出来")
    assert not any(seen.negated[seen.text.index("看") :])


def test_rhetorical_who_negates_and_a_suggestion_does_not() -> None:
    # "谁敢打包票": nobody would — the request asked before it is refused with it.
    asked, who = clauses("月底前能不能批下来，谁敢打包票呢？")
    assert asked.kind == who.kind == "negate"
    assert clauses("谁能保证一定能批")[0].kind == "negate"
    assert clauses("这是谁的主意")[0].kind == "ask"  # 谁 asking who is a question
    # "要不我…" suggests; "要不回来" still negates.
    [suggestion] = clauses("要不我直接去跟你们老总汇报")
    assert not any(suggestion.negated)
    assert clauses("这笔钱怕是要不回来了")[0].kind == "negate"


@pytest.mark.parametrize("text", ["卖不完我全收回", "批不下来我负责"])
def test_a_negation_does_not_reach_a_new_promise_of_the_trainee(
    content: Content, text: str
) -> None:
    [clause] = clauses(text)
    assert not clause.negated[-1]  # 我全收回 / 我负责 is said plainly
    assert ("careful_promise", "upholds") not in found(content, text)


def test_a_premise_granted_only_to_deny_its_conclusion_is_denied_with_it() -> None:
    premise, denial = clauses("利率是低，也不代表风险就小")
    assert all(premise.negated) and denial.kind == "negate"


def test_two_negations_in_a_row_cancel_even_over_a_compound() -> None:
    [clause] = clauses("这件事不能不管")
    assert not clause.negated[-1]  # 不能不管: it must be seen to
    [refused] = clauses("材料改漂亮一点也不行")
    assert all(refused.negated)  # what comes before 也不行 is refused


# -- understanding -----------------------------------------------------------------------------


def option_of(content: Content, scenario: str, node: str, text: str) -> Option:
    return next(o for o in content.scenarios[scenario].nodes[node].options if text in o.text.zh)


@pytest.mark.parametrize(
    ("scenario", "node", "text", "negated"),
    [
        (
            "credit_statements_mismatch",
            "tax_flow",
            "找税务局同学私下查这种事我不会干",
            "tax_friend",
        ),
        ("credit_overdue_followup", "huajun_check", "华骏的账户我哪能私下去看", "peek"),
        ("credit_collateral_only", "opening", "有房子押着也不代表今天就能办", "collateral_ok"),
    ],
)
def test_a_negated_answer_is_never_taken_or_offered_as_the_option_it_negates(
    content: Content, scenario: str, node: str, text: str, negated: str
) -> None:
    reading = understand(content.scenarios[scenario], node, text)
    assert negated not in [c.option_id for c in reading.candidates], reading


def test_a_refusal_that_repeats_the_clients_premise_is_not_the_offer(content: Content) -> None:
    # The client's 五百万 is the premise; what the words refuse is the option's 六百万.
    scenario = content.scenarios["credit_first_visit"]
    reading = understand(scenario, "bank_elsewhere", "工行批五百万，我们也不会跟着加价到六百万")
    assert "outbid" not in [c.option_id for c in reading.candidates], reading


def test_a_counter_example_rules_its_option_out(content: Content) -> None:
    scenario = content.scenarios["credit_collateral_only"]
    node = scenario.nodes["opening"]
    words = "门面押着就够了，今天就办吧"
    before = Matcher(scenario).understand(node, words)
    assert before.best is not None and before.best.option_id == "collateral_ok"
    changed = [
        dataclasses.replace(o, unlike={"zh": ("门面押着就够了今天就办",)})
        if o.id == "collateral_ok"
        else o
        for o in node.options
    ]
    nodes = {**scenario.nodes, node.id: dataclasses.replace(node, options=tuple(changed))}
    after = Matcher(dataclasses.replace(scenario, nodes=nodes)).understand(node, words)
    assert "collateral_ok" not in [c.option_id for c in after.candidates]


@pytest.mark.parametrize(
    "text",
    ["今天天气不错啊", "嗯……这个嘛", "哈哈哈", "您这办公室装修得真气派", "陈总，您这件外套真精神"],
)
def test_small_talk_and_fillers_are_never_offered(content: Content, text: str) -> None:
    for scenario in content.scenarios.values():
        node = scenario.nodes[scenario.start]
        reading = understand(scenario, node, text)
        assert reading.decision == "clarify" and not reading.candidates, (scenario.id, reading)


def test_a_reworded_answer_is_taken(content: Content) -> None:
    scenario = content.scenarios["credit_collateral_only"]
    reading = understand(scenario, "opening", "生意这两年咋样？这笔钱打算拿去干啥、以后靠啥来还？")
    assert reading.decision == "take" and reading.best is not None
    assert reading.best.option_id == "ask_business"


# -- words over the menu -----------------------------------------------------------------------


def play_to(content: Content, scenario_id: str, node_id: str, seed: int = 1) -> Session:
    """A session walked along the best options until it reaches `node_id`."""
    scenario = content.scenarios[scenario_id]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=seed)
    while session.node is not None and session.node.id != node_id:
        session.respond(max(session.node.options, key=option_value).id)
    assert session.node is not None, f"{node_id} not on the best path"
    return session


def test_an_overpromise_read_as_the_careful_option_loses_its_credit(content: Content) -> None:
    session = play_to(content, "pitch_proposal_overhaul", "timeline")
    words = "周一肯定给您，我让创意那边周末加个班，保准误不了"
    trust = session.variables["trust"]
    turn = session.respond("staged_timeline", typed=words)
    careful = [h for h in turn.hits if h.principle == "careful_promise"]
    assert careful and all(h.weight < 0 for h in careful), turn.hits
    assert all(h.evidence in words for h in turn.hits)
    assert turn.quality is not None and turn.quality < 0.5
    option = session.scenario.nodes["timeline"].option("staged_timeline")
    assert option is not None and turn.feedback != option.feedback
    assert "谨慎承诺" in turn.feedback.zh and "周一肯定给您" in turn.feedback.zh
    assert session.variables["trust"] <= trust


def test_words_that_break_a_principle_earn_none_of_the_options_virtues(content: Content) -> None:
    # The trap it matched is tagged empathy +1 for its warm tone; the typed words show none.
    scenario = content.scenarios["credit_gift_dinner"]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=1)
    turn = session.respond("promise_fast", typed="放心，包在我身上，下周肯定批下来")
    assert [h.weight for h in turn.hits if h.weight > 0] == []
    # the words' own breach, shown at the move's weight (−3; the words alone read −2)
    assert ("careful_promise", -3) in [(h.principle, h.weight) for h in turn.hits]


def test_what_the_client_did_not_understand_still_counts_against(content: Content) -> None:
    scenario = content.scenarios["pitch_wealth_retiree"]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=1)
    session.misunderstood("收益我给您打包票")
    assert [h.principle for h in session.last_unheard] == ["careful_promise"]
    card = session.scorecard()
    assert card.principles["careful_promise"].points_against > 0
    session.misunderstood("嗯……这个嘛")  # says nothing: breaks nothing
    assert session.last_unheard == ()
    assert card.principles["careful_promise"].points_against == (
        session.scorecard().principles["careful_promise"].points_against
    )


def test_no_credit_and_blame_for_one_principle_in_one_turn(content: Content) -> None:
    session = play_to(content, "retail_supply_cold", "opening")
    best = max(session.node.options, key=option_value)  # type: ignore[union-attr]
    turn = session.respond(best.id, typed="档位的事包在我身上，下个月我保证给您恢复到二十档")
    signs = {h.weight > 0 for h in turn.hits if h.principle == "careful_promise"}
    assert signs == {False}, turn.hits


@pytest.mark.parametrize(
    ("typed", "charged"),
    [
        # Round thirty-five's cold tryout: a polite refusal confirmed as the curt move was
        # charged the curt words' 情绪控制 −2 and 尊重客户 −2.
        ("这个我真没法答应您，报告不能往好了写，只能照实写", False),
        # the same move with the edge: charged
        ("少拿行长吓唬我，报告我照实写", True),
        (None, True),  # picked: the option's own words
    ],
)
def test_a_move_said_without_its_edge_is_not_charged_its_tone(
    content: Content, typed: str | None, charged: bool
) -> None:
    session = play_to(content, "credit_promise_approval", "classmate")
    turn = session.respond("threatened", typed=typed)
    tone = {h.principle for h in turn.hits if h.weight < 0}
    assert ({"composure", "respect_client"} <= tone) == charged, turn.hits
    if not charged:
        assert "这个我真没法答应您" in turn.feedback.zh and "不算违反" in turn.feedback.zh


def test_an_emphatic_not_only_refutes_what_follows_it(content: Content) -> None:
    # Round thirty-five's cold tryout: "电费很重要，审查可不光看报表利润" was taken at once as
    # "电费不重要，审查主要看报表利润" and charged skipping the check it insists on.
    scenario = content.scenarios["credit_statements_mismatch"]
    node = scenario.nodes["power_bill"]
    for typed in ("电费很重要，审查可不光看报表利润", "审查可不光看报表利润"):
        reading = understand(scenario, node, typed)
        assert not (reading.decision == "take" and reading.candidates[0].option_id == "ignore_bill")
        assert [c.option_id for c in reading.candidates] != ["ignore_bill"]
        skipped = [h for h in detect(typed, content.catalog) if h.detector == "skips_checks"]
        assert not skipped
    # the plain "mainly the profit" is still the option, and still the skipped check
    said = "审查主要看报表利润就行"
    assert understand(scenario, node, said).candidates[0].option_id == "ignore_bill"
    assert any(h.detector == "skips_checks" for h in detect(said, content.catalog))


def credited(
    content: Content, scenario: str, node_id: str, option_id: str, typed: str | None
) -> set[str]:
    """The principles the verdict credits when `typed` is read as the option (None: picked)."""
    from simulator import verdict

    node = content.scenarios[scenario].nodes[node_id]
    option = node.option(option_id)
    assert option is not None
    found = verdict.judge(node, option, typed, content.catalog).hits
    return {h.principle for h in found if h.weight > 0}


def test_fairness_to_a_rival_is_credited_only_to_words_that_name_one(content: Content) -> None:
    # credit_gift_dinner: "what_speeds_it" speaks well of the rural bank, then lists the
    # papers. Words that keep only the papers were credited 不贬低竞争对手 +2 (round
    # thirty-four's cold tryout); words that name the rival keep the credit.
    def said(typed: str | None) -> set[str]:
        return credited(content, "credit_gift_dinner", "urgency", "what_speeds_it", typed)

    papers = "找科长插队这个我可不能答应您，快不快主要看材料，我今天把清单给您"
    assert "respect_competitors" not in said(papers)
    assert "information_gathering" in said(papers)
    assert "respect_competitors" in said("农商行办得快说明您信用好，快不快主要看材料")
    assert "respect_competitors" in said(None)  # picked: the whole move


def test_listening_by_asking_is_credited_only_to_words_that_ask(content: Content) -> None:
    # retail_supply_cold: "listen" calms the client and asks which brands ran out. Comfort
    # alone, read as that move, was credited 倾听 +3 (a cold tryout); words that ask keep it.
    def said(typed: str | None) -> set[str]:
        return credited(content, "retail_supply_cold", "opening", "listen", typed)

    comfort = said("王姐，先别急，货少了您心里不痛快我明白")
    assert "active_listening" not in comfort and "empathy" in comfort
    assert "active_listening" in said("王姐别急，这个月哪几样断了货？您说说")
    assert "active_listening" in said(None)  # picked: the whole move


def test_taking_is_no_gift_taken_where_nothing_is_offered() -> None:
    # Round thirty-five's tryout: "那我就不客气了" before any gift was offered was charged
    # 廉洁合规 −3. At the gift it is taking it.
    from simulator import verdict

    bundled = load_content(include_local=False, raise_on_error=False)
    scenario = bundled.scenarios["credit_promise_approval"]
    words = "那我就不客气了，谢谢王总"

    def broken(node_id: str, option_id: str) -> set[str]:
        node = scenario.nodes[node_id]
        option = node.option(option_id)
        assert option is not None
        found = verdict.judge(node, option, words, bundled.catalog).hits
        return {h.principle for h in found if h.weight < 0}

    assert "integrity" not in broken("purpose", "receivables")
    assert "integrity" in broken("gift", "accept_gift")
    session = Session(scenario, bundled.personas[scenario.persona], bundled.catalog, seed=1)
    session.misunderstood(words)  # words not understood at the opening: nothing was offered
    assert not session.last_unheard


def test_typing_the_best_options_scores_as_picking_them(content: Content) -> None:
    for scenario in content.scenarios.values():
        persona = content.personas[scenario.persona]
        picked = Session(scenario, persona, content.catalog, seed=2)
        typed = Session(scenario, persona, content.catalog, seed=2)
        while not picked.finished:
            option = max(picked.options, key=option_value)
            picked.respond(option.id)
            typed.respond(option.id, typed=option.text.zh)
        assert typed.scorecard().grade == picked.scorecard().grade, scenario.id
        assert [t.said for t in typed.turns] == [t.option_text.zh for t in picked.turns]


# -- detectors ---------------------------------------------------------------------------------


def found(content: Content, text: str) -> set[tuple[str, str]]:
    return {(h.principle, h.polarity) for h in detect(text, content.catalog)}


@pytest.mark.parametrize(
    "text",
    [
        "抵押是兜底的",
        "烟就堆在收银台",
        "这卡您收好",
        "我能保证的是材料齐了当天就报",
        "这家饭馆我打包票好吃，上次去了两次",
        # The trainee's own step guaranteed, not the outcome (round twenty-nine).
        "我可以保证材料齐了当天报",
        "材料齐了我保证当天报",
        "能批吗？",
        # Everyday talk: one's own conduct promised, a promise reported, a target nearly met.
        "我保证明天不迟到",
        "我保证过的那件事已经办完了",
        "季度任务完成得差不多了",
        "扫码枪一般放柜台下面",
        # Found by a cold tryout: 应收 (receivables) is not 收 (taking money).
        "这七百万的应收我得核实",
        # Found by a cold tryout: a no followed by questions opens a tactful answer.
        "不限量还不加钱这事我可办不了。司机一个月大概跑多少流量？长途多还是市内多？",
    ],
)
def test_no_false_alarm_from_substrings(content: Content, text: str) -> None:
    assert not {f for f in found(content, text) if f[1] == "violates"}, text


@pytest.mark.parametrize(
    "text",
    [
        "周一肯定给您，保准误不了",
        "我拍胸脯跟您说，肯定批",
        "您放一百个心，包在我身上",
        "我保证给您报价最低",  # a price is no step of one's own
        "我保证当天就给您批",
        # The one told to rest easy is no one else promising (v30's dev half).
        "没有不批的道理，您这条件放一百个心",
    ],
)
def test_everyday_overpromises_are_read(content: Content, text: str) -> None:
    assert ("careful_promise", "violates") in found(content, text)


@pytest.mark.parametrize(
    "text",
    [
        "收益我打不了包票，但每个月一定给您打个电话说说进度",  # a step of the trainee's own
        "答应您的那份清单，我周五之前一定送到",  # 答应您的 + a noun: what was promised
    ],
)
def test_a_promise_of_the_trainees_own_step_is_not_an_overpromise(
    content: Content, text: str
) -> None:
    hits = found(content, text)
    assert ("careful_promise", "violates") not in hits
    assert ("careful_promise", "upholds") in hits
    # The outcome, promised the same way, still is one.
    assert ("careful_promise", "violates") in found(content, "周五之前一定给您办下来")
    assert ("careful_promise", "violates") in found(content, "我答应您的要求，额度给您加上")


def test_a_rivals_price_rising_is_no_claim_of_safety(content: Content) -> None:
    assert ("honesty", "violates") not in found(content, "他们现在便宜，签了以后肯定涨价")
    assert ("honesty", "violates") in found(content, "这理财肯定赚，您放心买")


def test_describing_someone_is_no_blunt_refusal(content: Content) -> None:
    assert found(content, "他答应过的事从来不算数，这人就这样") == set()
    assert ("tactful_refusal", "violates") in found(content, "不办，就这样。")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("如果材料齐了，一般两周能批", None),  # a condition is no guarantee
        ("您保证按时还款就行", None),  # the client's promise, not the trainee's
        ("我可不敢跟您打包票", ("careful_promise", "upholds")),
        ("这个我真不能收，您拿回去", ("integrity", "upholds")),
        ("那我就不客气收下了", ("integrity", "violates")),
        ("这事我可办不了。", ("tactful_refusal", "violates")),  # a bare no, and nothing after
        # Found by a cold tryout: outcomes promised, capital said to be safe.
        ("阿姨您放心，我们一定不会让您吃亏的", ("careful_promise", "violates")),
        ("本钱一分都不会亏，您就放心买", ("honesty", "violates")),
        # The promise is the outcome ("肯定过得去"), whoever is told to rest easy.
        ("材料这关肯定过得去，您放一百个心", ("careful_promise", "violates")),
        ("下季度的额度肯定比这季度高", ("careful_promise", "violates")),
    ],
)
def test_who_commits_and_how_decides(content: Content, text: str, expected) -> None:
    hits = found(content, text)
    if expected is None:
        assert ("careful_promise", "violates") not in hits, hits
    else:
        assert expected in hits, hits


@pytest.mark.parametrize(
    "text",
    [
        "别难过了",
        "没事的，会好起来的",
        "您别慌，有话慢慢讲",
        "厂子干了二十年，您心里肯定不好受",
        "欠着工人工资，压力一定很大吧",
        "您舍不得，我明白",
        "谢谢您愿意跟我说这些",
        "这事您别一个人扛，咱们一起想办法",
        # A feeling named and allowed, a blame lifted.
        "账被卡了这么久，您有火是应该的",
        "换了谁都会有疙瘩",
        "忙成那样，漏了一次太正常了",
        "这事不是您一个人的错",
    ],
)
def test_everyday_comfort_is_empathy(content: Content, text: str) -> None:
    assert ("empathy", "upholds") in found(content, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A feeling waved away is not comfort, whatever word it names.
        ("难过也没用，钱还是得还", ("empathy", "violates")),
        ("您紧张啥，又不是第一次", ("empathy", "violates")),
        ("那是您自己选的，怨不得别人", ("empathy", "violates")),
        # A gift not refused, a kickback on the side; paying one's own share.
        ("红包我就不推辞了", ("integrity", "violates")),
        ("私下我再给您多返两个点", ("integrity", "violates")),
        ("各付各的，我那份我自己出", ("integrity", "upholds")),
        # Rivals: words kept back, their reasons granted, their people run down.
        ("人家那边我不说坏话，条件摆出来您自己比", ("respect_competitors", "upholds")),
        ("他们没给您批，也有他们的难处", ("respect_competitors", "upholds")),
        ("那些同行都在混日子，只有我们专业", ("respect_competitors", "violates")),
        # Found by a cold tryout: refusals the detectors did not hear.
        ("掩护我不打，中华也不要", ("integrity", "upholds")),
        ("给您个人送手机送话费那种事我不能干", ("integrity", "upholds")),
        ("别家用什么、花多少，我不能跟您说", ("confidentiality", "upholds")),
        ("您的价我也一样不会往外说", ("confidentiality", "upholds")),
        # A client called names; figures doctored.
        ("这人就是个老赖，别跟他客气", ("respect_client", "violates")),
        ("流水我帮您调一下，审批看不出来", ("honesty", "violates")),
    ],
)
def test_moves_said_in_everyday_words_are_read_as_such(
    content: Content, text: str, expected: tuple[str, str]
) -> None:
    hits = found(content, text)
    assert expected in hits, hits
    opposite = "upholds" if expected[1] == "violates" else "violates"
    assert (expected[0], opposite) not in hits, hits


@pytest.mark.parametrize(
    "text",
    ["我保证明天上午把清单发给您", "我保证准时到", "我答应您的只有我自己做得到的事"],
)
def test_promising_ones_own_actions_is_no_overpromise(content: Content, text: str) -> None:
    assert ("careful_promise", "violates") not in found(content, text)


def test_the_librarys_options_are_examples_of_what_they_are_tagged(content: Content) -> None:
    """An option's phrasings join the example bank of the one principle its tags weigh most;
    a sentence close to one is read as that move even where no pattern fires."""
    learned = content.catalog.learned
    assert sum(len(texts) for by in learned.values() for texts in by.values()) > 1000
    # Cheering a plan on without a question about it: no pattern says so, the library does.
    hits = detect("温泉民宿好啊，城里人最爱泡，肯定火", content.catalog)
    bank = [h for h in hits if h.detector == "examples"]
    assert [(h.principle, h.polarity) for h in bank] == [("risk_thinking", "violates")]
    assert "典型说法" in bank[0].explanation.zh
    without = dataclasses.replace(content.catalog, learned={}, learned_also={})
    # (Without the classifier too: fitted on round fourteen's sets, it reads this on its own.)
    assert not [h for h in detect("温泉民宿好啊，城里人最爱泡，肯定火", without, learned=False)]


def test_a_fragment_of_a_good_answer_is_not_read_as_the_trap_it_resembles(
    content: Content,
) -> None:
    # Said alone, the cause of an outage is an excuse; after an apology and with a remedy it
    # is the honest account the option is tagged for.
    option = option_of(content, "pitch_discount_pressure", "outage", "道个歉")
    found_hits = found(content, option.text.zh)
    assert ("empathy", "violates") not in found_hits


def test_a_filler_is_no_example_of_any_principle(content: Content) -> None:
    assert not found(content, "嗯……我想想啊")
    assert not found(content, "烟就堆在收银台")


def test_warming_a_session_changes_nothing_it_judges(content: Content) -> None:
    scenario = content.scenarios["credit_collateral_only"]
    persona = content.personas[scenario.persona]
    words = "孙姐，门面是好东西，不过我们先看生意怎么样，钱怎么还"
    cold = Session(scenario, persona, content.catalog, seed=3)
    warm = Session(scenario, persona, content.catalog, seed=3)
    warm.warm()
    assert warm.understand(words) == cold.understand(words)


def test_check_warns_where_an_options_words_contradict_its_tags(content: Content) -> None:
    scenario = content.scenarios["credit_promise_approval"]
    assert analysis.words_against_tags(scenario, content.catalog) == []
    node = next(
        n
        for n in scenario.nodes.values()
        if any(o.principles.get("careful_promise", 0) > 0 for o in n.options)
    )
    option = next(o for o in node.options if o.principles.get("careful_promise", 0) > 0)
    bad = dataclasses.replace(option, examples={"zh": ("放心，我保证两周内批下来",)})
    nodes = {
        **scenario.nodes,
        node.id: dataclasses.replace(
            node, options=tuple(bad if o.id == option.id else o for o in node.options)
        ),
    }
    [warning] = analysis.words_against_tags(
        dataclasses.replace(scenario, nodes=nodes), content.catalog
    )
    assert warning.code == "PAR100" and option.id in warning.message
    assert "放心，我保证两周内批下来" in warning.message


def test_check_warns_where_a_good_moves_words_break_a_principle_it_never_tags(
    content: Content,
) -> None:
    # An untagged principle read as broken once counted as "agreeing" (0 > 0 == -2 > 0), so a
    # clean option could carry a rival-bashing example unnoticed.
    scenario = content.scenarios["credit_collateral_only"]
    node = scenario.nodes["opening"]
    option = node.options[0]
    assert "respect_competitors" not in option.principles
    assert all(w >= 0 for w in option.principles.values())
    words = "隔壁那家银行都是骗子，您先说说生意怎么样"
    bad = dataclasses.replace(option, examples={"zh": (words,)})
    nodes = {**scenario.nodes, node.id: dataclasses.replace(node, options=(bad, *node.options[1:]))}
    found_ = analysis.words_against_tags(
        dataclasses.replace(scenario, nodes=nodes), content.catalog
    )
    assert [d.code for d in found_] == ["PAR100"]
    assert "respect_competitors untagged" in found_[0].message and words in found_[0].message


def test_check_refuses_a_counter_example_that_is_also_an_example(content: Content) -> None:
    scenario = content.scenarios["credit_collateral_only"]
    node = scenario.nodes["opening"]
    option = node.options[0]
    clash = option.all_examples()[0]
    bad = dataclasses.replace(option, unlike={"zh": (clash,)})
    nodes = {
        **scenario.nodes,
        node.id: dataclasses.replace(node, options=(bad, *node.options[1:])),
    }
    found_ = analysis.counter_examples(dataclasses.replace(scenario, nodes=nodes))
    assert [d.code for d in found_] == ["PAR101"] and clash in found_[0].message


# -- parley eval --set -------------------------------------------------------------------------


def parley(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )


def test_eval_set_prints_one_json_object_per_item(tmp_path: Path) -> None:
    labelled = tmp_path / "mine.yaml"
    labelled.write_text(
        "- {scenario: credit_collateral_only, node: opening, text: 先说说生意怎么样, "
        "expect: ask_business, author: me}\n"
        "- {scenario: credit_collateral_only, node: opening, text: 今天天气不错啊, expect: none}\n",
        encoding="utf-8",
    )
    done = parley("eval", "--set", str(labelled), "--json")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [set(r) for r in rows] == [{"decision", "option", "candidates", "score"}] * 2
    assert rows[0]["decision"] == "take" and rows[0]["option"] == "ask_business"
    assert rows[1]["decision"] == "clarify" and rows[1]["candidates"] == []
    text = parley("eval", "--set", str(labelled))
    assert text.returncode == 0 and "paraphrase" in text.stdout and "offtopic" in text.stdout
    # Both forms from one run: the text printed, the JSON written where --json-out says.
    written = tmp_path / "items.jsonl"
    both = parley("eval", "--set", str(labelled), "--json-out", str(written))
    assert both.returncode == 0 and both.stdout == text.stdout
    assert [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()] == rows
    # A file that cannot be written is said at once, before the measuring.
    nowhere = parley("eval", "--json-out", str(tmp_path / "no" / "such" / "x.json"))
    assert nowhere.returncode == 2 and "x.json" in nowhere.stderr and not nowhere.stdout
    assert "Traceback" not in nowhere.stderr


def test_eval_set_reads_negates_as_a_negated_answer_and_names_unknown_ids(
    tmp_path: Path,
) -> None:
    labelled = tmp_path / "mine.yaml"
    labelled.write_text(
        "- {scenario: credit_collateral_only, node: opening, text: 今天可办不了，"
        "房产证可不够, expect: none, negates: collateral_ok}\n"
        "- {scenario: credit_collateral_only, node: opening, text: 先说说生意, expect: no_such}\n",
        encoding="utf-8",
    )
    text = parley("eval", "--set", str(labelled))
    assert text.returncode == 0
    assert "negated" in text.stdout and "offtopic" not in text.stdout
    assert "mine.yaml:2" in text.stdout and "no_such" in text.stdout
    assert "--content" in text.stdout  # a coach's own scenario is read with --content
    done = parley("eval", "--set", str(labelled), "--json")
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 2
    assert "mine.yaml:2" in done.stderr and "unresolved" in done.stderr
    # The unresolved line says so, where a script reads it; a reading does not.
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert second.get("unresolved") is True and "unresolved" not in first
    # A detector set: a principle with neither labels nor hits is shown as "—", not 1.00.
    detector_set = tmp_path / "det.yaml"
    detector_set.write_text("- {text: 别急，慢慢说, upholds: [empathy]}\n", encoding="utf-8")
    shown = parley("eval", "--set", str(detector_set))
    assert shown.returncode == 0
    confidentiality = next(
        line for line in shown.stdout.splitlines() if line.strip().startswith("confidentiality")
    )
    assert "—" in confidentiality and "1.00" not in confidentiality


def test_eval_set_reads_a_bundled_detector_set_held_out(tmp_path: Path) -> None:
    # The shipped classifier learned from every bundled detector set: a copy of one kept
    # elsewhere is judged by a classifier fitted without it, and the output says so.
    bundled = Path(__file__).parent / "data" / "eval" / "detect_v34_dev.yaml"
    copy = tmp_path / "mine.yaml"
    copy.write_bytes(bundled.read_bytes())
    shown = parley("eval", "--set", str(copy))
    assert shown.returncode == 0, shown.stderr
    assert "held-out figures" in shown.stdout and "refitted without this set" in shown.stdout
    # A coach's own set is read by the shipped classifier, with no such line.
    own = tmp_path / "own.yaml"
    own.write_text("- {text: 别急，慢慢说, upholds: [empathy]}\n", encoding="utf-8")
    plain = parley("eval", "--set", str(own))
    assert plain.returncode == 0 and "refitted" not in plain.stdout
    assert "not held-out" not in plain.stdout


def test_eval_set_names_detector_labels_it_cannot_read(tmp_path: Path) -> None:
    # A cold tryout's misspelt principle and misspelt key were silently no labels: the report
    # then showed a recall of 1.00 with nothing labelled, and JSON showed 1.0 for no data.
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- text: 包在我身上，下周肯定批\n  violates: [carefull_promise]\n"
        "- text: 别着急，慢慢说\n  uphold: [empathy]\n",
        encoding="utf-8",
    )
    shown = parley("eval", "--set", str(mine))
    assert shown.returncode == 0  # it measures; it does not gate
    assert f"{mine}:2:14" in shown.stderr and "'carefull_promise'" in shown.stderr
    assert "did you mean 'careful_promise'?" in shown.stderr
    assert f"{mine}:4:3" in shown.stderr and "did you mean 'upholds'?" in shown.stderr
    micro = next(line for line in shown.stdout.splitlines() if "all (micro)" in line)
    assert "1.00" not in micro and "—" in micro
    assert "by polarity (macro)" in shown.stdout and "chit-chat flagged" in shown.stdout
    as_json = json.loads(parley("eval", "--set", str(mine), "--json").stdout)
    assert as_json["careful_promise"]["recall"] is None
    assert as_json["confidentiality"] == {
        "precision": None,
        "recall": None,
        "tp": 0,
        "fp": 0,
        "fn": 0,
    }


def test_eval_set_names_the_file_and_line_it_cannot_read(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("- {scenario: x, node: y, text: z, expect: none}\n- {scenario: x}\n")
    done = parley("eval", "--set", str(broken))
    assert done.returncode == 2
    assert "broken.yaml:2" in done.stderr and "missing" in done.stderr
    assert "Traceback" not in done.stderr
    assert parley("eval", "--set", str(tmp_path / "none.yaml")).returncode == 2


#: Regression bars on the blind sets' dev halves (their held-back halves are measured, never
#: tuned on): the file, off-topic answers taken at most, negated answers taken wrongly at most,
#: reworded answers taken right at least, and off-topic answers offered a reading at most.
#: - v3, the second set: all sixteen scenarios;
#: - v4 (round four): measured at 91.9 % reworded, 15.9 % negated, 2 of 38 off-topic;
#: - v5 (round five): 88.1 % reworded, 9.5 % negated, 2 of 35 off-topic;
#: - v6 (round six): 86.9 % reworded, 13.8 % negated, 4 of 32 off-topic;
#: - v7 (round seven): 88.7 % reworded, 17.6 % negated, 0 of 33 off-topic;
#: - v8 (round eight): 86.6 % reworded, 22.8 % negated, 3 of 40 off-topic (10 % offered);
#: - v9 (round nine): 89.3 % reworded, 8.8 % negated at the start (3.5 % after), 0 of 32;
#: - v10 (round ten): 87.0 % reworded, 15.5 % negated at the start (9.9 % after), 1 of 38 taken;
#: - v11 (round eleven): 87.0 % reworded, 17.3 % negated at the start (12.3 % after);
#: - v12 (round twelve): 89.3 % reworded, 18.2 % negated at the start (7.6 % after, unseen by
#:   the fit), 2 of 32 off-topic taken, 9.4 % offered;
#: - v13 (round thirteen): 88.3 % reworded, 18.8 % negated at the start (8.7 % after, unseen
#:   by the fit), none of 32 off-topic taken or offered.
#: - v14 (round fourteen): 82.1 % reworded, 4.3 % negated at the start (2.9 % after, unseen
#:   by the fit), none of 32 off-topic taken, 3.1 % offered.
#: - v15 (round fifteen): 88.1 % reworded, 11.6 % negated at the start (2.9 % after, unseen
#:   by the fit), 1 of 32 off-topic taken ("这台机器声音好大啊" at the workshop), none offered.
#: - v16 (round fifteen): 85.9 % reworded, 8.4 % negated at the start (3.2 % after, unseen
#:   by the fit), none of 32 off-topic taken or offered.
#: - v17 (round sixteen): 81.0 % reworded, 7.7 % negated at the start (81.4 %, 3.8 % after,
#:   unseen by the fit), none of 35 off-topic taken or offered.
#: Since round twelve the calibration weighs the words and is fitted on these sets too: on its
#: own sets it reads nearly every negated answer right, so the bars are the lines measured
#: before each set joined the fit.
#: Round seven raised the older bars to what the sets now read (off-topic offered, taken).
DEV_BARS = [
    # Round seventeen: each set is read with the phrasings the other sets heard (its own left
    # out), and every set's reworded answers are taken right at once 95–100 % of the time.
    ("match_dev.yaml", 0, 0.05, 0.95, 0.05),
    ("match_v3_dev.yaml", 0, 0.05, 0.95, 0.05),
    # Round forty-three's refit offers the chatting move ("赵叔，路过来看看您。婶子的腿好些
    # 没？…") for the writers' "叔，您家那条大黄狗…", which they labelled off-topic: one answer
    # each in v4 and v12 (a reading offered, never taken; the line moves from 0.05).
    ("match_v4_dev.yaml", 0, 0.1, 0.95, 0.07),
    ("match_v5_dev.yaml", 0, 0.12, 0.95, 0.05),
    ("match_v6_dev.yaml", 0, 0.12, 0.95, 0.05),
    ("match_v7_dev.yaml", 0, 0.15, 0.95, 0.05),
    # Round twenty-two: 92.6 % reworded with v23 in the calibration (at least 93 % before).
    ("match_v8_dev.yaml", 0, 0.15, 0.92, 0.05),
    ("match_v9_dev.yaml", 0, 0.06, 0.95, 0.05),
    ("match_v10_dev.yaml", 0, 0.11, 0.95, 0.05),
    ("match_v11_dev.yaml", 0, 0.13, 0.95, 0.05),
    ("match_v12_dev.yaml", 0, 0.08, 0.95, 0.07),  # see v4's line
    # A laugh at the joke ("哈哈哈哈吓我一跳") is taken as the move that laughs along.
    ("match_v13_dev.yaml", 1, 0.1, 0.95, 0.05),
    ("match_v14_dev.yaml", 0, 0.03, 0.95, 0.05),
    ("match_v15_dev.yaml", 0, 0.03, 0.95, 0.05),
    ("match_v16_dev.yaml", 0, 0.04, 0.95, 0.05),
    ("match_v17_dev.yaml", 0, 0.05, 0.95, 0.05),
    ("match_v18_dev.yaml", 0, 0.05, 0.95, 0.05),
    # Round twenty: with v21's phrasings heard, two compliments to the client ("小陶你这工服挺帅
    # 啊", "姐你这店里放的啥歌 挺好听的") come within the confirm line: 2 of 34 offered.
    ("match_v19_dev.yaml", 0, 0.05, 0.95, 0.06),
    # Round nineteen, blind at the start: 99.3 % reworded, 13.5 % negated (5.4 % after).
    # Round thirty-five: with v36 in the calibration, "这车间里好热啊，有空调吗？" comes within
    # the confirm line at the workshop (1 of 16 offered); over every set, each left out,
    # off-topic answers taken or offered went 52 → 46, taken 15 → 5, with that fit.
    ("match_v20_dev.yaml", 0, 0.08, 0.95, 0.07),
    # Round twenty, blind at the start: 96.7 % reworded, no negated answer taken wrongly, two
    # of 32 chats that borrow the node's words ("您那盘象棋上回…") offered as a reading.
    ("match_v21_dev.yaml", 0, 0.05, 0.95, 0.07),
    # Round twenty-one, blind at the start: 98.2 % reworded, 3.4 % negated (0.6 % after), two
    # of 39 off-topic answers taken ("那个……我回头再说吧"; none after).
    ("match_v22_dev.yaml", 0, 0.03, 0.95, 0.06),
    # Round twenty-two, blind at the start: 98.1 % reworded, 8.7 % negated (1.5 % after the
    # deed judged ill was read), one of 44 off-topic answers offered.
    ("match_v23_dev.yaml", 0, 0.03, 0.95, 0.05),
    # Round twenty-three, blind at the start: 97.6 % reworded, 13.3 % negated (2.1 % after
    # comments were read by their shape), four of 37 off-topic answers taken (none after).
    ("match_v24_dev.yaml", 0, 0.03, 0.95, 0.05),
    # Round twenty-four, blind at the start: 98.9 % reworded, 5.6 % negated (1.7 % after: the
    # three left are report-style refusals the writer labelled none), no off-topic answer taken
    # or offered.
    ("match_v25_dev.yaml", 0, 0.03, 0.95, 0.05),
    # Round twenty-five, blind at the start: 88.5 % reworded (95.7 % once written Cantonese was
    # read), 7.3 % negated (6.9 % after; none once v26 joined the calibration), no off-topic
    # answer taken.
    ("match_v26_dev.yaml", 0, 0.03, 0.95, 0.05),
    # Round twenty-six, blind at the start: 96.7 % reworded (97.9 % after: the Wu words read),
    # 4.5 % negated (1.7 % after comments and dictated answers were read), no off-topic answer
    # taken or offered.
    ("match_v27_dev.yaml", 0, 0.03, 0.95, 0.05),
    # Round twenty-seven, blind at the start: 97.0 % reworded (97.4 % after the Northwest's
    # words and English typed into Chinese were read), 0.6 % negated, two of 35 off-topic
    # questions about the scene offered as a reading ("院里那只狗咬人不").
    ("match_v28_dev.yaml", 0, 0.03, 0.95, 0.06),
    # Round twenty-eight, blind at the start: 97.3 % reworded, 0.9 % negated (three of 339:
    # words judged right after a quotation, a deed after 人家, a quotation judged "太凉了"),
    # no off-topic answer taken or offered.
    ("match_v29_dev.yaml", 0, 0.03, 0.95, 0.05),
    # Round twenty-nine, blind at the start: 100 % reworded, no negated answer taken wrongly
    # (one offered with only the option it refuses: "让我们老板去讲可不好…", mended), no
    # off-topic answer taken or offered.
    ("match_v30_dev.yaml", 0, 0.03, 0.95, 0.05),
    # Round twenty-nine, a second writer, blind at the start: 100 % reworded, no negated answer
    # taken wrongly, one of seven off-topic answers offered ("哎呀刚才说到哪了"; none after).
    ("match_v31_dev.yaml", 0, 0.03, 0.95, 0.05),
    # Round thirty-one, two more writers, blind at the start. v32 (the first half of the
    # scenarios): 100 % reworded, no negated answer taken wrongly, no off-topic answer taken or
    # offered. v33 (the second half): 100 % reworded, one negated answer of twelve taken as the
    # concession it denies ("…警示我看也不全是真的"; left: testing concessions and refusals for
    # the n-grams they deny cut 1.9 % of the correct readings over every set), no off-topic
    # answer taken or offered.
    ("match_v32_dev.yaml", 0, 0.03, 0.95, 0.05),
    ("match_v33_dev.yaml", 0, 0.09, 0.95, 0.05),
    # Round thirty-three, a new writer (the first half of the scenarios), blind at the start:
    # 100 % reworded, no negated answer taken wrongly (one offered with only an option it does
    # not make: "…这个我可包不了" as pass_buck), no off-topic answer taken or offered.
    ("match_v34_dev.yaml", 0, 0.03, 0.95, 0.05),
    # Round thirty-four: v35 (the second half of the scenarios), blind; 54 of 55 reworded
    # taken right at once, one of ten off-topic answers offered a reading.
    ("match_v35_dev.yaml", 0, 0.03, 0.95, 0.1),
    # Round thirty-five: v36 (the first half of the scenarios), blind at the start: 54 of 55
    # reworded taken right at once, no negated answer taken wrongly, no off-topic answer
    # taken or offered.
    ("match_v36_dev.yaml", 0, 0.03, 0.95, 0.1),
    # Round thirty-six: v37 (the second half of the scenarios), blind at the start: 54 of 55
    # reworded taken right at once, no negated answer taken wrongly, no off-topic answer
    # taken or offered.
    ("match_v37_dev.yaml", 0, 0.03, 0.95, 0.1),
    # Round thirty-seven: v38 (the first half of the scenarios), blind at the start: 54 of 55
    # reworded taken right at once, no negated answer taken wrongly, no off-topic answer
    # taken or offered.
    ("match_v38_dev.yaml", 0, 0.03, 0.95, 0.1),
    # Round thirty-eight: v39 (the second half of the scenarios), blind at the start: 53 of 55
    # reworded taken right at once, no negated answer taken wrongly, no off-topic answer
    # taken, one of ten offered a reading.
    ("match_v39_dev.yaml", 0, 0.03, 0.95, 0.1),
    # Round forty-two: v42a and v42b (each half of the scenarios), blind at the start: 63 of 64
    # reworded answers taken right at once over both, no negated answer taken wrongly, no
    # off-topic answer taken or offered.
    ("match_v42a_dev.yaml", 0, 0.03, 0.95, 0.1),
    ("match_v42b_dev.yaml", 0, 0.03, 0.95, 0.1),
    # Round forty-three: v43a and v43b (each half of the scenarios), blind at the start: 64 of
    # 64 reworded answers taken right at once over both, no negated answer taken wrongly, no
    # off-topic answer taken or offered.
    ("match_v43a_dev.yaml", 0, 0.03, 0.95, 0.1),
    ("match_v43b_dev.yaml", 0, 0.03, 0.95, 0.1),
    # Round forty-four: v44a and v44b (each half of the scenarios), blind at the start: 64 of
    # 64 reworded answers taken right at once over both, no negated answer taken wrongly, no
    # off-topic answer taken or offered.
    ("match_v44a_dev.yaml", 0, 0.03, 0.95, 0.1),
    ("match_v44b_dev.yaml", 0, 0.03, 0.95, 0.1),
    # Round forty-five: v45a and v45b, blind at the start: 64 of 64 reworded answers taken
    # right at once over both, no off-topic answer taken or offered; one negated answer of
    # v45b's seven taken as the move it disowns ("我不要求您今天就答应不跟友商签", taken as
    # asking for that word today), at the start and the end alike.
    ("match_v45a_dev.yaml", 0, 0.03, 0.95, 0.1),
    ("match_v45b_dev.yaml", 0, 0.15, 0.95, 0.1),
]


@pytest.mark.parametrize(
    ("name", "offtopic_taken", "negated_wrong", "reworded_right", "offtopic_offered"), DEV_BARS
)
def test_the_blind_dev_sets_hold_the_measured_line(
    eval_written: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
    name: str,
    offtopic_taken: int,
    negated_wrong: float,
    reworded_right: float,
    offtopic_offered: float,
) -> None:
    # As `parley eval` reports each bundled set (its JSON form, `--json-out`): judged by the
    # phrasings the other sets taught (its own were heard from it).
    figures = eval_written[1]["sets"][name]
    offtopic = figures["offtopic"]
    taken = round((offtopic["taken_right"] + offtopic["taken_wrong"]) * offtopic["n"])
    assert taken <= offtopic_taken
    assert figures["negated"]["taken_wrong"] <= negated_wrong
    assert figures["reworded"]["taken_right"] >= reworded_right
    assert offtopic["offered"] <= offtopic_offered


def test_every_bundled_matching_set_has_its_measured_line() -> None:
    # A set added to tests/data/eval without a line here would go unwatched.
    assert {name for name, *_ in DEV_BARS} == {p.name for p in EVAL.glob("match*_dev.yaml")}


def test_a_moves_principle_read_nowhere_is_quoted_where_the_words_make_the_move(
    content: Content,
) -> None:
    # Round forty-four's cold tryout: words read as passing the blame to a colleague (a move
    # tagged 谨慎承诺 −1) had that breach quoted on "我给您赔个不是", the clause the classifier
    # read it in at 0.06, the highest of five. Read nowhere, it is quoted where the words make
    # the move.
    from simulator.detectors import QUOTE_FLOOR, said_as, where_said

    typed = (
        "陈总，三月断网那事说起来是维护那边太慢，我们这边也干着急。"
        "不过不管怎么说，让您受累了，我给您赔个不是"
    )
    assert where_said(typed, "careful_promise", "violates") == "我给您赔个不是"
    assert where_said(typed, "careful_promise", "violates", floor=QUOTE_FLOOR) is None
    assert said_as(typed, ["三月那事是维护部门响应慢，我们大客户部也很无奈。"]) == (
        "三月断网那事说起来是维护那边太慢"
    )
    scenario = content.scenarios["retail_telecom_churn"]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=0)
    reading = session.understand(typed)
    assert reading.candidates[0].option_id == "blame_colleagues"
    turn = session.respond("blame_colleagues", typed)
    quoted = {h.principle: h.evidence for h in turn.hits if h.source == "option"}
    assert quoted["careful_promise"] == "三月断网那事说起来是维护那边太慢"
    assert "赔个不是" not in " ".join(quoted.values())


def test_an_english_answer_is_quoted_where_it_makes_the_move(content: Content) -> None:
    # Round forty-five's cold tryout: every principle of an English answer quoted its opening
    # ("Thanks Mr. Qian…"), not the words that make the move.
    typed = (
        "Thanks Mr. Qian, I appreciate the trust. To be clear, my job is to investigate and "
        "recommend; the loan committee decides the amount."
    )
    scenario = content.scenarios["credit_promise_approval"]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=0)
    turn = session.respond("clarify_role", typed)
    quoted = {h.principle: h.evidence for h in turn.hits if h.source == "option"}
    assert quoted["authority_boundary"] == "the loan committee decides the amount."
    assert not any(q.startswith("Thanks") for q in quoted.values())


def test_a_debrief_quotes_the_trainees_own_words_not_the_option(content: Content) -> None:
    # The ending's paragraph about running the supermarket down quotes what was said: typed
    # words are quoted as typed, never as the option the matcher read them as.
    scenario = content.scenarios["retail_supply_cold"]
    persona = content.personas[scenario.persona]
    steps = ["listen", "show_data", "gentle_gap", "care_and_help", "own_and_commit_small"]
    steps += ["explain_criteria", "tactful_refuse", "refuse_warmly"]
    typed = "那超市看着光鲜，收银员爱答不理的，老街坊迟早回来"

    def play(words: str | None) -> str:
        session = Session(scenario, persona, content.catalog, seed=1)
        for step in steps:
            session.respond(step)
        session.respond("disparage", words)
        session.respond("concrete_plan")
        assert session.ending is not None
        return session.debrief().zh

    option = next(
        o.text.zh for n in scenario.nodes.values() for o in n.options if o.id == "disparage"
    )
    assert f"「{option}」" in play(None)  # picked: the option is what was said
    said = play(typed)
    assert f"「{typed}」" in said and option not in said


def test_a_debrief_quoting_part_of_an_option_quotes_the_trainees_words(content: Content) -> None:
    # Round thirty-five's tryout: 一开场那句"行长打招呼没用"… was quoted to a trainee who had
    # refused politely in other words, read as that option.
    scenario = content.scenarios["credit_promise_approval"]
    persona = content.personas[scenario.persona]
    steps = ["receivables", "firm_polite", "keep_confidential", "decline_gracefully"]
    steps += ["explain_increase", "honest_assessment", "procedure_means", "commit_actions"]
    typed = "王总，行长那边的情况我理解，不过贷款还得按流程走"

    def play(words: str | None) -> str:
        session = Session(scenario, persona, content.catalog, seed=1)
        session.respond("cold_rule", words)
        for step in steps:
            session.respond(step)
        assert session.ending is not None and session.ending.id == "end_trust"
        return session.debrief().zh

    assert "行长打招呼没用" in play(None)
    said = play(typed)
    assert f"那句「{typed}」" in said and "行长打招呼没用" not in said
    # words that hold the quoted part keep it
    assert "行长打招呼没用" in play("说实话，行长打招呼没用，我们按制度来")


def test_a_debrief_telling_what_a_typed_move_did_shows_the_words(content: Content) -> None:
    # Round thirty-six's cold tryout: "双录时你把风险揭示一条条念清楚" was told of words that did
    # less. What the paragraph says of the move is followed by what the trainee said.
    scenario = content.scenarios["pitch_wealth_retiree"]
    persona = content.personas[scenario.persona]
    steps = ["pitch_product", "early_redeem", "tell_truth", "compare_fairly", "read_aloud"]
    steps += ["fit_plan", "be_transparent"]
    typed = "阿姨，这几条风险我慢慢给您讲，您听明白了咱再签"

    def play(words: str | None) -> str:
        session = Session(scenario, persona, content.catalog, seed=1)
        for step in steps:
            session.respond(step)
        session.respond("explain_slowly", words)
        for step in ["refuse_flat", "regular_review"]:
            session.respond(step)
        assert session.ending is not None
        return session.debrief().zh

    picked = play(None)
    assert "双录时你把风险揭示一条条念清楚" in picked and "你说的是" not in picked
    said = play(typed)
    assert f"双录时你把风险揭示一条条念清楚，让她明白了才签。（你说的是：「{typed}」）" in said


def test_words_an_option_itself_quotes_are_left_as_they_are() -> None:
    # Round thirty-seven's cold tryout: "前面说满的“没问题”，你临走当面收回了" put the
    # retraction's words where the promise before it was quoted.
    from simulator.model import Text
    from simulator.quoting import in_own_words

    option = Text("黄总，走之前我得把一句话说回来：前面我说的“没问题”“来得及”，是我说满了。", "")
    typed = "刚才说应该没啥问题，是我说满了，我收回"
    said = in_own_words(Text("前面说满的“没问题”，你临走当面收回了。", ""), option, typed, typed)
    assert said.zh == f"前面说满的“没问题”，你临走当面收回了。（你说的是：「{typed}」）"


def test_the_coachs_words_for_a_move_quote_the_trainee_not_the_option(content: Content) -> None:
    # Round thirty-six's cold tryout: '"我做主"是越权' was said to words that never said 我做主.
    scenario = content.scenarios["retail_telecom_churn"]
    node = scenario.nodes["outage"]
    option = next(o for o in node.options if o.id == "free_months")
    assert '"我做主"是越权' in option.feedback.zh
    typed = "这样吧，三个月月租不收了，算我们的补偿"
    verdict = judge(node, option, typed, content.catalog)
    assert f"「{typed}」是越权" in verdict.feedback.zh and "我做主" not in verdict.feedback.zh
    # words that hold the quoted part keep it
    kept = judge(node, option, "我做主，给您免三个月专线费", content.catalog)
    assert '"我做主"是越权' in kept.feedback.zh


def test_a_better_option_is_one_the_trainee_could_have_made(content: Content) -> None:
    # At "timeline", correct_the_figure is on offer only after an overpromise; a trainee who
    # overpromises there for the first time is shown a better move that was on screen.
    scenario = content.scenarios["pitch_discount_pressure"]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=1)
    for step in ["hear_the_target", "target_only", "snap_photo", "boss_will_come", "deny_all"]:
        session.respond(step)
    for step in ["calm_respect_choice", "vague_value", "just_the_number"]:
        session.respond(step)
    assert session.node is not None and session.node.id == "timeline"
    on_offer = {o.id for o in session.options}
    assert "correct_the_figure" not in on_offer
    turn = session.respond("surely_approved", "放心，包在我身上，下周肯定批")
    assert set(turn.offered) == on_offer
    card = session.scorecard()
    (moment,) = [m for m in card.worst_moments if m.node_id == "timeline"]
    assert moment.better_option in on_offer


def test_typed_words_far_from_the_option_earn_only_the_virtues_they_show(
    content: Content,
) -> None:
    # At "docs", simplify_list is empathy + a list of papers (information gathering). Words
    # that only sympathise, read as that option, earn the empathy and not the papers; the
    # option's own words earn both.
    scenario = content.scenarios["credit_promise_approval"]

    def at_docs() -> Session:
        session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=1)
        for step in ["clarify_role", "receivables", "firm_polite"]:
            session.respond(step)
        session.respond("keep_confidential")
        session.respond("decline_gracefully")
        assert session.node is not None and session.node.id == "docs"
        return session

    typed = at_docs().respond("simplify_list", "钱总别着急，慢慢说。材料是多了点，我理解您的难处")
    kept = {h.principle for h in typed.hits if h.weight > 0}
    assert "empathy" in kept and "information_gathering" not in kept
    option = next(o for o in scenario.nodes["docs"].options if o.id == "simplify_list")
    # Found by a cold tryout: the option's coach feedback praised the papers the words never
    # asked for. The feedback says what the words kept, quoting them, and what the whole move
    # also does, with the option's words as an example.
    assert typed.feedback != option.feedback
    assert "我理解您的难处" in typed.feedback.zh and "换位思考" in typed.feedback.zh
    assert "收集与核实信息" in typed.feedback.zh and option.text.zh in typed.feedback.zh
    assert "Gather and verify information" in typed.feedback.en
    own = at_docs().respond("simplify_list", option.text.zh)
    assert "information_gathering" in {h.principle for h in own.hits if h.weight > 0}
    assert own.feedback == option.feedback


def test_a_word_or_two_earns_only_what_it_shows(content: Content) -> None:
    # Found by a cold tryout: "对不起" earned the +2 listening of the option that apologises
    # and then asks what went wrong; the option's own words still earn it.
    scenario = content.scenarios["retail_telecom_churn"]
    option = next(o for o in scenario.nodes["opening"].options if "道歉" in o.text.zh)
    assert option.principles.get("active_listening", 0) > 0

    def said(words: str) -> set[str]:
        session = Session(
            scenario, content.personas[scenario.persona], content.catalog, seed=1, at="opening"
        )
        turn = session.respond(option.id, words)
        return {h.principle for h in turn.hits if h.weight > 0}

    assert "active_listening" not in said("对不起")
    assert "active_listening" in said(option.text.zh)


def test_a_trap_said_in_part_keeps_the_coachs_word_on_it(content: Content) -> None:
    # A trap's words are no example to follow: its coach feedback, which says why it is a
    # trap, stays even when one of its virtues is withheld from the typed words.
    scenario = content.scenarios["credit_gift_dinner"]
    session = Session(
        scenario, content.personas[scenario.persona], content.catalog, seed=1, at="worry"
    )
    trap = next(o for o in scenario.nodes["worry"].options if "拼了命" in o.text.zh)
    words = "我一定想办法帮您把钱弄下来，这事交给我"
    turn = session.respond(trap.id, words)
    # (its quotation of the option's words is put as the trainee's: simulator.quoting)
    assert turn.feedback.zh == trap.feedback.zh.replace("“批下来”", f"「{words}」")
    assert {"careful_promise"} <= {h.principle for h in turn.hits if h.weight < 0}


def test_a_warm_move_said_with_an_overpromise_warms_no_one(content: Content) -> None:
    # "生意包在我身上…给您多调几条中华" was read as the move that laughs the test off with
    # grace: trust rose by that move's warmth, and the coach praised it (round twelve's cold
    # tryout). The words break what the move does not: no warmth, and the coach says so.
    scenario = content.scenarios["retail_grey_cigarettes"]
    words = "放心，生意包在我身上，下个月我给您多调几条中华，肯定把客人抢回来。"

    def at_face() -> Session:
        persona = content.personas[scenario.persona]
        return Session(scenario, persona, content.catalog, seed=3, at="face")

    picked, typed = at_face(), at_face()
    trust = typed.variables["trust"]
    picked.respond("give_him_a_way_down")
    turn = typed.respond("give_him_a_way_down", words)
    assert picked.variables["trust"] > trust  # the move itself warms
    assert typed.variables["trust"] <= trust
    assert "违反了「谨慎承诺」" in turn.feedback.zh and "生意包在我身上" in turn.feedback.zh
    assert {h.principle for h in turn.hits if h.weight < 0} >= {"careful_promise"}
