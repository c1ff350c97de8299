"""The loader: one test per class of problem it reports, and the valid fixtures load cleanly."""

from __future__ import annotations

import hashlib
from pathlib import Path

from simulator.loader import load_catalog, load_persona, load_scenario

VALID = Path(__file__).parent / "data" / "valid"
SCENARIO = (VALID / "scenarios" / "test_supply.yaml").read_text(encoding="utf-8")
PERSONA = (VALID / "personas" / "test_wang.yaml").read_text(encoding="utf-8")
CATALOG = (VALID / "principles.yaml").read_text(encoding="utf-8")


def scenario_with(tmp_path: Path, old: str, new: str, count: int = 1):
    assert old in SCENARIO, old
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.replace(old, new, count), encoding="utf-8")
    return load_scenario(path)


def line_of(needle: str) -> int:
    """The 1-based line of the fixture scenario holding `needle`."""
    return next(i for i, line in enumerate(SCENARIO.splitlines(), 1) if needle in line)


def codes(diags) -> list[str]:
    return [d.code for d in diags]


def only(diags, code: str):
    found = [d for d in diags if d.code == code]
    assert found, f"no {code} in {[str(d) for d in diags]}"
    return found[0]


def test_valid_fixtures_load_without_problems():
    scenario, diags = load_scenario(VALID / "scenarios" / "test_supply.yaml")
    assert diags == [] and scenario is not None
    raw = (VALID / "scenarios" / "test_supply.yaml").read_bytes()
    assert scenario.content_hash == hashlib.sha256(raw).hexdigest()
    assert scenario.path.endswith("test_supply.yaml")
    assert scenario.variables["trust"].from_persona
    assert not scenario.variables["promises"].from_persona
    assert scenario.variables["asked_why"].is_flag
    promise = scenario.nodes["opening"].option("promise_more")
    assert promise is not None and promise.trap
    assert [b.condition for b in promise.branches] == ["trust >= 40 and asked_why", None]
    assert promise.location.line == 33
    persona, diags = load_persona(VALID / "personas" / "test_wang.yaml")
    assert diags == [] and persona is not None and persona.trust == 35
    catalog, diags = load_catalog(VALID / "principles.yaml")
    assert diags == [] and catalog is not None and len(catalog.principles) == 18
    assert "no" in catalog.negation_words


def test_declared_trust_overrides_the_persona(tmp_path: Path):
    scenario, diags = scenario_with(
        tmp_path, "variables:\n", "variables:\n  trust: {initial: 20}\n"
    )
    assert diags == [] and scenario is not None
    assert scenario.variables["trust"].initial == 20
    assert not scenario.variables["trust"].from_persona


def test_unknown_key_has_a_did_you_mean_hint(tmp_path: Path):
    scenario, diags = scenario_with(
        tmp_path, "        feedback: {zh: 先听后讲", "        feedbak: {zh: 先听后讲"
    )
    assert scenario is None
    diag = only(diags, "PAR022")
    assert "feedbak" in diag.message and "did you mean 'feedback'?" in diag.hint
    assert (diag.location.line, diag.location.column) == (line_of("feedback: {zh: 先听后讲"), 9)


def test_missing_required_field(tmp_path: Path):
    _, diags = scenario_with(tmp_path, "start: opening\n", "")
    assert "'start'" in only(diags, "PAR020").message


def test_wrong_type_names_the_expected_type(tmp_path: Path):
    _, diags = scenario_with(tmp_path, "difficulty: 2", "difficulty: hard")
    diag = only(diags, "PAR021")
    assert "whole number" in diag.message and diag.location.line == 4


def test_missing_english_on_a_title_is_a_warning_and_the_scenario_loads(tmp_path: Path):
    # Chinese first: a coach who writes only Chinese gets a scenario that plays, English
    # readers seeing the Chinese title (a cold tryout's coach expected no error here).
    scenario, diags = scenario_with(
        tmp_path, "title: {zh: 货源紧张, en: Short supply}", "title: {zh: 货源紧张}"
    )
    diag = only(diags, "PAR023")
    assert diag.severity == "warning" and "missing translation" in diag.message
    assert scenario is not None and scenario.title.get("en") == "货源紧张"


def test_missing_english_elsewhere_is_a_warning(tmp_path: Path):
    scenario, diags = scenario_with(
        tmp_path,
        "client: {zh: 凭什么别人家比我多？, en: Why does next door get more?}",
        "client: 凭什么",
    )
    assert scenario is not None
    assert only(diags, "PAR074").severity == "warning"


