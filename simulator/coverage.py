"""Which parts of a scenario fire: branches, line variants, rules and moods.

Options and endings are covered by playthrough tests (simulator.playthrough.coverage); the parts
here are the quieter ones a coach also writes and can get wrong: the option with an `if:` that
is offered, the arm of a conditional `next` that is taken, the client line variant that is
shown, the rule that redirects, the mood the client is in. Each part has a label
(`option talk.take_back`, `branch opening.promise_more#2`, `variant opening#1`,
`rule walkout`, `mood hostile`).

`fired_in` reads a played session's turns to say which parts fired; `never_possible` explores
every state a trainee can reach (as simulator.analysis does, but keeping every variable a
condition reads) to say which parts can never fire at all — a variant whose `if:` the starting
values and every effect on the way rule out, say. When the exploration is capped it says
nothing (None): silence beats a false alarm.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from simulator.engine import compiled
from simulator.model import Catalog, Mood, Node, Option, Persona, Scenario
from simulator.scoring import TurnResult

#: The most distinct states `never_possible` explores before it gives up (and says nothing).
MAX_STATES = 50_000


def branch_part(node_id: str, option_id: str, index: int) -> str:
    """The label of arm `index` (0-based) of an option's `next`."""
    return f"branch {node_id}.{option_id}#{index + 1}"


def variant_part(node_id: str, index: int) -> str:
    """The label of line variant `index` (0-based) of a node."""
    return f"variant {node_id}#{index + 1}"


def parts(scenario: Scenario) -> list[str]:
    """Every part of `scenario` this module follows, in file order.

    Only choices count: an option with a single unconditional `next` has no branch to cover.
    """
    found: list[str] = []
    for node in scenario.nodes.values():
        found += [variant_part(node.id, i) for i in range(len(node.variants))]
        found += [f"option {node.id}.{o.id}" for o in node.options if o.condition is not None]
        for option in node.options:
            if len(option.branches) > 1 or any(b.condition for b in option.branches):
                found += [branch_part(node.id, option.id, i) for i in range(len(option.branches))]
    found += [f"rule {rule.id}" for rule in scenario.rules]
    found += [f"mood {mood.id}" for mood in scenario.moods]
    return found


def _mood(moods: tuple[Mood, ...], values: Mapping[str, int | bool]) -> Mood:
    for mood in moods:
        if compiled(mood.condition).evaluate(values):
            return mood
    return moods[-1]


def _variant(node: Node, mood: str, values: Mapping[str, int | bool]) -> int | None:
    """The index of the variant shown at `node` (as Session.line picks it), or None."""
    for index, variant in enumerate(node.variants):
        if variant.mood is not None and variant.mood != mood:
            continue
        if variant.condition is not None and not compiled(variant.condition).evaluate(values):
            continue
        return index
    return None


def _branch(option: Option, values: Mapping[str, int | bool]) -> int | None:
    for index, branch in enumerate(option.branches):
        if branch.condition is None or compiled(branch.condition).evaluate(values):
            return index
    return None


def fired_in(scenario: Scenario, turns: Iterable[TurnResult]) -> set[str]:
    """The parts the given turns of a session set off."""
    fired: set[str] = set()
    for turn in turns:
        fired.add(f"mood {turn.mood}")
        fired.add(f"option {turn.node_id}.{turn.option_id}")
        node = scenario.nodes.get(turn.node_id)
        if node is None:
            continue
        for index, variant in enumerate(node.variants):
            if variant.text.zh == turn.client_line.zh and (variant.text.en == turn.client_line.en):
                fired.add(variant_part(node.id, index))
                break
        if turn.rule is not None:
            fired.add(f"rule {turn.rule}")
            continue
        option = node.option(turn.option_id)
        if option is not None:
            index = _branch(option, turn.variables)
            if index is not None:
                fired.add(branch_part(node.id, option.id, index))
    return fired


@dataclass(frozen=True, slots=True)
class _State:
    node: str
    values: tuple[tuple[str, int | bool], ...]


def never_possible(
    scenario: Scenario, persona: Persona | None, catalog: Catalog, max_states: int = MAX_STATES
) -> set[str] | None:
    """The parts no reachable state sets off; None when the search was too large to finish."""
    from simulator.analysis import _initial_values, _Stepper

    if scenario.start not in scenario.nodes:
        return None
    stepper = _Stepper(scenario, persona, catalog)
    stepper.kept = frozenset(scenario.variables)  # every variable: lines and moods read them
    fired: set[str] = set()
    start = _State(scenario.start, tuple(sorted(_initial_values(scenario, persona).items())))
    seen = {start}
    todo = [start]
    while todo:
        state = todo.pop()
        values = dict(state.values)
        node = scenario.nodes[state.node]
        mood = _mood(scenario.moods, values)
        fired.add(f"mood {mood.id}")
        shown = _variant(node, mood.id, values)
        if shown is not None:
            fired.add(variant_part(node.id, shown))
        for option in stepper.offered(node, state.values):
            fired.add(f"option {node.id}.{option.id}")
            target, after, via = stepper.step_via(state.values, option)
            if via is not None:
                fired.add(
                    via if via.startswith("rule ") else branch_part(node.id, option.id, int(via))
                )
            if target is None or target not in scenario.nodes:
                continue
            following = _State(target, after)
            if following not in seen:
                if len(seen) >= max_states:
                    return None
                seen.add(following)
                todo.append(following)
    return set(parts(scenario)) - fired
