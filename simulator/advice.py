"""Keep / Start / Stop: what to do next time, each line a behaviour drawn from the session.

A line never names a bare principle ("停止：谨慎承诺" told the trainee to stop being careful).
It says what the trainee did or could have done, and where: "对做不到或不归你管的结果打包票
（第 3 轮）". The behaviour comes, in this order, from:

1. the catalog detector that found it in the trainee's words (its `explanation`);
2. for a picked option, the catalog's detectors run on the option's text;
3. the order-aware session checks (`sequence.py`) by their id;
4. else the words themselves, quoted.

Start lines come from a turn where the node offered a move that upheld the principle and the
trainee took another; failing that, from the catalog's description of what upholding it looks
like; when every such principle was kept or broken, from what the better move at the weakest
turn upheld, and failing that from what to say instead of what Stop names. No principle is in
both Keep and another list; Stop wins over Keep.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from simulator.model import Catalog, Option, Scenario, Text
from simulator.punctuation import clip_said

if TYPE_CHECKING:
    from simulator.scoring import PrincipleHit, PrincipleScore, TurnResult

Kind = Literal["keep", "start", "stop"]

#: At most this many lines per list: the trainee reads three, not ten.
PER_LIST = 3
#: A quoted answer is cut to this many characters.
QUOTE_CHARS = 24

#: Behaviours of the session-wide checks in `sequence.py`, by check id: (upholds, violates).
SEQUENCE_BEHAVIOURS: Mapping[str, tuple[Text, Text]] = {
    "explore_before_solution": (
        Text("先探询客户的想法，再给方案", "Exploring the client's view before offering a fix"),
        Text("还没问清客户的想法就给方案", "Offering a fix before exploring the client's view"),
    ),
    "repayment_before_amount": (
        Text("先问用途和还款来源，再谈金额", "Asking about purpose and repayment before amounts"),
        Text("没问还款来源就谈金额", "Discussing amounts before asking about repayment"),
    ),
}


@dataclass(frozen=True, slots=True)
class Advice:
    """One Keep/Start/Stop line: a behaviour, the principle behind it, the turn it is from."""

    kind: Kind
    principle: str
    behaviour: Text | None  # what was (or could have been) done; never the principle's name
    turn: int | None = None  # 0-based turn it was drawn from
    said: Text | None = None  # the words, when no behaviour could be read in them
    principle_name: Text | None = None  # named after quoted words, to say what they are about

    def line(self, lang: str) -> str:
        """ "对结果打包票（第 3 轮）", or the words themselves: "第 5 轮那样说「…」（原则）"."""
        zh = lang == "zh"
        n = self.turn + 1 if self.turn is not None else None
        if self.behaviour is not None:
            text = self.behaviour.get(lang)
            if n is None:
                return text
            return f"{text}（第 {n} 轮）" if zh else f"{text} (turn {n})"
        said = quote(self.said.get(lang), lang) if self.said is not None else "—"
        if zh:
            verb = "可以说" if self.kind == "start" else "那样说"
            text = f"第 {n} 轮{verb}{said}" if n is not None else said
        else:
            verb = "you could say" if self.kind == "start" else "saying"
            text = f"turn {n}: {verb} {said}" if n is not None else said
        if self.principle_name is not None:
            name = self.principle_name.get(lang)
            text += f"（{name}）" if zh else f" ({name})"
        return text

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict (the scorecard's `advice`)."""
        return {
            "kind": self.kind,
            "principle": self.principle,
            "turn": self.turn,
            "zh": self.line("zh"),
            "en": self.line("en"),
        }


def quote(text: str, lang: str = "zh") -> str:
    """`text` in quotation marks, cut to QUOTE_CHARS."""
    text = clip_said(" ".join(text.split()), QUOTE_CHARS)
    return f"「{text}」" if lang == "zh" else f"“{text}”"


def _detector_behaviour(hit: PrincipleHit, catalog: Catalog) -> Text | None:
    """What the catalog detector that produced `hit` says the behaviour is."""
    principle = catalog.principles.get(hit.principle)
    if principle is None:
        return None
    for detector in principle.detectors:
        if detector.id == hit.detector and detector.explanation.zh:
            if detector.polarity == hit.polarity:
                return detector.explanation
            what = detector.explanation
            return Text(f"没有{what.zh}", f"not {what.en[:1].lower()}{what.en[1:]}")
    return None


#: (id of the catalog, principle id) -> (the catalog, a catalog of that principle's patterns).
_PATTERNS: dict[tuple[int, str], tuple[Catalog, Catalog]] = {}


#: (id of a pattern catalog, text, polarity) -> the behaviour read, for texts seen before.
_READ: dict[tuple[int, str, bool], Text | None] = {}


