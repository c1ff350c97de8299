"""Seeded random walks through a scenario, looking for crashes, dead ends and bad variables.

A walk starts a fresh Session and picks options at random (from a `random.Random` seeded with
the run's seed, the scenario id and the walk number, so a walk is repeatable on any machine)
until an ending or a step cap. It reports a crash (any exception the engine raises), a dead end
(a node where no option leads anywhere: no options, or every option is refused or leaves the
conversation exactly where it was), a variable outside its declared bounds, and a walk that
never reaches an ending. Each issue carries the moves that led to it, ready to paste into a
playthrough test.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from simulator.coverage import fired_in
from simulator.engine import Session, SessionError
from simulator.model import Catalog, Persona, Scenario

IssueKind = Literal["crash", "dead_end", "out_of_bounds", "no_ending"]

#: A walk that has not reached an ending after this many moves is reported as looping.
MAX_STEPS = 200
#: Share of a walk's moves that are typed words (an example phrasing) rather than picks.
TYPED_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class WalkIssue:
    """One problem a random walk ran into."""

    scenario_id: str
    walk: int  # 0-based walk number within the run
    kind: IssueKind
    message: str
    moves: tuple[str, ...]  # option ids (with «typed words») up to the failing move
    node: str = ""

    def __str__(self) -> str:
        path = " → ".join(self.moves) or "(start)"
        head = f"{self.scenario_id} walk {self.walk}: {self.kind} at '{self.node}'"
        return f"{head}: {self.message}\n    moves: {path}"


@dataclass(slots=True)
class WalkReport:
    """What N walks over one scenario found."""

    scenario_id: str
    walks: int = 0
    endings: dict[str, int] = field(default_factory=dict)  # ending id -> walks that ended there
    issues: list[WalkIssue] = field(default_factory=list)  # distinct problems, first walk of each
    failed_walks: int = 0
    fired: set[str] = field(default_factory=set)  # branches, variants, rules, moods (coverage)

    @property
    def ok(self) -> bool:
        """True when no walk found a problem."""
        return not self.issues


def walk_rng(seed: int, scenario_id: str, walk: int) -> random.Random:
    """The random source of one walk (a string seed is hashed stably by `random`)."""
    return random.Random(f"{seed}/{scenario_id}/{walk}")


def _bounds_problems(scenario: Scenario, values: Mapping[str, int | bool]) -> list[str]:
    problems = []
    for name, var in scenario.variables.items():
        if name not in values:
            problems.append(f"variable {name} is missing")
            continue
        value = values[name]
        if var.is_flag:
            if not isinstance(value, bool):
                problems.append(f"flag {name} = {value!r} is not true/false")
        elif isinstance(value, bool) or not var.minimum <= value <= var.maximum:
            problems.append(f"{name} = {value!r} outside [{var.minimum}, {var.maximum}]")
    return problems


class _Prober:
    """Finds dead ends; the answer depends only on (node, variables), so it is remembered."""

    def __init__(self, scenario: Scenario, persona: Persona, catalog: Catalog) -> None:
        self.scenario, self.persona, self.catalog = scenario, persona, catalog
        self.memo: dict[tuple[str, tuple[tuple[str, int | bool], ...]], bool] = {}

    def dead_end(self, session: Session) -> bool:
        """True when no option of the current node leads anywhere from here."""
        key = (session.state, tuple(sorted(session.variables.items())))
        if key not in self.memo:
            self.memo[key] = not any(self._moves_on(session, o.id) for o in session.options)
        return self.memo[key]

    def _moves_on(self, session: Session, option_id: str) -> bool:
        probe = Session.rebuild(
            self.scenario, self.persona, self.catalog, session.seed, session.responses
        )
        before = (probe.state, dict(probe.variables))
        try:
            probe.respond(option_id)
        except SessionError:
            return False
        return (probe.state, dict(probe.variables)) != before


def random_walks(
    scenario: Scenario,
    persona: Persona,
    catalog: Catalog,
    count: int,
    seed: int = 0,
    max_steps: int = MAX_STEPS,
    typed_share: float = TYPED_SHARE,
) -> WalkReport:
    """Play `count` seeded random walks over `scenario` and report what went wrong.

    A share `typed_share` of the moves is typed (an example phrasing of the option picked)
    and goes through free-text understanding and the detectors, as in play.
    """
    report = WalkReport(scenario.id)
    prober = _Prober(scenario, persona, catalog)
    seen: set[tuple[str, str, str, tuple[str, ...]]] = set()
    for number in range(count):
        report.walks += 1
        issue, ending = _one_walk(
            scenario, persona, catalog, seed, number, max_steps, prober, typed_share, report.fired
        )
        if issue is not None:
            report.failed_walks += 1
            key = (issue.kind, issue.node, issue.message, issue.moves)
            if key not in seen:  # many walks stumble on the same problem: report it once
                seen.add(key)
                report.issues.append(issue)
        if ending is not None:
            report.endings[ending] = report.endings.get(ending, 0) + 1
    return report


def _typed(session: Session, option_id: str, rng: random.Random, share: float) -> str | None:
    """Now and then, one of the option's example phrasings, as a trainee might type it."""
    node = session.node
    option = node.option(option_id) if node is not None else None
    examples = option.all_examples() if option is not None else ()
    if not examples or rng.random() >= share:
        return None
    return rng.choice(examples)


