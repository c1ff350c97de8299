"""What a hit quotes and says: the trainee's own clause around a match (never cut inside a word
or a quotation), and the hit itself, with its principle, weight, why and citation."""

from __future__ import annotations

import re

from simulator.detectors.compiled import _Compiled
from simulator.detectors.text import _TRIM
from simulator.model import Principle, Text, citation
from simulator.scoring import PrincipleHit

#: Evidence longer than this is cut to a span around the match.
EVIDENCE_CHARS = 40


def _evidence(
    original: str, index: list[int] | None, clause: tuple[int, int], start: int, end: int
) -> str:
    """The trainee's own words: the clause of the match, cut around it when long."""

    def back(position: int) -> int:
        if index is None:
            return position
        if position >= len(index):
            return len(original)
        return index[position]

    c_start, c_end = back(clause[0]), back(clause[1])
    m_start, m_end = back(start), back(end)
    c_start, c_end = min(c_start, m_start), max(c_end, m_end)
    c_end = _quotation_closed(original, c_start, c_end)
    span = original[c_start:c_end]
    if len(span) > EVIDENCE_CHARS:
        lo = max(c_start, m_start - 15)
        hi = min(c_end, max(m_end, m_start + 1) + 15)
        # Not inside an English word: "…nestly I can't promise the full 18 mi…" is cut to
        # "…I can't promise the full 18…".
        while c_start < lo < m_start and _in_word(original, lo):
            lo += 1
        while max(m_end, m_start + 1) < hi < c_end and _in_word(original, hi):
            hi -= 1
        span = ("…" if lo > c_start else "") + original[lo:hi].strip() + ("…" if hi < c_end else "")
    span = "".join(c for c in span if c.isprintable())
    return span.strip(_TRIM) or original[m_start:m_end]


_CLOSES = {"“": "”", "「": "」", "『": "』"}


def _quotation_closed(original: str, start: int, end: int) -> int:
    """`end`, or past the mark that closes a quotation opened in `original[start:end]` when it
    is near: a clause cut inside a quotation ('一句“三百万肯定没问题，下周就放”') is quoted
    whole, marks and all."""
    span = original[start:end]
    for opening, closing in (*_CLOSES.items(), ('"', '"')):
        opened = (
            span.count(opening) > span.count(closing) if opening != '"' else span.count('"') % 2
        )
        if opened:
            found = original.find(closing, end, end + EVIDENCE_CHARS)
            if found >= 0:
                return found + 1
    return end


def _in_word(text: str, position: int) -> bool:
    """Does a cut at `position` fall between two letters or digits of one Latin word?"""
    before, after = text[position - 1], text[position]
    return before.isascii() and after.isascii() and before.isalnum() and after.isalnum()


def _hit(compiled: _Compiled, polarity: str, flipped: bool, evidence: str) -> PrincipleHit:
    principle, detector = compiled.principle, compiled.detector
    name = principle.name
    what = detector.explanation
    if flipped:
        what = Text(f"没有{what.zh}" if what.zh else "", f"not {what.en}" if what.en else "")
    cite = citation(principle)  # the seed's title for trainees; --json keeps the file
    verb = ("符合", "upholds") if polarity == "upholds" else ("违反", "breaks")
    zh = f"{verb[0]}「{name.zh}」" + (f"：{what.zh}" if what.zh else "") + cite.zh
    en = f"{verb[1]} '{name.en or name.zh}'" + (f": {what.en}" if what.en else "") + cite.en
    weight = detector.weight if polarity == "upholds" else -detector.weight
    return PrincipleHit(
        principle=principle.id,
        weight=weight,
        evidence=evidence,
        source="detector",
        explanation=Text(zh, en),
        detector=detector.id,
    )


def _learned_hit(principle: Principle, polarity: str, evidence: str) -> PrincipleHit:
    """A hit of the classifier alone: it names the principle the words read as, and says what
    keeping it is (the first part of its description), in a trainee's terms: "labelled
    practice answers" meant nothing to one (round twelve's cold tryout)."""
    zh, en = _gist(principle.description.zh), _gist(principle.description.en)
    kept = polarity == "upholds"
    verb = ("守住了", "keeping") if kept else ("违背了", "breaking")
    why = Text(
        f"这句话读起来{verb[0]}这一条" + (f"：{zh}" if zh else ""),
        f"the words read as {verb[1]} it" + (f": {en}" if en else ""),
    )
    return _named_hit(principle, polarity, evidence, why, "learned")


_GIST_END = re.compile(r"[；;。.!！]")


def _gist(description: str) -> str:
    """The first sentence or clause group of a description, without its full stop."""
    first = _GIST_END.split(description.strip(), maxsplit=1)[0].strip()
    return first[:1].lower() + first[1:] if first.isascii() else first


def _example_hit(principle: Principle, polarity: str, example: str, evidence: str) -> PrincipleHit:
    """A hit of the example bank: it says which typical answer the words are close to."""
    why = Text(f"与典型说法「{example}」相近", f'close to the typical answer "{example}"')
    return _named_hit(principle, polarity, evidence, why, "examples")


def _named_hit(
    principle: Principle, polarity: str, evidence: str, why: Text, detector: str
) -> PrincipleHit:
    """A hit worth one point that names the principle, says why, and cites its source."""
    name = principle.name
    cite = citation(principle)
    verb = ("符合", "upholds") if polarity == "upholds" else ("违反", "breaks")
    zh = f"{verb[0]}「{name.zh}」：{why.zh}" + cite.zh
    en = f"{verb[1]} '{name.en or name.zh}': {why.en}" + cite.en
    return PrincipleHit(
        principle=principle.id,
        weight=1 if polarity == "upholds" else -1,
        evidence=evidence,
        source="detector",
        explanation=Text(zh, en),
        detector=detector,
    )
