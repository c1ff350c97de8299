"""Coach-written playthrough tests (`*.test.yaml`): scripted paths with expectations.

A file names a scenario and holds tests; each test is a list of steps (an option id, or
`{choose: id}` / `{say: "free text"}` with an optional `expect`) and an `expect` for the end.
`run_file` plays every test on a fresh Session and reports, per failure, the step, what was
expected and what happened. The format is documented in docs/authoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from simulator.coverage import fired_in
from simulator.diagnostics import Diagnostic, diagnostic
from simulator.engine import Session, SessionError
from simulator.folders import yaml_under
from simulator.model import NOWHERE, Catalog, Location, Persona, Scenario
from simulator.yamlsource import YList, YMap, read_document

_STEP_EXPECT_KEYS = ("node", "vars", "upholds", "violates")
_END_EXPECT_KEYS = ("node", "vars", "ending", "outcome", "grade", "upholds", "violates")


@dataclass(frozen=True, slots=True)
class Step:
    """One scripted move: an option id or free text, with what must hold after it."""

    option: str | None
    say: str | None
    expect: Mapping[str, Any]
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Playthrough:
    """One named test: steps and the expectations at the end."""

    name: str
    steps: tuple[Step, ...]
    expect: Mapping[str, Any]
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class PlaythroughFile:
    """The tests of one scenario."""

    path: str
    scenario_id: str
    seed: int
    tests: tuple[Playthrough, ...]
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Failure:
    """An expectation that did not hold."""

    location: Location
    step: int | None  # 1-based step number, None for the end-of-test expectations
    what: str
    expected: str
    actual: str
    move: str = ""  # the option id or typed words of the step

    def __str__(self) -> str:
        where = f"step {self.step}" if self.step is not None else "end"
        if self.move:
            where += f" ({self.move})"
        return f"{self.location}: {where}: {self.what}: expected {self.expected}, got {self.actual}"


@dataclass(slots=True)
class Outcome:
    """The result of one playthrough."""

    scenario_id: str
    name: str
    failures: list[Failure] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)  # node and ending ids, in order
    played: list[tuple[str, str]] = field(default_factory=list)  # (node, option) per turn
    fired: set[str] = field(default_factory=set)  # branches, variants, rules, moods (coverage)
    grade: int | None = None
    outcome: str | None = None

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures


def load_file(path: str | Path) -> tuple[PlaythroughFile | None, list[Diagnostic]]:
    """Read a `*.test.yaml` file; every format problem is a located diagnostic."""
    doc = read_document(path)
    problems = list(doc.diagnostics)
    data = doc.data
    if data is None:
        return None, problems
    scenario_id = data.get("scenario")
    if not isinstance(scenario_id, str):
        problems.append(
            diagnostic("PAR090", "missing `scenario:` id", data.loc, "add `scenario: <id>`")
        )
    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool):
        problems.append(diagnostic("PAR090", "`seed` must be an integer", data.value_loc("seed")))
        seed = 0
    tests_raw = data.get("tests")
    tests: list[Playthrough] = []
    if not isinstance(tests_raw, YList) or not tests_raw:
        problems.append(
            diagnostic("PAR090", "`tests` must be a non-empty list", data.value_loc("tests"))
        )
    else:
        for index, raw in enumerate(tests_raw):
            test = _test(raw, tests_raw.item_loc(index), problems)
            if test is not None:
                tests.append(test)
    for key in data:
        if key not in ("scenario", "seed", "tests"):
            problems.append(
                diagnostic(
                    "PAR090", f"unknown key {key!r}", data.key_loc(key), "use scenario, seed, tests"
                )
            )
    if problems or not isinstance(scenario_id, str):
        return None, problems
    return PlaythroughFile(str(path), scenario_id, int(seed), tuple(tests), data.loc), problems


def _test(raw: Any, loc: Location, problems: list[Diagnostic]) -> Playthrough | None:
    if not isinstance(raw, YMap):
        problems.append(diagnostic("PAR090", "a test must be a mapping with name and steps", loc))
        return None
    name = raw.get("name")
    steps_raw = raw.get("steps")
    if not isinstance(name, str):
        problems.append(diagnostic("PAR090", "a test needs a `name`", raw.loc))
        name = "?"
    if not isinstance(steps_raw, YList):
        problems.append(diagnostic("PAR090", "`steps` must be a list", raw.value_loc("steps")))
        return None
    steps = []
    for index, step_raw in enumerate(steps_raw):
        step = _step(step_raw, steps_raw.item_loc(index), problems)
        if step is not None:
            steps.append(step)
    expect = _expect(raw.get("expect", {}), raw.value_loc("expect"), _END_EXPECT_KEYS, problems)
    return Playthrough(name, tuple(steps), expect, raw.loc)


def _step(raw: Any, loc: Location, problems: list[Diagnostic]) -> Step | None:
    if isinstance(raw, str):
        return Step(raw, None, {}, loc)
    if not isinstance(raw, YMap):
        problems.append(
            diagnostic("PAR090", "a step is an option id or {choose: id} / {say: text}", loc)
        )
        return None
    choose, say = raw.get("choose"), raw.get("say")
    if (choose is None) == (say is None) or not isinstance(choose or say, str):
        problems.append(
            diagnostic("PAR090", "a step needs exactly one of `choose` or `say` (text)", raw.loc)
        )
        return None
    expect = _expect(raw.get("expect", {}), raw.value_loc("expect"), _STEP_EXPECT_KEYS, problems)
    return Step(choose, say, expect, raw.loc)


def _expect(
    raw: Any, loc: Location, allowed: Sequence[str], problems: list[Diagnostic]
) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        problems.append(diagnostic("PAR090", "`expect` must be a mapping", loc))
        return {}
    for key in raw:
        if key not in allowed:
            located = raw.key_loc(key) if isinstance(raw, YMap) else loc
            problems.append(
                diagnostic(
                    "PAR090", f"unknown expectation {key!r}", located, f"use {', '.join(allowed)}"
                )
            )
    return raw


def check_references(file: PlaythroughFile, scenarios: Mapping[str, Scenario]) -> list[Diagnostic]:
    """Problems a test file has with the scenario it names (unknown scenario or option ids)."""
    scenario = scenarios.get(file.scenario_id)
    if scenario is None:
        return [
            diagnostic(
                "PAR091", f"no scenario {file.scenario_id!r}", file.location, "check `scenario:`"
            )
        ]
    from simulator.loader import did_you_mean

    known = {o.id for node in scenario.nodes.values() for o in node.options}
    found = [
        diagnostic(
            "PAR092",
            f"no option {step.option!r} in {scenario.id}",
            step.location,
            did_you_mean(step.option, known),
        )
        for test in file.tests
        for step in test.steps
        if step.option is not None and step.option not in known
    ]
    for test in file.tests:
        found += _expectation_problems(scenario, test.expect, test.location)
        for step in test.steps:
            found += _expectation_problems(scenario, step.expect, step.location)
    return found


#: What `expect: {outcome: …}` can be: an ending kind, or abandoned (no ending reached).
OUTCOMES = ("success", "partial", "fail", "abandoned")


def _expectation_problems(
    scenario: Scenario, expect: Mapping[str, Any], loc: Location
) -> list[Diagnostic]:
    """Expectations that can never hold: an outcome, ending, node or variable that isn't there."""
    from simulator.loader import did_you_mean

    def at(key: str) -> Location:
        return expect.value_loc(key) if isinstance(expect, YMap) and key in expect else loc

    found: list[Diagnostic] = []
    outcome = expect.get("outcome")
    if outcome is not None and outcome not in OUTCOMES:
        found.append(
            diagnostic(
                "PAR090",
                f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}",
                at("outcome"),
                did_you_mean(str(outcome), OUTCOMES) or f"use one of {', '.join(OUTCOMES)}",
            )
        )
    states = {**scenario.nodes, **scenario.endings}
    for key, pool, what in (
        ("ending", scenario.endings, "ending"),
        ("node", states, "node or ending"),
    ):
        value = expect.get(key)
        if value is not None and (not isinstance(value, str) or value not in pool):
            found.append(
                diagnostic(
                    "PAR093",
                    f"expected {key} {value!r} is no {what} of {scenario.id} / 预期的{key}不存在",
                    at(key),
                    did_you_mean(str(value), pool) or f"use one of: {', '.join(pool)}",
                )
            )
    variables = expect.get("vars")
    if isinstance(variables, dict):
        for name in variables:
            if name not in scenario.variables:
                found.append(
                    diagnostic(
                        "PAR093",
                        f"expected variable {name!r} is not a variable of {scenario.id} "
                        f"/ 预期的变量不存在",
                        variables.key_loc(name) if isinstance(variables, YMap) else at("vars"),
                        did_you_mean(str(name), scenario.variables)
                        or f"variables: {', '.join(scenario.variables)}",
                    )
                )
    return found