def _one_walk(
    scenario: Scenario,
    persona: Persona,
    catalog: Catalog,
    seed: int,
    number: int,
    max_steps: int,
    prober: _Prober,
    typed_share: float = 0.0,
    fired: set[str] | None = None,
) -> tuple[WalkIssue | None, str | None]:
    rng = walk_rng(seed, scenario.id, number)
    moves: list[str] = []

    def issue(kind: IssueKind, message: str, node: str) -> tuple[WalkIssue, None]:
        return WalkIssue(scenario.id, number, kind, message, tuple(moves), node), None

    try:
        session = Session(scenario, persona, catalog, seed=seed)
    except Exception as exc:  # a walk reports crashes instead of stopping the run
        return issue("crash", f"{type(exc).__name__}: {exc}", scenario.start)
    try:
        return _steps(session, scenario, rng, moves, issue, max_steps, prober, typed_share)
    finally:
        if fired is not None:
            fired |= fired_in(scenario, session.turns)


def _steps(
    session: Session,
    scenario: Scenario,
    rng: random.Random,
    moves: list[str],
    issue: Any,
    max_steps: int,
    prober: _Prober,
    typed_share: float,
) -> tuple[WalkIssue | None, str | None]:
    for _ in range(max_steps):
        if session.finished:
            try:
                session.scorecard()
            except Exception as exc:
                return issue("crash", f"scorecard: {type(exc).__name__}: {exc}", session.state)
            return None, session.state
        node = session.state
        options = sorted(o.id for o in session.options)  # sorted: the walk ignores display order
        try:
            if not options or prober.dead_end(session):
                return issue("dead_end", "no option leads anywhere from here / 死胡同", node)
            choice = rng.choice(options)
            said = _typed(session, choice, rng, typed_share)
            if said is None:
                moves.append(choice)
                session.respond(choice)
            else:
                # What a face does with typed words: read them, take the reading when the
                # matcher is sure, else the move the trainee would confirm.
                reading = session.understand(said)
                if reading.decision == "take" and reading.best is not None:
                    choice = reading.best.option_id
                moves.append(f"{choice} «{said}»")
                session.respond(choice, said)
        except Exception as exc:
            return issue("crash", f"{type(exc).__name__}: {exc}", node)
        problems = _bounds_problems(scenario, session.variables)
        if problems:
            return issue("out_of_bounds", "; ".join(problems), node)
    return issue(
        "no_ending", f"no ending after {max_steps} moves (a loop?) / 走不到结局", session.state
    )


def walk_all(
    scenarios: Iterable[Scenario],
    personas: Mapping[str, Persona],
    catalog: Catalog,
    count: int,
    seed: int = 0,
) -> list[WalkReport]:
    """Random walks over each scenario whose persona is known."""
    return [
        random_walks(s, personas[s.persona], catalog, count, seed)
        for s in scenarios
        if s.persona in personas
    ]
