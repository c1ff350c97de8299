"""The validator and load_content: one test per cross-file or graph problem class."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simulator.content import load_content
from simulator.diagnostics import ContentError

VALID = Path(__file__).parent / "data" / "valid"
SCENARIO = (VALID / "scenarios" / "test_supply.yaml").read_text(encoding="utf-8")
PERSONA = (VALID / "personas" / "test_wang.yaml").read_text(encoding="utf-8")


def library(tmp_path: Path, scenario: str = SCENARIO, *, catalog: bool = True) -> Path:
    root = tmp_path / "lib"
    (root / "personas").mkdir(parents=True)
    (root / "personas" / "test_wang.yaml").write_text(PERSONA, encoding="utf-8")
    (root / "scenario.yaml").write_text(scenario, encoding="utf-8")
    if catalog:
        shutil.copy(VALID / "principles.yaml", root / "principles.yaml")
    return root


def check(tmp_path: Path, scenario: str = SCENARIO, **kwargs):
    root = library(tmp_path, scenario, **kwargs)
    return load_content([root], include_bundled=False, include_local=False, raise_on_error=False)


def edited(*pairs: tuple[str, str]) -> str:
    text = SCENARIO
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    return text


def only(content, code: str):
    found = [d for d in content.diagnostics if d.code == code]
    assert found, f"no {code} in {[str(d) for d in content.diagnostics]}"
    return found[0]


def test_the_valid_library_is_clean_and_complete(tmp_path: Path):
    content = check(tmp_path)
    assert content.diagnostics == []
    assert set(content.scenarios) == {"test_supply"}
    assert set(content.personas) == {"test_wang"}
    assert len(content.catalog.principles) == 18
    assert len(content.files) == 3


def test_load_content_raises_with_every_error(tmp_path: Path):
    root = library(
        tmp_path,
        edited(("next: end_visit", "next: end_vist"), ("persona: test_wang", "persona: nobody")),
    )
    with pytest.raises(ContentError) as caught:
        load_content([root], include_bundled=False, include_local=False)
    assert {d.code for d in caught.value.diagnostics} >= {"PAR040", "PAR041"}


def test_jump_to_undefined_node_with_hint(tmp_path: Path):
    content = check(tmp_path, edited(("next: end_visit", "next: end_vist")))
    diag = only(content, "PAR040")
    assert "did you mean 'end_visit'?" in diag.hint
    assert diag.location.line == SCENARIO[: SCENARIO.index("next: end_visit")].count("\n") + 1
    assert "test_supply" not in content.scenarios


def test_unknown_persona(tmp_path: Path):
    content = check(tmp_path, edited(("persona: test_wang", "persona: test_wong")))
    diag = only(content, "PAR041")
    assert diag.location.line == 5 and "did you mean 'test_wang'?" in diag.hint


def test_unknown_principle_tag_and_focus(tmp_path: Path):
    content = check(
        tmp_path,
        edited(
            ("principles: {active_listening: 2}", "principles: {active_listenin: 2}"),
            ("[active_listening, careful_promise]", "[active_listening, carefull_promise]"),
        ),
    )
    diags = [d for d in content.diagnostics if d.code == "PAR042"]
    assert len(diags) == 2
    assert {d.location.line for d in diags} == {8, 28}


def test_a_scenario_example_line_for_an_unknown_principle(tmp_path: Path):
    line = "looks_like:\n  carefull_promise: {zh: 说“我尽快报上去”, en: Say I will file it}\n"
    content = check(tmp_path, edited(("start:", line + "start:")))
    (diag,) = [d for d in content.diagnostics if d.code == "PAR042"]
    assert "carefull_promise" in diag.message and "careful_promise" in diag.hint
    fine = check(
        tmp_path / "ok", edited(("start:", line.replace("carefull", "careful") + "start:"))
    )
    scenario = next(iter(fine.scenarios.values()))
    said = scenario.looks_like_for(fine.catalog.principles["careful_promise"])
    assert said.zh == "说“我尽快报上去”"


def test_duplicate_scenario_and_persona_ids_across_files(tmp_path: Path):
    root = library(tmp_path)
    (root / "zz_copy.yaml").write_text(SCENARIO, encoding="utf-8")
    (root / "personas" / "zz_copy.yaml").write_text(PERSONA, encoding="utf-8")
    content = load_content([root], include_bundled=False, include_local=False, raise_on_error=False)
    assert only(content, "PAR043").location.path.endswith("copy.yaml")
    assert only(content, "PAR044").location.path.endswith("copy.yaml")


def test_unreachable_node_and_ending(tmp_path: Path):
    content = check(
        tmp_path,
        edited(
            ("next: explain\n      - id: promise_more", "next: end_visit\n      - id: promise_more")
        ),
    )
    assert not [d for d in content.diagnostics if d.code == "PAR045"]
    content = check(
        tmp_path / "b",
        edited(
            ("          - if: trust >= 40 and asked_why\n            goto: explain\n", ""),
            ("next: explain\n", "next: end_visit\n"),
        ),
    )
    assert "'explain'" in only(content, "PAR045").message


def test_node_from_which_no_ending_is_reached(tmp_path: Path):
    text = edited(
        ("next: end_visit", "next: explain"), ("next: end_angry\nendings", "next: explain\nendings")
    )
    text = text.replace(
        "rules:\n  - id: walkout\n    if: patience <= 0\n    goto: end_walkout\n", ""
    )
    content = check(tmp_path, text)
    assert "'explain'" in only(content, "PAR046").message


def test_node_without_options(tmp_path: Path):
    head = SCENARIO.split("  explain:")[0]
    tail = SCENARIO.split("endings:")[1]
    text = head + "  explain:\n    client: {zh: 凭什么, en: Why}\n    options: []\nendings:" + tail
    content = check(tmp_path, text)
    assert "'explain'" in only(content, "PAR047").message


def test_red_line_must_lead_to_a_fail_ending(tmp_path: Path):
    content = check(tmp_path, edited(("        trap: true\n", "        red_line: true\n")))
    diag = only(content, "PAR048")
    assert "'explain'" in diag.message


def test_conditional_next_without_fallback(tmp_path: Path):
    content = check(
        tmp_path,
        edited(
            (
                "          - goto: end_angry",
                "          - if: not asked_why\n            goto: end_angry",
            )
        ),
    )
    assert only(content, "PAR049").severity == "error"


def test_catalog_missing_a_fixed_principle(tmp_path: Path):
    root = library(tmp_path)
    text = (root / "principles.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: stay_out_of_politics")
    end = text.index("  - id: reason_and_warmth")
    (root / "principles.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    content = load_content([root], include_bundled=False, include_local=False, raise_on_error=False)
    assert "stay_out_of_politics" in only(content, "PAR050").message


def test_no_catalog_at_all(tmp_path: Path):
    content = check(tmp_path, catalog=False)
    assert only(content, "PAR051").severity == "error"


def test_hot_button_with_unknown_principle(tmp_path: Path):
    root = library(tmp_path)
    (root / "personas" / "test_wang.yaml").write_text(
        PERSONA.replace("principle: respect_client", "principle: respect_clients"), encoding="utf-8"
    )
    content = load_content([root], include_bundled=False, include_local=False, raise_on_error=False)
    assert "did you mean 'respect_client'?" in only(content, "PAR042").hint


def test_style_warnings(tmp_path: Path):
    text = edited(
        ("        principles: {careful_promise: 1}\n", ""),
        ("        feedback: {zh: 讲透政策。, en: Explain the policy.}\n", ""),
        ("        examples: {zh: [按档位投放], en: [It follows the tier]}\n", ""),
        (
            "principles_in_focus: [active_listening, careful_promise]",
            "principles_in_focus: [active_listening, careful_promise, empathy]",
        ),
        ("kind: success", "kind: partial"),
    )
    content = check(tmp_path, text)
    codes = {d.code for d in content.diagnostics}
    assert {"PAR070", "PAR071", "PAR073", "PAR076", "PAR077"} <= codes
    assert all(d.severity == "warning" for d in content.diagnostics)
    assert "test_supply" in content.scenarios  # warnings do not make a scenario unusable


def test_single_option_node_warning(tmp_path: Path):
    start = SCENARIO.index("      - id: blame")
    end = SCENARIO.index("endings:")
    content = check(tmp_path, SCENARIO[:start] + SCENARIO[end:])
    assert "'explain'" in only(content, "PAR072").message


def test_playthrough_files_are_skipped(tmp_path: Path):
    root = library(tmp_path)
    (root / "scenario.test.yaml").write_text("scenario: test_supply\ntests: []\n", encoding="utf-8")
    content = load_content([root], include_bundled=False, include_local=False, raise_on_error=False)
    assert content.diagnostics == [] and len(content.files) == 3


def test_a_coach_catalog_extends_the_first(tmp_path: Path):
    root = library(tmp_path)
    (root / "zz_more.yaml").write_text(
        "catalog: mine\nareas: {character: {zh: 意识与品质, en: Awareness}}\nprinciples:\n"
        "  - id: careful_promise\n    name: {zh: 谨慎承诺, en: Careful promises}\n"
        "    area: character\n"
        "    description: {zh: 扩展, en: more}\n    source: []\n"
        "    detectors:\n      - {id: bao, polarity: violates, patterns: [包在我身上]}\n",
        encoding="utf-8",
    )
    content = load_content([root], include_bundled=False, include_local=False, raise_on_error=False)
    assert content.diagnostics == []
    assert [d.id for d in content.catalog.principles["careful_promise"].detectors] == ["bao"]


def test_a_loop_only_a_walkout_rule_can_leave_is_still_a_dead_end(tmp_path: Path):
    # The same loop as above, but the scenario keeps its walkout rule: a rule is a safety net,
    # not a way out the coach designed, so the loop is still reported (it was hidden before).
    text = edited(
        ("next: end_visit", "next: explain"), ("next: end_angry\nendings", "next: explain\nendings")
    )
    assert "rules:" in text
    content = check(tmp_path, text)
    assert "'explain'" in only(content, "PAR046").message
