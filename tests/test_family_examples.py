"""Briefings and hints quote examples from the scenario's own family, never another's."""

from __future__ import annotations

import io

import pytest

from simulator.cli.plain import PlainPlayer
from simulator.content import Content, load_content
from simulator.engine import Session
from simulator.loader import catalog_from_document
from simulator.yamlsource import read_document

#: Words that only belong to one family's conversations.
FOREIGN = {
    "retail": ("理财", "广告", "主视觉", "审批委员会", "纳税记录", "改版", "抵押"),
    "credit": ("理财", "广告", "主视觉", "改版", "套餐", "资费", "档位"),
    "pitch": ("套餐", "资费", "档位", "审批委员会", "纳税记录", "抵押"),
}


@pytest.fixture(scope="module")
def bundled() -> Content:
    return load_content(include_local=False)


def briefing_text(content: Content, scenario_id: str) -> str:
    scenario = content.scenarios[scenario_id]
    session = Session(scenario, content.personas[scenario.persona], content.catalog, seed=1)
    out = io.StringIO()
    player = PlainPlayer(session, "zh", out, io.StringIO())
    player.briefing()
    return out.getvalue().split("评分原则", 1)[-1]


def test_every_briefing_rubric_speaks_its_own_family(bundled: Content) -> None:
    for scenario in bundled.scenarios.values():
        rubric = briefing_text(bundled, scenario.id)
        assert rubric.strip()
        for word in FOREIGN[scenario.family]:
            assert word not in rubric, (scenario.id, word, rubric)


def test_the_tui_rubric_and_hint_use_the_family_line(bundled: Content) -> None:
    from simulator.tui.briefing import rubric_content

    scenario = bundled.scenarios["retail_supply_cold"]
    text = rubric_content(scenario, bundled.catalog, "zh").plain
    assert "理财产品都有风险" not in text and "您不懂广告" not in text
    careful = bundled.catalog.principles["careful_promise"]
    assert careful.looks_like_for("retail").zh in text


def test_looks_like_in_is_read_checked_and_survives_a_merge(tmp_path) -> None:
    path = tmp_path / "cat.yaml"
    path.write_text(
        "catalog: c\nareas: {basic: {zh: 基本, en: Basic}}\nprinciples:\n"
        "  - id: calm\n    name: {zh: 冷静, en: Calm}\n    area: basic\n"
        "    description: {zh: 冷静, en: Calm}\n    source: [{file: a.txt, quote: q}]\n"
        "    looks_like: {zh: 通用, en: general}\n"
        "    looks_like_in:\n      credit: {zh: 信贷的说法, en: the credit line}\n"
        "      banking: {zh: 错的类别, en: wrong}\n",
        encoding="utf-8",
    )
    catalog, diagnostics = catalog_from_document(read_document(path))
    assert catalog is not None
    calm = catalog.principles["calm"]
    assert calm.looks_like_for("credit").zh == "信贷的说法"
    assert calm.looks_like_for("retail").zh == "通用"
    problems = [d for d in diagnostics if "banking" in d.message]
    assert problems and problems[0].code == "PAR025" and "credit" in (problems[0].hint or "")
    from simulator.content import merge_catalogs

    merged = merge_catalogs([catalog, catalog])
    assert merged.principles["calm"].looks_like_for("credit").zh == "信贷的说法"