def test_missing_chinese_text(tmp_path: Path):
    _, diags = scenario_with(
        tmp_path, "title: {zh: 货源紧张, en: Short supply}", "title: {en: Short}"
    )
    assert only(diags, "PAR024").location.line == 2


def test_invalid_enum_value_with_hint(tmp_path: Path):
    _, diags = scenario_with(tmp_path, "family: retail", "family: retial")
    diag = only(diags, "PAR025")
    assert "did you mean 'retail'?" in diag.hint


def test_expression_syntax_error_points_at_the_column(tmp_path: Path):
    _, diags = scenario_with(tmp_path, "if: patience <= 0", "if: patience <= <= 0")
    diag = only(diags, "PAR026")
    # the `if:` value starts at column 9; the second `<=` is column 13 of the expression
    assert (diag.location.line, diag.location.column) == (line_of("patience <= 0"), 9 + 13 - 1)


def test_undeclared_variable_in_condition(tmp_path: Path):
    _, diags = scenario_with(tmp_path, "trust >= 40 and asked_why", "trust >= 40 and askd_why")
    diag = only(diags, "PAR029")
    assert "askd_why" in diag.message and "did you mean 'asked_why'?" in diag.hint
    assert (diag.location.line, diag.location.column) == (line_of("trust >= 40 and"), 17 + 16)


def test_undeclared_variable_in_effects_and_set(tmp_path: Path):
    _, diags = scenario_with(tmp_path, "effects: {trust: 10}", "effects: {trus: 10}")
    assert "trus" in only(diags, "PAR029").message
    _, diags = scenario_with(tmp_path, "set: {asked_why: true}", "set: {asked: true}")
    assert only(diags, "PAR029").location.line == line_of("set: {asked_why")


def test_type_errors_flag_versus_number(tmp_path: Path):
    _, diags = scenario_with(tmp_path, "trust >= 40 and asked_why", "trust >= 40 and asked_why > 1")
    assert only(diags, "PAR030").location.line == line_of("trust >= 40 and")
    _, diags = scenario_with(tmp_path, "set: {asked_why: true}", "set: {asked_why: 3}")
    assert only(diags, "PAR030")
    _, diags = scenario_with(tmp_path, "effects: {trust: 10}", "effects: {asked_why: 1}")
    assert only(diags, "PAR030")
    _, diags = scenario_with(tmp_path, "if: patience <= 0", "if: patience + 1")
    assert "true or false" in only(diags, "PAR030").message


def test_values_outside_bounds(tmp_path: Path):
    _, diags = scenario_with(
        tmp_path, "{initial: 0, min: 0, max: 5}", "{initial: 9, min: 0, max: 5}"
    )
    assert only(diags, "PAR031").location.line == line_of("promises: {initial")
    _, diags = scenario_with(
        tmp_path, "principles: {careful_promise: -3}", "principles: {careful_promise: -7}"
    )
    assert only(diags, "PAR031")
    _, diags = scenario_with(tmp_path, "set: {asked_why: true}", "set: {promises: 9}")
    assert only(diags, "PAR031")
    _, diags = scenario_with(tmp_path, "effects: {trust: 10}", "effects: {promises: 10}")
    assert only(diags, "PAR031")


def test_duplicate_option_id_and_node_ending_clash(tmp_path: Path):
    _, diags = scenario_with(tmp_path, "- id: blame", "- id: policy")
    assert only(diags, "PAR028").location.line == line_of("- id: blame")
    _, diags = scenario_with(tmp_path, "  end_walkout:\n", "  explain:\n")
    assert "namespace" in only(diags, "PAR028").hint


def test_unknown_mood_in_a_variant(tmp_path: Path):
    _, diags = scenario_with(tmp_path, "mood: hostile", "mood: hostle")
    assert "did you mean 'hostile'?" in only(diags, "PAR034").hint


def test_next_of_the_wrong_shape(tmp_path: Path):
    _, diags = scenario_with(tmp_path, "next: end_visit", "next: []")
    assert only(diags, "PAR021").location.line == line_of("next: end_visit")
    _, diags = scenario_with(tmp_path, "          - goto: end_angry", "          - {if: true}")
    assert "'goto'" in only(diags, "PAR020").message


