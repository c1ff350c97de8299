"""A client who listens: replies to the answer just given, lines that follow what was said,
narration and other speakers, reactions that do not repeat, debriefs built from the path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.analysis import unmentioned_traps
from simulator.content import Content, load_content
from simulator.engine import Session
from simulator.validator import check_said
from tests.conftest import DATA

LISTEN = DATA / "listening"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(
        [LISTEN, DATA / "valid" / "principles.yaml"], include_bundled=False, include_local=False
    )


def session(content: Content, seed: int = 0) -> Session:
    scenario = content.scenarios["listen_demo"]
    return Session(scenario, content.personas[scenario.persona], content.catalog, seed=seed)


def test_the_demo_loads_without_problems(content: Content) -> None:
    assert [str(d) for d in content.diagnostics] == []


def test_a_reply_answers_the_move_before_the_next_line(content: Content) -> None:
    s = session(content)
    turn = s.respond("listen")
    assert turn.reactions[0].zh == "好，那我跟你说说。"
    assert s.client_line("zh").splitlines()[0] == "好，那我跟你说说。"
    s2 = session(content)
    s2.respond("promise_more")
    assert "好，那我跟你说说。" not in s2.client_line("zh")


def test_the_next_line_follows_the_answer_just_given(content: Content) -> None:
    promised = session(content)
    promised.respond("promise_more")
    assert promised.line("zh").startswith("你保证的啊")
    assert promised.speaker() is None and promised.narration("zh") == ""
    listened = session(content)
    listened.respond("listen")
    assert listened.line("zh") == "妈，你让他说完。"
    speaker = listened.speaker()
    assert speaker is not None and speaker.zh == "陈晓雨"
    assert listened.narration("zh") == "女儿从里屋出来。"
    turn = listened.respond("policy")
    assert turn.speaker is not None and turn.speaker.zh == "陈晓雨"
    assert turn.narration is not None and turn.narration.en.startswith("Her daughter")
    assert turn.client_line.zh == "妈，你让他说完。"


def test_narration_at_the_start_and_at_an_ending(content: Content) -> None:
    s = session(content)
    assert s.narration("zh") == "她放下手里的账本。" and s.line("zh") == "这个月又没几条烟。"
    s.respond("promise_more")
    s.respond("blame")
    assert s.narration("en").startswith("Two months later") and s.line("zh") == ""


def test_a_hot_button_reaction_is_never_said_twice(content: Content) -> None:
    s = session(content)
    said = []
    for _ in range(4):
        turn = s.respond("talk_down")
        said.append([r.zh for r in turn.reactions])
    voiced = [r for turn in said for r in turn]
    assert sorted(voiced) == ["你再说一遍试试。", "你这是什么态度？"]
    assert said[2] == said[3] == []
    # the effects still apply when the client has nothing new to say
    assert s.variables["trust"] == 60 - 4 * 5
    # the line after the same answer twice says so
    assert s.line("zh") == "你还在这儿？"


def test_the_order_of_reactions_is_drawn_from_the_seed(content: Content) -> None:
    def first(seed: int) -> str:
        return session(content, seed).respond("talk_down").reactions[0].zh

    firsts = {first(seed) for seed in range(12)}
    assert firsts == {"你再说一遍试试。", "你这是什么态度？"}
    assert all(first(seed) == first(seed) for seed in range(5))


def test_undo_gives_a_reaction_back(content: Content) -> None:
    s = session(content)
    s.respond("talk_down")
    s.undo()
    again = s.respond("talk_down")
    assert (
        again.reactions
        and again.reactions[0].zh == session(content).respond("talk_down").reactions[0].zh
    )


def test_the_debrief_follows_the_path(content: Content) -> None:
    honest = session(content)
    honest.respond("listen")
    honest.respond("policy")
    assert honest.debrief().zh.splitlines() == [
        "你讲清了按档位投放。",
        "你没有许诺做不到的事。",
        "你先问了她的难处。",
    ]
    promised = session(content)
    promised.respond("promise_more")
    promised.respond("policy")
    text = promised.debrief().zh
    assert "你没有许诺" not in text and "你保证了下个月多给货" in text and "难处" not in text
    # the unconditional paragraphs are the ending's plain debrief (graph, Twee export)
    assert (
        content.scenarios["listen_demo"].endings["end_visit"].debrief.zh == "你讲清了按档位投放。"
    )


def test_a_trap_the_success_debrief_does_not_mention_is_warned(content: Content) -> None:
    scenario = content.scenarios["listen_demo"]
    persona = content.personas[scenario.persona]
    assert unmentioned_traps(scenario, persona, content.catalog) == []
    ending = scenario.endings["end_visit"]
    plain = type(ending)(
        ending.id, "success", ending.title, ending.debrief, location=ending.location
    )
    stripped = type(scenario)(
        **{
            **{f: getattr(scenario, f) for f in scenario.__dataclass_fields__},
            "endings": {**scenario.endings, "end_visit": plain},
        }
    )
    found = unmentioned_traps(stripped, persona, content.catalog)
    assert [d.code for d in found] == ["PAR063"] and "promise_more" in found[0].message


def test_unknown_and_useless_option_keys_are_reported(tmp_path: Path, content: Content) -> None:
    from simulator.loader import load_scenario

    text = (LISTEN / "listen_demo.yaml").read_text(encoding="utf-8")
    bad = text.replace("after: promise_more", "after: promis_more").replace(
        "chose: [promise_more]", "chose: [policy]"
    )
    bad = bad.replace("      - after: talk_down", "      - after: [listen]")
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    scenario, diags = load_scenario(path)
    assert scenario is not None and not [d for d in diags if d.severity == "error"]
    found = check_said(scenario)
    codes = sorted(d.code for d in found)
    assert codes == ["PAR061", "PAR062"], [str(d) for d in found]
    unknown = next(d for d in found if d.code == "PAR061")
    assert "promis_more" in unknown.message and "promise_more" in unknown.hint
    assert "opening" in next(d for d in found if d.code == "PAR062").message


def test_loader_reports_a_malformed_after_and_debrief(tmp_path: Path) -> None:
    from simulator.loader import load_scenario

    text = (LISTEN / "listen_demo.yaml").read_text(encoding="utf-8")
    bad = text.replace("after: talk_down", "after: {x: 1}").replace(
        "      - avoided: [promise_more]\n",
        "      - avoided: [promise_more]\n        whenever: x\n",
    )
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    _, diags = load_scenario(path)
    assert {"PAR021", "PAR022"} <= {d.code for d in diags}, [str(d) for d in diags]


def test_plain_mode_tells_narration_and_names_the_other_speaker(
    tmp_path: Path, parley_home: Path
) -> None:
    transcript = tmp_path / "t.jsonl"
    env = dict(os.environ, PARLEY_HOME=str(parley_home), PYTHONIOENCODING="utf-8")
    args = ["play", "listen_demo", "--plain", "--content", str(LISTEN), "--seed", "3"]
    args += ["--transcript", str(transcript)]
    result = subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        input="您先说说影响了哪些生意？\n按档位投放，我帮您看看怎么提档。\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "  （她放下手里的账本。）" in out
    assert "王秀兰 · " not in out.split("（她放下手里的账本。）")[0].splitlines()[-1]
    assert "[陈晓雨] (" in out and "  「妈，你让他说完。」" in out
    assert "  「好，那我跟你说说。」" in out
    assert "你没有许诺做不到的事。" in out
    records = [json.loads(line) for line in transcript.read_text(encoding="utf-8").splitlines()]
    turns = [r for r in records if r["type"] == "turn"]
    assert turns[0]["narration"]["zh"] == "她放下手里的账本。" and "speaker" not in turns[0]
    assert turns[1]["speaker"]["zh"] == "陈晓雨"
    end = records[-1]
    assert end["type"] == "end" and "你先问了她的难处。" in end["debrief"]["zh"]


def test_reports_tell_narration_and_name_the_other_speaker(
    tmp_path: Path, parley_home: Path
) -> None:
    from simulator.group import load_group
    from simulator.report import render_html, render_markdown

    folder = tmp_path / "group"
    folder.mkdir()
    env = dict(os.environ, PARLEY_HOME=str(parley_home), PYTHONIOENCODING="utf-8")
    args = ["play", "listen_demo", "--plain", "--content", str(LISTEN), "--seed", "3"]
    result = subprocess.run(
        [sys.executable, "-m", "simulator", *args, "--transcript", str(folder / "a.jsonl")],
        input="您先说说影响了哪些生意？\n按档位投放，我帮您看看怎么提档。\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    group = load_group([folder])
    markdown = render_markdown(group, {})
    assert "> *（她放下手里的账本。）*" in markdown
    assert "> **陈晓雨 / Chen Xiaoyu**: 妈，你让他说完。" in markdown
    html = render_html(group, {})
    assert '<div class="narration"><em>（女儿从里屋出来。）</em></div>' in html


def bundled_session(scenario_id: str, seed: int = 2) -> Session:
    content = load_content(include_local=False)
    scenario = content.scenarios[scenario_id]
    return Session(scenario, content.personas[scenario.persona], content.catalog, seed=seed)


def test_keeping_only_the_tea_is_the_gift_red_line() -> None:
    s = bundled_session("credit_promise_approval")
    for move in ("clarify_role", "receivables", "firm_polite", "keep_confidential", "tea_only"):
        s.respond(move)
    card = s.scorecard()
    assert s.state == "end_gift" and card.outcome == "fail" and card.red_line
    assert card.grade <= 20
    debrief = s.debrief().zh
    assert "茶叶却收下了" in debrief and "你收下了茶和卡" not in debrief


def test_the_client_never_complains_about_papers_nobody_asked_for() -> None:
    s = bundled_session("credit_promise_approval")
    for move in ("clarify_role", "ask_leverage", "firm_polite", "keep_confidential"):
        s.respond(move)
    s.respond("lecture_gift")
    assert "信贷部" in s.line("zh") and s.narration("zh").startswith("钱卫民把茶叶盒收回柜子")
    asked = bundled_session("credit_promise_approval")
    for move in ("clarify_role", "receivables", "firm_polite", "keep_confidential"):
        asked.respond(move)
    asked.respond("decline_gracefully")
    assert asked.line("zh").startswith("结算单、回款流水，行")


def test_the_retiree_success_debrief_praises_only_what_was_done() -> None:
    honest = bundled_session("pitch_wealth_retiree")
    for move in (
        "ask_needs plan_liquidity tell_truth compare_fairly read_aloud fit_plan "
        "be_transparent explain_slowly decline_warmly regular_review"
    ).split():
        honest.respond(move)
    assert honest.state == "end_trusted"
    text = honest.debrief().zh
    assert "如实讲清了“不保本”" in text and "没有贬低别家" in text and "只讲了过去三期" not in text
    vague = bundled_session("pitch_wealth_retiree")
    for move in (
        "pitch_product plan_liquidity history_only compare_fairly read_aloud fit_plan "
        "be_transparent explain_slowly refuse_flat regular_review"
    ).split():
        vague.respond(move)
    assert vague.state == "end_trusted"
    text = vague.debrief().zh
    assert "如实讲清" not in text and "只讲了过去三期" in text and "先报了产品" in text
    assert "婉拒得有温度" not in text and "太急太硬" in text
    # the session of the issue: the rival run down, the recording hurried - no success
    issue = bundled_session("pitch_wealth_retiree")
    for move in (
        "ask_needs plan_liquidity tell_truth scare_off read_aloud fit_plan "
        "be_transparent read_the_line decline_warmly regular_review"
    ).split():
        issue.respond(move)
    assert issue.ending is not None and issue.ending.kind != "success"
    assert "尊重同业" not in issue.debrief().zh


async def test_replay_tells_narration_and_names_the_other_speaker(
    tmp_path: Path, parley_home: Path
) -> None:
    from textual.widgets import Static

    from simulator.group import load_group
    from simulator.tui.replay import ReplayApp, ReplayScreen

    folder = tmp_path / "group"
    folder.mkdir()
    content = load_content(
        [LISTEN, DATA / "valid" / "principles.yaml"], include_bundled=False, include_local=False
    )
    from simulator.transcript import TranscriptWriter

    scenario = content.scenarios["listen_demo"]
    writer = TranscriptWriter(folder / "a.jsonl")
    s = Session(
        scenario, content.personas[scenario.persona], content.catalog, seed=1, recorder=writer
    )
    s.respond("listen")
    s.respond("policy")
    app = ReplayApp(load_group([folder]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = next(x for x in app.screen_stack if isinstance(x, ReplayScreen))
        first = str(screen.query_one("#replay-client", Static).content)
        assert first.startswith("（她放下手里的账本。）") and "这个月又没几条烟" in first
        await pilot.press("right")
        await pilot.pause()
        second = str(screen.query_one("#replay-client", Static).content)
        assert "（女儿从里屋出来。）" in second and "陈晓雨\n「妈，你让他说完。」" in second


def test_kept_and_broke_name_principles_and_an_unknown_one_is_located(tmp_path: Path) -> None:
    from simulator.content import load_content as load

    text = (LISTEN / "listen_demo.yaml").read_text(encoding="utf-8")
    bad = text.replace(
        "      - avoided: [promise_more]\n",
        "      - avoided: [promise_more]\n        kept: [careful_promis]\n",
    )
    assert bad != text
    for name in ("listen_demo.yaml", "listen_wang.yaml"):
        (tmp_path / name).write_text(
            bad if name == "listen_demo.yaml" else (LISTEN / name).read_text("utf-8"), "utf-8"
        )
    content = load([tmp_path], include_local=False, raise_on_error=False)
    found = [d for d in content.diagnostics if d.code == "PAR042"]
    assert len(found) == 1, [str(d) for d in content.diagnostics]
    assert "careful_promis" in found[0].message and "kept" in found[0].message
    assert "careful_promise" in found[0].hint
    assert found[0].location.path.endswith("listen_demo.yaml") and found[0].location.line > 1
