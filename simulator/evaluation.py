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

from simulator.calibration import Sample
from simulator.classifier import Classifier
from simulator.model import Catalog, Scenario
from simulator.phrasings import Phrasings
from simulator.wording import bigram_jaccard
from simulator.yamlsource import SAFE_LOADER


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
    """The labelled answers of a detector dev set file (safe YAML). Raises SetError naming the
    file (and the line and column of a YAML fault) when it cannot be read."""
    data: Any = _read_yaml(Path(path))[1]
    items = (
        data.get("items", []) if isinstance(data, dict) else data if isinstance(data, list) else []
    )
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
    items: Iterable[LabelledText],
    catalog: Catalog,
    *,
    learned: bool = True,
    reader: Classifier | None = None,
) -> Mapping[str, PrincipleFigures]:
    """Per principle with detectors: hits compared with the labels (principle and polarity).
    `learned=False` measures the patterns and the example bank without the classifier;
    `reader` is another classifier than the shipped one."""
    from simulator.detectors import detect

    with_detectors = [p.id for p in catalog.principles.values() if p.detectors]
    figures = {pid: PrincipleFigures(pid) for pid in with_detectors}
    for item in items:
        hits = detect(item.text, catalog, learned=learned, reader=reader)
        found = {(h.principle, h.polarity) for h in hits}
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
    data: Any = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
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


# ---------------------------------------------------------------------------------------------
# labelled sets a coach writes: `parley eval --set FILE`

#: Kinds of item in a labelled set; an item without `kind` is given one from its label and text.
KINDS = ("reworded", "paraphrase", "negated", "offtopic", "english")
#: Overlap buckets: character-bigram Jaccard between an answer and the option's display text.
BUCKETS = ((0.15, "<0.15"), (0.30, "0.15–0.30"), (2.0, "≥0.30"))


class SetError(ValueError):
    """A labelled set that cannot be read, with where and why."""


@dataclass(frozen=True, slots=True)
class SetItem:
    """One labelled answer: at this node, these words mean `expect` (None: no option)."""

    scenario: str
    node: str
    text: str
    expect: str | None
    kind: str
    negates: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class ItemResult:
    """What understanding made of one item, in the `--json` shape."""

    item: SetItem
    decision: str
    option: str | None  # best-ranked option (the one taken, on take); None when none scored
    candidates: tuple[str, ...]  # the readings offered on confirm
    score: float
    overlap: float | None  # bigram Jaccard with the expected option's text
    unresolved: bool = False

    def to_json(self) -> dict[str, object]:
        """One line of `parley eval --set FILE --json`."""
        return {
            "decision": self.decision,
            "option": self.option,
            "candidates": list(self.candidates),
            "score": round(self.score, 4),
        }


def read_labelled_set(path: str | Path) -> list[SetItem]:
    """The items of a labelled set: a YAML list of `{scenario, node, text, expect}` mappings.

    `expect` is an option id or `none`; `kind` and `negates` are optional; other keys are
    ignored. Raises SetError naming the file, line and the problem.
    """
    path = Path(path)
    tree, data = _read_yaml(path)
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
        tree = next((v for k, v in tree.value if k.value == "items"), tree)  # type: ignore[union-attr]
    if not isinstance(data, list):
        raise SetError(
            f"{path}:1:1: 标注集应是一个列表 / a labelled set is a YAML list of "
            "{scenario, node, text, expect} mappings"
        )
    items = []
    for k, entry in enumerate(data):
        line = tree.value[k].start_mark.line + 1 if tree is not None else 0  # type: ignore[union-attr]
        where = f"{path}:{line}"
        if not isinstance(entry, dict):
            raise SetError(f"{where}: 每一项应是映射 / each item is a mapping")
        missing = [key for key in ("scenario", "node", "text") if not entry.get(key)]
        if missing or "expect" not in entry:
            missing += [] if "expect" in entry else ["expect"]
            raise SetError(
                f"{where}: 缺少 / missing {', '.join(missing)}  "
                '(提示 / hint: {scenario: ID, node: NODE_ID, text: "…", expect: OPTION_ID | none})'
            )
        expect = entry["expect"]
        expect = (
            None if expect is None or str(expect).lower() in ("none", "null", "") else str(expect)
        )
        text = str(entry["text"])
        negates = entry.get("negates")
        # An item that says what option it negates is a negated answer, whatever it expects.
        kind = str(entry.get("kind") or ("negated" if negates else _kind_of(text, expect)))
        items.append(
            SetItem(
                scenario=str(entry["scenario"]),
                node=str(entry["node"]),
                text=text,
                expect=expect,
                kind=kind,
                negates=str(negates) if negates else None,
                line=line,
            )
        )
    return items


