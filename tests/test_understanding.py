"""Free-text understanding, the order-aware session checks and `parley eval`."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simulator.bench import wide_scenario
from simulator.content import Content, load_content
from simulator.engine import Session
from simulator.evaluation import matching_figures, read_paraphrase_devset
from simulator.sequence import session_hits
from simulator.stance import clauses
from simulator.understanding import (
    CLARIFY_LINES,
    DEFAULT_THRESHOLDS,
    LONG_LINES,
    REFUSED_LINES,
    SILENT_LINE,
    STEER_LINES,
    Understanding,
    matcher_for,
    understand,
)
from simulator.wording import canonical, normalise

DEVSET = Path(__file__).parent / "data" / "paraphrase_devset.yaml"
HELDOUT = Path(__file__).parent / "data" / "paraphrase_heldout.yaml"
HELDOUT_B = Path(__file__).parent / "data" / "paraphrase_heldout_b.yaml"


def _taken_as(reading: Understanding, option_id: str) -> bool:
    """Were the words taken, at once, as `option_id`?"""
    return (
        reading.decision == "take"
        and reading.best is not None
        and reading.best.option_id == option_id
    )


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(include_local=False, raise_on_error=False)


def test_paraphrase_dev_set_meets_the_targets(content: Content) -> None:
    items = read_paraphrase_devset(DEVSET)
    figures = matching_figures(items, content.scenarios)
    assert figures.total >= 300
    # Scenarios change under the dev set; a few stale entries are reported, not hidden.
    assert len(figures.unresolved) <= 0.05 * len(items), figures.unresolved
    assert figures.top1_rate >= 0.90, figures.errors
    assert figures.wrong_rate <= 0.03, figures.errors
    assert figures.offtopic > 0 and figures.offtopic_taken == 0


@pytest.mark.parametrize("path", [DEVSET, HELDOUT, HELDOUT_B], ids=["dev", "held-out", "b"])
def test_paraphrases_are_not_copies_of_the_examples(content: Content, path: Path) -> None:
    def key(text: str) -> str:
        return "".join(normalise(text).split())

    for item in read_paraphrase_devset(path):
        scenario = content.scenarios.get(item.scenario)
        if scenario is None or item.node not in scenario.nodes:
            continue
        node = scenario.nodes[item.node]
        known = {key(t) for o in node.options for t in (o.text.zh, o.text.en, *o.all_examples())}
        assert key(item.text) not in known, item.text


def test_option_text_is_taken_and_gibberish_is_clarified(content: Content) -> None:
    scenario = content.scenarios["retail_supply_cold"]
    node = scenario.nodes[scenario.start]
    option = node.options[0]
    reading = understand(scenario, node, option.text.zh)
    assert reading.decision == "take"
    assert reading.best is not None and reading.best.option_id == option.id
    assert 0 < reading.confidence <= 1
    lost = understand(scenario, node, "qwerty zxcv 今天天气")
    assert lost.decision == "clarify" and lost.clarify_line is not None


def test_near_tie_asks_to_confirm_between_two_readings() -> None:
    scenario = wide_scenario()
    node = scenario.nodes["hub"]
    # The lines' rule (the fitted TRUST may take a near tie it is sure of, as real ones were).
    reading = matcher_for(scenario).understand(node, "我们下次再约吧", calibrated=False)
    assert reading.decision == "confirm"
    assert len(reading.candidates) >= 2
    assert reading.candidates[0].score >= reading.candidates[1].score


@pytest.mark.parametrize(
    "text", ["", "   ", "\x00\x1b[2J\x07", "😀😀😀", "３", "12345", "嗯", "a" * 1_000_000]
)
def test_odd_input_is_clarified_never_taken(content: Content, text: str) -> None:
    scenario = content.scenarios["credit_promise_approval"]
    reading = understand(scenario, scenario.nodes[scenario.start], text)
    assert reading.decision == "clarify"
    assert reading.clarify_line is not None
    if not text.strip():
        assert reading.clarify_line == SILENT_LINE


def test_a_huge_paste_is_judged_by_its_beginning(content: Content) -> None:
    scenario = content.scenarios["credit_promise_approval"]
    node = scenario.nodes[scenario.start]
    start = node.options[0].text.zh
    reading = understand(scenario, node, start + "啊" * 1_000_000)
    assert reading.best is not None and reading.best.option_id == node.options[0].id


def test_full_width_and_mixed_scripts_are_normalised(content: Content) -> None:
    assert normalise("ＡＢＣ，１２３!") == "abc 123 "
    scenario = content.scenarios["credit_promise_approval"]
    node = scenario.nodes[scenario.start]
    option = node.options[0]
    half = understand(scenario, node, option.text.en)
    full = understand(scenario, node, option.text.en.upper())
    assert half.best == full.best


def test_spaces_typed_between_chinese_words_part_clauses_as_commas_do(content: Content) -> None:
    # Typed fast on a phone, a space is the comma. Read as one clause, "不急着推产品" negated
    # the whole answer and it was asked to be said again.
    scenario = content.scenarios["pitch_wealth_retiree"]
    spaced = "阿姨 今天不急着推产品 这钱打算啥时候用 家里近期有没有大开销"
    parts = [c.text.strip() for c in clauses(spaced)]
    assert parts[-2:] == ["这钱打算啥时候用", "家里近期有没有大开销"]
    assert _taken_as(understand(scenario, "opening", spaced), "ask_needs")
    assert _taken_as(understand(scenario, "opening", spaced.replace(" ", "，")), "ask_needs")
    # Latin words keep their spaces inside a clause.
    assert len(clauses("I will not promise a date")) == 1


def test_thresholds_come_from_the_scenario(content: Content) -> None:
    scenario = content.scenarios["retail_supply_cold"]
    node = scenario.nodes[scenario.start]
    text = node.options[0].text.zh
    assert understand(scenario, node, text).decision == "take"
    strict = dataclasses.replace(
        scenario, understanding={"take": 1.0, "confirm": 0.01, "margin": 0.0}
    )
    assert matcher_for(strict).thresholds["take"] == 1.0
    assert understand(strict, node, text).decision == "confirm"
    assert matcher_for(scenario).thresholds == dict(DEFAULT_THRESHOLDS)


def test_matcher_is_built_once_and_deterministic(content: Content) -> None:
    scenario = content.scenarios["pitch_proposal_overhaul"]
    assert matcher_for(scenario) is matcher_for(scenario)
    node = scenario.nodes[scenario.start]
    assert understand(scenario, node, "您觉得哪里不对?") == understand(
        scenario, node, "您觉得哪里不对?"
    )


def test_session_understands_typed_words(content: Content) -> None:
    scenario = content.scenarios["retail_supply_cold"]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=3)
    reading = session.understand("别生气,下个月我保证给您多弄几条中华")
    assert reading.best is not None and reading.best.option_id == "promise_more"
    turn = session.respond(reading.best.option_id, typed="别生气,下个月我保证给您多弄几条中华")
    typed_hits = [h for h in turn.hits if h.source == "detector"]
    assert ("careful_promise", "violates") in {(h.principle, h.polarity) for h in typed_hits}


def test_exploring_first_upholds_listening_and_answering_first_breaks_it(
    content: Content,
) -> None:
    scenario = content.scenarios["retail_supply_cold"]
    persona = content.personas[scenario.persona]
    asked = Session(scenario, persona, content.catalog, seed=1)
    asked.respond("policy_first", typed="您先说说,这个月哪几样烟最缺?")
    # the open question already scored active_listening on its turn: no second point
    assert session_hits(scenario, asked.turns) == []
    credit = content.scenarios["credit_promise_approval"]
    probed = Session(credit, content.personas[credit.persona], content.catalog, seed=1)
    probed.respond("ask_first")  # an untagged open question, picked by number
    hits = session_hits(credit, probed.turns)
    assert ("active_listening", 1, "sequence") in [(h.principle, h.weight, h.source) for h in hits]
    rushed = Session(scenario, persona, content.catalog, seed=1)
    rushed.respond("promise_more")
    hits = session_hits(scenario, rushed.turns)
    assert [(h.principle, h.weight) for h in hits] == [("active_listening", -1)]
    assert "我保证" in hits[0].evidence
    card = rushed.scorecard()
    assert card.session_hits == tuple(hits)


def test_a_plan_the_client_asked_for_later_is_an_answer_not_a_skipped_question(
    content: Content,
) -> None:
    from simulator.model import Text
    from simulator.scoring import TurnResult

    def turn(index: int, client: str, said: str) -> TurnResult:
        return TurnResult(
            index, f"n{index}", Text(client, ""), "calm", "o", Text(said, ""), said,
            (), Text("", ""), None, {}, "next",
        )  # fmt: skip

    scenario = content.scenarios["credit_gift_dinner"]
    talk = [turn(0, "这箱腊肉您带回去尝尝", "东西我真不能收，心意领了")]
    asked = [*talk, turn(1, "那你说，我接下来该怎么弄？", "我建议您先把合同和流水备齐")]
    assert [h for h in session_hits(scenario, asked) if h.principle == "active_listening"] == []
    # Unasked, the same plan before any question is still a solution before listening.
    unasked = [*talk, turn(1, "材料我都给你了", "我建议您先把合同和流水备齐")]
    hits = [h.weight for h in session_hits(scenario, unasked) if h.principle == "active_listening"]
    assert hits == [-1]
    # At the opening, "你说我该怎么办" is the objection itself: exploring it first is the move.
    opening = [turn(0, "你说我该怎么办？", "我建议您先把合同和流水备齐")]
    hits = [h.weight for h in session_hits(scenario, opening) if h.principle == "active_listening"]
    assert hits == [-1]


def test_credit_repayment_before_amounts(content: Content) -> None:
    scenario = content.scenarios["credit_promise_approval"]
    persona = content.personas[scenario.persona]
    first = Session(scenario, persona, content.catalog, seed=1)
    first.respond("flatter_promise", typed="一千八的额度没问题,王行长都说了")
    risk = [h for h in session_hits(scenario, first.turns) if h.principle == "risk_thinking"]
    assert [h.weight for h in risk] == [-1]
    second = Session(scenario, persona, content.catalog, seed=1)
    second.respond("cold_rule", typed="这笔钱借了以后靠什么来还?")
    risk = [h for h in session_hits(scenario, second.turns) if h.principle == "risk_thinking"]
    # the typed question already scored risk_thinking on its turn: not counted twice
    assert risk == []
    assert any(h.principle == "risk_thinking" and h.weight > 0 for h in second.turns[0].hits)


def _eval(*extra: str) -> subprocess.CompletedProcess[str]:
    """`parley eval …` as a user runs it (every bundled set judged: a minute or two)."""
    return subprocess.run(
        [sys.executable, "-m", "simulator", "eval", *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )


@dataclasses.dataclass(frozen=True)
class EvalReport:
    """`parley eval --no-heldout --json-out FILE` as a maintainer runs it: the text it printed
    and the JSON form it wrote, from one run."""

    done: subprocess.CompletedProcess[str]
    report: dict[str, Any]


@pytest.fixture
def eval_report(
    eval_written: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> EvalReport:
    """The run, made once for the tests that read it (early, beside the other tests:
    `EARLY_RUNS`)."""
    return EvalReport(*eval_written)


def test_parley_eval_reports_and_passes(tmp_path: Path, eval_report: EvalReport) -> None:
    done, report = eval_report.done, eval_report.report
    assert done.returncode == 0, done.stdout + done.stderr
    assert report["ok"] is True
    assert report["matching"]["top1"] >= 0.9
    assert report["detectors"]["careful_promise"]["precision"] >= 0.9
    assert "top-1" in done.stdout and "careful_promise" in done.stdout
    # The JSON written is the report the text prints: the same sets, the same figures.
    for name, data in report["sets"].items():
        assert f"标注集 / labelled set — {name}" in done.stdout
        if "reworded" in data:
            printed = done.stdout.split(f"— {name}\n", 1)[1].split("标注集", 1)[0]
            line = next(x for x in printed.splitlines() if x.split()[:1] == ["reworded"])
            assert int(line.split()[1]) == data["reworded"]["n"], (name, line)
    missing = _eval("--paraphrases", str(tmp_path / "x.yaml"))
    assert missing.returncode == 2 and "not found" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_every_bundled_scenario_is_in_both_paraphrase_sets(content: Content) -> None:
    bundled = {sid for sid in content.scenarios if not sid.startswith(("test_", "wide"))}
    for path, least in ((DEVSET, 25), (HELDOUT, 10)):
        items = [i for i in read_paraphrase_devset(path) if i.option]
        per = {sid: sum(1 for i in items if i.scenario == sid) for sid in bundled}
        assert all(n >= least for n in per.values()), (path.name, per)


def test_held_out_paraphrases_hold_the_measured_line(content: Content) -> None:
    # Written by a second engineer before the matcher was tuned; thresholds were then chosen
    # on the dev set only. Measured: top-1 97.5 %, taken right at once 91.0 %, wrong 0.
    items = read_paraphrase_devset(HELDOUT)
    figures = matching_figures(items, content.scenarios)
    assert figures.total >= 150 and not figures.unresolved
    assert figures.top1_rate >= 0.95, figures.errors
    assert figures.taken_right_rate >= 0.89, figures.errors
    assert figures.wrong_rate <= 0.01, figures.errors
    assert figures.offtopic >= 10 and figures.offtopic_taken == 0


@pytest.mark.parametrize(
    ("scenario", "node", "text", "promise"),
    [
        (
            "credit_promise_approval",
            "final_ask",
            "我不能保证一千八下个月批下来",
            "guarantee_approval",
        ),
        ("credit_statements_mismatch", "closing", "我没法保证两周内一定放款", "guarantee"),
        ("retail_telecom_churn", "outage", "以后绝对不断网这种话我不敢保证", "never_again"),
        ("retail_supply_cold", "opening", "下个月多给几条中华,这个我不能保证", "promise_more"),
        ("credit_collateral_only", "closing", "一个星期放款我可不敢保证", "promise_week"),
        # 承诺 refused is 保证 refused: the option says "保证好卖".
        (
            "retail_health_objection",
            "product_question",
            "卖不动就包退？这个我承诺不了",
            "guarantee_sell",
        ),
    ],
)
def test_a_negated_promise_is_never_taken_as_the_promise(
    content: Content, scenario: str, node: str, text: str, promise: str
) -> None:
    reading = understand(content.scenarios[scenario], node, text)
    assert not _taken_as(reading, promise)


@pytest.mark.parametrize(
    ("scenario", "node", "text", "refused"),
    [
        ("credit_overdue_followup", "huajun_check", "华骏那边的流水，我私下也不会去翻", "peek"),
        ("retail_telecom_churn", "outage", "三个月不收月租？我个人做不了主", "free_months"),
        ("retail_telecom_churn", "outage", "免掉三个月的月租，我做不了这个主", "free_months"),
        # A topic ("…那种") the trainee then advises against.
        (
            "credit_collateral_only",
            "repayment",
            "只付利息、本金到期再还的那种，我不建议",
            "interest_only",
        ),
        # Asked back, then "no such thing".
        (
            "credit_statements_mismatch",
            "real_need",
            "三百万原样报上去，贷审会卖个面子？没这回事",
            "full_300",
        ),
        (
            "retail_telecom_churn",
            "proposal",
            "七折再送升级，今天就拍板？哪有这么简单",
            "big_package",
        ),
        # Asked back, then the words named and declined.
        (
            "pitch_internal_politics",
            "wu_meeting",
            "孙总对您是什么看法？这话不该从我嘴里讲",
            "gossip_to_wu",
        ),
        # Asked back, then said not to be the trainee's to decide.
        ("retail_telecom_churn", "outage", "免三个月的月租？这不是我一个人说了算的", "free_months"),
        (
            "credit_promise_approval",
            "final_ask",
            "一千八能批下来吗？我可担保不了",
            "guarantee_approval",
        ),
    ],
)
def test_a_topic_the_trainee_then_refuses_is_never_taken_as_the_option(
    content: Content, scenario: str, node: str, text: str, refused: str
) -> None:
    # A topic put first and a short refusal by the trainee after it ("X，我可不会Y"): the
    # refusal reaches back to the topic, as Chinese topic-comment sentences do.
    reading = understand(content.scenarios[scenario], node, text)
    assert not _taken_as(reading, refused)
    assert [c.option_id for c in reading.candidates] != [refused]


@pytest.mark.parametrize(
    ("scenario", "node", "text", "refused"),
    [
        ("credit_promise_approval", "classmate", "报告写漂亮点？我可不会替谁把数字改好看", "bend"),
        ("credit_collateral_only", "closing", "一周就放款？谁敢打这种包票啊", "promise_week"),
    ],
)
def test_a_request_asked_back_then_refused_at_length_is_never_taken(
    content: Content, scenario: str, node: str, text: str, refused: str
) -> None:
    # The trainee's own refusal after the request asked back, however long, or a dare
    # ("谁敢…") that says nobody would, refuses the request.
    reading = understand(content.scenarios[scenario], node, text)
    assert not _taken_as(reading, refused)
    assert refused not in [c.option_id for c in reading.candidates]


def test_a_deed_named_by_its_verb_before_a_bare_buxing_is_refused(content: Content) -> None:
    # Round thirty-eight's leftover: "往好了写不行，我照实写" was offered [threatened, bend], the
    # second the very move it refuses. A deed named by its verb before a bare "不行" is refused;
    # a thing judged ("网络不行") stays a verdict on the thing.
    scenario = content.scenarios["credit_promise_approval"]
    reading = understand(scenario, "classmate", "往好了写不行，我照实写")
    assert "bend" not in [c.option_id for c in reading.candidates]
    assert not _taken_as(reading, "bend")
    [deed, _] = clauses(normalise("往好了写不行，我照实写"))
    assert all(deed.negated)
    [thing] = clauses(normalise("网络不行"))
    assert not any(thing.negated[:2])


def test_a_refusal_after_a_whether_or_not_denies_neither_side() -> None:
    from simulator import stance

    whether, _ = stance.clauses("抽不抽贷，我可不敢替行里打这个包票")
    assert whether.kind == "ask" and not any(whether.negated)
    echoed, _ = stance.clauses("往好了写？我可不会把报告写得跟事实不一样")
    assert all(echoed.negated)


def test_the_official_styles_exemptions_negate_what_follows() -> None:
    # "免予核查" (exempted from the check) and "毋须" are negations in the 公文腔 a county
    # veteran writes (v28); "免费" and "以免" negate nothing.
    from simulator import stance

    (exempt,) = stance.clauses("免予核查")
    assert exempt.negated == (False, False, True, True)
    (spared,) = stance.clauses("毋须担心")
    assert spared.negated[-2:] == (True, True)
    (free,) = stance.clauses("免费开通以免出错")
    assert not any(free.negated)


@pytest.mark.parametrize(
    ("scenario", "node", "text", "refused"),
    [
        # The saying and the verdict split by a comma, after the words asked back.
        (
            "credit_gift_dinner",
            "worry",
            "拼了命也批下来？这话我要说了，就是在骗您。",
            "promise_to_save",
        ),
        # The speaker who would say it is the one lying.
        (
            "credit_overdue_followup",
            "closing",
            "要是跟您说肯定过得去，那我就是在哄您。",
            "false_assure",
        ),
    ],
)
def test_words_called_a_lie_if_said_are_not_said(
    content: Content, scenario: str, node: str, text: str, refused: str
) -> None:
    reading = understand(content.scenarios[scenario], node, text)
    assert not _taken_as(reading, refused)


def test_where_would_i_have_that_is_i_have_not() -> None:
    from simulator import stance

    # "我哪有这个权限": a rhetorical 哪有 before 这个/那个 says the trainee has not.
    (asked, refused) = stance.clauses("全部七折今天就定？我哪有这个权限。")
    assert asked.kind == "ask" and refused.kind == "negate"


@pytest.mark.parametrize(
    "text",
    [
        "全款一次买断？那可使不得。",
        "今晚就签？谈不上，先看看样品。",
        "把利息全免了？没人敢担这个责任。",
        "先拿货后付款？那可拉倒吧。",
        "替您把罚单压下来？那可使不得。",  # the move may name the client
        "让您先垫上这笔钱？那不解决问题。",  # 不解决问题 negates 解决: no "没问题" here
        "翻出旧账来数落？现在说这个有啥用。",  # "what use is it": none
        "把抵押物估高两成？那是把自己往沟里带，我可不干。",  # rejected a clause later
        "两边都答应、谁都满意？那不叫办法。",  # 谁都 is "everyone", it asks nothing
        "三个月内一定涨回来？谁能担这个保，我也不能。",  # "who could" dares
        "三天就放款？这种话说出来也是空话。",  # "empty words"
        "三天就放款？这话说着容易，做不到就是骗您。",  # named, then rejected a clause later
        "签个字就完事？那可不成。",  # 那可不成 is no "not doing it won't do"
        "分类先报成正常？那也是瞒报，一样是违规。",  # verdicts alone reject (round fourteen)
        "两边各让一半？那是和稀泥，解决不了问题。",  # "cannot solve" is no good news
        # Round fifteen: harm to the client or to one's own job, a part nobody wants.
        "私下替您改报表？那等于把我自己的饭碗砸了。",
        "三天就放款？这话我说了就是给您挖坑。",
        "原样转给创意部？那我成了传话筒了。",
        "把您的话原样交给设计？那我就成传话筒了。",  # 您的话: words, not "if"
        "替您把数字改高一点？那哪行。",  # 哪行: how could it do
        # Round eighteen: words that would hurt, a harm past bearing, a rule broken.
        "这么跟阿姨说她儿子？这话太伤人了。",
        "这么跟阿姨说她儿子？那可要命。",
        "让您表哥私下去查流水？那是犯纪律的。",
    ],
)
def test_a_move_asked_back_then_rejected_in_any_words_is_denied(text: str) -> None:
    from simulator import stance

    asked, *_ = stance.clauses(text)
    assert asked.kind == "negate" and all(asked.negated)


@pytest.mark.parametrize(
    "text",
    ["三年不涨价？那可使不得。", "小单子就不签合同了？不签可不行。"],  # rejected; "not X won't do"
)
def test_a_negated_move_asked_back_then_rejected_is_said_the_other_way_round(text: str) -> None:
    from simulator import stance

    asked, *_ = stance.clauses(text)
    verb = asked.text.index("不") + 1
    assert not asked.question and not any(asked.negated[verb : verb + 2])


@pytest.mark.parametrize(
    "text",
    [
        "周一交稿？行，我让他们周末赶一赶。",  # taken up before anything is rejected
        "周一交稿？说实话，周末加个班也就赶出来了。",  # no rejection
        "全额放款？好说，不过材料得先齐。",
    ],
)
def test_a_move_asked_back_and_taken_up_is_not_rejected_later(text: str) -> None:
    from simulator import stance

    asked, *_ = stance.clauses(text)
    assert not any(asked.negated)


@pytest.mark.parametrize(
    "text",
    [
        "三天放款这种话，我要是说得出口才怪。",  # named, then scorned with no negation cue
        "“利息全免”——这句话，我可不敢讲。",  # named by a clause of its own
        "今天肯定放款——这句我担不起。",  # named at the start of the comment
        "保本保息？这种话我讲了就是误导您。",  # calling it misleading rejects it
        "年底前一定到位？这话我可不敢说。",  # declined once, not turned back by a second rule
        '跟他说"您当初就不该借"，现在说这个有啥用。',  # quoted, then scorned (round fourteen)
        '要说"肯定能批下来"，我说不出口。',  # what the condition would say, declined
    ],
)
def test_words_named_and_then_rejected_are_denied(text: str) -> None:
    from simulator import stance

    named, *_ = stance.clauses(text)
    assert named.kind == "negate" and all(named.negated)


@pytest.mark.parametrize(
    "text",
    [
        "明天就到账？没问题，包在我身上。",  # a negation that promises
        "下周交货？误不了您的事。",
        "周一给稿？绝不让您失望。",
        "拿钱让我违纪？太不像话了。",  # a scolding, not a refusal of the move
        "老板最近身体好吗？我好久没见他了。",  # asked of the client, not a move asked back
        "材料都齐了？您那边不用再跑了。",  # put to the client
        "人家那么大的厂还能赖您账？这笔就不用查了。",  # rhetorical: it asserts
    ],
)
def test_a_question_answered_without_rejecting_it_is_not_denied(text: str) -> None:
    from simulator import stance

    asked, *_ = stance.clauses(text)
    assert not any(asked.negated)


def test_punctuation_alone_is_no_clause() -> None:
    from simulator import stance

    # The second dash of "——" stood as a clause of its own between a quoted promise and the
    # words that refuse it, so nothing before the dash could be turned back.
    found = stance.clauses('"十五个点我们一定做下来"——这句话，今天我没法说出口。')
    assert [c.text.strip('"—') for c in found] == [
        "十五个点我们一定做下来",
        "这句话",
        "今天我没法说出口",
    ]


def test_to_pretend_not_to_know_is_one_act_said_or_refused_whole(content: Content) -> None:
    from simulator import stance

    (refused,) = stance.clauses("这事我不能装没听见")
    assert refused.kind == "negate" and refused.negated[-1]  # 听见 stays inside the refusal
    (said,) = stance.clauses("我就当没听见")
    assert said.kind == "affirm" and not any(said.negated)
    # A word ending in 当 or 装 is no pretending: "相当没把握" doubts.
    (doubt,) = stance.clauses("我相当没把握")
    assert doubt.negated[-1]
    # Refusing to look away is never the option that looks away.
    reading = understand(
        content.scenarios["retail_grey_cigarettes"],
        "hint",
        "这话我不能装没听见，来路不明的烟您别碰",
    )
    assert "your_call" not in [c.option_id for c in reading.candidates]


def test_calling_a_move_no_way_out_denies_it(content: Content) -> None:
    from simulator import stance

    (clause,) = stance.clauses("跟摊贩拼低价不是办法")
    assert clause.kind == "negate" and all(clause.negated)
    reading = understand(
        content.scenarios["retail_grey_cigarettes"], "help", "跟摊贩拼低价不是办法"
    )
    assert "cut_price" not in [c.option_id for c in reading.candidates]


def test_doubt_at_a_clauses_end_asserts_none_of_it(content: Content) -> None:
    from simulator import stance

    # "下周上会也说不准": the committee date is doubted, not promised.
    (clause,) = stance.clauses("下周上会也说不准")
    assert clause.kind == "negate" and all(clause.negated)
    (clause,) = stance.clauses("能批多少还不好说")
    assert all(clause.negated)
    scenario = content.scenarios["credit_statements_mismatch"]
    doubted = ("就照报表写我可不敢，下周能不能上会也说不好", "照着报表写报告，下周上会，这都难说")
    for said in doubted:
        reading = understand(scenario, "office_chat", said)
        assert reading.decision != "take" or reading.best.option_id != "agree_fast", said


def test_whether_a_colleague_is_reliable_is_not_mine_to_say_behind_his_back(
    content: Content,
) -> None:
    from simulator import stance

    # 靠谱 is read as 可靠: "靠不靠谱" must stay a whether-or-not, and "不是我该在背后评论的"
    # declines to answer it, with where it would be said before the verb.
    asked, declined = stance.clauses("小张那人靠不靠谱，不是我该背后评论的")
    assert all(declined.negated) and all(asked.negated)
    reading = understand(
        content.scenarios["retail_supply_cold"],
        "old_grudge",
        "小张那人靠不靠谱，不是我该背后评论的",
    )
    assert reading.decision != "take" or reading.best.option_id != "badmouth_colleague"


def test_saying_it_would_be_a_lie_is_not_saying_it(content: Content) -> None:
    from simulator import stance

    asked, called = stance.clauses("保证批下来？我要这么说就是哄您")
    assert all(asked.negated) and not asked.question and all(called.negated)
    condition, _verdict = stance.clauses("要是跟您说一定批下来，那是骗您")
    assert all(condition.negated) and not condition.condition
    # Without a pointer to the words, the lie is the reason for a refusal: nothing is denied.
    _reason, why = stance.clauses("后门我开不了，乱答应等于骗您")
    assert not any(why.negated[:3])
    scenario = content.scenarios["credit_gift_dinner"]
    for said in ("拼命也给您批下来？我要这么讲就是哄您", "要是跟您说拼了命也能批，那是骗您"):
        reading = understand(scenario, "worry", said)
        assert reading.decision != "take" or reading.best.option_id != "promise_to_save", said


def test_not_arguing_a_point_concedes_it() -> None:
    from simulator import stance

    # "我不狡辩" / "我不否认" grant what was just said; they do not refuse it.
    fact, _ = stance.clauses("烟有害是事实，我不狡辩")
    assert fact.kind == "affirm" and not any(fact.negated)
    fact, _ = stance.clauses("利息是高了点，这个我不否认")
    assert fact.kind == "affirm" and not any(fact.negated)


def test_a_negated_subject_ends_at_shi() -> None:
    from simulator import stance

    # "没做备份是我们的错": the missing backup is negated, the fault owned is not.
    (owned,) = stance.clauses("没做备份是我们的错")
    assert owned.negated[1] and not any(owned.negated[owned.text.index("是") :])
    # After a verb of saying, 是 is inside what is negated: "我没说是您的错".
    (said,) = stance.clauses("我没说是您的错")
    assert said.negated[-1]


def test_a_promise_kept_to_ones_own_steps_is_not_the_promise_refused(content: Content) -> None:
    # "我能保证的是…" promises what follows, not the outcome: the honest option that says
    # "保证不了" about the outcome is still the reading.
    scenario = content.scenarios["credit_gift_dinner"]
    reading = understand(
        scenario,
        "deadline",
        "哪天到账我没法打包票，审批说了算。我能保证的是材料一齐当天就报，每周给您打个电话",
    )
    assert reading.decision == "take" and reading.candidates[0].option_id == "commit_own_steps"


def test_bao_zhun_refused_is_never_the_promise(content: Content) -> None:
    # 保准 is 保证 said another way: "我可不敢保准" refuses the option that says 保准.
    reading = understand(
        content.scenarios["retail_supply_cold"],
        "closing",
        "投放一出来我就给您打电话，下个月能不能多，我可不敢保准",
    )
    assert not _taken_as(reading, "promise_close")
    assert [c.option_id for c in reading.candidates][:1] != ["promise_close"]


def test_a_refusal_after_the_trainees_own_long_refusal_does_not_turn_it_around() -> None:
    from simulator import stance

    # "我不会跟您保证…，那不是我能定的": the second refusal agrees with the first. What is
    # declined ("以后都不收手续费") is not said: its own negation turns back (round seventeen).
    text = "我不会跟您保证说咱们行以后都不收手续费，那不是我能定的"
    first, _ = stance.clauses(text)
    assert first.kind == "negate" and first.negated[text.index("保证")]
    assert not first.negated[text.index("收手续费")]


def test_calling_it_nonsense_denies_what_was_just_said() -> None:
    from simulator import stance

    said, verdict = stance.clauses("下周就能放款，那纯属瞎扯")
    assert said.kind == "negate" and all(said.negated) and verdict.kind == "negate"


def test_forwarding_reads_as_sending(content: Content) -> None:
    # 转给/转发 is how a trainee says 发给 when the file is already on the phone.
    reading = understand(
        content.scenarios["pitch_group_onestop"], "peer_data", "东岳那份我转给您，您自己看看"
    )
    assert reading.decision == "take" and reading.candidates[0].option_id == "send_file"


def test_not_fixed_by_a_word_from_me_denies_the_move() -> None:
    from simulator import stance

    (clause,) = stance.clauses("加档不是我去说一句就能成的")
    assert all(clause.negated)


def test_a_finished_statement_before_a_refusal_is_not_its_topic() -> None:
    # "那就多谢钱总了，我不推了" accepts: the thanks is said, not refused; nor is a concession
    # before 可 ("换卡麻烦是真的，可我不想…").
    from simulator import stance

    thanks, refusal = stance.clauses("那就多谢您了，我就不去了。")
    assert thanks.kind == "affirm" and refusal.kind == "negate"
    # "我不推了" declines to refuse: it accepts, and the thanks stands.
    thanks, accepts = stance.clauses("那就多谢您了，我不推了。")
    assert thanks.kind == accepts.kind == "affirm"
    concession, _ = stance.clauses("换卡麻烦是真的，可我不想靠这个留住您。")
    assert concession.kind == "affirm"
    topic, _ = stance.clauses("免三个月月租，我做不了这个主。")
    assert topic.kind == "negate"


def test_a_second_refusal_does_not_turn_a_first_bare_one_around() -> None:
    from simulator import stance

    claim, first, second = stance.clauses("下个月全部上线，做不到的，也不该这么干。")
    assert claim.kind == first.kind == second.kind == "negate"
    # Idioms of certainty affirm.
    assert stance.clauses("三个月后铁定回到原来那级，没跑")[-1].kind == "affirm"


def test_calling_it_a_lie_or_not_ones_place_refuses_what_came_before() -> None:
    from simulator import stance

    claim, verdict = stance.clauses("保本保息，那是骗人的")
    assert claim.kind == "negate" and verdict.kind == "negate"
    asked, refusal = stance.clauses("王总私下怎么评价您，这不是我该讲的")
    assert asked.kind == "negate" and refusal.kind == "negate"
    # 的话 after 不是 is the noun 话, not the end of a condition; after a verb it is one.
    assert stance.clauses("这不是我该传的话")[0].kind == "negate"
    assert stance.clauses("您要走的话")[0].kind == "condition"


@pytest.mark.parametrize(
    ("scenario", "node", "text", "refused"),
    [
        ("credit_promise_approval", "classmate", "报告往好了写？这不是害我吗", "bend"),
        ("retail_grey_cigarettes", "help", "跟着他们降价卖？冯哥，这不是坑您吗", "cut_price"),
        ("pitch_wealth_retiree", "risk_test", "我替您勾？那不是害您嘛", "tick_for_her"),
        # A harm named with no negation in it at all.
        ("credit_promise_approval", "classmate", "报告往好了写？那才是害我", "bend"),
        ("retail_grey_cigarettes", "help", "跟着他们降价卖？那才是坑您", "cut_price"),
        ("pitch_wealth_retiree", "risk_test", "我替您勾？那才是害您", "tick_for_her"),
    ],
)
def test_a_request_echoed_then_called_harmful_is_refused(
    content: Content, scenario: str, node: str, text: str, refused: str
) -> None:
    # Found by a cold tryout: "X？这不是害我吗" was taken as agreeing to X, 5 times of 5.
    reading = understand(content.scenarios[scenario], node, text)
    assert not _taken_as(reading, refused)
    assert [c.option_id for c in reading.candidates] != [refused]


def test_an_address_between_the_echo_and_the_refusal_changes_nothing() -> None:
    from simulator import stance

    with_name = stance.clauses("往好了写？王姐，那可不行")
    without = stance.clauses("往好了写？那可不行")
    assert [(c.text, c.kind) for c in with_name] == [(c.text, c.kind) for c in without]


def test_declining_to_say_what_was_asked_denies_it() -> None:
    from simulator import stance

    asked, refusal = stance.clauses("隔壁那家到底欠了多少，我不会在您面前评论别人的账")
    assert asked.kind == "ask" and all(asked.negated) and refusal.kind == "negate"
    # A refusal of something else leaves the question as asked.
    asked, _ = stance.clauses("这笔钱什么时候要用？我不会在还款日前上门催您")
    assert asked.kind == "ask" and not any(asked.negated)


def test_what_cannot_be_delivered_is_denied_whole(content: Content) -> None:
    from simulator import stance

    (clause,) = stance.clauses("下周一整套新方案交不出的")
    assert all(clause.negated)
    reading = understand(
        content.scenarios["pitch_proposal_overhaul"], "timeline", "周一全套新稿子赶不出来的"
    )
    assert not (
        reading.decision == "take" and reading.best and reading.best.option_id == "monday_all"
    )


def test_a_question_with_bu_shi_ma_asserts() -> None:
    from simulator import stance

    for text in ("这不是白忙一场吗", "那不就省事了嘛", "您这不正好赶上了么"):
        (clause,) = stance.clauses(text)
        assert clause.kind == "affirm" and not any(clause.negated), text
    assert stance.clauses("您明天不来吗")[0].kind == "ask"


def test_a_refusal_declined_is_acceptance(content: Content) -> None:
    from simulator import stance

    assert stance.clauses("那我就不推辞了")[0].kind == "affirm"
    assert stance.clauses("这个我不推荐")[0].kind == "negate"
    reading = understand(
        content.scenarios["pitch_wealth_retiree"], "red_envelope", "行，那我就不推了"
    )
    assert reading.best is not None and reading.best.option_id == "take_it"


def test_the_move_after_a_turn_to_business_outweighs_the_lead_in(content: Content) -> None:
    reading = understand(
        content.scenarios["retail_grey_cigarettes"],
        "face",
        "哈哈，我就知道冯哥开玩笑呢。说点实在的，怎么把被摊子抢走的客人拉回来",
    )
    assert not _taken_as(reading, "laugh_it_off")
    assert reading.best is not None and reading.best.option_id == "give_him_a_way_down"


def test_who_dares_in_southwestern_mandarin_negates() -> None:
    from simulator import stance

    (clause,) = stance.clauses("哪个敢跟您拍这个胸脯")
    assert clause.kind == "negate"


def test_zhe_ge_bie_is_this_and_a_negation_not_a_few() -> None:
    from simulator import stance

    (clause,) = stance.clauses("这个别担心了")
    assert clause.kind == "negate" and clause.negated[-1]
    (few,) = stance.clauses("个别网点排队久")
    assert few.kind == "affirm"


def test_a_doubt_answers_the_question_and_a_hedge_is_not_turned_around() -> None:
    from simulator import stance

    asked, doubt = stance.clauses("这月能批下来？说实话我也没把握能批")
    assert asked.kind == "ask" and all(asked.negated) and doubt.kind == "negate"
    # "X不一定就是Y，我不这么看": the refusal agrees with the hedge; Y stays denied.
    hedge, _ = stance.clauses("客户多不一定就是赚钱，我不这么看")
    assert hedge.negated[-1] and not hedge.negated[0]


@pytest.mark.parametrize(
    ("scenario", "node", "text", "refused"),
    [
        (
            "credit_collateral_only",
            "daughter",
            "你爸在我们这儿贷了多少，这不是我该跟你讲的",
            "tell_daughter",
        ),
        ("credit_overdue_followup", "closing", "跟您说肯定没事，那是哄您的", "false_assure"),
        # A lie named with no negation character in it is read all the same.
        ("credit_overdue_followup", "closing", "说一定过得去，那是骗您的", "false_assure"),
    ],
)
def test_a_lie_named_or_a_word_not_mine_to_pass_is_not_the_move(
    content: Content, scenario: str, node: str, text: str, refused: str
) -> None:
    reading = understand(content.scenarios[scenario], node, text)
    assert not _taken_as(reading, refused)
    # Candour is no lie named: "我不骗您，肯定没问题" still makes the promise.
    if refused == "false_assure":
        plain = understand(content.scenarios[scenario], node, "我不骗您，肯定没问题")
        assert plain.decision == "take" and plain.best and plain.best.option_id == refused


def test_a_refusal_repeated_does_not_turn_the_first_around(content: Content) -> None:
    # "这不是我该说的" points back to a refusal the trainee already made: it confirms it, it
    # does not make "我不会劝你去站吴总那边" say the opposite.
    scenario = content.scenarios["pitch_internal_politics"]
    reading = understand(scenario, "ask_side", "我不会劝你去站吴总那边，这不是我该说的")
    assert "pick_wu" not in [c.option_id for c in reading.candidates]


def test_words_about_what_they_refuse_are_offered_the_move_left_not_given_it(
    content: Content,
) -> None:
    # The words refuse the promise ("两百万没问题"), and are closer to it than to the honest
    # explanation of the risk that is left: that is a reading to confirm, not a move made.
    scenario = content.scenarios["credit_collateral_only"]
    reading = understand(scenario, "rescue", "两百万没问题这种话，我说不出口")
    assert reading.decision != "take"
    assert "full_yes" not in [c.option_id for c in reading.candidates]
    # An honest refusal that makes the move itself is still taken.
    plain = understand(
        scenario, "rescue", "借新还旧再建民宿，现金流扛不住，万一客人不来门面就保不住"
    )
    assert plain.decision == "take" and plain.best is not None
    assert plain.best.option_id == "honest_risk"


@pytest.mark.parametrize(
    ("node", "text", "move"),
    [
        # A cold tryout's three answers: each refuses the client's demand, then makes the
        # honest move in the trainee's words, and was met with "我没听明白".
        (
            "classmate",
            "报告往好了写这个我没法答应您，我只能照实写，写扎实了对您和王行长都好",
            "firm_polite",
        ),
        (
            "final_ask",
            "下个月一千八到位，这个我保证不了，我这周五前把报告报上去，有进展每周跟您说",
            "commit_actions",
        ),
    ],
)
def test_a_refusal_then_a_move_is_the_move(
    content: Content, node: str, text: str, move: str
) -> None:
    scenario = content.scenarios["credit_promise_approval"]
    reading = understand(scenario, node, text)
    assert reading.decision == "take" and reading.best is not None
    assert reading.best.option_id == move
    assert reading.text == text  # the words the trainee typed, quoted whole


def test_small_talk_is_steered_back_not_called_unclear(content: Content) -> None:
    scenario = content.scenarios["credit_gift_dinner"]
    reading = understand(scenario, "opening", "今天天气真好啊")
    assert reading.decision == "clarify" and reading.clarify_line is not None
    assert reading.clarify_line in STEER_LINES  # "咱们先说正事吧", not "我没听懂"
    gibberish = understand(scenario, "opening", "qwerty asdf")
    assert gibberish.clarify_line is not None and gibberish.clarify_line not in STEER_LINES


def test_each_client_gets_back_to_business_in_their_own_words(tmp_path: Path) -> None:
    # A cold tryout heard the same "这个回头再聊" from every client. A persona's
    # `back_to_business` lines are its own; without them, the library's.
    import dataclasses

    from simulator.engine import Session

    bundled = load_content(include_local=False, raise_on_error=False)
    scenario = bundled.scenarios["credit_gift_dinner"]
    persona = bundled.personas[scenario.persona]
    assert len(persona.back_to_business) >= 2
    session = Session(scenario, persona, bundled.catalog, seed=1)
    heard = set()
    for chat in ("今天天气真好啊", "最近的球赛您看了没？", "您这茶是哪儿产的？味儿挺正"):
        reading = session.understand(chat)
        assert reading.steered
        line = session.clarify_line(reading)
        assert line in persona.back_to_business
        assert session.clarify_line(session.understand(chat)) == line  # same words, same line
        heard.add(line)
    bare = dataclasses.replace(persona, back_to_business=())
    plain = Session(scenario, bare, bundled.catalog, seed=1)
    assert plain.clarify_line(plain.understand("今天天气真好啊")) in STEER_LINES
    # Words the client did not follow are still asked about, in no persona's steering line.
    gibberish = session.understand("qwerty asdf")
    assert not gibberish.steered
    assert session.clarify_line(gibberish) not in persona.back_to_business


def test_words_no_move_reads_that_are_nearer_small_talk_are_steered() -> None:
    # Round thirty-four's cold tryout: "今天外面风挺大的吧？" scored too little against every
    # move to be weighed as small talk, and was asked what it meant.
    bundled = load_content(include_local=False, raise_on_error=False)
    scenario = bundled.scenarios["pitch_wealth_retiree"]
    for chat in ("今天外面风挺大的吧？", "外头冷得很，先喝口热茶"):
        reading = understand(scenario, scenario.start, chat)
        assert reading.decision == "clarify" and reading.steered, chat
    for unclear in ("qwerty asdf", "这个嘛……"):
        assert not understand(scenario, scenario.start, unclear).steered


def test_a_persona_file_names_its_back_to_business_lines(tmp_path: Path) -> None:
    from simulator.loader import load_persona

    root = Path(__file__).resolve().parent.parent
    source = (root / "personas" / "wang_xiulan.yaml").read_text(encoding="utf-8")
    head, rest = source.split("back_to_business:\n", 1)
    tail = "hot_buttons:" + rest.split("hot_buttons:", 1)[1]

    def written(block: str) -> Path:
        path = tmp_path / f"p{len(list(tmp_path.iterdir()))}.yaml"
        path.write_text(head + block + tail, encoding="utf-8")
        return path

    persona, problems = load_persona(written("back_to_business: {zh: 说正事。, en: Business.}\n"))
    assert persona is not None and not problems
    assert [t.zh for t in persona.back_to_business] == ["说正事。"]
    _, problems = load_persona(written("back_to_business: []\n"))
    [empty] = [p for p in problems if p.code == "PAR025"]
    assert (
        "back_to_business" in empty.message and "delete the `back_to_business:` line" in empty.hint
    )
    # A bare key: a text or a list is wanted, and the hint says both.
    _, problems = load_persona(written("back_to_business:\n"))
    [bare] = [p for p in problems if p.code == "PAR021"]
    assert "or a list of them" in bare.message and "- {zh: …, en: …}" in bare.hint
    # A misspelt language is named for what it meant.
    _, problems = load_persona(written("back_to_business:\n  - {zh: 说正事, eng: Business}\n"))
    [misspelt] = [p for p in problems if p.code == "PAR022"]
    assert "'eng'" in misspelt.message and misspelt.hint == "did you mean 'en'?"
    _, problems = load_persona(written("back_to_business:\n  - {cn: 说正事, en: Business}\n"))
    assert any(p.code == "PAR022" and p.hint == "did you mean 'zh'?" for p in problems)
    persona, problems = load_persona(written(""))
    assert persona is not None and not problems and persona.back_to_business == ()


@pytest.mark.parametrize(
    "text",
    [
        "你的快递我帮你收",
        "王姐，我帮您把孩子接回来",
    ],
)
def test_an_everyday_favour_is_not_the_move_that_offers_help(content: Content, text: str) -> None:
    # A new user's tryout (round fifteen): "你的快递我帮你收" was taken as "…我帮您把烟柜陈列
    # 重新理一理…", and trust rose. The help the move offers is still read.
    scenario = content.scenarios["retail_supply_cold"]
    assert understand(scenario, "competitor", text).decision == "clarify"
    help_offered = understand(scenario, "competitor", "我帮您把烟柜收拾一下，价签标清楚")
    assert help_offered.decision == "take" and help_offered.best is not None
    assert help_offered.best.option_id == "differentiate"


def test_a_refusal_is_not_offered_alone_a_move_never_phrased_as_one(content: Content) -> None:
    # A new user's tryout: "今天不签明天就没了这种话，我可不会拿来唬阿姨" was played as the
    # pressure sale it refuses; then, doubted, offered it alone ("您是想表达：额度紧张…吗").
    scenario = content.scenarios["pitch_wealth_retiree"]
    refusal = understand(scenario, "son_call", "明天额度就没了这种话，我可不会拿来吓唬阿姨。")
    assert refusal.decision != "take"
    assert "rush_quota" not in [c.option_id for c in refusal.candidates]


@pytest.mark.parametrize("text", ["嗯 啊 呃 那个 就是说", "呃……让我想想……", "怎么说呢，那啥"])
def test_hesitation_is_never_offered_a_reading(content: Content, text: str) -> None:
    reading = understand(content.scenarios["retail_grey_cigarettes"], "sample", text)
    assert reading.decision == "clarify" and not reading.candidates


def test_a_refusal_no_move_makes_is_heard_as_a_no(content: Content) -> None:
    # A new user's tryout: "吃饭？这个我真去不了" was met with "你这话是什么意思？我没听明白",
    # as if an unmistakable no had been unclear.
    scenario = content.scenarios["credit_gift_dinner"]
    refusal = understand(scenario, "dinner", "喝酒？这个我真去不了。")
    if refusal.decision == "clarify":
        assert refusal.clarify_line in REFUSED_LINES
    else:  # read as the move that declines the dinner (as trainees were heard to say it)
        assert refusal.candidates[0].option_id == "decline_dinner_alt"
    unclear = understand(scenario, "dinner", "嗯……这个嘛")
    assert unclear.clarify_line in CLARIFY_LINES


def test_a_long_answer_no_move_makes_is_asked_for_its_point(content: Content) -> None:
    # Round thirty-six's cold tryout: 316 characters that answered no move were met with
    # "你说具体点，我没太听懂", as if the trainee had mumbled; the client asks for the point.
    scenario = content.scenarios["credit_gift_dinner"]
    ramble = (
        "王总，您的心意我真领了，这顿饭我不能吃，礼也不能收，这是我们的纪律，也是为了您这笔贷款"
        "干干净净地走完流程。您放心，您厂里四十个工人等着发工资，这个我心里有数。我能做的是把您的"
        "材料今天就整理齐，明天一早报上去，审批那边什么时候有结果我第一时间告诉您，需要补什么我当天"
        "跟您说。您这边请把近一年的银行流水、纳税证明、订单合同和应收账款明细准备一下，还有厂房的"
        "产权证明和设备清单，这些齐了我们报得快。"
    )
    long = understand(scenario, "face", ramble)
    assert long.decision == "clarify"
    assert long.clarify_line in LONG_LINES
    short = understand(scenario, "face", "这个嘛，回头再看看")
    assert short.decision != "clarify" or short.clarify_line not in LONG_LINES


@pytest.mark.parametrize(
    ("scenario", "node", "text", "red_line"),
    [
        # Found by a cold tryout: a reflex "yes" would have ended the session on the very move
        # the words refuse.
        (
            "credit_promise_approval",
            "gift",
            "这卡我要是收了，这饭碗就别要了。您拿回去，茶也拿回去，心意我领了",
            "tea_only",
        ),
        ("retail_grey_cigarettes", "cut", "掩护我不打，中华也不要", "take_the_deal"),
    ],
)
def test_words_that_negate_are_never_offered_a_red_line(
    content: Content, scenario: str, node: str, text: str, red_line: str
) -> None:
    reading = understand(content.scenarios[scenario], node, text)
    assert red_line not in [c.option_id for c in reading.candidates]
    assert not _taken_as(reading, red_line)


@pytest.mark.parametrize(
    "text",
    [
        "钱总，额度能批多少我做不了主，要上贷审会。这多出来的八百万打算用在哪儿？",
        "这个我说了不算，要上会的。您先说说加的八百万干什么用？",
    ],
)
def test_words_that_say_who_decides_and_ask_are_the_move_that_does_both(
    content: Content, text: str
) -> None:
    # Round forty-two's cold tryout: the first was offered only "增加的八百万主要用在哪儿？"
    # (its 能批多少 read as a refusal of 能批), the second taken as it: the question alone
    # leaves the first sentence unsaid, the move that says who decides says both.
    reading = understand(content.scenarios["credit_promise_approval"], "opening", text)
    assert reading.decision == "confirm"
    assert [c.option_id for c in reading.candidates][:2] == ["clarify_role", "ask_first"]


def test_a_short_everyday_phrase_inside_an_answer_does_not_make_it_small_talk(
    content: Content,
) -> None:
    # "不知道" alone is no answer; inside "什么时候查我也不知道" it is the answer's point.
    scenario = content.scenarios["retail_grey_cigarettes"]
    assert understand(scenario, "inspection", "不知道").decision == "clarify"
    reading = understand(scenario, "inspection", "什么时候查我也不知道，那归专卖管")
    # Read as the option, not as small talk (the calibration may ask before taking it, and
    # since round twenty-three's refit it offers the kind refusal first, this one second).
    assert reading.decision != "clarify"
    assert "dont_know" in [c.option_id for c in reading.candidates]
    lines = matcher_for(scenario).understand(
        "inspection", "什么时候查我也不知道，那归专卖管", calibrated=False
    )
    assert lines.best is not None and lines.best.option_id == "dont_know"


def test_a_filler_before_the_words_does_not_make_them_small_talk(content: Content) -> None:
    scenario = content.scenarios["credit_promise_approval"]
    plain = understand(scenario, "pressure", "那我照流程来")
    opened = understand(scenario, "pressure", "嗯嗯，那我照流程来")
    assert plain.decision == "take" and plain.best is not None
    assert opened.decision == "take" and opened.best is not None
    assert opened.best.option_id == plain.best.option_id


@pytest.mark.parametrize(
    "text",
    ["好的好的好的", "嗯嗯，对对", "好吧好吧", "ok ok", "啊？", "嗯，这样啊", "哦，原来如此"],
)
def test_fillers_alone_are_asked_about_never_read_as_an_option(content: Content, text: str) -> None:
    # "好，那我回去等消息" starts like an acknowledgement; "好的好的" still says nothing.
    scenario = content.scenarios["pitch_discount_pressure"]
    for node in scenario.nodes.values():
        reading = understand(scenario, node.id, text)
        assert reading.decision == "clarify" and not reading.candidates, (node.id, reading)


@pytest.mark.parametrize(
    ("scenario", "node", "text"),
    [
        # Invented (round twenty-three): reminders the trainee notes to themself name the
        # closing move's nouns, and answer nothing.
        ("retail_telecom_churn", "closing", "我记一下：周五、三份材料、签字……"),
        ("retail_health_objection", "closing", "我自己过一遍：周四，标识牌，两周后"),
        ("pitch_proposal_overhaul", "real_concern", "唔……我捋一捋……"),
    ],
)
def test_a_note_to_self_is_no_answer(content: Content, scenario: str, node: str, text: str) -> None:
    reading = understand(content.scenarios[scenario], node, text)
    assert reading.decision == "clarify" and not reading.candidates, reading


def test_a_note_to_the_client_is_still_read(content: Content) -> None:
    # the same opener, then what the trainee will do for the client
    reading = understand(
        content.scenarios["retail_health_objection"],
        "closing",
        "我记一下：标识牌我周四给您送来，两周后再来看新品卖得怎么样，陈叔您多保重",
    )
    assert _taken_as(reading, "close_with_care") or (
        reading.decision == "confirm" and reading.candidates[0].option_id == "close_with_care"
    )


def test_a_form_of_address_before_the_words_is_not_what_they_answer(content: Content) -> None:
    # "陈叔您…" names whom the trainee speaks to; it matched the option that says "陈叔您尝尝".
    scenario = content.scenarios["retail_health_objection"]
    for node in scenario.nodes.values():
        if any(o.id == "hand_sample" for o in node.options):
            reading = understand(scenario, node.id, "陈叔您那副象棋还在不？")
            assert reading.decision != "take", reading


def test_the_plain_promise_is_still_understood(content: Content) -> None:
    scenario = content.scenarios["credit_promise_approval"]
    reading = understand(scenario, "final_ask", "我保证一千八下个月给您批下来")
    assert reading.decision == "take" and reading.best is not None
    assert reading.best.option_id == "guarantee_approval"


def test_a_dialect_question_is_asked_not_negated(content: Content) -> None:
    # 晓得 is written 知道, and "晓不晓得" must stay a question ("知不知道"), not "晓 + 不知道".
    assert canonical("你晓不晓得") == "你知不知道"
    scenario = content.scenarios["credit_collateral_only"]
    reading = understand(scenario, "daughter", "你晓不晓得你妈在外头欠了高利贷？你得劝劝她")
    assert reading.decision == "take" and reading.best is not None
    assert reading.best.option_id == "tell_daughter"


def test_a_must_said_with_two_negations_is_said_once() -> None:
    assert canonical("车间不看可不行") == "车间必须看"
    assert canonical("应收也不能不核") == "应收也必须核"
    assert canonical("不管怎样都不行") == "不管怎样都不行"  # 不管 is no negation


def test_colloquial_spellings_meet_the_written_ones() -> None:
    assert canonical(normalise("您咋不早说啥时候要")) == canonical(
        normalise("你怎么不早说什么时候要")
    )
    assert canonical(normalise("ok 房本在这")) == canonical(normalise("好的 房产证在这"))
    assert canonical("book") == "book"  # shorthand only as a whole word
    assert canonical("800w") == "800万"


def test_parley_eval_reports_held_out_sets_beside_the_dev_sets(
    tmp_path: Path, eval_report: EvalReport
) -> None:
    # The older paraphrase and detector sets alone (--no-labelled: seconds, not minutes).
    written = tmp_path / "held.json"
    done = _eval("--no-labelled", "--json-out", str(written))
    assert done.returncode == 0, done.stderr
    report = json.loads(written.read_text(encoding="utf-8"))
    sets = report["heldout"]["sets"]
    assert {"paraphrase_heldout.yaml", "detector_heldout.yaml"} <= set(sets)
    assert report["heldout"]["matching"]["paraphrases"] >= 150
    assert "held-out" in done.stdout and "taken right" in done.stdout
    assert report["sets"] == {} and "标注集" not in done.stdout
    # The dev sets only (`--no-heldout`): no held-out set read, labelled or not.
    dev_only = eval_report.done
    assert dev_only.returncode == 0 and "top-1" in dev_only.stdout
    assert "— held-out" not in dev_only.stdout and "heldout" not in eval_report.report
    assert eval_report.report["sets"] and not any(
        "heldout" in n for n in eval_report.report["sets"]
    )
    missing = _eval("--heldout-detectors", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "nope.yaml" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_second_held_out_paraphrase_set(content: Content) -> None:
    # Written after the matcher round and measured once: the cleaner figure (the synonym table
    # was partly informed by the first held-out set). Before the round: top-1 94 %, taken
    # right 56 %; after: 100 % and 75 %; no wrong option taken either time.
    figures = matching_figures(read_paraphrase_devset(HELDOUT_B), content.scenarios)
    assert figures.total >= 30 and not figures.unresolved
    assert figures.top1_rate >= 0.95, figures.errors
    assert figures.taken_right_rate >= 0.72, figures.errors
    assert figures.wrong_taken == 0, figures.errors


@pytest.mark.parametrize("text", ["江城渔村那家店我熟，老板是我同学", "江城渔村的停车场太小了"])
def test_words_that_only_echo_the_client_are_not_a_reading(content: Content, text: str) -> None:
    # The client names the restaurant; saying it back names the topic and answers nothing.
    scenario = content.scenarios["credit_promise_approval"]
    reading = understand(scenario, "dinner", text)
    assert reading.decision == "clarify" and not reading.candidates
    # The same place in an answer that accepts the dinner is still that move.
    accepts = understand(scenario, "dinner", "好，江城渔村见，我准时到")
    assert accepts.decision == "take" and accepts.best and accepts.best.option_id == "accept_dinner"


@pytest.mark.parametrize(
    ("scenario", "node", "text", "move"),
    [
        # Invented (round twenty-two): a deed said, then appraised as ill by a comment that
        # is only that; the start of the round took most of them as the deed itself.
        (
            "pitch_group_onestop",
            "wrap",
            "逼着您下周就把合同签了，那是逼单，我不干",
            "sign_next_week",
        ),
        (
            "credit_statements_mismatch",
            "downstream",
            "背着您给华骏财务打电话摸底，那样太冒失了",
            "call_directly",
        ),
        (
            "retail_health_objection",
            "product_question",
            "说别的牌子都过时了，那是踩人家",
            "knock_other_brands",
        ),
        ("pitch_group_onestop", "price", "说人家免费的服务差，这话太损，我不讲", "knock_free"),
        # with no comma between the deed and the comment
        ("credit_overdue_followup", "plan", "光等着华骏回款那是坐以待毙", "wait_huajun"),
        # words reported, then declined
        (
            "retail_health_objection",
            "mother_interjects",
            "说晓雨不会做生意，我可不跟着讲",
            "side_with_mom",
        ),
        # words the trainee refuses to say, their own negations with them
        (
            "pitch_discount_pressure",
            "timeline",
            "我不会来一句省公司的事我说了不算就完事",
            "dont_know_when",
        ),
        # Invented (round twenty-three): the comment's word is in no list; a comment led by a
        # pointer back is against the deed by its shape (too much of what is not good, a
        # predicate negated, "the same as" nothing).
        ("pitch_group_onestop", "wrap", "让您考虑好了再联系我，那太消极了", "call_me"),
        ("retail_proxy_order", "closing", "随口一句改天见，那显不出诚心", "vague_bye"),
        ("credit_gift_dinner", "closing", "就叫您回去等通知，那等于什么都没做", "wait_for_news"),
        # the words named in the comment, whoever they address
        ("pitch_proposal_overhaul", "timeline", "哪天都随您定这种说法太没准了", "your_call"),
        # words the trainee supposes saying
        (
            "pitch_discount_pressure",
            "authority",
            "我要是说这个折扣我拍板就行，那是吹牛",
            "bluff_authority",
        ),
        # words quoted and commented on; the harm that would follow; the deed re-described; a
        # move asked back and its harm (invented, round twenty-three)
        ("credit_gift_dinner", "worry", "一句“工人的事跟我没关系”，人家心都凉了", "not_my_problem"),
        (
            "credit_statements_mismatch",
            "downstream",
            "直接打电话给下游财务摸底，人家一知道，客户的单子准黄了",
            "call_directly",
        ),
        (
            "pitch_discount_pressure",
            "ultimatum",
            "吓唬严姐说换网要出事，这是拿话压人",
            "warn_them_off",
        ),
        ("credit_overdue_followup", "plan", "光等华骏回款？到头来窟窿只会更大", "wait_huajun"),
        # one move passed over for another
        (
            "pitch_group_onestop",
            "chairman",
            "与其请行长出面跟董事长吃顿饭，不如我们把试点材料备齐，您去汇报",
            "president_dinner",
        ),
    ],
)
def test_a_deed_judged_ill_is_not_the_move(
    content: Content, scenario: str, node: str, text: str, move: str
) -> None:
    reading = understand(content.scenarios[scenario], node, text)
    assert not _taken_as(reading, move)
    assert not (
        reading.decision == "confirm" and [c.option_id for c in reading.candidates] == [move]
    )


@pytest.mark.parametrize(
    ("scenario", "node", "text", "move"),
    [
        # the client's words quoted as the topic of what the trainee does next
        (
            "pitch_proposal_overhaul",
            "obj_vague",
            "行，“太素、没劲”我记下了，回去让创意组再想想",
            "note_and_relay",
        ),
        # a cost accepted ("亏就亏点") is no harm foretold
        (
            "retail_grey_cigarettes",
            "help",
            "您也往下降点价，先把老主顾拉回来，亏就亏点",
            "cut_price",
        ),
    ],
)
def test_words_quoted_or_a_cost_accepted_are_still_the_move(
    content: Content, scenario: str, node: str, text: str, move: str
) -> None:
    assert _taken_as(understand(content.scenarios[scenario], node, text), move)


@pytest.mark.parametrize(
    "text",
    [
        "先讲讲店里生意和这笔钱怎么还，这是规矩",
        "先聊聊农家乐的进账和还款打算，这样稳妥",
        # a question that affirms, too much of a good thing
        "先讲讲店里生意和这笔钱怎么还，那不就心里有数了",
        "先讲讲店里生意和这笔钱怎么还，那太有必要了",
    ],
)
def test_a_deed_judged_well_is_still_the_move(content: Content, text: str) -> None:
    reading = understand(content.scenarios["credit_collateral_only"], "opening", text)
    assert _taken_as(reading, "ask_business")


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("逼着您下周就把合同签了，这是逼单，我不干", "逼着您下周就把合同签了"),
        ("光等着华骏回款那是坐以待毙", "光等着华骏回款"),
        ("说晓雨不会做生意，我可不跟着讲", "说晓雨不会做生意"),
        # the client's own doing judged refuses no move of the trainee's
        ("您再投两百万，那是冒险", ""),
        ("我先看看您的流水，那是规矩", ""),
        # by its shape (round twenty-three): no list holds 单调, 撑不起 or 什么也没干
        ("随便说句回头联系这种做法太单调了", "随便说句回头联系"),
        ("光发个报价单，那撑不起场面", "光发个报价单"),
        ("光让您自己去跟总部谈，那等于什么也没干", "光让您自己去跟总部谈"),
        # good news, a question that affirms, a good thing
        ("先把材料备齐，那不就省事了", ""),
        ("先把材料备齐，那太好了", ""),
        ("先把材料备齐，那就误不了事", ""),
        # round twenty-six (v27's dev half): "too" with no pointer, a value denied after
        # 一点也, words with negations of their own named and judged
        ("光说句回头再联系，太含糊", "光说句回头再联系"),
        ("说谁家日子都不好过，一点也不体贴", "说谁家日子都不好过"),
        ("规定就是规定谁来都没用，这话太硬了", "规定就是规定谁来都没用"),
        ("先把材料备齐，太好了", ""),
        ('跟她争"赶我走问题永远解决不了"，只会被赶得更快', '跟她争"赶我走问题永远解决不了"'),
        ("踩别家的牌子老掉牙，不尊重同行", "踩别家的牌子老掉牙"),
        ("先把材料备齐，只会越来越顺", ""),
        ("钱不能收，瞒报是违规的，只会让您的问题更大", ""),  # a reason, not a deed put up
        ("规定就是规定我也没办法，这话冷得很", "规定就是规定我也没办法"),
        ("强调我们做了三周有数据，就是在跟她顶", "强调我们做了三周有数据"),
        ("先把材料备齐，那好得很", ""),
    ],
)
def test_what_a_comment_judges_ill_is_refused(text: str, refused: str) -> None:
    from simulator import stance

    assert stance.refused_moves(text) == refused


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("四十万全买一个理财？那可使不得。", "四十万全买一个理财"),
        ("三天放款这种话，我要是说得出口才怪。", "三天放款这种话"),
        ("周一交稿？行，我让他们周末赶一赶。", ""),  # taken up, not refused
        ("您是给亲戚代订的吧？那几条烟不像您自己卖的。", ""),  # a guess put to the client
        ("哪天查、查哪家，我不会透给您。", ""),  # asks which: names no move
    ],
)
def test_the_words_named_only_to_refuse_them(text: str, refused: str) -> None:
    from simulator import stance

    assert stance.refused_moves(text) == refused


@pytest.mark.parametrize(
    ("scenario", "node", "text", "refused"),
    [
        # Invented (round fourteen): a move asked back, then refused in words the calibration
        # has never seen; the lines took each as the move it refuses.
        (
            "credit_statements_mismatch",
            "power_bill",
            "电费不重要？恰恰相反，电费单最能看出开工多少。",
            "ignore_bill",
        ),
        (
            "credit_statements_mismatch",
            "downstream",
            "大厂的账就不核了？不核可不行，这是规矩。",
            "trust_him",
        ),
    ],
)
def test_a_move_named_only_to_be_refused_is_no_reading(
    content: Content, scenario: str, node: str, text: str, refused: str
) -> None:
    matcher = matcher_for(content.scenarios[scenario])
    for reading in (
        matcher.understand(node, text, calibrated=False),
        matcher.understand(node, text),
    ):
        assert refused not in [c.option_id for c in reading.candidates]


def test_the_honest_move_is_still_taken_after_the_move_it_names_to_refuse(
    content: Content,
) -> None:
    # "细支就伤害小？没有这回事，…": read alone, the named words are the low-tar claim, not the
    # honest option that answers it in the same words.
    matcher = matcher_for(content.scenarios["retail_health_objection"])
    reading = matcher.understand("challenge", "细支烟就伤害小？没这回事，抽烟就是伤身体。")
    assert "low_tar_claim" not in [c.option_id for c in reading.candidates]
    assert reading.best is not None and reading.best.option_id == "honest_ack"


def test_named_words_as_close_to_the_honest_move_refuse_neither(content: Content) -> None:
    # "说工行的坏话？犯不着…" (v15's dev half): read alone, the named words are about as close
    # to the option that declines to race the rival (it names 工行 too) as to the one that
    # runs the rival down; dropping the honest one left the rude one offered alone.
    matcher = matcher_for(content.scenarios["credit_first_visit"])
    reading = matcher.understand("bank_elsewhere", "说工行坏话？犯不上，人家也是正规大行。")
    assert [c.option_id for c in reading.candidates] != ["knock_icbc"]


def test_words_quoted_and_then_scorned_are_not_the_move_they_quote(content: Content) -> None:
    # '翻旧账说"当初就提醒过您"，现在说这个有啥用' (v15's dev half) was taken as the move that
    # blames the client: a quotation is words named, and scorn after it refuses them.
    matcher = matcher_for(content.scenarios["credit_overdue_followup"])
    reading = matcher.understand("story", '翻老账说"早提醒过您了"，这时候说这个有啥用，我不提。')
    assert "blame_him" not in [c.option_id for c in reading.candidates]


@pytest.mark.parametrize(
    "text",
    [
        '我要是跟您拍胸脯说"一周就放款"，那就是不负责任。',
        '要是现在跟您喊"没问题！包在我身上"，那我就成了骗子了。',
        "我如果跟您讲稳赚不赔，那就是把您往坑里推。",
    ],
)
def test_words_only_supposed_before_what_they_would_make_of_the_trainee_are_not_said(
    text: str,
) -> None:
    from simulator import stance

    *supposed, _consequence = stance.clauses(text)
    assert all(c.kind == "negate" and all(c.negated) for c in supposed), supposed
    # A condition that sets terms is still a condition.
    assert stance.clauses("要是材料齐了，那就是两周")[0].kind == "condition"
    assert stance.clauses("您要走的话，我送送您")[0].kind == "condition"


def test_a_question_put_as_a_topic_then_declined_is_not_said() -> None:
    from simulator import stance

    # "连…也": what it stresses is the object; the trainee still declines.
    topic, refusal = stance.clauses("对面给了几个点、押了什么，我连一个字也不会透露。")
    assert all(topic.negated) and refusal.kind == "negate"
    topic, refusal = stance.clauses("他们报了多少，我连个大概都不能说。")
    assert all(topic.negated) and refusal.kind == "negate"


@pytest.mark.parametrize(
    "text",
    [
        '"三天就放款"——这话我要是说出口，那才是害了您。',
        "一周就批下来？我要是这么说，那是拿您的生意开玩笑。",
    ],
)
def test_words_a_supposed_saying_points_back_to_are_not_said(text: str) -> None:
    from simulator import stance

    pointed, supposed, _judged = stance.clauses(text)
    assert all(pointed.negated) and all(supposed.negated)
    assert stance.refused_moves(text)  # named only to be refused


def test_a_claim_asked_back_as_nobodys_is_never_taken(content: Content) -> None:
    from simulator import stance

    text = "谁说电费不重要？它恰恰最能说明问题。"
    claim, _ = stance.clauses(text)
    assert claim.refused and not claim.question
    reading = understand(content.scenarios["credit_statements_mismatch"], "power_bill", text)
    assert not _taken_as(reading, "ignore_bill")
    assert [c.option_id for c in reading.candidates] != ["ignore_bill"]


@pytest.mark.parametrize(
    "text",
    [
        "跟客户说同行的网络不稳定，那是往人家身上泼脏水",
        "把晚到推给天气，那是找借口",
        "越过科长直接找行长，那叫添乱",
        "分类先报成正常，那就是瞒报",
        "把报表改漂亮点，那跟造假有啥区别",  # no different from a wrong
        "这红包我收了，那我跟那些贪的人还有什么两样",
    ],
)
def test_a_statement_a_pointing_comment_names_a_wrong_is_rejected(text: str) -> None:
    from simulator import stance

    # Round eighteen: no question mark puts the move up, the comment pointing back does.
    said, *_ = stance.clauses(text)
    assert said.kind == "negate"


def test_a_pointing_comment_that_names_no_wrong_rejects_nothing() -> None:
    from simulator import stance

    said, _ = stance.clauses("我先帮您把材料报上去，那是最快的办法")
    assert said.kind == "affirm"
    # Asking what differs is a question, not a comment.
    (asked,) = stance.clauses("这两款产品有什么区别？")
    assert asked.kind == "ask"


@pytest.mark.parametrize(
    "text",
    [
        # Round nineteen: the comment calls the move asked back something, in no wrong's words.
        "把客户名单发给您一份？那我成了泄密的了。",
        "今天就签？那是赶鸭子上架。",
        "先垫上这笔钱？那不是往自己身上揽事嘛。",
        # Two comments between, the last pointing back.
        "全部一次换完？工期那么紧，跟走钢丝一样，我不敢这么安排。",
        # "Not … at all" ends the comment: it says so, it does not ask.
        "背着财务去查账？对客户一点好处没有，还伤和气。",
        # Someone else named first, but the move is the trainee's own.
        "对面降五个点我就降八个点？那是赔本赚吆喝。",
        # What the move would cost the trainee's own job.
        "报表上的数往大了写？回头查出来我得卷铺盖走人。",
        "把客户的底细透给您？那我这饭碗就保不住了。",
    ],
)
def test_a_move_asked_back_and_named_ill_is_rejected(text: str) -> None:
    from simulator import stance

    asked, *_ = stance.clauses(text)
    assert asked.refused and not asked.question
    assert stance.refused_moves(text)


@pytest.mark.parametrize(
    "text",
    [
        "周三交方案？那正好，我们也是这么排的。",  # a good name takes it up
        "科长也来？那成，晚上见。",  # 那成 is "all right"
        "对家便宜两成？那是先拿低价揽客，您可别信。",  # their doing, judged: no move refused
        "要我们全部重做？这是我们分内的事。",
    ],
)
def test_a_move_asked_back_and_named_well_or_theirs_is_not_refused(text: str) -> None:
    from simulator import stance

    asked, *_ = stance.clauses(text)
    assert not asked.refused


@pytest.mark.parametrize(
    "text",
    [
        # Round twenty: a question that answers itself, after the move asked back.
        "下周就放款？到时候卡在审批上，谁来兜底。",
        "合同先签了再说？万一出了问题，谁替我们扛着？",
        "利率我给您压到三点？我拿什么担保啊。",
        "方案全听您的、一个字不改？那还要我们干啥。",
        "偷偷给您换个档？往后我说的话谁还信。",
        # A way of doing things named, then turned down.
        "两头都答应那一套，我劝您别用。",
    ],
)
def test_a_move_asked_back_then_answered_by_a_question_of_its_own_is_rejected(text: str) -> None:
    from simulator import stance

    assert stance.refused_moves(text)
    assert any(c.refused for c in stance.clauses(text))


def test_a_negated_manner_leaves_the_main_verb_affirmed() -> None:
    from simulator import stance

    # "不打招呼" says how; the call itself is made.
    (said,) = stance.clauses("我不打招呼直接去他们仓库看")
    assert not any(said.negated[said.text.index("直接") :])
    (quick,) = stance.clauses("没核实就放款")
    assert not any(quick.negated[quick.text.index("放款") :])
    # A modal or an intent negates the whole predicate, the direct way with it.
    for text in ("我不会直接去他们仓库看", "我不打算直接按两百万报"):
        (whole,) = stance.clauses(text)
        assert all(whole.negated[whole.text.index("直接") :])
    # Asked back and named, the move (the direct call) is what is refused.
    asked, _ = stance.clauses("不打招呼直接去他们仓库看？那不是把人往外推嘛。")
    assert asked.refused and all(asked.negated[asked.text.index("直接") :])


def test_an_a_not_a_question_whose_answer_the_client_knows_is_a_refusal() -> None:
    from simulator import stance

    # Put back to the client as something they know, "can I or can't I" is "I can't", and
    # the move asked back before it is refused.
    for text in (
        "送您两条烟？这事我办不办得了，您心里门儿清。",
        "利率再降半个点？这个板我能不能拍，您心里有数。",
        "利率再降半个点？我能不能拍这个板您比我清楚。",
    ):
        asked, put_back, *_ = stance.clauses(text)
        assert put_back.kind == "negate" and asked.refused, text
    # Asked in earnest, or to keep the client informed, it stays a question.
    (asked,) = stance.clauses("这个价我能不能做主？")
    assert asked.kind == "ask"
    asked, informed = stance.clauses("批不批我回去问清楚，让您心里有数。")
    assert not any(c.refused for c in (asked, informed)) and informed.kind == "affirm"


def test_a_move_asked_back_over_several_clauses_is_refused_whole() -> None:
    from simulator import stance

    # The discount and the day are one move asked back; naming who decides refuses both.
    terms, day, *_ = stance.clauses("七折再送流量，今天就签？那得省公司点头才行。")
    assert terms.refused and day.refused and all(terms.negated)
    # Not across a sentence's end, and not the trainee's own statement before it.
    said, asked, _ = stance.clauses("我带了方案。今天就签？那得省公司点头才行。")
    assert not said.refused and said.kind == "affirm" and asked.refused
    own, asked, _ = stance.clauses("我理解您着急，今天就签？那得省公司点头才行。")
    assert not own.refused and asked.refused


@pytest.mark.parametrize(
    "text",
    [
        # Round twenty-one: words that would chill or hurt, a line crossed, effort wasted,
        # nothing to pay with.
        "一句“按规定办”就把您打发了？那也太寒人心了。",
        "上门就催？这话太凉了。",
        "逼着换人？那可就越界了。",
        "临走再推一箱？那前面聊的都白说了。",
        "亏了我来赔？我拿什么赔您啊。",
    ],
)
def test_a_move_asked_back_then_called_hurtful_or_wasted_is_refused(text: str) -> None:
    from simulator import stance

    assert stance.clauses(text)[0].refused


def test_a_question_about_what_is_fine_is_not_scorn() -> None:
    from simulator import stance

    # A question that has answers of its own rejects nothing before it.
    asked, _ = stance.clauses("下周二去您店里？您觉得几点合适？")
    assert not asked.refused
    (who,) = stance.clauses("这笔贷款谁负责审批？")
    assert who.kind == "ask"


def test_words_a_dash_puts_up_are_judged_by_the_comment_after_it() -> None:
    from simulator import stance

    # A dash puts the words before it up, as a question mark does, for a comment that points
    # back or scorns; the comment after it refuses them.
    put_up, refusal = stance.clauses("先把东西收下回头再还——这种做法我不干。")
    assert put_up.refused and all(put_up.negated) and refusal.kind == "negate"
    assert stance.clauses("审批会给面子——拉倒吧，那叫赌。")[0].refused
    # A dash before an explanation judges nothing: the words before it are said, not asked.
    said, *_ = stance.clauses("我们只补一块短板——把几家的账汇到一张表上")
    assert said.kind == "affirm" and not said.refused
    assert stance.clauses("王总——这个事我办不了")[0].text == "这个事我办不了"


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # A rash promise or a gamble named; 什么…都 is "whatever", not "what?".
        ("您说啥我都应？那是瞎承诺。", "您说啥我都应"),
        ("下个月就上线？那叫赌博。", "下个月就上线"),
        # The work the move would waste; the harm said with 的是.
        ("大户就不核了？那前面的调查算白做。", "大户就不核了"),
        ("“下周肯定放款”？那砸的是您。", "“下周肯定放款”"),
        # 的话 followed by what is done to words is the noun 话, not "if".
        ("今天的话传出去、这事当没发生？这我办不到。", "今天的话传出去、这事当没发生"),
        # A wish asked back, then told to stop.
        ("靠老同学打招呼？这个想法您还是打住吧。", "靠老同学打招呼"),
        # Words counted out ("这四个字"), then saying them called a lie.
        ("“稳赚不赔”这四个字，我要是说了那是骗您。", "“稳赚不赔”这四个字"),
    ],
)
def test_a_move_asked_back_and_labelled_a_wrong_is_refused(text: str, refused: str) -> None:
    from simulator import stance

    assert stance.refused_moves(text) == refused


def test_what_the_trainee_declines_to_say_is_not_said_topic_included() -> None:
    from simulator import stance

    (declined,) = stance.clauses("利率我不能跟您说死")
    assert all(declined.negated)
    (declined,) = stance.clauses("这笔款我不敢保证月底到")
    assert all(declined.negated)
    # A question word inside the trainee's own negation is "anyone": nothing is asked, and the
    # comment after it does not turn it round.
    denied, _ = stance.clauses("我可没办法让上面放过谁，这话我不能说。")
    assert not denied.question and denied.negated[-1]


def negation_marks(text: str) -> str:
    """A clause's negation scope, one mark per character: ^ negated, . not."""
    from simulator.stance.scan import negation_mask

    return "".join("^" if m else "." for m in negation_mask(text))


