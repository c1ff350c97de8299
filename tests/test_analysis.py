"""Static analysis of play: grade ranges per ending and the warnings `parley check` gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import analysis, walk
from simulator.content import load_content
from simulator.engine import Session

DATA = Path(__file__).parent / "data"
SUPPLY = DATA / "valid" / "scenarios" / "test_supply.yaml"


def _load(tmp_path: Path, text: str | None = None):
    lib = tmp_path / "lib"
    shutil.copytree(DATA / "valid", lib)
    if text is not None:
        (lib / "scenarios" / "test_supply.yaml").write_text(text, encoding="utf-8")
    content = load_content([lib], include_bundled=False, include_local=False)
    return lib, content, content.scenarios["test_supply"]


def _play(content, scenario, moves) -> tuple[str | None, int]:
    session = Session(scenario, content.personas[scenario.persona], content.catalog)
    for move in moves:
        session.respond(move)
    card = session.scorecard()
    return card.ending_id, card.grade


def test_ranges_of_the_test_scenario_are_exact(tmp_path: Path):
    _, content, scenario = _load(tmp_path)
    result = analysis.analyse(scenario, content.personas["test_wang"], content.catalog)
    visit, angry = result.endings["end_visit"], result.endings["end_angry"]
    # listen (best) then policy (best): 100. promise_more only reaches explain with trust >= 40
    # and asked_why, which it never has, so it always ends angry.
    assert (visit.low, visit.high) == (100, 100)
    assert visit.low_path == ("listen", "policy")
    assert (angry.low, angry.high) == (0, 38)
    assert angry.low_path == ("promise_more",)
    assert angry.high_path == ("listen", "blame")
    assert not result.endings["end_walkout"].reached
    assert not result.capped


def test_the_extreme_paths_give_those_grades_when_played(tmp_path: Path):
    _, content, scenario = _load(tmp_path)
    result = analysis.analyse(scenario, content.personas["test_wang"], content.catalog)
    for span in result.endings.values():
        if span.reached:
            assert _play(content, scenario, span.low_path) == (span.ending_id, span.low)
            assert _play(content, scenario, span.high_path) == (span.ending_id, span.high)


def test_every_random_walk_of_the_bundled_library_lands_inside_the_ranges():
    content = load_content(raise_on_error=False)
    if not content.scenarios:
        pytest.skip("no bundled scenario loads yet")
    for scenario in content.scenarios.values():
        persona = content.personas[scenario.persona]
        result = analysis.analyse(scenario, persona, content.catalog)
        assert not result.capped, scenario.id
        for number in range(40):
            rng = walk.walk_rng(5, scenario.id, number)
            session = Session(scenario, persona, content.catalog)
            while not session.finished:
                session.respond(rng.choice(sorted(o.id for o in session.options)))
            card = session.scorecard()
            span = result.endings[card.ending_id]
            assert span.low <= card.grade <= span.high, (scenario.id, session.responses)
        for span in result.endings.values():  # and the analysis' own witnesses replay exactly
            if span.reached:
                assert _play(content, scenario, span.low_path) == (span.ending_id, span.low)
                assert _play(content, scenario, span.high_path) == (span.ending_id, span.high)


def test_steering_variables_follow_conditions_and_assignments(tmp_path: Path):
    _, _, scenario = _load(tmp_path)
    # promises is only counted, never read by a condition: it cannot change a path
    assert analysis.steering_variables(scenario) == {"trust", "patience", "asked_why"}


def test_a_cheap_success_is_flagged(tmp_path: Path):
    text = SUPPLY.read_text(encoding="utf-8")
    text = text.replace("if: trust >= 40 and asked_why", "if: trust >= 0")
    text = text.replace(
        "effects: {trust: -15, patience: -20}\n"
        "        feedback: {zh: 别说别家坏话。, en: Don't talk others down.}\n"
        "        next: end_angry",
        "effects: {trust: -15, patience: -20}\n"
        "        feedback: {zh: 别说别家坏话。, en: Don't talk others down.}\n"
        "        next: end_visit",
    )
    _, content, scenario = _load(tmp_path, text)
    result = analysis.analyse(scenario, content.personas["test_wang"], content.catalog)
    assert result.endings["end_visit"].low == 25  # promise_more, blame: 0.75 × 0 + 0.25
    codes = [d.code for d in analysis.diagnostics(result, scenario)]
    assert "PAR079" in codes
    [found] = [d for d in analysis.diagnostics(result, scenario) if d.code == "PAR079"]
    assert "grade 25 (< 50) via promise_more → blame" in found.message
    assert found.location.line > 0


def test_a_fail_after_good_play_and_an_unreachable_ending_are_flagged(tmp_path: Path):
    text = SUPPLY.read_text(encoding="utf-8")
    text = text.replace(
        "feedback: {zh: 讲透政策。, en: Explain the policy.}\n        next: end_visit",
        "feedback: {zh: 讲透政策。, en: Explain the policy.}\n"
        "        next:\n          - if: trust > 100\n            goto: end_visit\n"
        "          - goto: end_angry",
    )
    _, content, scenario = _load(tmp_path, text)
    result = analysis.analyse(scenario, content.personas["test_wang"], content.catalog)
    found = {d.code: d for d in analysis.diagnostics(result, scenario)}
    assert found["PAR080"].message.startswith(
        "fail ending 'end_angry' can be reached with grade 75"
    )
    assert "success ending 'end_visit' is never reached" in found["PAR078"].message
    assert analysis.FAIL_MAX_GRADE < 75  # a fail ending can never be graded above 75


def test_a_capped_search_says_so(tmp_path: Path):
    _, content, scenario = _load(tmp_path)
    result = analysis.analyse(scenario, content.personas["test_wang"], content.catalog, max_turns=1)
    assert result.capped
    codes = [d.code for d in analysis.diagnostics(result, scenario)]
    assert codes == ["PAR082"]  # and no false "never reached" while capped


def test_parley_check_reports_analysis_warnings_and_strict_fails(tmp_path: Path):
    text = SUPPLY.read_text(encoding="utf-8").replace(
        "feedback: {zh: 讲透政策。, en: Explain the policy.}\n        next: end_visit",
        "feedback: {zh: 讲透政策。, en: Explain the policy.}\n"
        "        next:\n          - if: trust > 100\n            goto: end_visit\n"
        "          - goto: end_angry",
    )
    lib, _, _ = _load(tmp_path, text)
    env = {**os.environ, "PARLEY_HOME": str(tmp_path / "home")}

    def check(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "simulator", "check", "--no-library", *extra, str(lib)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    relaxed = check()
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    assert "warning PAR080" in relaxed.stdout and "warning PAR078" in relaxed.stdout
    strict = check("--strict")
    assert strict.returncode == 1


def test_options_whose_examples_read_as_each_other_are_flagged(tmp_path: Path):
    text = SUPPLY.read_text(encoding="utf-8").replace(
        "examples: {zh: [隔壁靠关系], en: [They have connections]}",
        "examples: {zh: [隔壁靠关系, 按档位投放给您], en: [They have connections]}",
    )
    _, _, scenario = _load(tmp_path, text)
    [found] = analysis.ambiguous_options(scenario)
    assert found.code == "PAR081" and found.severity == "warning"
    assert "options 'policy' and 'blame' of node 'explain' are too alike" in found.message
    assert "«按档位投放», an example of 'policy', reads as 'blame'" in found.message
    assert found.location.line > 0


def test_options_never_on_offer_together_are_not_flagged(tmp_path: Path):
    # `if: rigged` and `if: not rigged`: a trainee never sees the two at once, so their words
    # cannot be taken for each other (pitch_wealth_retiree's redo of a rigged questionnaire).
    import dataclasses

    from simulator.expressions import exclusive

    text = SUPPLY.read_text(encoding="utf-8").replace(
        "examples: {zh: [隔壁靠关系], en: [They have connections]}",
        "examples: {zh: [隔壁靠关系, 按档位投放给您], en: [They have connections]}",
    )
    _, _, scenario = _load(tmp_path, text)
    node = scenario.nodes["explain"]

    def conditioned(policy: str, blame: str):
        wanted = {"policy": policy, "blame": blame}
        options = tuple(
            dataclasses.replace(o, condition=wanted.get(o.id, o.condition)) for o in node.options
        )
        nodes = {**scenario.nodes, "explain": dataclasses.replace(node, options=options)}
        return dataclasses.replace(scenario, nodes=nodes)

    assert analysis.ambiguous_options(conditioned("rigged", "not rigged")) == []
    assert analysis.ambiguous_options(conditioned("not (rigged)", "rigged")) == []
    # Conditions that may hold together still warn.
    [found] = analysis.ambiguous_options(conditioned("rigged", "trust > 50"))
    assert found.code == "PAR081"
    assert exclusive("trust > 50", "not trust > 50")
    assert not exclusive("trust > 50", "trust <= 40") and not exclusive("a", "not not a")
    assert not exclusive("a", "not (")  # what does not parse excludes nothing


def test_distinct_examples_are_not_flagged(tmp_path: Path):
    _, _, scenario = _load(tmp_path)
    assert analysis.ambiguous_options(scenario) == []


def test_check_skips_the_analysis_over_many_scenarios_unless_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    from simulator.cli import main

    text = SUPPLY.read_text(encoding="utf-8").replace(
        "feedback: {zh: 讲透政策。, en: Explain the policy.}\n        next: end_visit",
        "feedback: {zh: 讲透政策。, en: Explain the policy.}\n"
        "        next:\n          - if: trust > 100\n            goto: end_visit\n"
        "          - goto: end_angry",
    )
    lib, _, _ = _load(tmp_path, text)
    monkeypatch.setattr(analysis, "ANALYSIS_LIMIT", 0)
    assert main(["check", "--no-library", str(lib)]) == 0
    skipped = capsys.readouterr()
    assert "PAR080" not in skipped.out and "play analysis skipped for 1 scenario " in skipped.err
    assert main(["check", "--no-library", "--analyse", str(lib)]) == 0
    assert "PAR080" in capsys.readouterr().out


@pytest.mark.parametrize(
    "assign",
    ["{was_warm: trust >= 40}", "{promises: promises + 1}", "{asked_why: trust >= 40}"],
)
def test_a_set_that_reads_a_variable_no_condition_reads_does_not_crash(tmp_path: Path, assign):
    # `set:` reading trust (which no condition reads) raised KeyError: 'trust' in check/graph.
    text = (DATA / "valid" / "scenarios" / "test_supply.yaml").read_text(encoding="utf-8")
    text = text.replace("set: {asked_why: true}", f"set: {assign}")
    text = text.replace(
        "  asked_why: {initial: false}\n",
        "  asked_why: {initial: false}\n  was_warm: {initial: false}\n",
    )
    lib, content, scenario = _load(tmp_path, text)
    assert content.errors == []
    result = analysis.analyse(scenario, content.personas["test_wang"], content.catalog)
    assert result.endings["end_visit"].reached
    for command in (
        ["check", "--no-library", "--analyse", str(lib)],
        [
            "graph",
            str(lib / "scenarios" / "test_supply.yaml"),
        ],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "simulator", *command], capture_output=True, text=True
        )
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == 0, done.stdout + done.stderr
