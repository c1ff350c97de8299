"""The library's listing: what a face shows of each scenario before the trainee opens one.

A listing entry holds what the library table, its search and its detail pane show (id, title,
family, difficulty, principles in focus, the persona's name and role, the briefing, the file)
and what the suggested next scenario is chosen by (the principles the scenario exercises). It
is a few strings a scenario, where a loaded scenario is thousands of objects: a face lists a
thousand scenarios from it at once and loads the whole scenario only when one is opened
(`library_snapshot.read_listing` and `open_scenario` keep and read it; docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from simulator.diagnostics import Diagnostic
from simulator.model import Persona, Scenario, Text

#: In `exercised`, a principle in a scenario's focus counts this much, an option tagged with it 1.
FOCUS_WEIGHT = 3


@dataclass(frozen=True, slots=True)
class Listed:
    """One playable scenario as the library lists it."""

    id: str
    title: Text
    family: str
    difficulty: int
    persona: str
    persona_name: Text
    """Empty when the persona is not in the library (the scenario then has an error)."""
    persona_role: Text
    principles_in_focus: tuple[str, ...]
    exercises: Mapping[str, int]
    """Principle id -> how strongly the scenario exercises it (see `exercised`)."""
    briefing: Text
    path: str


@dataclass(frozen=True, slots=True)
class Listing:
    """Every playable scenario of a library, the catalog's principle names and its errors."""

    scenarios: Mapping[str, Listed]
    principles: Mapping[str, Text] = field(default_factory=dict)
    """Principle id -> name, from the merged catalog."""
    errors: tuple[Diagnostic, ...] = ()
    """The library's error diagnostics (their files are left out of `scenarios`)."""
    key: str = ""
    """The fingerprint of the files the listing was made from ("" when made from a Content)."""

    @property
    def broken(self) -> list[str]:
        """The files with errors, sorted."""
        return sorted({d.location.path for d in self.errors})


def exercised(scenario: Scenario) -> dict[str, int]:
    """How strongly a scenario exercises each principle (focus counts more than a tag)."""
    weights: dict[str, int] = {}
    for pid in scenario.principles_in_focus:
        weights[pid] = weights.get(pid, 0) + FOCUS_WEIGHT
    for node in scenario.nodes.values():
        tagged = {pid for option in node.options for pid in option.principles}
        for pid in tagged:
            weights[pid] = weights.get(pid, 0) + 1
    return weights


def listed(scenario: Scenario, persona: Persona | None) -> Listed:
    """The listing entry of a loaded scenario."""
    return Listed(
        id=scenario.id,
        title=scenario.title,
        family=scenario.family,
        difficulty=scenario.difficulty,
        persona=scenario.persona,
        persona_name=persona.name if persona else Text("", ""),
        persona_role=persona.role if persona else Text("", ""),
        principles_in_focus=scenario.principles_in_focus,
        exercises=exercised(scenario),
        briefing=scenario.briefing,
        path=scenario.path,
    )


def listing_of(
    scenarios: Mapping[str, Scenario],
    personas: Mapping[str, Persona],
    principles: Mapping[str, Text],
    errors: tuple[Diagnostic, ...] = (),
    key: str = "",
) -> Listing:
    """The listing of loaded scenarios (a Content's, usually: see `content.listing`)."""
    return Listing(
        scenarios={sid: listed(s, personas.get(s.persona)) for sid, s in scenarios.items()},
        principles=dict(principles),
        errors=errors,
        key=key,
    )
