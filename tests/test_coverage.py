"""Coverage of branches, line variants, rules and moods: what tests and walks set off, and what
can never fire at all."""

from __future__ import annotations

import shutil
from pathlib import Path

from simulator import coverage
from simulator.cli import main
from simulator.content import load_content

VALID = Path(__file__).parent / "data" / "valid"
EXPLAIN = "    client: {zh: 凭什么别人家比我多？, en: Why does next door get more?}\n"
# Trust starts at 35 (the persona) and only `listen` (+10) and `promise_more` (+5) raise it
# before explain: 90 is out of reach, 40 is not.
VARIANTS = (
    "    variants:\n"
    "      - if: trust >= 90\n        zh: 你说得对。\n        en: You are right.\n"
    "      - if: trust >= 40\n        zh: 好吧,你说。\n        en: All right, go on.\n"
)


def _library(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    shutil.copytree(VALID, lib)
    path = lib / "scenarios" / "test_supply.yaml"
    text = path.read_text(encoding="utf-8")
    assert EXPLAIN in text
    path.write_text(text.replace(EXPLAIN, EXPLAIN + VARIANTS), encoding="utf-8")
    return lib


def test_parts_that_the_start_values_rule_out_can_never_fire(tmp_path: Path):
    lib = _library(tmp_path)
    content = load_content([lib], include_bundled=False, include_local=False)
    scenario = content.scenarios["test_supply"]
    impossible = coverage.never_possible(scenario, content.personas["test_wang"], content.catalog)
    assert impossible is not None
    assert "variant explain#1" in impossible  # trust >= 90: never
    assert "variant explain#2" not in impossible  # trust >= 40: after listen
    assert "rule walkout" in impossible  # patience never drops to 0 here
    assert "branch opening.promise_more#1" in impossible  # trust >= 40 and asked_why: never


def test_test_coverage_lists_what_never_fired_and_what_never_can(tmp_path: Path, capsys):
    lib = _library(tmp_path)
    (lib / "scenarios" / "test_supply.test.yaml").write_text(
        "scenario: test_supply\ntests:\n  - name: best\n    steps: [listen, policy]\n"
        "    expect: {ending: end_visit}\n",
        encoding="utf-8",
    )
    assert main(["test", "--no-library", "--coverage", str(lib)]) == 0
    out = capsys.readouterr().out
    quiet = next(line for line in out.splitlines() if "never fired in tests" in line)
    never = next(line for line in out.splitlines() if "can never fire" in line)
    assert "branch opening.promise_more#2" in quiet  # possible, but no test plays it
    assert "variant explain#2" not in quiet  # the test's listen → explain shows it
    assert "variant explain#1" in never and "variant explain#1" not in quiet
    # random walks count too: promise_more (→ end_angry) is walked
    assert main(["test", "--no-library", "--coverage", "--random", "30", str(lib)]) == 0
    out = capsys.readouterr().out
    quiet = [line for line in out.splitlines() if "never fired in tests" in line]
    assert not quiet or "branch opening.promise_more#2" not in quiet[0]
