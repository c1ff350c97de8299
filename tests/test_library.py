"""Quality gates for the bundled library (issue: scenario library built from the seeds)."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest

from simulator import playthrough
from simulator.content import Content, load_content
from simulator.library import bundled_scenarios_dir
from simulator.model import FAMILIES, PRINCIPLE_IDS

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(include_local=False, raise_on_error=False)


@pytest.fixture(scope="module")
def outcomes(content: Content) -> dict[str, list[playthrough.Outcome]]:
    results: dict[str, list[playthrough.Outcome]] = collections.defaultdict(list)
    for path in playthrough.find_files([bundled_scenarios_dir()]):
        loaded, problems = playthrough.load_file(path)
        assert loaded is not None and not problems, [str(p) for p in problems]
        for outcome in playthrough.run_file(
            loaded, content.scenarios, content.personas, content.catalog
        ):
            results[outcome.scenario_id].append(outcome)
    return results


def test_every_bundled_file_passes_check(content: Content) -> None:
    assert [str(d) for d in content.diagnostics if d.severity == "error"] == []
    assert [str(d) for d in content.diagnostics if d.severity == "warning"] == []


def test_at_least_four_scenarios_per_family(content: Content) -> None:
    per_family = collections.Counter(s.family for s in content.scenarios.values())
    assert set(per_family) == set(FAMILIES)
    assert all(per_family[family] >= 4 for family in FAMILIES), per_family
    assert sum(per_family.values()) >= 16


def test_at_least_eight_personas_each_a_person(content: Content) -> None:
    assert len(content.personas) >= 8
    for persona in content.personas.values():
        assert persona.age and persona.history.zh and persona.wants.zh and persona.fears.zh
        assert persona.hot_buttons, persona.id


def test_scenario_shape(content: Content) -> None:
    for scenario in content.scenarios.values():
        kinds = {e.kind for e in scenario.endings.values()}
        assert len(scenario.nodes) >= 10, scenario.id
        assert kinds == {"success", "partial", "fail"}, scenario.id
        assert any(o.trap for n in scenario.nodes.values() for o in n.options), scenario.id
        assert any(n.variants for n in scenario.nodes.values()), scenario.id
        assert scenario.title.en and scenario.briefing.en and scenario.objective.en
        for ending in scenario.endings.values():
            # a debrief of paragraphs may have none without conditions; each has English
            texts = [p.text for p in ending.paragraphs] or [ending.debrief]
            assert all(t.en for t in texts), (scenario.id, ending.id)
        for node in scenario.nodes.values():
            for option in node.options:
                assert option.principles, (scenario.id, node.id, option.id)
                assert option.feedback.zh, (scenario.id, node.id, option.id)
                assert len(option.examples.get("zh", ())) >= 3, (scenario.id, node.id, option.id)


def test_real_branching_conditions_change_later_lines(content: Content) -> None:
    for scenario in content.scenarios.values():
        conditional_lines = [
            v for n in scenario.nodes.values() for v in n.variants if v.condition is not None
        ]
        conditional_next = [
            b
            for n in scenario.nodes.values()
            for o in n.options
            for b in o.branches
            if b.condition is not None
        ]
        assert conditional_lines and conditional_next, scenario.id


def test_no_two_options_in_a_node_share_an_example(content: Content) -> None:
    for scenario in content.scenarios.values():
        for node in scenario.nodes.values():
            seen: dict[str, str] = {}
            for option in node.options:
                for example in option.all_examples():
                    key = re.sub(r"\W", "", example.casefold())
                    assert seen.setdefault(key, option.id) == option.id, (
                        scenario.id,
                        node.id,
                        example,
                    )


def test_every_principle_is_exercised_by_two_scenarios(content: Content) -> None:
    used = collections.Counter(
        pid
        for scenario in content.scenarios.values()
        for pid in {p for n in scenario.nodes.values() for o in n.options for p in o.principles}
    )
    assert {pid: used[pid] for pid in PRINCIPLE_IDS if used[pid] < 2} == {}


def test_a_red_line_in_scenarios_that_draw_one(content: Content) -> None:
    with_red_line = [
        s.id
        for s in content.scenarios.values()
        if any(o.red_line for n in s.nodes.values() for o in n.options)
    ]
    assert len(with_red_line) >= 9


def test_every_playthrough_passes(outcomes: dict[str, list[playthrough.Outcome]]) -> None:
    failures = [
        f"{o.scenario_id} · {o.name}: {f}"
        for os_ in outcomes.values()
        for o in os_
        for f in o.failures
    ]
    assert failures == []


def test_best_and_worst_paths(
    content: Content, outcomes: dict[str, list[playthrough.Outcome]]
) -> None:
    for scenario_id in content.scenarios:
        played = outcomes.get(scenario_id, [])
        assert any(o.outcome == "success" and (o.grade or 0) >= 85 for o in played), scenario_id
        assert any(o.outcome == "fail" and (o.grade or 100) <= 30 for o in played), scenario_id


def test_every_node_and_ending_is_reached(
    content: Content, outcomes: dict[str, list[playthrough.Outcome]]
) -> None:
    for scenario in content.scenarios.values():
        reached = {state for o in outcomes.get(scenario.id, []) for state in o.visited}
        missing = (set(scenario.nodes) | set(scenario.endings)) - reached
        assert missing == set(), scenario.id


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are beside the repository")
def test_catalog_quotes_are_verbatim_from_the_seeds(content: Content) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for principle in content.catalog.principles.values():
        assert principle.source, principle.id
        for source in principle.source:
            assert source.quote in texts[source.file], (principle.id, source.quote)


def test_taking_any_gift_is_a_red_line_as_the_help_says(content: Content) -> None:
    """Help says crossing a red line (taking a gift, guaranteeing returns) caps the grade at 20.
    Every option that breaks integrity at full weight (a gift or kickback taken or given, illegal
    sales covered) is a red line; seed 003: 不能利用工作之便搞不正之风，搞私下交易."""
    from simulator.i18n import t
    from simulator.scoring import RED_LINE_CAP

    assert "收礼" in t("help.score_lines", "zh") and f"最高 {RED_LINE_CAP}" in t("help.score_lines")
    for scenario in content.scenarios.values():
        for node in scenario.nodes.values():
            for option in node.options:
                if option.principles.get("integrity", 0) <= -3:
                    assert option.red_line, (scenario.id, node.id, option.id)


VERBATIM_MARK = "# 依据 / Sources (verbatim):"
# Scenarios written for issue 16; each cites its seed passages word for word.
ISSUE_16 = (
    "credit_gift_dinner",
    "retail_grey_cigarettes",
    "pitch_discount_pressure",
    "credit_first_visit",
)


def _cited_quotes(path: Path) -> list[tuple[str, str]]:
    """(seed file, quote) pairs of the file's leading `# 依据 / Sources (verbatim):` block.

    Each line names a seed file and quotes passages in ASCII double quotes; `……` inside a quote
    marks an elision, so each piece between elisions must appear in the seed as written.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    if VERBATIM_MARK not in lines[:3]:
        return []
    cited: list[tuple[str, str]] = []
    current = ""
    for line in lines[lines.index(VERBATIM_MARK) + 1 :]:
        if not line.startswith("#"):
            break
        named = re.match(r"#\s+(\d{3}_[0-9a-f]{16}\.txt):(.*)", line)
        if named:
            current, line = named.group(1), named.group(2)
        for quote in re.findall(r'"([^"]+)"', line):
            cited += [(current, piece) for piece in quote.split("……") if piece]
    return cited


def test_issue_16_scenarios_and_personas_cite_their_seeds(content: Content) -> None:
    for scenario_id in ISSUE_16:
        scenario = content.scenarios[scenario_id]
        assert len(scenario.nodes) >= 12, scenario_id
        assert scenario.persona not in {
            other.persona for other in content.scenarios.values() if other.id != scenario_id
        }, scenario_id
        personas_dir = bundled_scenarios_dir().parent / "personas"
        for path in (Path(scenario.path), personas_dir / f"{scenario.persona}.yaml"):
            assert len(_cited_quotes(path)) >= 3, path


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are beside the repository")
def test_verbatim_source_quotes_are_in_the_seeds() -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    root = bundled_scenarios_dir().parent
    files = sorted(root.glob("scenarios/**/*.yaml")) + sorted(root.glob("personas/*.yaml"))
    checked = 0
    for path in files:
        for seed, quote in _cited_quotes(path):
            assert seed in texts, (path.name, seed)
            assert quote in texts[seed], (path.name, seed, quote)
            checked += 1
    assert checked > 0
