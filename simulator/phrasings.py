"""Phrasings heard from trainees: how each bundled option was said, and refused, in the labelled
sets.

An option's `examples:` are what its coach wrote. The labelled matching sets (`tests/data/eval`)
hold thousands more answers, each written blind by someone who read only the client's line and
the options' display text, in a trainee's own words, and labelled with the option it means (or
the option it refuses). Understanding reads them as phrasings of their option, after the coach's
own: an answer said that way, or near it, is the option (`says`); an answer that refuses it the
way a labelled negated answer did is not (`unlike`, as the option's counter-examples are).

`parley eval --fit` learns them with the calibration and ships them as data
(`simulator/fitted/phrasings.json`). Each option's phrasings carry a fingerprint of its display
text: when a coach rewrites the option, what was heard for the old words no longer counts.
Each phrasing keeps the name of the set it was heard in, so that a set is judged, and the
calibration fitted, only with what the other sets taught (`of(…, leave_out=…)`): the figures
stay honest.

Coach tools (`parley check`) read the coach's YAML alone; only the matcher a trainee meets, and
`parley eval`, read these too.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from simulator import fitted_data

if TYPE_CHECKING:
    from simulator.evaluation import SetItem
    from simulator.model import Option, Scenario

#: Where the learned phrasings ship.
FITTED = Path(__file__).resolve().parent / "fitted" / "phrasings.json"
#: The kinds of labelled item that say their expected option in the trainee's own words. A
#: negated item that means an option (a refusal that is the honest move) is left out: the sets
#: disagree on whether such a refusal is that move or none, and reading them as the honest
#: move took 21 more negated answers wrongly for 110 more taken right (sixteen sets, each left
#: out in turn).
SAYING_KINDS = ("reworded", "paraphrase", "english")

Key = tuple[str, str, str]  # (scenario id, node id, option id)


@dataclass(frozen=True, slots=True)
class Heard:
    """What was heard for one option: its fingerprint, and each phrasing with its set's name."""

    fingerprint: str
    says: tuple[tuple[str, str], ...] = ()  # (set, words) that mean the option
    unlike: tuple[tuple[str, str], ...] = ()  # (set, words) that refuse or negate it


@dataclass(frozen=True, slots=True)
class Phrasings:
    """Every option's heard phrasings, by (scenario, node, option)."""

    options: Mapping[Key, Heard] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(h.says) + len(h.unlike) for h in self.options.values())

    @property
    def sets(self) -> frozenset[str]:
        """The names of the sets the phrasings were heard in."""
        return frozenset(s for h in self.options.values() for s, _ in (*h.says, *h.unlike))

    def of(
        self, scenario: str, node: str, option: Option, leave_out: str | None = None
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The option's heard phrasings, (says, unlike), none when its display text has changed
        since they were heard, and none from the set `leave_out`."""
        heard = self.options.get((scenario, node, option.id))
        if heard is None or heard.fingerprint != fingerprint(option):
            return (), ()
        return (
            tuple(t for s, t in heard.says if s != leave_out),
            tuple(t for s, t in heard.unlike if s != leave_out),
        )

    def to_json(self) -> str:
        """The phrasings as the data file they ship as (sets named once, by index)."""
        sets = sorted(self.sets)
        at = {s: i for i, s in enumerate(sets)}
        rows = []
        for (scenario, node, option), heard in sorted(self.options.items()):
            rows.append(
                {
                    "scenario": scenario,
                    "node": node,
                    "option": option,
                    "fingerprint": heard.fingerprint,
                    "says": [[at[s], t] for s, t in heard.says],
                    "unlike": [[at[s], t] for s, t in heard.unlike],
                }
            )
        return json.dumps(
            {"sets": sets, "options": rows}, ensure_ascii=False, indent=0, separators=(",", ":")
        )

    @classmethod
    def from_json(cls, data: str) -> Phrasings:
        """The phrasings from their data file's text."""
        raw = json.loads(data)
        sets = [str(s) for s in raw["sets"]]
        options: dict[Key, Heard] = {}
        for row in raw["options"]:
            key = (str(row["scenario"]), str(row["node"]), str(row["option"]))
            options[key] = Heard(
                str(row["fingerprint"]),
                tuple((sets[i], str(t)) for i, t in row["says"]),
                tuple((sets[i], str(t)) for i, t in row["unlike"]),
            )
        return cls(options)


#: Nothing heard: the matcher reads the coach's phrasings alone.
NOTHING = Phrasings()


def fingerprint(option: Option) -> str:
    """A short digest of the option's display text: what its heard phrasings were labelled
    against."""
    shown = f"{option.text.zh}\n{option.text.en}".encode()
    return hashlib.blake2b(shown, digest_size=6).hexdigest()


def learn(
    sets: Iterable[tuple[str, Sequence[SetItem]]], scenarios: Mapping[str, Scenario]
) -> Phrasings:
    """The phrasings the labelled sets teach, given as (set name, items): an item that means an
    option (reworded, paraphrase, English) says it; a negated item refuses the option it negates,
    unless it means that very option. Items naming a scenario, node or option that does not
    exist are left out, and so is a phrasing already among the option's own."""
    says: dict[Key, dict[str, str]] = {}
    unlike: dict[Key, dict[str, str]] = {}
    for name, items in sets:
        for item in items:
            scenario = scenarios.get(item.scenario)
            node = scenario.nodes.get(item.node) if scenario is not None else None
            if node is None or not item.text.strip():
                continue
            if item.expect and item.kind in SAYING_KINDS and node.option(item.expect) is not None:
                says.setdefault((item.scenario, item.node, item.expect), {}).setdefault(
                    item.text, name
                )
            if (
                item.kind == "negated"
                and item.negates
                and item.negates != item.expect
                and node.option(item.negates) is not None
            ):
                unlike.setdefault((item.scenario, item.node, item.negates), {}).setdefault(
                    item.text, name
                )
    options: dict[Key, Heard] = {}
    for key in sorted(set(says) | set(unlike)):
        scenario = scenarios[key[0]]
        option = scenario.nodes[key[1]].option(key[2])
        assert option is not None
        own = {option.text.zh, option.text.en, *option.all_examples(), *option.all_unlike()}
        options[key] = Heard(
            fingerprint(option),
            tuple((s, t) for t, s in says.get(key, {}).items() if t not in own),
            tuple((s, t) for t, s in unlike.get(key, {}).items() if t not in own),
        )
    return Phrasings(options)


def load(path: Path | None = None) -> Phrasings:
    """The shipped phrasings (nothing heard when the file is missing or damaged: the matcher
    reads the coach's phrasings alone, and `fitted_data.damaged` names a damaged file)."""
    return _load(path or FITTED)


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> Phrasings:
    return fitted_data.read(path, Phrasings.from_json, NOTHING)
