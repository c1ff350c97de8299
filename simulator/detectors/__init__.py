"""The principle detectors run on a trainee's typed words (negation-aware regex patterns).

The catalog's patterns are compiled once per catalog. Text is normalised (NFKC: full-width
letters, digits and punctuation become half-width; casefolded) and only its first
MAX_CHARS characters are read, so a pasted megabyte stays fast and no pattern sees more than
that. Patterns match inside one sentence; a negation word in the same clause shortly before
the match (or before its `core` group) makes the match negated, and the detector's `negated`
setting says what that means. A principle's `examples` are a second, nearest-neighbour
detector over understanding's features, heard only where no pattern of that principle fired.
The rules are documented in docs/authoring.md.

The package reads in passes, each a module: `text` (normalising, sentences and clauses),
`compiled` (a catalog's detectors and example bank, compiled once), `matching` (the patterns),
`bank` (the example bank), `learned` (the classifier) and `evidence` (what a hit quotes).
"""

from __future__ import annotations

from simulator import classifier
from simulator.detectors.bank import _bank_hits
from simulator.detectors.compiled import _prepare, prepare
from simulator.detectors.evidence import _evidence
from simulator.detectors.learned import _clause_readings, _learned
from simulator.detectors.matching import _pattern_hits
from simulator.detectors.text import (
    _CLAUSE_END,
    _SENTENCE_END,
    MAX_CHARS,
    _normalise,
    _spans,
    normalise,
)
from simulator.model import Catalog
from simulator.scoring import PrincipleHit

__all__ = ["MAX_CHARS", "detect", "normalise", "prepare", "where_said"]


def detect(
    text: str,
    catalog: Catalog,
    *,
    learned: bool = True,
    reader: classifier.Classifier | None = None,
) -> list[PrincipleHit]:
    """The principle hits the catalog's detectors find in `text`, in catalog order.

    At most one hit per principle and polarity: the strongest detector's first match. The
    evidence is the trainee's own clause around the match. With `learned` (the default), the
    fitted classifier (`reader`, else the shipped one) keeps or drops each hit and adds those it
    is sure of (see `simulator.classifier`).
    """
    if not text or not text.strip():
        return []
    norm, index = _normalise(text)
    original = text[:MAX_CHARS]
    clauses = list(_spans(norm, _CLAUSE_END))
    hits = _detect(catalog, norm, index, original, clauses)
    if not learned or not classifier.reads(original):
        return _without_denials(hits, catalog)
    fitted = reader if reader is not None else classifier.load()
    if fitted is None:
        return _without_denials(hits, catalog)
    # The classifier reads the denials too: a principle they hold is not added against them.
    return _without_denials(
        _learned(hits, catalog, fitted, norm, index, original, clauses), catalog
    )


def _without_denials(hits: list[PrincipleHit], catalog: Catalog) -> list[PrincipleHit]:
    """`hits` without those of `negated: deny` detectors read the other way round: the words
    deny the breach ("他们不是骗子"), which is neither a breach nor a virtue."""
    prepared = _prepare(catalog)
    if not prepared.denying:
        return hits
    return [
        h
        for h in hits
        if (h.principle, h.detector) not in prepared.denying
        or prepared.polarity.get((h.principle, h.detector)) == h.polarity
    ]


def where_said(text: str, principle: str, polarity: str) -> str | None:
    """The trainee's own clause in `text` that the classifier reads `principle` kept or broken
    (`polarity`) in most surely, or None where there is no choosing (one clause, no classifier,
    no Chinese). What quotes a move's principle the words did not name themselves: the opening
    of an answer ("钱总，谢谢您的好意，茶叶和卡我都不能收…" for 收集与核实信息) is not where
    it asked for the papers (round thirty-seven's cold tryout)."""
    read = _clause_readings(text)
    if read is None:
        return None
    index, said = read
    key = (principle, polarity)
    clause, _ = max(said, key=lambda item: item[1].get(key, 0.0))
    return _evidence(text[:MAX_CHARS], index, clause, clause[0], clause[1])


def _detect(
    catalog: Catalog,
    norm: str,
    index: list[int] | None,
    original: str,
    clauses: list[tuple[int, int]],
) -> list[PrincipleHit]:
    """The patterns' and the example bank's hits in the normalised text (`index` maps it back
    to the `original` words)."""
    prepared = _prepare(catalog)
    sentences = list(_spans(norm, _SENTENCE_END))
    hits = _pattern_hits(prepared, norm, index, original, sentences, clauses)
    if prepared.bank is not None:
        hits.extend(_bank_hits(prepared, norm, original, index, sentences, clauses, hits))
    return hits
