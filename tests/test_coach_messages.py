"""YAML and expression mistakes are told in a coach's words, each once, with a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.loader import load_scenario
from simulator.yamlsource import parse_bytes

VALID = Path(__file__).parent / "data" / "valid"
SCENARIO = (VALID / "scenarios" / "test_supply.yaml").read_text(encoding="utf-8")


def _problems(tmp_path: Path, old: str, new: str):
    assert old in SCENARIO, old
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.replace(old, new, 1), encoding="utf-8")
    return [d for d in load_scenario(path)[1] if d.severity == "error"]


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("options:\n  - id: a\n    text: x\n   feedback: y\n", "does not line up", 4),
        ("a:\n  b: 1\n  c:\n    d: 2\n   e: 3\n", "does not line up", 5),
        ('a:\n  zh: "好" 的说法\n  en: x\n', "text after a closing quote", 2),
        ('items:\n  - "好" 的\n  - b\n', "text after a closing quote", 2),
        # A new user's tryout (round fourteen): a missing ] was reported as a line that "does
        # not line up" with a line indented the same.
        ("id: x\ntags: [a, b\nnext: 1\n", "[ opened on line 2 is never closed", 3),
        ("a:\n  examples: [x, y\n  other: 1\nb:\n  c: 2\n", "[ opened on line 2", 3),
        # A coach's cold tryout (round thirty): a list item typed over `zh: [...]` was told
        # only as "did not find expected '-' indicator", on the line below it.
        (
            "examples:\n  - 这事包在我身上\n  en: [Tell me]\n",
            "'en:' is a key, but the line 2 above it in the same column is a list item",
            3,
        ),
    ],
)
def test_yaml_syntax_errors_say_what_the_coach_did(text: str, words: str, line: int):
    _, problem = parse_bytes(text.encode("utf-8"), "x.yaml")
    assert problem is not None and problem.code == "PAR004"
    assert words in problem.message and problem.location.line == line
    assert "did not find expected" not in problem.message
    assert problem.hint


def test_initial_no_is_one_error_with_the_fix_not_a_cascade(tmp_path: Path):
    found = _problems(tmp_path, "asked_why: {initial: false}", "asked_why: {initial: no}")
    assert [d.code for d in found] == ["PAR021"]
    assert "initial: false" in found[0].hint


def test_a_type_error_in_a_condition_has_a_hint(tmp_path: Path):
    found = _problems(
        tmp_path, "if: trust >= 40 and asked_why", "if: trust >= 40 and asked_why > 1"
    )
    assert [d.code for d in found] == ["PAR030"]
    assert found[0].hint


def test_a_reversed_comparison_suggests_the_right_one(tmp_path: Path):
    found = _problems(tmp_path, "if: trust >= 40 and asked_why", "if: trust => 40 and asked_why")
    assert [d.code for d in found] == ["PAR026"]
    assert found[0].hint == "did you mean '>='?"
