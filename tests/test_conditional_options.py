"""Options with `if:`: offered only while the condition holds, everywhere Parley looks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from simulator import analysis, graph, twee, walk
from simulator.content import load_content
from simulator.engine import Session, SessionError
from simulator.loader import load_scenario
from simulator.schema import load_schema
from simulator.yamlsource import read_document

DATA = Path(__file__).parent / "data"

CARD = """\
id: test_supply
title: {zh: 名片, en: The card}
family: retail
difficulty: 2
persona: test_wang
briefing: {zh: 初次见面。, en: A first meeting.}
objective: {zh: 讲清政策。, en: Explain the policy.}
principles_in_focus: [careful_promise]
variables:
  card_out: {initial: false}
start: meet
nodes:
  meet:
    client: {zh: 你好。, en: Hello.}
    options:
      - id: give_card
        text: {zh: 这是我的名片。, en: Here is my card.}
        examples: {zh: [这是我的名片], en: [Here is my card]}
        principles: {active_listening: 1}
        feedback: {zh: 好。, en: Good.}
        set: {card_out: true}
        next: talk
      - id: chat
        text: {zh: 最近生意怎么样?, en: How is business?}
        examples: {zh: [最近生意怎么样], en: [How is business]}
        principles: {active_listening: 2}
        feedback: {zh: 好。, en: Good.}
        next: talk
  talk:
    client: {zh: 说吧。, en: Go on.}
    options:
      - id: take_back
        if: card_out
        text: {zh: 我把名片收回来。, en: Let me take my card back.}
        examples: {zh: [我把名片收回来, 名片还我], en: [Give me my card back]}
        principles: {careful_promise: -1}
        feedback: {zh: 不礼貌。, en: Rude.}
        next: end_bad
      - id: policy
        text: {zh: 按档位投放。, en: It follows the tier.}
        examples: {zh: [按档位投放], en: [It follows the tier]}
        principles: {careful_promise: 1}
        feedback: {zh: 好。, en: Good.}
        next: end_good
      - id: blame
        text: {zh: 隔壁走了关系。, en: Next door has connections.}
        examples: {zh: [隔壁靠关系], en: [They have connections]}
        principles: {active_listening: -1}
        feedback: {zh: 不好。, en: Bad.}
        next: end_bad
endings:
  end_good:
    kind: success
    title: {zh: 好, en: Good}
    debrief: {zh: 好。, en: Good.}
  end_bad:
    kind: fail
    title: {zh: 坏, en: Bad}
    debrief: {zh: 坏。, en: Bad.}