def test_a_negation_does_not_reach_past_the_predicate_ye_opens() -> None:
    # Both refused: the card and the tea ("不要…也不收" is no double negation).
    assert negation_marks("卡我不要茶也不收") == "....^..^"
    # "不去也行": not going is fine; "没法查也得查": it must be checked all the same.
    assert negation_marks("不去也行") == ".^.."
    assert negation_marks("没法查也得查") == "..^..."
    # Only what opens a predicate of its own stops the reach: "不见得他也同意" doubts it all.
    assert negation_marks("不见得他也同意") == "...^^^^"


def test_a_negation_made_a_noun_ends_before_the_subject_after_it() -> None:
    # Round forty (v40's dev half): "做不到的" is what cannot be done; the 不会 after the new
    # subject negates afresh, it does not undo the first (read as promising to agree).
    assert negation_marks("做不到的我不会先应下来") == "^^^^...^^^^"
    assert negation_marks("答应不了的我不说") == "^^^^^..^"
    # Without 的 the two cues still undo each other: "it is not that I don't want to".
    assert negation_marks("不是我不想帮您") == ".^^^..."


@pytest.mark.parametrize(
    "text",
    [
        # A move, then "…will not do" with an adverb before it, or asked back with 哪.
        "今天就签恐怕不行",
        "增额肯定没戏",
        # A harm said of the clause's own content: "to promise it would be cheating you".
        "硬答应下来就是坑您",
        "这么报等于害了您",
        # A deed judged improper (round twenty-nine, v30's dev half).
        "让我们老板去讲可不好",
        "找人打招呼不太合适吧",
    ],
)
def test_a_verdict_at_the_end_denies_what_comes_first(text: str) -> None:
    from simulator import stance

    (clause,) = stance.clauses(text)
    assert all(clause.negated), clause


