"""Reusable sub-dialogues: detours expanded at load time into ordinary nodes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.content import Content, load_content
from simulator.engine import Session

DATA = Path(__file__).parent / "data"
DIALOGUES = DATA / "dialogues"
OFFER = "objection_competitor_offer"


def _content(*extra: Path) -> Content:
    return load_content(
        [DATA / "valid", *extra],
        include_bundled=False,
        include_local=False,
        raise_on_error=False,
    )


def _session(content: Content, scenario_id: str) -> Session:
    scenario = content.scenarios[scenario_id]
    return Session(scenario, content.personas[scenario.persona], content.catalog, seed=1)


def _parley(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARLEY_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def content() -> Content:
    loaded = _content(DIALOGUES)
    assert not loaded.errors, [str(d) for d in loaded.errors]
    return loaded


def test_a_dialogue_is_copied_once_per_call_site_in_every_scenario(content: Content):
    shop = content.scenarios["dlg_shop"].nodes
    second = content.scenarios["dlg_second"].nodes
    assert f"{OFFER}:offer@opening/listen" in shop
    assert f"{OFFER}:compare@opening/listen" in shop
    assert f"{OFFER}:offer@explain/rebate" in shop
    assert f"{OFFER}:offer@hello/hear_out" in second
    # the nested detour is copied inside each copy of the outer dialogue
    assert f"price_probe:probe@{OFFER}:offer@opening/listen/ask_details" in shop
    assert f"price_probe:probe@{OFFER}:offer@explain/rebate/ask_details" in shop
    assert set(content.dialogues) == {OFFER, "price_probe"}
    # downstream sees only ordinary branches
    for node in shop.values():
        for option in node.options:
            assert all(b.detour is None for b in option.branches)
            assert all(b.target != "return" for b in option.branches)


def test_playing_through_a_nested_detour_returns_to_then_and_keeps_variables(content: Content):
    session = _session(content, "dlg_shop")
    session.respond("listen")
    assert session.state == f"{OFFER}:offer@opening/listen"
    session.respond("ask_details")
    assert session.state == f"price_probe:probe@{OFFER}:offer@opening/listen/ask_details"
    session.respond("ask_volume")  # price_probe returns into the outer dialogue
    assert session.state == f"{OFFER}:compare@opening/listen"
    session.respond("honest")  # the outer dialogue returns to the call's `then`
    assert session.state == "explain"
    assert session.variables["heard_offer"] is True  # set inside the dialogue, kept outside
    session.respond("rebate")  # `not heard_offer` is false now: no second detour
    assert session.state == "end_visit"
    assert session.finished


def test_the_same_dialogue_returns_to_each_callers_own_then(content: Content):
    session = _session(content, "dlg_shop")
    session.respond("policy_first")
    session.respond("rebate")  # the conditional detour arm, heard_offer still false
    assert session.state == f"{OFFER}:offer@explain/rebate"
    session.respond("run_down")
    assert session.state == "end_visit"
    other = _session(content, "dlg_second")
    other.respond("hear_out")
    assert other.state == f"{OFFER}:offer@hello/hear_out"
    other.respond("run_down")
    assert other.state == "close"


def test_the_engine_knows_nothing_of_dialogues():
    source = (Path(__file__).parent.parent / "simulator" / "engine.py").read_text("utf-8")
    assert "detour" not in source and "dialogue" not in source


# -- errors ------------------------------------------------------------------------------------

_SCENARIO = """\
id: dlg_err
title: {{zh: 错误, en: Errors}}
family: retail
difficulty: 1
persona: test_wang
briefing: {{zh: 简介, en: Briefing}}
objective: {{zh: 目标, en: Objective}}
principles_in_focus: [active_listening]
{variables}start: a
nodes:
  a:
    client: {{zh: 你好, en: Hello}}
    options:
      - id: go
        text: {{zh: 去, en: Go}}
        principles: {{active_listening: 1}}
        feedback: {{zh: 好, en: Good}}
        next: {next}
      - id: stop
        text: {{zh: 停, en: Stop}}
        principles: {{active_listening: -1}}
        feedback: {{zh: 不好, en: Bad}}
        next: end_ok
endings:
  end_ok:
    kind: success
    title: {{zh: 好, en: Good}}
    debrief: {{zh: 好, en: Good}}
