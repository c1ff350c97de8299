"""The library's options as examples of the principles their tags name.

A principle's `examples:` in the catalog are a nearest-neighbour detector (see `detectors`):
a sentence close to a typical answer that upholds or breaks the principle is read as doing so.
Coaches write far more phrasings for options (`text` and `examples:`) than for principles, and
each option says, in its `principles:` weights, what the move upholds or breaks. An option whose
tags weigh one principle most, and no other as much, is a clear example of it: its phrasings
join that principle's examples, under the polarity of the weight's sign. Options that weigh
two principles equally are left out, because their phrasings say nothing about which one a
sentence like them engages.

Measured on the blind detector sets (docs/understanding.md): recall of both polarities rose by
a fifth to a half with precision no lower. Options with ties, or every tag of every option,
were measured too and cost precision (an overpromise is tagged honesty as well, so every
overpromise read as breaking honesty).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from simulator.model import Catalog, Scenario


def with_library_examples(catalog: Catalog, scenarios: Iterable[Scenario]) -> Catalog:
    """`catalog` with `learned` examples from the Chinese phrasings of `scenarios`' options.

    An option whose tags weigh one principle most lends its phrasings to that principle
    (`learned`). Every other tag of an option lends them as `learned_also`: not enough to read
    a sentence as engaging that principle, but enough to stop a fragment of a good answer (its
    cause, said after an apology) reading as the trap it resembles.
    """
    learned: dict[str, dict[str, list[str]]] = {}
    also: dict[str, dict[str, list[str]]] = {}
    seen: set[tuple[str, str, str, bool]] = set()
    for scenario in scenarios:
        for node in scenario.nodes.values():
            for option in node.options:
                strongest, _weight = _strongest(option.principles)
                texts = [t for t in (option.text.zh, *option.examples.get("zh", ())) if t]
                for principle, weight in option.principles.items():
                    if not weight or principle not in catalog.principles:
                        continue
                    polarity = "upholds" if weight > 0 else "violates"
                    # A principle that does not learn this polarity from options (`learn:`)
                    # takes the phrasings only as a stop on the other polarity.
                    fires = principle == strongest and (
                        polarity in catalog.principles[principle].learn
                    )
                    into = learned if fires else also
                    for text in texts:
                        if (principle, polarity, text, fires) in seen:
                            continue
                        seen.add((principle, polarity, text, fires))
                        into.setdefault(principle, {}).setdefault(polarity, []).append(text)
    if not learned and not also and not catalog.learned and not catalog.learned_also:
        return catalog
    return replace(catalog, learned=_frozen(learned), learned_also=_frozen(also))


def _frozen(by_principle: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, tuple[str, ...]]]:
    return {
        pid: {polarity: tuple(texts) for polarity, texts in by.items()}
        for pid, by in by_principle.items()
    }


def _strongest(weights: Mapping[str, int]) -> tuple[str | None, int]:
    """The principle the weights weigh most, with its weight; None when two tie or none."""
    items = [(pid, w) for pid, w in weights.items() if w]
    if not items:
        return None, 0
    top = max(abs(w) for _pid, w in items)
    strongest = [(pid, w) for pid, w in items if abs(w) == top]
    if len(strongest) > 1:
        return None, 0
    return strongest[0]