@pytest.mark.parametrize("text", ["这个月生意可不好", "让您久等了真不好意思", "让老板出面就好"])
def test_a_state_judged_or_a_deed_welcomed_denies_nothing_before(text: str) -> None:
    from simulator import stance

    (clause,) = stance.clauses(text)
    assert not any(clause.negated[:4]), clause


def test_a_deed_refused_is_not_offered_as_its_own_reading(content: Content) -> None:
    scenario = content.scenarios["pitch_internal_politics"]
    reading = understand(scenario, "chen_fear", "叫我们老板出面讲不太合适，方案是你的，还是你来讲")
    assert reading.best is not None and reading.best.option_id == "make_her_shine"
    assert "our_boss_presents" not in [c.option_id for c in reading.candidates]


def test_a_must_asked_back_with_na_is_a_must_and_a_harm_denies_the_topic_before() -> None:
    from simulator import stance

    # "车间不看哪行": not looking will not do, so the workshop is to be looked at.
    for said in ("车间不看哪行", "车间不看咋行", "车间不看怎么成"):
        (must,) = stance.clauses(said)
        assert not any(must.negated), said
    # The deliverable named as a topic, then promising it called a harm: both denied.
    topic, harm = stance.clauses("下周全套物料，硬应下来就是害您。")
    assert all(topic.negated) and all(harm.negated)
    # A reason before a verdict is not its topic: it stays said.
    reason, verdict = stance.clauses("欠款这么多，加是不可能的")
    assert not any(reason.negated) and all(verdict.negated)