def _read_yaml(path: Path) -> tuple[Any, Any]:
    """The file's node tree (for line numbers) and its data; SetError names what went wrong and
    where."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SetError(f"{path}: 无法读取 / cannot read: {exc}") from exc
    try:
        return yaml.compose(source, Loader=SAFE_LOADER), yaml.load(source, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise SetError(f"{where}: YAML 格式错误 / not valid YAML: {problem}") from exc


def _kind_of(text: str, expect: str | None) -> str:
    if expect is None:
        return "offtopic"
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isascii() for c in letters) > 0.6 * len(letters):
        return "english"
    return "paraphrase"


def bucket_of(overlap: float) -> str:
    """The overlap bucket's label."""
    return next(label for bound, label in BUCKETS if overlap < bound)


def judge_items(
    items: Sequence[SetItem], scenarios: Mapping[str, Scenario], leave_out: str | None = None
) -> list[ItemResult]:
    """Understanding's reading of every item, in order; `leave_out` names the item's own set
    when it is one the shipped phrasings were heard in (`simulator.phrasings`): then it is
    judged only by what the other sets taught."""
    from simulator.understanding import matcher_for

    results = []
    for item in items:
        scenario = scenarios.get(item.scenario)
        node = scenario.nodes.get(item.node) if scenario else None
        if scenario is None or node is None or (item.expect and node.option(item.expect) is None):
            results.append(ItemResult(item, "clarify", None, (), 0.0, None, unresolved=True))
            continue
        matcher = matcher_for(scenario, leave_out)
        reading = matcher.understand(node, item.text)
        ranked = matcher.scores(node, item.text)
        best = reading.best.option_id if reading.best else None
        if best is None and ranked and ranked[0].score > 0:
            best = ranked[0].option_id
        overlap = None
        if item.expect:
            option = node.option(item.expect)
            assert option is not None
            shown = option.text.en if item.kind == "english" and option.text.en else option.text.zh
            overlap = bigram_jaccard(item.text, shown)
        offered = (
            tuple(c.option_id for c in reading.candidates) if reading.decision == "confirm" else ()
        )
        results.append(
            ItemResult(item, reading.decision, best, offered, reading.confidence, overlap)
        )
    return results


def calibration_samples(
    items: Sequence[SetItem],
    scenarios: Mapping[str, Scenario],
    group: str,
    heard: Phrasings | None = None,
) -> list[Sample]:
    """Every item the lines decided on with a reading to weigh, as a sample for
    `simulator.calibration` (`parley eval --fit`); `group` names the set it comes from. The
    lines read the phrasings `heard` (the shipped ones when None) except the group's own."""
    from simulator.understanding import Matcher, matcher_for

    matchers: dict[str, Matcher] = {}
    out = []
    for item in items:
        scenario = scenarios.get(item.scenario)
        node = scenario.nodes.get(item.node) if scenario else None
        if scenario is None or node is None:
            continue
        if heard is None:
            matcher = matcher_for(scenario, group)
        elif scenario.id not in matchers:
            matcher = matchers[scenario.id] = Matcher(scenario, heard, group)
        else:
            matcher = matchers[scenario.id]
        reading = matcher.understand(node, item.text, calibrated=False)
        if reading.evidence is None:
            continue  # nothing to offer: small talk, an echo, no option close at all
        evidence = reading.evidence
        right = item.expect is not None and evidence.option_id == item.expect
        runner_right = (
            item.expect is not None
            and evidence.runner is not None
            and evidence.runner.option_id == item.expect
        )
        out.append(Sample(group, item.kind, evidence, reading.decision, right, runner_right))
    return out