def _patterns_of(catalog: Catalog, principle: str) -> Catalog | None:
    """A catalog of `principle` alone, without its example bank: a behaviour is named only by
    a pattern detector, and the bank (nearest neighbour over every example) cost 18 ms a call."""
    key = (id(catalog), principle)
    held = _PATTERNS.get(key)
    if held is not None and held[0] is catalog:
        return held[1]
    entry = catalog.principles.get(principle)
    if entry is None or not entry.detectors:
        return None
    if len(_PATTERNS) > 256:
        _PATTERNS.clear()
        _READ.clear()  # its keys name catalogs that may now be gone
    alone = replace(
        catalog,
        principles={principle: replace(entry, examples={})},
        learned={},
        learned_also={},
    )
    _PATTERNS[key] = (catalog, alone)
    return alone


def _read_in(text: str, principle: str, upholds: bool, catalog: Catalog) -> Text | None:
    """The behaviour the catalog's pattern detectors read in `text`, for `principle`."""
    from simulator.detectors import detect

    alone = _patterns_of(catalog, principle)
    if alone is None:
        return None
    # Option texts come back in every session: read each once per catalog.
    key = (id(alone), text, upholds)
    if key in _READ:
        return _READ[key]
    found = None
    for hit in detect(text, alone):
        if hit.principle == principle and (hit.weight > 0) == upholds:
            found = _detector_behaviour(hit, catalog)
            if found is not None:
                break
    if len(_READ) > 4096:
        _READ.clear()
    _READ[key] = found
    return found


def _typical(principle: str, upholds: bool, catalog: Catalog) -> Text | None:
    """The principle's first detector of that polarity: the behaviour it names."""
    entry = catalog.principles.get(principle)
    wanted = "upholds" if upholds else "violates"
    for detector in entry.detectors if entry else ():
        if detector.polarity == wanted and detector.explanation.zh:
            return detector.explanation
    return None


def _words(hit: PrincipleHit, turn: TurnResult | None) -> Text:
    """What the trainee said, in both languages when it was a picked option."""
    if turn is not None and turn.typed is None and hit.evidence == turn.option_text.zh:
        return turn.option_text
    return Text(hit.evidence, hit.evidence)


def behaviour(hit: PrincipleHit, turn: TurnResult | None, catalog: Catalog) -> Advice:
    """What `hit` says the trainee did (kind and principle to be set by the caller)."""
    upholds = hit.weight > 0
    found = _detector_behaviour(hit, catalog) if hit.source == "detector" else None
    if found is None and hit.detector in SEQUENCE_BEHAVIOURS:
        found = SEQUENCE_BEHAVIOURS[hit.detector][0 if upholds else 1]
    if found is None:
        found = _read_in(hit.evidence, hit.principle, upholds, catalog)
    index = turn.index if turn is not None else None
    if found is not None:
        return Advice("keep", hit.principle, found, index)
    # Not read in the words: quote them (a guessed behaviour could describe something else).
    principle = catalog.principles.get(hit.principle)
    name = principle.name if principle is not None else None
    return Advice("keep", hit.principle, None, index, _words(hit, turn), name)


def _turn_of(hit: PrincipleHit, turns: Sequence[TurnResult]) -> TurnResult | None:
    """The turn `hit` was scored on (session-wide hits: the turn whose words it quotes)."""
    for turn in turns:
        if hit in turn.hits:
            return turn
    for turn in turns:
        if hit.evidence and hit.evidence in (turn.said, turn.typed or ""):
            return turn
    return None


def _from_hit(
    kind: Kind, score: PrincipleScore, turns: Sequence[TurnResult], catalog: Catalog
) -> Advice | None:
    """The line for `score`'s strongest hit; for Keep, only from a turn that broke nothing."""
    upholds = kind == "keep"
    candidates = []
    for hit in score.evidence:
        if (hit.weight > 0) != upholds:
            continue
        turn = _turn_of(hit, turns)
        if upholds and turn is not None and any(h.weight < 0 for h in turn.hits):
            continue  # "keep saying this" about words that also broke a principle misleads
        candidates.append((hit, turn))
    if not candidates:
        return None
    hit, turn = max(candidates, key=lambda c: abs(c[0].weight))  # the first of the strongest
    found = behaviour(hit, turn, catalog)
    return Advice(
        kind, score.principle, found.behaviour, found.turn, found.said, found.principle_name
    )


def _merged(lines: Sequence[Advice | None]) -> tuple[Advice, ...]:
    """`lines` with the quoted words of one turn said once, naming every principle they hit."""
    out: list[Advice] = []
    for advice in lines:
        if advice is None:
            continue
        twin = next(
            (
                k
                for k, a in enumerate(out)
                if a.behaviour is None
                and advice.behaviour is None
                and (a.turn, a.said) == (advice.turn, advice.said)
            ),
            None,
        )
        if twin is None:
            out.append(advice)
            continue
        first, second = out[twin].principle_name, advice.principle_name
        if first is not None and second is not None:
            joined = Text(f"{first.zh}、{second.zh}", f"{first.en}; {second.en}")
            out[twin] = replace(out[twin], principle_name=joined)
    return tuple(out)