def test_what_cannot_be_said_or_let_slip_is_not_said() -> None:
    from simulator import stance

    (declined,) = stance.clauses("这个保证我哪说得出口")
    assert all(declined.negated)
    asked, refusal = stance.clauses("他们押了什么、贷了多少，连个大概我也不能漏。")
    assert all(asked.negated) and all(refusal.negated)


def test_what_the_trainee_asks_the_client_whether_they_could_do_is_refused() -> None:
    from simulator import stance

    # "您觉得我能当场说全免吗？" puts the move back to the client: the trainee will not.
    for text in ("您觉得我能当场说全免再送十万积分吗？那是越权。", "你觉得我敢给您走后门吗"):
        first = stance.clauses(text)[0]
        assert (
            first.kind == "negate"
            and first.negated[text.index("全免" if "全免" in text else "后门")]
        )
    # A real question about what the client thinks still asks.
    (asked,) = stance.clauses("您觉得我说得对吗？")
    assert asked.kind == "ask"


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # Invented (round twenty-four), in the shapes v25's blind dev half showed read as the
        # move they refuse: a harm outside the old list, the relationship lost after a deed
        # with no opening of its own, an ill name asked so that it asserts, a deed re-described
        # as one thing and not another, words said rashly, the trainee's next step supposed.
        ("一上来就跟客户讲违约后果，人家只会更难受", "一上来就跟客户讲违约后果"),
        ("跟一个刚丢了单子的老板讲大道理，他只会更烦", "跟一个刚丢了单子的老板讲大道理"),
        ("坐下就掏合同，攒下的那点交情全白搭了", "坐下就掏合同"),
        ("翻旧账数落客户，这不是火上浇油吗", "翻旧账数落客户"),
        ("直接问他要回扣记录，这是审贼不是谈业务", "直接问他要回扣记录"),
        ("张口就说别家利率是骗人的，客户只会觉得我们心虚", "张口就说别家利率是骗人的"),
        ("人家刚说不想借，我再推一款信用贷，那不是自己撞枪口嘛", "我再推一款信用贷"),
        ("说回头再研究，其实就是开空头支票", "说回头再研究"),
        # a concession or a question between the deed and the harm or the verdict
        ("讽刺客户账做得漂亮，嘴上是痛快了，人家再也不跟你说实话", "讽刺客户账做得漂亮"),
        ("全押一个项目，万一回不了款拿什么发工资，这不是把人往绝路上逼吗", "全押一个项目"),
        # words named as said, then the harm they would do: denied back to the sentence's start
        ("放心吧，包您满意——这话一出口，客户的信任就没了", "放心吧，包您满意—"),
        # a warning that gives the reason for the move, or the client's own loss foretold to
        # them, refuses nothing
        ("先把风险讲清楚，不然他最后吃亏", ""),
        ("房子只是兜底，真拍了您半辈子心血就没了", ""),
        ("我再跟您确认一下，那就没问题了", ""),
        ("材料齐了我当天就报。这话说出来，客户就放心了", ""),
        ("先帮您报上去，其实就是给个机会", ""),
    ],
)
def test_a_deed_followed_by_the_harm_it_brings_is_refused(text: str, refused: str) -> None:
    from simulator import stance

    assert stance.refused_moves(text) == refused