@dataclass(slots=True)
class KindFigures:
    """How one kind (or one overlap bucket) of items fared."""

    label: str
    total: int = 0
    top1: int = 0  # best reading right and shown (taken or offered)
    taken_right: int = 0
    taken_wrong: int = 0
    confirm: int = 0
    clarify: int = 0
    offered: int = 0  # off-topic/negated: a reading was offered (confirm)
    offered_reversed: int = 0  # negated: the negated option offered as the only reading
    misses: list[str] = field(default_factory=list)

    def rate(self, count: int) -> float:
        """`count` as a share of the items."""
        return count / self.total if self.total else 0.0


def set_figures(results: Sequence[ItemResult]) -> dict[str, KindFigures]:
    """Figures by kind, then by overlap bucket for the Chinese items with an expected option."""
    figures: dict[str, KindFigures] = {}

    def add(label: str, r: ItemResult) -> None:
        f = figures.setdefault(label, KindFigures(label))
        item = r.item
        f.total += 1
        shown = r.decision != "clarify"
        if item.expect is not None and r.option == item.expect and shown:
            f.top1 += 1
        if r.decision == "take":
            if r.option == item.expect and item.expect is not None:
                f.taken_right += 1
            else:
                f.taken_wrong += 1
        elif r.decision == "confirm":
            f.confirm += 1
            f.offered += 1
            if item.negates and r.candidates == (item.negates,):
                f.offered_reversed += 1
        else:
            f.clarify += 1
        right = r.decision == "take" and r.option == item.expect
        if not right and not (item.expect is None and r.decision == "clarify"):
            f.misses.append(
                f"{item.scenario}/{item.node}: {item.text!r} → {r.option} ({r.decision}, "
                f"{r.score:.2f}), want {item.expect or 'none'}"
            )

    for r in results:
        if r.unresolved:
            continue
        add(r.item.kind, r)
    for r in results:
        if not r.unresolved and r.item.kind in ("reworded", "paraphrase"):
            add("all Chinese", r)
    for r in results:
        if r.unresolved or r.overlap is None or r.item.kind in ("english", "negated"):
            continue
        add(f"overlap {bucket_of(r.overlap)}", r)
    return figures


# ---------------------------------------------------------------------------------------------
# detectors by polarity (the issue-10 figures)


@dataclass(frozen=True, slots=True)
class PolarityFigures:
    """Macro precision and recall of one polarity over the principles, and the chit-chat rate."""

    polarity: str
    precision: float  # mean over principles that fired with this polarity
    recall: float  # mean over principles labelled with this polarity
    per_principle: Mapping[str, PrincipleFigures]


def polarity_figures(
    items: Sequence[LabelledText],
    catalog: Catalog,
    *,
    learned: bool = True,
    reader: Classifier | None = None,
) -> tuple[dict[str, PolarityFigures], tuple[int, int]]:
    """Per polarity: macro precision/recall; and (chit-chat items, those flagged a violation).

    Chit-chat items are those with no label at all (no upholds, violates or `not`). `learned`
    and `reader` are passed to `detect` (the patterns alone, or another classifier).
    """
    from simulator.detectors import detect

    ids = list(catalog.principles)
    figures = {pol: {pid: PrincipleFigures(pid) for pid in ids} for pol in ("upholds", "violates")}
    chat = flagged = 0
    for item in items:
        hits = detect(item.text, catalog, learned=learned, reader=reader)
        found = {(h.principle, h.polarity) for h in hits}
        wanted = {(p, "upholds") for p in item.upholds} | {(p, "violates") for p in item.violates}
        for pol, table in figures.items():
            for pid, fig in table.items():
                key = (pid, pol)
                if key in found and key in wanted:
                    fig.tp += 1
                elif key in found:
                    fig.fp += 1
                    fig.false_positives.append(item.text)
                elif key in wanted:
                    fig.fn += 1
                    fig.misses.append(item.text)
        if not (item.upholds or item.violates or item.never):
            chat += 1
            flagged += any(pol == "violates" for _pid, pol in found)
    out = {}
    for pol, table in figures.items():
        fired = [f.precision for f in table.values() if f.tp + f.fp]
        labelled = [f.recall for f in table.values() if f.tp + f.fn]
        out[pol] = PolarityFigures(
            pol,
            sum(fired) / len(fired) if fired else 1.0,
            sum(labelled) / len(labelled) if labelled else 1.0,
            table,
        )
    return out, (chat, flagged)