"""


def _library(tmp_path: Path, text: str = CARD) -> Path:
    lib = tmp_path / "lib"
    shutil.copytree(DATA / "valid", lib)
    (lib / "scenarios" / "test_supply.yaml").write_text(text, encoding="utf-8")
    return lib


def _content(tmp_path: Path, text: str = CARD):
    lib = _library(tmp_path, text)
    content = load_content([lib], include_bundled=False, include_local=False, raise_on_error=False)
    return content, content.scenarios.get("test_supply")


def _session(content, scenario) -> Session:
    return Session(scenario, content.personas["test_wang"], content.catalog, seed=3)


def test_the_loader_reads_the_condition_and_checks_its_variables(tmp_path: Path):
    content, scenario = _content(tmp_path)
    assert content.errors == []
    assert scenario.nodes["talk"].option("take_back").condition == "card_out"
    path = tmp_path / "bad.yaml"
    path.write_text(CARD.replace("if: card_out", "if: card_ot"), encoding="utf-8")
    _, diags = load_scenario(path)
    assert [(d.code, d.hint) for d in diags if d.severity == "error"] == [
        ("PAR029", "did you mean 'card_out'?")
    ]
    path.write_text(CARD.replace("if: card_out", "if: card_out + 1"), encoding="utf-8")
    assert "PAR030" in {d.code for d in load_scenario(path)[1]}


def test_a_hidden_option_is_not_shown_and_cannot_be_chosen(tmp_path: Path):
    content, scenario = _content(tmp_path)
    session = _session(content, scenario)
    session.respond("chat")
    assert sorted(o.id for o in session.options) == ["blame", "policy"]
    with pytest.raises(SessionError, match="not on offer"):
        session.respond("take_back")
    session = _session(content, scenario)
    session.respond("give_card")
    assert sorted(o.id for o in session.options) == ["blame", "policy", "take_back"]
    assert session.respond("take_back").next_id == "end_bad"


def test_typed_words_are_never_read_as_a_hidden_option(tmp_path: Path):
    content, scenario = _content(tmp_path)
    shown = _session(content, scenario)
    shown.respond("give_card")
    assert shown.understand("我把名片收回来").best.option_id == "take_back"
    hidden = _session(content, scenario)
    hidden.respond("chat")
    reading = hidden.understand("我把名片收回来")
    assert all(c.option_id != "take_back" for c in reading.candidates)


def test_turn_quality_compares_only_the_options_on_offer(tmp_path: Path):
    content, scenario = _content(tmp_path)
    # Without take_back (−1), blame (−1) is still the worst and policy (+1) the best.
    session = _session(content, scenario)
    session.respond("chat")
    assert session.respond("blame").quality == 0.0
    # A node where the hidden option was the only bad one: the rest are no real choice.
    text = CARD.replace("principles: {active_listening: -1}", "principles: {careful_promise: 1}")
    content, scenario = _content(tmp_path / "b", text)
    session = _session(content, scenario)
    session.respond("chat")
    assert session.respond("blame").quality is None  # policy and blame weigh the same now


def test_the_analysis_only_takes_options_on_offer(tmp_path: Path):
    content, scenario = _content(tmp_path)
    result = analysis.analyse(scenario, content.personas["test_wang"], content.catalog)
    bad = result.endings["end_bad"]
    assert bad.reached
    for span in result.endings.values():
        for path in (span.low_path, span.high_path):
            session = _session(content, scenario)
            for move in path:  # every path it reports can really be played
                session.respond(move)
            assert session.state == span.ending_id
    assert ("chat", "take_back") not in {bad.low_path, bad.high_path}


def test_a_node_reachable_with_no_option_on_offer_is_reported(tmp_path: Path):
    text = CARD.replace(
        "      - id: policy\n", "      - id: policy\n        if: card_out\n"
    ).replace("      - id: blame\n", "      - id: blame\n        if: card_out\n")
    content, scenario = _content(tmp_path, text)
    result = analysis.analyse(scenario, content.personas["test_wang"], content.catalog)
    found = analysis.diagnostics(result, scenario)
    assert [(d.code, d.location.line) for d in found if d.code == "PAR084"] == [
        ("PAR084", text.splitlines().index("  talk:") + 1)
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("if: card_out", "if: trust >= 170"),  # an option
        (
            "    client: {zh: 说吧。, en: Go on.}\n",
            "    client: {zh: 说吧。, en: Go on.}\n"
            "    variants:\n      - if: patience > 100\n        zh: 快说。\n        en: Quick.\n",
        ),
    ],
)
def test_a_condition_that_can_never_hold_is_a_warning(tmp_path: Path, old: str, new: str):
    content, _ = _content(tmp_path, CARD.replace(old, new))
    codes = [(d.code, d.severity) for d in content.diagnostics]
    assert ("PAR083", "warning") in codes
    clean, _ = _content(tmp_path / "clean")
    assert "PAR083" not in {d.code for d in clean.diagnostics}


def test_check_strict_fails_on_a_condition_that_can_never_hold(tmp_path: Path):
    lib = _library(tmp_path, CARD.replace("if: card_out", "if: trust >= 170"))
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "check", "--no-library", "--strict", str(lib)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "PAR083" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_random_walks_never_pick_a_hidden_option(tmp_path: Path):
    content, scenario = _content(tmp_path)
    report = walk.random_walks(
        scenario, content.personas["test_wang"], content.catalog, 200, seed=1, typed_share=0.5
    )
    assert report.issues == []
    assert set(report.endings) == {"end_good", "end_bad"}


def test_the_graph_labels_the_condition(tmp_path: Path):
    _, scenario = _content(tmp_path)
    source = graph.render(scenario, "mermaid")
    assert "take_back if card_out" in source


def test_twee_keeps_the_condition_both_ways(tmp_path: Path):
    _, scenario = _content(tmp_path)
    story = twee.export_twee(scenario)
    assert "◇ take_back->end_bad" in story
    data = twee.import_twee(story)
    options = {o["id"]: o for o in data["nodes"]["talk"]["options"]}
    assert options["take_back"]["if"] == "card_out"
    assert data["nodes"]["meet"]["options"][0]["set"] == {"card_out": True}


def test_the_schema_knows_the_condition(tmp_path: Path):
    lib = _library(tmp_path)
    doc = read_document(lib / "scenarios" / "test_supply.yaml")
    data = json.loads(json.dumps(doc.data))
    jsonschema.validate(data, load_schema("scenario"))
    data["nodes"]["talk"]["options"][0]["if"] = ["card_out"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema("scenario"))


def test_an_option_the_start_values_never_offer_is_a_warning(tmp_path: Path):
    # card_out is only set at `meet`; an option at `meet` itself that needs it is never offered
    text = CARD.replace(
        "      - id: chat\n",
        "      - id: ask_back\n        if: card_out\n"
        "        text: {zh: 名片还我?, en: Card back?}\n"
        "        examples: {zh: [名片还我], en: [Card back]}\n"
        "        principles: {active_listening: 1}\n        feedback: {zh: 怪。, en: Odd.}\n"
        "        next: talk\n      - id: chat\n",
    )
    content, scenario = _content(tmp_path, text)
    found = analysis.never_offered(scenario, content.personas["test_wang"], content.catalog)
    assert [(d.code, "ask_back" in d.message) for d in found] == [("PAR086", True)]
    clean, scenario = _content(tmp_path / "clean")
    assert analysis.never_offered(scenario, clean.personas["test_wang"], clean.catalog) == []