@pytest.mark.parametrize(
    ("text", "verb"),
    [("还核实啥收入嘛，放就完了", "核实"), ("还看什么报表", "看"), ("查什么查，签吧", "查")],
)
def test_a_why_bother_question_negates_the_verb_it_asks_about(text: str, verb: str) -> None:
    first = clauses(text)[0]
    assert first.negated[text.index(verb)] and first.kind != "ask"


@pytest.mark.parametrize("text", ["您还担心什么？", "还要什么材料", "还差什么"])
def test_what_else_asked_is_still_a_question(text: str) -> None:
    (asked,) = clauses(text)
    assert not any(asked.negated) and asked.kind == "ask"


@pytest.mark.parametrize(
    "text",
    [
        # Round twenty-four's cold tryout: a refusal that qualifies how lightly it would be
        # done, or names its verb otherwise (应下来, 夸口), turns back the whole list before it;
        # one that follows a kind of work named and an aside turns back the deed before them.
        "东西先放着、等批了再拿，这个我可不敢随口应下来",
        "周一准给您新版，这个我可不敢夸口",
        "把您的原话一个字不落地转给设计部，这种活儿，说实话，我不会再干了",
    ],
)
def test_a_refusal_after_a_deed_turns_it_back_whatever_stands_between(text: str) -> None:
    assert all(clauses(text)[0].negated)