def test_all_errors_of_a_file_are_reported_at_once(tmp_path: Path):
    text = (
        SCENARIO.replace("family: retail", "family: bank")
        .replace("difficulty: 2", "difficulty: 9")
        .replace("if: patience <= 0", "if: patience <=")
        .replace("feedback: {zh: 先听后讲", "feedbak: {zh: 先听后讲")
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, diags = load_scenario(path)
    assert scenario is None
    assert {"PAR025", "PAR026", "PAR022"} <= set(codes(diags))
    assert len([d for d in diags if d.severity == "error"]) >= 4


def test_persona_trait_outside_range_and_missing_field(tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_text(
        PERSONA.replace("trust: 35", "trust: 135").replace(
            "fears: {zh: 丢掉老顾客, en: Losing regulars}\n", ""
        ),
        encoding="utf-8",
    )
    persona, diags = load_persona(path)
    assert persona is None
    assert only(diags, "PAR032").location.line == 8
    assert "'fears'" in only(diags, "PAR020").message


def test_catalog_bad_regex_and_unknown_area(tmp_path: Path):
    path = tmp_path / "c.yaml"
    text = CATALOG.replace('"\\\\bguarantee"', '"(unclosed"').replace(
        "area: character", "area: charater", 1
    )
    path.write_text(text, encoding="utf-8")
    catalog, diags = load_catalog(path)
    assert catalog is None
    regex = only(diags, "PAR027")
    assert "regular expression" in regex.message
    assert (
        regex.location.line
        == text.splitlines().index(next(line for line in text.splitlines() if "(unclosed" in line))
        + 1
    )
    assert "did you mean 'character'?" in only(diags, "PAR033").hint


def test_catalog_duplicate_principle_id(tmp_path: Path):
    path = tmp_path / "c.yaml"
    path.write_text(CATALOG.replace("- id: empathy", "- id: honesty"), encoding="utf-8")
    _, diags = load_catalog(path)
    assert "honesty" in only(diags, "PAR028").message


def test_plain_text_for_a_text_field_with_a_comma_hint(tmp_path: Path):
    _, diags = scenario_with(
        tmp_path, "briefing: {zh: 她这个月到货少了一半。", "briefing: {zh: 她这个月,到货少了一半。"
    )
    assert "comma" in only(diags, "PAR022").hint


def test_half_width_punctuation_in_chinese_is_a_warning_with_the_fix(tmp_path: Path):
    _, diags = scenario_with(
        tmp_path,
        "briefing: {zh: 她这个月到货少了一半。",
        'briefing: {zh: "她这个月,到货 (少了) 一半?"',
    )
    found = only(diags, "PAR060")
    assert found.severity == "warning"
    assert "','" in found.message and "'?'" in found.message and "4×" in found.message
    assert "她这个月，到货（少了）" in found.hint
    assert found.location.line == line_of("briefing:")


def test_half_width_punctuation_check_leaves_numbers_english_and_times_alone(tmp_path: Path):
    from simulator.punctuation import full_width, half_width_spots

    for fine in ("1,000 元", "R2", "10:30 见", "(R2)", "OK? fine", "版本 2.0", "他说 hello, world"):
        assert half_width_spots(fine) == [], fine
    assert full_width("好,谢谢") == "好，谢谢"
    assert full_width("我那 40 万, 好吗 ?") == "我那 40 万，好吗？"
    assert full_width("R2 (中低风险)") == "R2（中低风险）"
    assert full_width('怎么会"没关系"?(风险思维)') == '怎么会"没关系"？（风险思维）'
    assert full_width("时间: 10:30") == "时间：10:30"
    # an example phrasing is read by people too (the hint panel quotes it)
    _, diags = scenario_with(tmp_path, "examples: {zh: [", "examples: {zh: ['好的,我先问问', ")
    assert only(diags, "PAR060").location.line > 1


def test_a_line_break_in_a_folded_chinese_block_is_a_warning(tmp_path: Path):
    _, diags = scenario_with(
        tmp_path,
        "briefing: {zh: 她这个月到货少了一半。, en: She got half her usual allocation.}",
        "briefing:\n  zh: >-\n    她这个月到货少了一半。\n    你去看看她。\n  en: She got half.",
    )
    found = only(diags, "PAR064")
    assert found.severity == "warning" and "。 你去" in found.message and ">-" in found.hint
