"""The example bank's pass: each sentence (and a several-sentence answer whole) against every
principle's examples, heard only for a principle no pattern fired on; an example whose
commitment the sentence negates is passed over, and small talk nearer than any example
decides nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from simulator.detectors.compiled import (
    EXAMPLE_COVERAGE,
    EXAMPLE_MARGIN,
    EXAMPLE_NEAREST_GAP,
    EXAMPLE_UNKNOWN_WEIGHT,
    _Bank,
    _Prepared,
    _weigh,
    _without_address,
)
from simulator.detectors.evidence import _evidence, _example_hit
from simulator.detectors.matching import _refused_after
from simulator.scoring import PrincipleHit
from simulator.wording import features, polar_terms


def _bank_hits(
    prepared: _Prepared,
    text: str,
    original: str,
    index: list[int] | None,
    sentences: list[tuple[int, int]],
    clauses: list[tuple[int, int]],
    regex_hits: list[PrincipleHit],
) -> list[PrincipleHit]:
    """Hits of the example bank on principles the patterns said nothing about.

    Each sentence is compared with every example (cosine of TF-IDF over understanding's
    features, negated n-grams included); an example whose 保证/承诺… the sentence negates, or
    which negates one the sentence says, is skipped. A principle is hit when its closest
    example clears the threshold and leads its closest example of the other polarity by
    EXAMPLE_MARGIN.
    """
    bank = prepared.bank
    assert bank is not None
    judged = {hit.principle for hit in regex_hits}
    # Per principle and polarity: the closest example over every sentence and, for an answer
    # of several sentences, the whole answer, with the unit it came from. A fragment close to a
    # trap ("那次是光缆被挖断" alone is an excuse) does not outweigh a whole answer that reads as
    # the honest move around it (an apology, then the cause, then a remedy).
    best: dict[tuple[str, str], tuple[float, int, tuple[int, int]]] = {}
    near: dict[tuple[str, str], float] = {}  # the closest example of any kind
    # An example this far under every threshold neither makes a hit (under its threshold) nor
    # stops one (a hit clears its threshold, so it leads such an example by the margin).
    floor = min(bank.thresholds.values(), default=0.0) - EXAMPLE_MARGIN
    units = list(_units(text, sentences))
    if len(units) > 1:
        units.append((units[0][0], units[-1][1]))
    for unit in units:
        piece = text[unit[0] : unit[1]]
        if piece.rstrip().endswith("?") and _refused_after(text, unit[1]):
            continue  # "一千八照报？这个我可不敢保证": the request echoed is not said
        covered: dict[int, float] = {}
        scored = _nearest(bank, piece, covered)
        if not scored:
            continue
        said, denied = polar_terms(piece)
        # A detector's `unless` says the sentence is another move ("先别哭，我们慢慢说" is
        # comfort, not composure): the examples of its principle and polarity are not heard.
        other_move = _other_moves(prepared, piece)
        examples = bank.examples
        everyday = max((score for i, score in scored.items() if examples[i].everyday), default=0.0)
        nearest = max(
            (score for i, score in scored.items() if covered[i] >= EXAMPLE_COVERAGE), default=0.0
        )
        for i, score in scored.items():
            if score < floor:
                continue  # under every threshold by more than the margin: it decides nothing
            example = examples[i]
            if score <= everyday or (denied & example.said) or (said & example.denied):
                continue
            if covered[i] < EXAMPLE_COVERAGE:
                continue  # "烟就堆在收银台" is half of "烟堆在收银台，谁知道真假", not the move
            for label in example.labels:
                if label.principle is None:
                    continue
                key = (label.principle.id, label.polarity)
                if key in other_move:
                    continue
                near[key] = max(near.get(key, 0.0), score)
                if score < nearest - EXAMPLE_NEAREST_GAP:
                    continue
                if label.fires and score > best.get(key, (0.0, -1, unit))[0]:
                    best[key] = (score, i, unit)
    found: dict[str, tuple[float, str, int, tuple[int, int]]] = {}
    for (pid, polarity), (score, i, unit) in best.items():
        if pid in judged or score < bank.thresholds[pid]:
            continue
        opposite = "violates" if polarity == "upholds" else "upholds"
        if score - near.get((pid, opposite), 0.0) < EXAMPLE_MARGIN:
            continue
        found[pid] = (score, polarity, i, unit)
    hits = []
    for principle in prepared.catalog.principles.values():
        if principle.id not in found:
            continue
        _score, polarity, i, unit = found[principle.id]
        clause = _closest_clause(bank, text, clauses, unit, i)
        evidence = _evidence(original, index, clause, clause[0], clause[1])
        hits.append(_example_hit(principle, polarity, bank.examples[i].text, evidence))
    return hits


def _other_moves(prepared: _Prepared, text: str) -> set[tuple[str, str]]:
    """The principles and polarities whose detector's `unless` names `text` another move."""
    return {
        (c.principle.id, c.detector.polarity)
        for c in prepared.detectors
        if c.unless and any(pattern.search(text) for pattern in c.unless)
    }


def _small_talk(prepared: _Prepared, text: str) -> bool:
    """Is the example closest to `text` one of everyday small talk (no principle at all)?"""
    if prepared.bank is None:
        return False
    scored = _nearest(prepared.bank, text)
    if not scored:
        return False
    closest = max(scored, key=lambda i: scored[i])
    return prepared.bank.examples[closest].everyday


def _units(text: str, sentences: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The sentences compared with the examples (mostly-Latin ones are left to the patterns).

    Understanding marks negation scope in Chinese only, so in English "I can't accept" and
    "I'll accept" would look alike. Comparing clauses as well found more on the dev set but
    was less precise at every threshold, so whole sentences are compared.
    """
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        cjk = sum(1 for c in sentence if c.isalpha() and not c.isascii())
        if cjk and cjk >= 2 * sum(1 for c in sentence if c.isascii() and c.isalpha()):
            yield s_start, s_end


def _nearest(bank: _Bank, text: str, covered: dict[int, float] | None = None) -> dict[int, float]:
    """Cosine of `text` with every example sharing a feature with it.

    `covered`, when given, receives for each example the share of its weight that `text`
    has: "烟就堆在收银台" is close to "烟堆在收银台，谁知道真假" but lacks the part that is
    the move.
    """
    counts = features(_without_address(text))
    if EXAMPLE_UNKNOWN_WEIGHT != 1.0:
        counts = {k: c if k in bank.idf else c * EXAMPLE_UNKNOWN_WEIGHT for k, c in counts.items()}
    scores: defaultdict[int, float] = defaultdict(float)
    shares: defaultdict[int, float] = defaultdict(float)
    postings = bank.postings
    for key, q in _weigh(counts, bank.idf, bank.default_idf).items():
        held = postings.get(key)
        if held is None:
            continue
        if covered is None:
            for i, w in zip(*held, strict=True):
                scores[i] += q * w
        else:
            for i, w in zip(*held, strict=True):
                scores[i] += q * w
                shares[i] += w * w
    if covered is not None:
        covered.update(shares)
    return dict(scores)


def _closest_clause(
    bank: _Bank,
    text: str,
    clauses: list[tuple[int, int]],
    sentence: tuple[int, int],
    example: int,
) -> tuple[int, int]:
    """The clause of the sentence that shares most with the example (the evidence)."""
    inside = [c for c in clauses if sentence[0] <= c[0] < sentence[1]]
    if len(inside) <= 1:
        return sentence
    best, best_score = sentence, -1.0
    for clause in inside:
        score = _nearest(bank, text[clause[0] : clause[1]]).get(example, 0.0)
        if score > best_score:
            best, best_score = clause, score
    return best