def _missed(pid: str, scenario: Scenario, turns: Sequence[TurnResult], catalog: Catalog) -> Advice:
    """Start doing `pid`: the turn where a move upholding it was on offer, or the catalog."""
    best: tuple[tuple[int, int], TurnResult, Option] | None = None
    for turn in turns:
        node = scenario.nodes.get(turn.node_id)
        if node is None or any(h.principle == pid and h.weight > 0 for h in turn.hits):
            # Kept at this turn already: nothing to start there (a tryout was told "第 4 轮可以说
            # 「…」" of the turn its own words had been credited for).
            continue
        for option in node.options:
            weight = option.principles.get(pid, 0)
            # The best move that does it, and the trainee's own move when their words broke
            # what it does; never one that breaks something else: a cold move may keep the
            # rule too, but "规定就是规定，我也没办法" is no line to start saying (round
            # twenty-eight's cold tryout was told to). Without one, the catalog's words.
            clean = min(option.principles.values(), default=0) >= 0
            rank = (sum(option.principles.values()), weight)
            other = option.id != turn.option_id or turn.typed is not None
            if weight > 0 and clean and other and (best is None or rank > best[0]):
                best = (rank, turn, option)
    principle = catalog.principles.get(pid)
    if best is not None:
        _, turn, option = best
        found = _read_in(option.text.zh, pid, True, catalog)
        if found is not None:
            return Advice("start", pid, found, turn.index)
        name = principle.name if principle is not None else None
        return Advice("start", pid, None, turn.index, option.text, name)
    found = _typical(pid, True, catalog)
    if found is None and principle is not None and principle.description.zh:
        found = principle.description
    return Advice("start", pid, found or Text(pid, pid))


def _passed_over(
    scenario: Scenario,
    turns: Sequence[TurnResult],
    principles: Mapping[str, PrincipleScore],
    exclude: set[str],
) -> list[str]:
    """Principles the best move on offer upheld at the turns the trainee took another (the
    weakest turn first), that the session never earned and `exclude` does not hold."""
    out: list[str] = []
    graded = sorted(
        (t for t in turns if t.quality is not None and t.quality < 1.0),
        key=lambda t: (t.quality or 0.0, t.index),
    )
    for turn in graded:
        node = scenario.nodes.get(turn.node_id)
        if node is None:
            continue
        options = [o for o in node.options if not turn.offered or o.id in turn.offered]
        if not options:
            continue
        best = max(options, key=lambda o: (sum(o.principles.values()), -node.options.index(o)))
        if best.id == turn.option_id and turn.typed is None:
            continue
        for pid, weight in sorted(best.principles.items(), key=lambda kv: (-kv[1], kv[0])):
            earned = pid in principles and principles[pid].points_for > 0
            if weight > 0 and not earned and pid not in exclude and pid not in out:
                out.append(pid)
    return out


def advise(
    scenario: Scenario,
    catalog: Catalog,
    turns: Sequence[TurnResult],
    principles: Mapping[str, PrincipleScore],
) -> tuple[Advice, ...]:
    """The Keep, Start and Stop lines of a session, in that order, no principle twice."""
    ranked_stop = sorted(principles.values(), key=lambda p: (-p.points_against, p.principle))
    stop = [p for p in ranked_stop if p.points_against > 0][:PER_LIST]
    stopped = {p.principle for p in stop}
    ranked_keep = sorted(principles.values(), key=lambda p: (-p.net, p.principle))
    keep = [p for p in ranked_keep if p.points_for > 0 and p.points_against == 0][:PER_LIST]
    start = [
        pid
        for pid in scenario.principles_in_focus
        if pid not in stopped and (pid not in principles or principles[pid].points_for == 0)
    ][:PER_LIST]
    if not start:
        # Every principle in focus was kept or broken: what to start is what the better move
        # at the weakest turn upheld and the session never earned.
        kept = {p.principle for p in keep}
        start = _passed_over(scenario, turns, principles, stopped | kept)[:1]
    if not start:
        # Nothing new to start: what to say instead of what Stop names, from the weakest turn
        # ("停止：对结果打包票（第 10 轮）" / "开始尝试：第 10 轮可以说「…」").
        start = _passed_over(scenario, turns, {}, {p.principle for p in keep})[:1]
    return (
        _merged([_from_hit("keep", p, turns, catalog) for p in keep])
        + _merged([_missed(pid, scenario, turns, catalog) for pid in start])
        + _merged([_from_hit("stop", p, turns, catalog) for p in stop])
    )