"""

_DIALOGUE = """\
dialogue: {ident}
title: {{zh: 对话, en: Dialogue}}
{variables}start: x
nodes:
  x:
    client: {{zh: 嗯, en: Hmm}}
    options:
      - id: back
        text: {{zh: 回, en: Back}}
        principles: {{active_listening: 1}}
        feedback: {{zh: 好, en: Good}}
        next: {next}
      - id: stay
        text: {{zh: 留, en: Stay}}
        principles: {{active_listening: -1}}
        feedback: {{zh: 不好, en: Bad}}
        next: x
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _scenario(folder: Path, next_: str, variables: str = "") -> Path:
    return _write(folder, "dlg_err.yaml", _SCENARIO.format(next=next_, variables=variables))


def _dialogue(folder: Path, ident: str, next_: str = "return", variables: str = "") -> Path:
    text = _DIALOGUE.format(ident=ident, next=next_, variables=variables)
    return _write(folder, f"{ident}.yaml", text)


def _only(content: Content, code: str) -> list[str]:
    found = [d for d in content.diagnostics if d.code == code]
    assert found, [str(d) for d in content.diagnostics]
    return [f"{d.location}: {d.message} | {d.hint}" for d in found]


def test_unknown_dialogue_is_located_at_the_detour_with_a_hint(tmp_path: Path):
    _dialogue(tmp_path, "price_talk")
    path = _scenario(tmp_path, "{detour: price_tlak, then: end_ok}")
    content = _content(tmp_path)
    (message,) = _only(content, "PAR052")
    assert message.startswith(f"{path}:18:24: unknown dialogue 'price_tlak'")
    assert "did you mean 'price_talk'?" in message
    assert "dlg_err" not in content.scenarios


def test_a_dialogue_variable_the_scenario_lacks_or_types_apart(tmp_path: Path):
    _dialogue(tmp_path, "talk", variables="variables:\n  asked: {initial: false}\n")
    path = _scenario(tmp_path, "{detour: talk, then: end_ok}")
    (message,) = _only(_content(tmp_path), "PAR053")
    assert message.startswith(f"{path}:18:24: dialogue 'talk' uses variable 'asked' (a flag)")
    assert "does not declare it" in message
    path = _scenario(
        tmp_path, "{detour: talk, then: end_ok}", "variables:\n  asked: {initial: 0}\n"
    )
    (message,) = _only(_content(tmp_path), "PAR053")
    assert message.startswith(f"{path}:20:24:") and "declares it as a number" in message
    _scenario(tmp_path, "{detour: talk, then: end_ok}", "variables:\n  asked: {initial: true}\n")
    assert not _content(tmp_path).errors


def test_a_recursive_detour_is_an_error_where_it_recurses(tmp_path: Path):
    _dialogue(tmp_path, "one", "{detour: two, then: return}")
    two = _dialogue(tmp_path, "two", "{detour: one, then: return}")
    _scenario(tmp_path, "{detour: one, then: end_ok}")
    (message,) = _only(_content(tmp_path), "PAR054")
    assert message.startswith(f"{two}:12:24: recursive detour: one → two → one")


def test_return_outside_a_dialogue_is_an_error(tmp_path: Path):
    path = _scenario(tmp_path, "return")
    messages = _only(_content(tmp_path), "PAR055")
    assert messages[0].startswith(f"{path}:18:15: `return` in option 'go'")


def test_a_dialogue_that_cannot_return_is_an_error(tmp_path: Path):
    path = _dialogue(tmp_path, "stuck", "x")
    _scenario(tmp_path, "{detour: stuck, then: end_ok}")
    (message,) = _only(_content(tmp_path), "PAR056")
    assert message.startswith(f"{path}:1:1: dialogue 'stuck' never reaches `return`")


def test_two_dialogues_with_one_id_are_an_error(tmp_path: Path):
    _dialogue(tmp_path, "talk")
    copy = _write(tmp_path, "z_copy.yaml", (tmp_path / "talk.yaml").read_text("utf-8"))
    _scenario(tmp_path, "{detour: talk, then: end_ok}")
    (message,) = _only(_content(tmp_path), "PAR057")
    assert message.startswith(f"{copy}:1:1: duplicate dialogue id 'talk'")


def test_an_unknown_then_is_reported_at_the_call_site(tmp_path: Path):
    _dialogue(tmp_path, "talk")
    path = _scenario(tmp_path, "{detour: talk, then: end_okk}")
    messages = _only(_content(tmp_path), "PAR040")
    assert messages[0].startswith(f"{path}:18:24: jump to undefined node or ending 'end_okk'")


