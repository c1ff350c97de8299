"""The condition/assignment language: parsing, type checks, evaluation, refusal of anything else."""

from __future__ import annotations

import pytest

from simulator.expressions import ExpressionError, parse

TYPES = {"trust": "int", "patience": "int", "asked": "bool"}


@pytest.mark.parametrize(
    ("source", "values", "expected"),
    [
        ("trust >= 50", {"trust": 50}, True),
        ("trust >= 50", {"trust": 49}, False),
        ("not asked and trust < 30", {"trust": 10, "asked": False}, True),
        ("asked or trust - 10 > 0", {"trust": 5, "asked": False}, False),
        ("(trust + patience) == 100", {"trust": 40, "patience": 60}, True),
        ("-trust + 3", {"trust": 5}, -2),
        ("true", {}, True),
        (7, {}, 7),
        (False, {}, False),
    ],
)
def test_evaluates(
    source: str | int | bool, values: dict[str, int | bool], expected: object
) -> None:
    assert parse(source).evaluate(values) == expected


@pytest.mark.parametrize(
    ("source", "column", "fragment"),
    [
        ("trust >", 8, "ends too early"),
        ("trust && asked", 7, "use 'and'"),
        ("1 < trust < 3", 11, "chained"),
        ("__import__('os')", 12, "unexpected"),
        ("trust.real", 6, "unexpected"),
        ("", 1, "empty"),
        ("(" * 40 + "1" + ")" * 40, 33, "nested"),
    ],
)
def test_syntax_errors_have_columns(source: str, column: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse(source)
    assert fragment in info.value.message
    assert info.value.column == column


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("trust + asked", "needs numbers"),
        ("asked and trust", "true/false"),
        ("trust == asked", "compares a int with a bool"),
        ("mood > 3", "undeclared variable 'mood'"),
    ],
)
def test_type_errors(source: str, fragment: str) -> None:
    with pytest.raises(ExpressionError, match=fragment):
        parse(source).result_type(TYPES)  # type: ignore[arg-type]


def test_names_lists_every_variable_read() -> None:
    assert parse("trust > 3 and not (asked or patience < 2)").names() == {
        "trust",
        "asked",
        "patience",
    }
