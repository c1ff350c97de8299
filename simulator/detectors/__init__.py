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

import re
from collections.abc import Sequence

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
from simulator.wording import bigram_jaccard

__all__ = ["MAX_CHARS", "QUOTE_FLOOR", "detect", "normalise", "prepare", "said_as", "where_said"]


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


#: Under this, the classifier's surest clause for a principle is noise, not a reading: the
#: move's own clause is quoted instead (`said_as`). Round forty-four's cold tryout: a move
#: tagged 谨慎承诺 −1 (passing the blame to a colleague) was quoted on "我给您赔个不是", the
#: clause the classifier read it in at 0.057, the highest of five.
QUOTE_FLOOR = 0.2


def where_said(text: str, principle: str, polarity: str, floor: float = 0.0) -> str | None:
    """The trainee's own clause in `text` that the classifier reads `principle` kept or broken
    (`polarity`) in most surely, or None where there is no choosing (one clause, no classifier,
    no Chinese) or it reads it nowhere at `floor` or more. What quotes a move's principle the
    words did not name themselves: the opening of an answer ("钱总，谢谢您的好意，茶叶和卡我都不
    能收…" for 收集与核实信息) is not where it asked for the papers (round thirty-seven's cold
    tryout)."""
    read = _clause_readings(text)
    if read is None:
        return None
    index, said = read
    key = (principle, polarity)
    clause, reading = max(said, key=lambda item: item[1].get(key, 0.0))
    if reading.get(key, 0.0) < floor:
        return None
    return _evidence(text[:MAX_CHARS], index, clause, clause[0], clause[1])


def said_as(text: str, phrasings: Sequence[str]) -> str | None:
    """The trainee's own clause in `text` that shares most (`wording.bigram_jaccard`) with one
    of a move's `phrasings`: where the words make the move. None where there is
    no choosing (one clause, no Chinese) or no clause shares a pair."""
    read = _clause_readings(text)
    if read is None:
        return None if classifier.reads(text[:MAX_CHARS]) else _said_in_words(text, phrasings)
    index, said = read
    norm = _normalise(text)[0]
    best, where = 0.0, None
    for clause, _reading in said:
        share = max(
            (bigram_jaccard(norm[clause[0] : clause[1]], p) for p in phrasings), default=0.0
        )
        if share > best:
            best, where = share, clause
    if where is None:
        return None
    return _evidence(text[:MAX_CHARS], index, where, where[0], where[1])


#: A sentence of words with no Chinese, with its closing mark.
_LATIN_SENTENCE = re.compile(r"[^.!?;]+[.!?;]*")
_LATIN_WORD = re.compile(r"[a-z0-9']+")


def _said_in_words(text: str, phrasings: Sequence[str]) -> str | None:
    """`said_as` for words with no Chinese: the sentence sharing most words with one of the
    `phrasings` (round forty-five's cold tryout: every principle of an English answer quoted its
    opening, "Thanks Mr. Qian…"). None for one sentence, or where no sentence shares a word."""
    sentences = [m.group(0).strip() for m in _LATIN_SENTENCE.finditer(text[:MAX_CHARS])]
    sentences = [s for s in sentences if _LATIN_WORD.search(s.casefold())]
    if len(sentences) < 2:
        return None
    targets = [set(_LATIN_WORD.findall(p.casefold())) for p in phrasings if p]
    best, where = 0.0, None
    for sentence in sentences:
        words = set(_LATIN_WORD.findall(sentence.casefold()))
        share = max((len(words & t) / len(words | t) for t in targets if words | t), default=0.0)
        if share > best:
            best, where = share, sentence
    return where


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