# -- the CLI ------------------------------------------------------------------------------------


def test_parley_check_passes_a_scenario_with_detours(tmp_path: Path):
    result = _parley("check", "--no-library", str(DATA / "valid"), str(DIALOGUES), home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 scenarios" in result.stdout and "2 dialogues" in result.stdout


def test_parley_check_reports_a_detour_error_with_its_place(tmp_path: Path):
    _dialogue(tmp_path, "talk")
    path = _scenario(tmp_path, "{detour: tlak, then: end_ok}")
    result = _parley("check", "--no-library", str(DATA / "valid"), str(tmp_path), home=tmp_path)
    assert result.returncode == 1
    assert f"{path}:18:24: error PAR052: unknown dialogue 'tlak'" in result.stdout


def test_parley_graph_draws_the_copied_nodes_with_mermaid_safe_ids(tmp_path: Path):
    scenario = DIALOGUES / "scenarios" / "dlg_shop.yaml"
    result = _parley(
        "graph",
        str(scenario),
        "--content",
        str(DATA / "valid"),
        "--content",
        str(DIALOGUES),
        home=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    label = f"{OFFER}:offer@opening/listen"
    assert f'state "{label}" as {OFFER}__offer__at__opening__listen' in out
    assert f"opening --> {OFFER}__offer__at__opening__listen: listen" in out
    assert f"{OFFER}__compare__at__opening__listen --> explain: honest" in out
    # outside the quoted labels no id holds a character Mermaid reads otherwise
    for line in out.splitlines():
        if "-->" in line:
            ids = line.split(":")[0]
            assert "@" not in ids and "/" not in ids


# -- schemas ------------------------------------------------------------------------------------


_FILES = sorted(p for p in DIALOGUES.rglob("*.yaml") if not p.name.endswith(".test.yaml"))


@pytest.mark.parametrize("path", _FILES, ids=lambda p: p.name)
def test_dialogue_and_detour_files_match_their_schemas(path: Path):
    jsonschema = pytest.importorskip("jsonschema")
    from simulator import schema
    from simulator.yamlsource import read_document

    data = read_document(path).data
    kind = schema.kind_of(path, data)
    assert kind == ("dialogue" if path.parent.name == "shared" else "scenario")
    validator = jsonschema.Draft202012Validator(schema.load_schema(kind))
    assert [e.message for e in validator.iter_errors(data)] == []


def test_the_dialogue_schema_refuses_a_detour_without_then():
    jsonschema = pytest.importorskip("jsonschema")
    from simulator import schema

    option = {"id": "o", "text": "t", "next": {"detour": "y", "then": "return"}}
    data = {
        "dialogue": "x",
        "title": {"zh": "x", "en": "x"},
        "start": "a",
        "nodes": {"a": {"client": "c", "options": [option]}},
    }
    validator = jsonschema.Draft202012Validator(schema.load_schema("dialogue"))
    assert not list(validator.iter_errors(data))
    del option["next"]["then"]
    assert list(validator.iter_errors(data))


def test_parley_test_plays_detours_and_random_walks_through_them(tmp_path: Path):
    result = _parley(
        "test", str(DATA / "valid"), str(DIALOGUES), "--random", "20", "--seed", "3", home=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed, 0 failed" in result.stdout
    assert "0 with problems" in result.stdout


def test_a_cached_second_check_loads_the_dialogues_again(tmp_path: Path):
    args = ("check", "--no-library", str(DATA / "valid"), str(DIALOGUES))
    first, second = _parley(*args, home=tmp_path), _parley(*args, home=tmp_path)
    assert first.returncode == second.returncode == 0, second.stdout + second.stderr
    assert second.stdout == first.stdout
    assert "2 dialogues" in second.stdout


def test_a_problem_in_a_dialogue_is_reported_once_however_many_call_it(tmp_path: Path):
    path = _dialogue(tmp_path, "talk")
    path.write_text(path.read_text("utf-8").replace("        feedback: {zh: 好, en: Good}\n", ""))
    _scenario(tmp_path, "[{if: trust >= 50, detour: talk, then: end_ok}, {detour: talk, then: a}]")
    content = _content(tmp_path)
    assert not content.errors, [str(d) for d in content.errors]
    assert {"talk:x@a/go/1", "talk:x@a/go/2"} <= set(content.scenarios["dlg_err"].nodes)
    (message,) = _only(content, "PAR071")
    assert message.startswith(f"{path}:8:")