def test_not_one_missing_is_every_one_not_a_negation() -> None:
    (said,) = clauses("红包一分不少退给您")
    assert not any(said.negated)


def test_a_move_passed_over_may_run_to_a_list() -> None:
    from simulator import stance

    # Round twenty-four's tryout: taken as filler, the two reasons not given stood as said.
    text = "与其说什么政策偏向大户、人家有门路，不如咱们把数据摊开对一对"
    assert stance.refused_moves(text) == "与其说什么政策偏向大户、人家有门路"


def test_a_promise_pointing_back_at_the_trainees_own_steps_keeps_them(content: Content) -> None:
    from simulator.wording import polar_terms

    # Round twenty-seven's cold tryout: a trailing "这个我能 commit" vouched for the steps just
    # listed, and was read as a promise that contradicts the honest option's "给不了准话".
    assert polar_terms("材料齐了当天报，每周跟您说进度，这个我能保证") == (set(), set())
    assert polar_terms("以上几条我都可以承诺") == (set(), set())
    assert polar_terms("腊月二十前我保证到账") == ({"保证"}, set())
    scenario = content.scenarios["credit_gift_dinner"]
    said = "钱哪天到账我说了不算，材料齐了当天报、每周跟您 sync 进度，这个我能 commit"
    reading = understand(scenario, scenario.nodes["deadline"], said)
    assert _taken_as(reading, "commit_own_steps"), reading


