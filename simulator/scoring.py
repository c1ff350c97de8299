"""Scoring: what each turn upheld or broke, and the scorecard at the end.

A turn's quality is where the chosen move sits between the worst and the best move the node
offered (by the sum of their principle weights), moved by what the detectors found in typed
words. The grade blends the mean turn quality (75 %) with the ending reached (25 %), and is
capped when a red line was crossed. The arithmetic is documented in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from simulator.advice import Advice, advise
from simulator.model import Catalog, Ending, Node, Option, Polarity, Scenario, Text, citation
from simulator.punctuation import clip_said

#: Weight of the mean turn quality in the grade; the rest comes from the ending's kind.
TURN_SHARE = 0.75
ENDING_FACTOR: Mapping[str, float] = {"success": 1.0, "partial": 0.5, "fail": 0.0}
#: The highest grade a session that crossed a red line can get.
RED_LINE_CAP = 20
#: How far one point of detector weight moves a turn's quality, as a share of the node's range.
DETECTOR_STEP = 0.15


@dataclass(frozen=True, slots=True)
class PrincipleHit:
    """One principle a turn upheld or violated, with the evidence for it."""

    principle: str
    weight: int  # signed: > 0 upholds, < 0 violates
    evidence: str  # the option text or the trainee's own matched words
    source: str  # "option" | "detector" | "hot_button" | "sequence"
    explanation: Text = Text("", "")
    detector: str = ""

    @property
    def polarity(self) -> Polarity:
        """'upholds' when the weight is positive, else 'violates'."""
        return "upholds" if self.weight > 0 else "violates"


@dataclass(frozen=True, slots=True)
class TurnResult:
    """Everything about one finished turn: what was said, what it hit, where it led."""

    index: int  # 0-based
    node_id: str
    client_line: Text
    mood: str
    option_id: str
    option_text: Text
    typed: str | None  # the trainee's own words, when they typed instead of picking
    hits: tuple[PrincipleHit, ...]
    feedback: Text
    quality: float | None  # 0…1, None when the node offered no real choice
    variables: Mapping[str, int | bool]  # after the turn
    next_id: str  # node or ending reached
    reactions: tuple[Text, ...] = ()  # hot-button reactions the client has before the next line
    rule: str | None = None  # id of the scenario rule that redirected the turn, if any
    red_line: bool = False
    trap: bool = False
    typed_length: int | None = None  # how long the typed answer was before it was cut, if it was
    narration: Text | None = None  # what happened before the line, told by no one
    speaker: Text | None = None  # who said `client_line` when it was not the persona
    # The options on offer at the turn, when an `if:` hid some; empty when every option of the
    # node was (or in transcripts written before this was recorded).
    offered: tuple[str, ...] = ()

    @property
    def said(self) -> str:
        """What the trainee said: their own words, or the option text in Chinese."""
        return self.typed if self.typed is not None else self.option_text.zh


@dataclass(frozen=True, slots=True)
class PrincipleScore:
    """A principle's subtotal over a session."""

    principle: str
    name: Text
    area: str
    points_for: int
    points_against: int
    evidence: tuple[PrincipleHit, ...]

    @property
    def net(self) -> int:
        """Points for minus points against."""
        return self.points_for - self.points_against

    @property
    def score(self) -> int | None:
        """0–100 share of points that upheld the principle; None when it was never touched."""
        total = self.points_for + self.points_against
        return None if total == 0 else round(100 * self.points_for / total)


@dataclass(frozen=True, slots=True)
class AreaScore:
    """A competency area's subtotal over a session."""

    area: str
    name: Text
    points_for: int
    points_against: int

    @property
    def score(self) -> int | None:
        """0–100 share of points that upheld the area's principles; None when untouched."""
        total = self.points_for + self.points_against
        return None if total == 0 else round(100 * self.points_for / total)


#: A key moment quotes at most this many characters of what was said: a pasted page would fill
#: the scorecard (the turn itself keeps every word).
MOMENT_CHARS = 200


@dataclass(frozen=True, slots=True)
class Moment:
    """A key turn: one of the best or the worst, with the better option the node offered."""

    turn: int
    node_id: str
    said: str
    quality: float
    better_option: str | None = None
    better_text: Text | None = None
    better_feedback: Text | None = None
    # the better move is the one the typed words were read as, said badly: its own words
    same_move: bool = False