def run_file(
    file: PlaythroughFile,
    scenarios: Mapping[str, Scenario],
    personas: Mapping[str, Persona],
    catalog: Catalog,
) -> list[Outcome]:
    """Play every test of `file`; one Outcome per test."""
    scenario = scenarios[file.scenario_id]
    persona = personas[scenario.persona]
    return [run_test(scenario, persona, catalog, file.seed, test) for test in file.tests]


def run_test(
    scenario: Scenario, persona: Persona, catalog: Catalog, seed: int, test: Playthrough
) -> Outcome:
    """Play one test on a fresh session and check its expectations."""
    session = Session(scenario, persona, catalog, seed=seed)
    outcome = Outcome(scenario.id, test.name, visited=[session.state])
    for number, step in enumerate(test.steps, 1):
        if session.finished:
            outcome.failures.append(
                Failure(step.location, number, "step after the end", "a node", session.state)
            )
            break
        turn_hits: list[tuple[str, int]] = []
        try:
            option_id = step.option
            if option_id is None:
                reading = session.understand(step.say or "")
                if reading.decision != "take":
                    readings = ", ".join(c.option_id for c in reading.candidates[:2])
                    outcome.failures.append(
                        Failure(
                            step.location,
                            number,
                            "free text not understood",
                            "a clear match",
                            f"{reading.decision} ({readings})",
                        )
                    )
                    break
                option_id = reading.candidates[0].option_id
            turn = session.respond(option_id, step.say)
            turn_hits = [(h.principle, h.weight) for h in turn.hits]
            outcome.played.append((turn.node_id, turn.option_id))
        except SessionError as error:
            outcome.failures.append(
                Failure(step.location, number, "move refused", "a valid option", str(error))
            )
            break
        outcome.visited.append(session.state)
        failures = _check(session, step.expect, step.location, number, turn_hits)
        move = step.option or f"say {step.say!r}"
        outcome.failures += [replace(f, move=move) for f in failures]
    card = session.scorecard()
    outcome.grade, outcome.outcome = card.grade, card.outcome
    outcome.fired = fired_in(scenario, session.turns)
    all_hits = [(h.principle, h.weight) for t in session.turns for h in t.hits]
    outcome.failures += _check(session, test.expect, test.location, None, all_hits)
    return outcome