@pytest.mark.parametrize(
    "text",
    [
        # Invented (round twenty-eight, after v29's dev half): words quoted and judged with
        # no comma between, and the trainee's own deed judged after the client's word.
        '回一句"这不归我管"太冷了',
        "跟他说“谁都不容易”未免太凉了",
        "人家报多少我们就跟多少，那不叫方案",
    ],
)
def test_words_or_a_deed_judged_ill_right_after_them_are_refused(text: str) -> None:
    assert all(clauses(text)[0].negated)


@pytest.mark.parametrize("text", ["报价单给我瞄一眼要得不？", "这样安排行不", "明天来可以不？"])
def test_a_final_not_that_asks_negates_nothing(text: str) -> None:
    # Round twenty-eight's cold tryout: "…要得不？" was read as a refusal.
    (asked,) = clauses(text)
    assert asked.question and not any(asked.negated)


def test_a_final_not_after_a_will_of_ones_own_still_refuses() -> None:
    for text in ("我偏不", "这个我就不"):
        (said,) = clauses(text)
        assert all(said.negated[-1:]) and not said.question


@pytest.mark.parametrize(
    ("text", "said", "denied"),
    [
        # Round forty-three: "how much" and A-not-A ask; neither says nor refuses the term (the
        # cold tryout's "额度能批多少我做不了主" was read as refusing 能批).
        ("额度能批多少我做不了主", set(), set()),
        ("能不能批我说了不算", set(), set()),
        ("这笔肯定能批", {"肯定", "能批"}, set()),
        ("这笔批不下来，不能保证", set(), {"保证"}),
        # vouching for a negation is vouching ("肯定不会亏"), unless it is itself negated
        ("这个肯定不会亏，我保证", {"肯定", "保证"}, set()),
        ("我保证不出问题", {"保证"}, set()),
        ("我不敢说肯定不会亏", set(), {"肯定"}),
        ("收益我没法保证", set(), {"保证"}),
        # 不同意 is not agreeing; 不同 alone is "different"
        ("这个我不同意", set(), {"同意"}),
        ("我同意", {"同意"}, set()),
    ],
)
def test_polarity_terms_asked_about_are_neither_said_nor_refused(
    text: str, said: set[str], denied: set[str]
) -> None:
    from simulator.wording import polar_terms

    assert polar_terms(text) == (said, denied)