@dataclass(frozen=True, slots=True)
class Scorecard:
    """The end-of-session summary."""

    scenario_id: str
    outcome: str  # success | partial | fail | abandoned
    ending_id: str | None
    grade: int  # 0–100
    turns: int
    principles: Mapping[str, PrincipleScore]
    areas: Mapping[str, AreaScore]
    trajectory: tuple[tuple[int, int], ...]  # (trust, patience) at start and after each turn
    best_moments: tuple[Moment, ...]
    worst_moments: tuple[Moment, ...]
    keep: tuple[str, ...] = ()  # principle ids to keep doing
    start: tuple[str, ...] = ()  # principles in focus never shown (and not broken)
    stop: tuple[str, ...] = ()  # principles broken
    advice: tuple[Advice, ...] = ()  # the Keep/Start/Stop lines, each a behaviour (advice.py)
    red_line: bool = False
    session_hits: tuple[PrincipleHit, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict (used by transcripts and `--json` outputs)."""
        return {
            "scenario": self.scenario_id,
            "outcome": self.outcome,
            "ending": self.ending_id,
            "grade": self.grade,
            "turns": self.turns,
            "red_line": self.red_line,
            "principles": {
                p.principle: {
                    "for": p.points_for,
                    "against": p.points_against,
                    "score": p.score,
                    "area": p.area,
                }
                for p in self.principles.values()
            },
            "areas": {
                a.area: {"for": a.points_for, "against": a.points_against, "score": a.score}
                for a in self.areas.values()
            },
            "trajectory": [list(t) for t in self.trajectory],
            "best": [_moment_json(m) for m in self.best_moments],
            "worst": [_moment_json(m) for m in self.worst_moments],
            "keep": list(self.keep),
            "start": list(self.start),
            "stop": list(self.stop),
            "advice": [a.to_json() for a in self.advice],
            "session_hits": [hit_json(h) for h in self.session_hits],
        }


def _moment_json(m: Moment) -> dict[str, object]:
    return {
        "turn": m.turn,
        "node": m.node_id,
        "said": m.said,
        "quality": round(m.quality, 3),
        "better_option": m.better_option,
    }


def hit_json(hit: PrincipleHit) -> dict[str, object]:
    """A JSON-ready dict of one hit (the `score-text --json` shape plus weight and source)."""
    return {
        "principle": hit.principle,
        "polarity": hit.polarity,
        "weight": hit.weight,
        "evidence": hit.evidence,
        "source": hit.source,
        "detector": hit.detector,
    }


def option_value(option: Option) -> int:
    """The sum of an option's signed principle weights."""
    return sum(option.principles.values())


def option_hits(option: Option, catalog: Catalog) -> list[PrincipleHit]:
    """The hits an option's own principle tags give, evidence being its text."""
    hits = []
    for pid, weight in option.principles.items():
        if weight == 0:
            continue
        principle = catalog.principles.get(pid)
        name = principle.name if principle else Text(pid, pid)
        cite = citation(principle) if principle else Text("", "")
        verb_zh = "符合" if weight > 0 else "违反"
        verb_en = "upholds" if weight > 0 else "breaks"
        hits.append(
            PrincipleHit(
                principle=pid,
                weight=weight,
                evidence=option.text.zh,
                source="option",
                explanation=Text(
                    f"{verb_zh}「{name.zh}」{cite.zh}", f"{verb_en} '{name.en}'{cite.en}"
                ),
            )
        )
    return hits


def turn_quality(node: Node, option: Option, detector_weight: int) -> float | None:
    """Where the move sits between the node's worst (0) and best (1) option.

    Detector hits from typed words move it by DETECTOR_STEP per weight point. A node whose
    options all weigh the same is no real choice: None, unless the detectors found something.
    """
    values = [option_value(o) for o in node.options]
    lo, hi = min(values), max(values)
    if hi == lo:
        if detector_weight == 0:
            return None
        base = 0.5
    else:
        base = (option_value(option) - lo) / (hi - lo)
    return min(1.0, max(0.0, base + DETECTOR_STEP * detector_weight))


def grade(turns: Sequence[TurnResult], ending: Ending | None) -> int:
    """The 0–100 grade of a session (ending None = abandoned, counts as no ending points)."""
    factor = ENDING_FACTOR[ending.kind] if ending else 0.0
    qualities = [t.quality for t in turns if t.quality is not None]
    mean = sum(qualities) / len(qualities) if qualities else factor
    value = round(100 * (TURN_SHARE * mean + (1 - TURN_SHARE) * factor))
    if any(t.red_line for t in turns):
        value = min(value, RED_LINE_CAP)
    return value


def build_scorecard(
    scenario: Scenario,
    catalog: Catalog,
    turns: Sequence[TurnResult],
    ending: Ending | None,
    initial: tuple[int, int],
    session_hits: Iterable[PrincipleHit] = (),
) -> Scorecard:
    """The scorecard of a session from its turns and ending."""
    extra = tuple(session_hits)
    all_hits = [h for t in turns for h in t.hits] + list(extra)
    principles = _principle_scores(catalog, all_hits)
    areas = _area_scores(catalog, principles)
    trajectory = [initial] + [
        (int(t.variables.get("trust", 0)), int(t.variables.get("patience", 0))) for t in turns
    ]
    graded = [t for t in turns if t.quality is not None]
    best = sorted(graded, key=lambda t: (-(t.quality or 0), t.index))[:2]
    worst = sorted(graded, key=lambda t: (t.quality or 0, t.index))[:3]
    best_moments = tuple(
        _moment(scenario, t, better=False) for t in best if (t.quality or 0) >= 0.75
    )
    worst_moments = tuple(
        _moment(scenario, t, better=True) for t in worst if (t.quality or 0) < 0.75
    )
    advice = advise(scenario, catalog, turns, principles)
    return Scorecard(
        scenario_id=scenario.id,
        outcome=ending.kind if ending else "abandoned",
        ending_id=ending.id if ending else None,
        grade=grade(turns, ending),
        turns=len(turns),
        principles=principles,
        areas=areas,
        trajectory=tuple(trajectory),
        best_moments=best_moments,
        worst_moments=worst_moments,
        keep=tuple(a.principle for a in advice if a.kind == "keep"),
        start=tuple(a.principle for a in advice if a.kind == "start"),
        stop=tuple(a.principle for a in advice if a.kind == "stop"),
        advice=advice,
        red_line=any(t.red_line for t in turns),
        session_hits=extra,
    )


def _principle_scores(catalog: Catalog, hits: Sequence[PrincipleHit]) -> dict[str, PrincipleScore]:
    by_id: dict[str, list[PrincipleHit]] = {}
    for hit in hits:
        by_id.setdefault(hit.principle, []).append(hit)
    order = list(catalog.principles) + sorted(set(by_id) - set(catalog.principles))
    scores = {}
    for pid in order:
        if pid not in by_id:
            continue
        principle = catalog.principles.get(pid)
        group = by_id[pid]
        scores[pid] = PrincipleScore(
            principle=pid,
            name=principle.name if principle else Text(pid, pid),
            area=principle.area if principle else "",
            points_for=sum(h.weight for h in group if h.weight > 0),
            points_against=sum(-h.weight for h in group if h.weight < 0),
            evidence=tuple(group),
        )
    return scores


def _area_scores(
    catalog: Catalog, principles: Mapping[str, PrincipleScore]
) -> dict[str, AreaScore]:
    areas = {}
    for aid, area in catalog.areas.items():
        members = [p for p in principles.values() if p.area == aid]
        areas[aid] = AreaScore(
            area=aid,
            name=area.name,
            points_for=sum(p.points_for for p in members),
            points_against=sum(p.points_against for p in members),
        )
    return areas


def _moment(scenario: Scenario, turn: TurnResult, *, better: bool) -> Moment:
    node = scenario.nodes.get(turn.node_id)
    best_option = None
    if better and node is not None:
        # Only a move the trainee could have made is a better one.
        options = [o for o in node.options if not turn.offered or o.id in turn.offered]
        best_option = max(options, key=lambda o: (option_value(o), -node.options.index(o)))
        if best_option.id == turn.option_id and turn.typed is None:
            best_option = None  # picked the best move: nothing better to show
        # Typed words read as the best move that still scored low said it badly (a promise
        # inside it, a part of it): its own phrasing is the better way to say it.
    said = clip_said(turn.said, MOMENT_CHARS)
    return Moment(
        turn=turn.index,
        node_id=turn.node_id,
        said=said,
        quality=turn.quality or 0.0,
        better_option=best_option.id if best_option else None,
        better_text=best_option.text if best_option else None,
        better_feedback=best_option.feedback if best_option else None,
        same_move=best_option is not None and best_option.id == turn.option_id,
    )