def _check(
    session: Session,
    expect: Mapping[str, Any],
    loc: Location,
    step: int | None,
    hits: list[tuple[str, int]],
) -> list[Failure]:
    failures = []

    def fail(what: str, expected: object, actual: object) -> None:
        failures.append(Failure(loc, step, what, str(expected), str(actual)))

    if "node" in expect and session.state != expect["node"]:
        fail("node", expect["node"], session.state)
    if "ending" in expect:
        actual = session.ending.id if session.ending else f"(still at {session.state})"
        if actual != expect["ending"]:
            fail("ending", expect["ending"], actual)
    card = None
    if "outcome" in expect or "grade" in expect:
        card = session.scorecard()
    if card is not None and "outcome" in expect and card.outcome != expect["outcome"]:
        fail("outcome", expect["outcome"], card.outcome)
    if card is not None and "grade" in expect and not _within(card.grade, expect["grade"]):
        fail("grade", expect["grade"], card.grade)
    for name, want in dict(expect.get("vars", {})).items():
        have = session.variables.get(name)
        if not _within(have, want):
            fail(f"variable {name}", want, have)
    upheld = {p for p, w in hits if w > 0}
    violated = {p for p, w in hits if w < 0}
    for pid in expect.get("upholds", []) or []:
        if pid not in upheld:
            fail("upholds", pid, sorted(upheld) or "nothing")
    for pid in expect.get("violates", []) or []:
        if pid not in violated:
            fail("violates", pid, sorted(violated) or "nothing")
    return failures


def _within(value: Any, want: Any) -> bool:
    if isinstance(want, list) and len(want) == 2 and all(isinstance(w, int) for w in want):
        return value is not None and not isinstance(value, bool) and want[0] <= value <= want[1]
    return bool(value == want and type(value) is type(want))


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of a scenario its playthrough tests exercise."""

    scenario_id: str
    options: int  # options in the scenario
    endings: int
    uncovered_options: tuple[tuple[str, str], ...]  # (node, option) no test plays
    unreached_endings: tuple[str, ...]

    @property
    def option_share(self) -> float:
        """Share of the scenario's options some test plays (1.0 when it has none)."""
        return 1 - len(self.uncovered_options) / self.options if self.options else 1.0


def coverage(scenario: Scenario, outcomes: Sequence[Outcome]) -> Coverage:
    """Which options and endings of `scenario` the tests' outcomes never played or reached."""
    played = {pair for o in outcomes for pair in o.played}
    reached = {state for o in outcomes for state in o.visited}
    every = [(n.id, o.id) for n in scenario.nodes.values() for o in n.options]
    return Coverage(
        scenario.id,
        len(every),
        len(scenario.endings),
        tuple(pair for pair in every if pair not in played),
        tuple(e for e in scenario.endings if e not in reached),
    )


def find_files(paths: Sequence[Path]) -> list[Path]:
    """Every `*.test.yaml` under `paths` (files or folders), sorted; for a scenario file, the
    tests beside it (`mine.yaml` → `mine.test.yaml`: a cold tryout's `parley test mine.yaml`
    found none and said so)."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(yaml_under(path, ".test.yaml"))
        elif path.name.endswith(".test.yaml"):
            found.add(path)
        elif path.suffix in (".yaml", ".yml"):
            beside = path.with_name(path.name[: -len(path.suffix)] + ".test.yaml")
            if beside.is_file():
                found.add(beside)
    return sorted(found)
