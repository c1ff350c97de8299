"""Text as the detectors read it: normalised (NFKC, casefolded, straight apostrophes), its
first `MAX_CHARS` characters only, cut into sentences and clauses, with the map back to the
trainee's own characters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from simulator import dialect

#: Only this many characters of an answer are read (a trainee's answer is a few sentences).
MAX_CHARS = 2000

#: What may follow an answer's last sentence (`Detector.last`).
_AFTER_LAST = " \t\n。.!！?？…~～"

# Sentences end at 。!?; a newline, an ellipsis, or a full stop followed by a space or the end
# (so "3.5%" stays whole). Clauses also end at commas that do not sit between digits ("1,000").
_SENTENCE_END = re.compile(r"[。!?;\n]|…+|\.(?=\s|$)")

_CLAUSE_END = re.compile(
    r"[。!?;\n:—–]|…+|\.(?=\s|$)|(?<!\d),|,(?!\d)|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])"
)

_TRIM = " \t,.;:!?\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f"

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def normalise(text: str) -> str:
    """The text as patterns see it: NFKC (half-width), casefolded, straight apostrophes."""
    return _normalise(text)[0]


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """Normalised text (written Cantonese read as Mandarin, `dialect`) and, when lengths
    changed, the original index of each character."""
    text = text[:MAX_CHARS]
    whole = _clean(text)
    index: list[int] | None = None
    if len(whole) != len(text):
        chars: list[str] = []
        index = []
        for position, char in enumerate(text):
            piece = _clean(char)
            chars.append(piece)
            index.extend([position] * len(piece))
        whole = "".join(chars)
    said, moved = dialect.rewrite(whole)
    if moved is not None:
        index = moved if index is None else [index[k] for k in moved]
    return said, index


def _clean(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    # Control characters other than newline and tab would only confuse the clause splitter.
    if folded.isprintable():
        return folded
    return "".join(c if c.isprintable() or c in "\n\t" else " " for c in folded)


def _spans(text: str, ends: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each piece of `text` between `ends`, the end mark included."""
    start = 0
    for mark in ends.finditer(text):
        yield start, mark.end()
        start = mark.end()
    if start < len(text):
        yield start, len(text)


def _next_word(text: str, position: int) -> int:
    """The first position at or after `position` that is not a mark or a space."""
    while position < len(text) and (text[position] in _TRIM or text[position].isspace()):
        position += 1
    return min(position, max(0, len(text) - 1))


def _next_clause_end(clauses: list[tuple[int, int]], text: str, end: int) -> int:
    """The end of the first clause after `end` that says something (`end` if none does)."""
    for start, stop in clauses:
        if start >= end and text[start:stop].strip(_TRIM + " "):
            return stop
    return end


def _clause_of(clauses: list[tuple[int, int]], position: int) -> tuple[int, int]:
    for start, end in clauses:
        if start <= position < end:
            return start, end
    return position, position
