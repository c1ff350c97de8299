"""Measuring the detectors (and, later, understanding) against labelled development sets.

A detector dev set is a YAML file with `items`, each `{text, upholds: [...], violates: [...],
not: [...]}`. Labels are meant to be complete: a hit on a principle the item does not list
with that polarity is a false positive.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulator.model import Catalog, Scenario


@dataclass(frozen=True, slots=True)
class LabelledText:
    """One labelled answer of a detector dev set."""

    text: str
    upholds: frozenset[str]
    violates: frozenset[str]
    never: frozenset[str] = frozenset()
    family: str = ""


@dataclass(slots=True)
class PrincipleFigures:
    """True positives, false positives and false negatives of one principle's detectors."""

    principle: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of hits that were right (1.0 when nothing fired)."""
        return 1.0 if self.tp + self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Share of labels that were found (1.0 when nothing was labelled)."""
        return 1.0 if self.tp + self.fn == 0 else self.tp / (self.tp + self.fn)


def read_detector_devset(path: str | Path) -> list[LabelledText]:
    """The labelled answers of a detector dev set file (safe YAML)."""
    data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    items = data.get("items", []) if isinstance(data, dict) else []
    return [
        LabelledText(
            text=str(item["text"]),
            upholds=frozenset(item.get("upholds") or ()),
            violates=frozenset(item.get("violates") or ()),
            never=frozenset(item.get("not") or ()),
            family=str(item.get("family", "")),
        )
        for item in items
    ]


def detector_figures(
    items: Iterable[LabelledText], catalog: Catalog
) -> Mapping[str, PrincipleFigures]:
    """Per principle with detectors: hits compared with the labels (principle and polarity)."""
    from simulator.detectors import detect

    with_detectors = [p.id for p in catalog.principles.values() if p.detectors]
    figures = {pid: PrincipleFigures(pid) for pid in with_detectors}
    for item in items:
        found = {(h.principle, h.polarity) for h in detect(item.text, catalog)}
        wanted = {(p, "upholds") for p in item.upholds} | {(p, "violates") for p in item.violates}
        for pid in with_detectors:
            for polarity in ("upholds", "violates"):
                key = (pid, polarity)
                fig = figures[pid]
                if key in found and key in wanted:
                    fig.tp += 1
                elif key in found:
                    fig.fp += 1
                    fig.false_positives.append(f"{polarity}: {item.text}")
                elif key in wanted:
                    fig.fn += 1
                    fig.misses.append(f"{polarity}: {item.text}")
    return figures


def failing(
    figures: Mapping[str, PrincipleFigures], precision: float = 0.9, recall: float = 0.8
) -> Sequence[PrincipleFigures]:
    """The principles below the precision or recall bar."""
    return [f for f in figures.values() if f.precision < precision or f.recall < recall]


# ---------------------------------------------------------------------------------------------
# understanding


@dataclass(frozen=True, slots=True)
class Paraphrase:
    """A trainee's own wording at a node, and the option it means ("" = matches none)."""

    scenario: str
    node: str
    option: str
    text: str


@dataclass(slots=True)
class MatchingFigures:
    """How understanding did on a paraphrase dev set."""

    total: int = 0
    top1: int = 0  # the best reading was the right option and was offered (taken or confirmed)
    taken: int = 0  # decision "take"
    taken_right: int = 0  # "take" of the right option: understood at once
    wrong_taken: int = 0  # "take" of the wrong option
    confirm: int = 0
    clarify: int = 0
    offtopic: int = 0
    offtopic_taken: int = 0
    unresolved: list[str] = field(default_factory=list)  # scenario/node/option no longer there
    errors: list[str] = field(default_factory=list)  # top-1 misses, for the report

    @property
    def top1_rate(self) -> float:
        """Share of paraphrases whose best reading was right and was offered (not clarified)."""
        return self.top1 / self.total if self.total else 0.0

    @property
    def taken_right_rate(self) -> float:
        """Share of paraphrases taken at once as the right option."""
        return self.taken_right / self.total if self.total else 0.0

    @property
    def fallback_rate(self) -> float:
        """Share of paraphrases that were not taken at once (confirm or clarify)."""
        return (self.confirm + self.clarify) / self.total if self.total else 0.0

    @property
    def wrong_rate(self) -> float:
        """Share of paraphrases for which a wrong option was taken without asking."""
        return self.wrong_taken / self.total if self.total else 0.0


def read_paraphrase_devset(path: str | Path) -> list[Paraphrase]:
    """The paraphrases (and off-topic answers, option "") of a dev set file (safe YAML)."""
    data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    items: list[Paraphrase] = []
    for sid, nodes in (data.get("scenarios") or {}).items():
        for nid, options in (nodes or {}).items():
            for oid, texts in (options or {}).items():
                items.extend(Paraphrase(str(sid), str(nid), str(oid), str(t)) for t in texts or ())
    for entry in data.get("offtopic") or ():
        items.append(Paraphrase(str(entry["scenario"]), str(entry["node"]), "", str(entry["text"])))
    return items


def matching_figures(
    items: Sequence[Paraphrase], scenarios: Mapping[str, Scenario]
) -> MatchingFigures:
    """Top-1, fallback and wrong-option rates of understanding on `items`."""
    from simulator.understanding import understand

    figures = MatchingFigures()
    for item in items:
        scenario = scenarios.get(item.scenario)
        node = scenario.nodes.get(item.node) if scenario else None
        if scenario is None or node is None or (item.option and node.option(item.option) is None):
            figures.unresolved.append(f"{item.scenario}/{item.node}/{item.option}")
            continue
        reading = understand(scenario, node, item.text)
        best = reading.best.option_id if reading.best else None
        if not item.option:
            figures.offtopic += 1
            figures.offtopic_taken += reading.decision == "take"
            continue
        figures.total += 1
        # A clarified reading is never shown to the trainee, so it is no hit even when right.
        if best == item.option and reading.decision != "clarify":
            figures.top1 += 1
        else:
            figures.errors.append(
                f"{item.scenario}/{item.node}: {item.text!r} → {best} ({reading.decision}, "
                f"{reading.confidence:.2f}), want {item.option}"
            )
        if reading.decision == "take":
            figures.taken += 1
            figures.taken_right += best == item.option
            figures.wrong_taken += best != item.option
        elif reading.decision == "confirm":
            figures.confirm += 1
        else:
            figures.clarify += 1
    return figures