def test_a_term_one_heard_answer_concedes_is_not_the_moves_own(content: Content) -> None:
    # Round forty-four's cold tryout: two heard answers of the asking move concede "项目没问题"
    # (没毛病), which made 没问题 a term the move holds; words that deny a guarantee of it and
    # then ask for the papers were read as refusing the move, and asked to say it again.
    typed = (
        "政府的项目我也不敢说就一定没问题，用途更不能随手写个购买钢材糊弄过去。"
        "钱总，两个项目的合同、结算和回款明细能给我看看吗？"
    )
    matcher = matcher_for(content.scenarios["credit_promise_approval"])
    assert _taken_as(matcher.understand("purpose", typed), "receivables")
    # A bad move still holds every term a phrasing of it says: the trap is not offered to
    # words that deny what one of its phrasings claims.
    reading = matcher_for(content.scenarios["pitch_wealth_retiree"]).understand(
        "obj_guarantee", "基本不会亏也是一种误导，不保本就是不保本"
    )
    assert "almost_safe" not in {c.option_id for c in reading.candidates}


def test_a_sentence_that_alone_makes_a_red_line_makes_it_in_a_longer_answer(
    content: Content,
) -> None:
    # Round forty-five's cold tryout: two good sentences, then the cover-up; the answer was
    # taken as the firm move and the session ended a success.
    matcher = matcher_for(content.scenarios["retail_health_objection"])
    typed = (
        "这事得管，法律不让卖给未成年人。王姐以后看着像学生的就问一句，我给您拿个标识贴柜台上。"
        "上周那回就算了，咱们就当没发生过，谁也别往外说。"
    )
    assert _taken_as(matcher.understand("minors", typed), "turn_blind_eye")
    # The good sentences alone keep the good move.
    good = "这事得管，法律不让卖给未成年人。王姐以后看着像学生的就问一句，我给您拿个标识贴柜台上。"
    assert _taken_as(matcher.understand("minors", good), "firm_and_warm")


def test_vouching_that_nothing_is_lost_is_the_guarantee(content: Content) -> None:
    # Round forty-five's cold tryout: a heard phrasing of the guarantee ("这个肯定不会亏，我保
    # 证") made 肯定 a term the guarantee refuses, so "本钱肯定少不了…" was never offered it,
    # and the trainee picked the honest move from the two offered.
    matcher = matcher_for(content.scenarios["pitch_wealth_retiree"])
    reading = matcher.understand("obj_guarantee", "本钱肯定少不了，三点四稳拿，亏了算我的。")
    assert _taken_as(reading, "guarantee_it")
