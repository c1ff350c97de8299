"""Line breaking for Chinese (and mixed) text in terminal cells, with the CJK rules (禁则).

Textual wraps at spaces only, so a Chinese sentence (one long "word") either drops whole to the
next line, leaving a half-empty line behind a number or a Latin word ("我那 40 / 万定期"), or is
folded at the edge, which can start a line with "，" or "）". Here a line may break between any
two Chinese characters, at spaces, and never:

- before a character that may not start a line (，。、：；？！）」』》… and their half-width kin);
- after a character that may not end a line (（「『《 and opening quotes);
- inside a run of Latin letters and digits (a word, a number: "R2", "2,000", "40%"), nor
  between a number and the Chinese unit after it ("40万"), unless the word alone is wider than
  the line.

Widths are terminal cells (East Asian wide and full-width characters take two). Pure functions:
the faces (TUI widgets, plain mode) apply the result to their own text objects.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Characters that must not begin a line (closing punctuation, pauses, small kana, ellipsis).
NO_LINE_START = frozenset(
    "，。、：；？！）」』》〉】〕］｝〗〙〛’”…‥—～·・ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ"
    ",.:;?!)]}%％‰℃"
)
#: Characters that must not end a line (opening brackets and quotes).
NO_LINE_END = frozenset("（「『《〈【〔［｛〖〘〚‘“([{")
#: Characters that form a unit when doubled ("……", "——") and are never split apart.
PAIRED = frozenset("…—")


@lru_cache(maxsize=4096)
def char_cells(char: str) -> int:
    """The cells `char` takes in a terminal: 2 for wide and full-width, 0 for combining marks."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    """The cells `text` takes in a terminal."""
    return sum(char_cells(c) for c in text)


def _is_word_char(char: str) -> bool:
    """Part of a Latin word or a number ("3.85%", "10,000", "R2"): narrow and not a space."""
    return char_cells(char) == 1 and not char.isspace()


def _atoms(text: str) -> list[tuple[int, int]]:
    """`text` cut into the pieces a line may break between, as (start, end) offsets."""
    atoms: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        j = i + 1
        if char.isspace():
            while j < n and text[j].isspace():
                j += 1
        elif _is_word_char(char):
            while j < n and (_is_word_char(text[j]) or char_cells(text[j]) == 0):
                j += 1
        elif char in PAIRED:
            while j < n and text[j] == char:
                j += 1
        # Combining marks stay with the character before them.
        while j < n and char_cells(text[j]) == 0 and not text[j].isspace():
            j += 1
        atoms.append((i, j))
        i = j
    return atoms


def _may_break(text: str, atoms: list[tuple[int, int]], k: int) -> bool:
    """Whether a new line may begin at atom `k` (spaces at the break are dropped)."""
    left, right = k - 1, k
    spaced = False
    while right < len(atoms) and text[atoms[right][0]].isspace():
        right, spaced = right + 1, True
    while left >= 0 and text[atoms[left][0]].isspace():
        left, spaced = left - 1, True
    if left < 0 or right >= len(atoms):
        return True
    last, first = text[atoms[left][1] - 1], text[atoms[right][0]]
    if first in NO_LINE_START:
        return False
    # A number keeps its unit ("40万", "40 万", "3 年").
    number = text[atoms[left][0] : atoms[left][1]]
    if (
        char_cells(first) == 2
        and number.isascii()
        and number.replace(",", "").replace(".", "", 1).isdigit()
    ):
        return False
    return spaced or last not in NO_LINE_END


def line_spans(text: str, width: int, hang: int = 0) -> list[tuple[int, int]]:
    """Where each line of `text` (a single paragraph, no newline) starts and ends at `width`.

    With `hang`, lines after the first have `hang` cells less (the face indents them, e.g.
    under the text of a numbered option rather than under its number).

    Spaces where a line breaks are dropped (neither end nor begin a line); a paragraph's own
    leading spaces are kept. A run that cannot be broken and is wider than the line is cut
    at the edge, which is the only way a rule may be broken.
    """
    if width <= 0 or cells(text) <= width:
        return [(0, len(text))]
    atoms = _atoms(text)
    first_width, width = width, max(1, width - hang)
    spans: list[tuple[int, int]] = []
    first = 0  # index of the first atom of the current line
    used = 0  # cells used on the current line
    i = 0
    while i < len(atoms):
        start, end = atoms[i]
        size = cells(text[start:end])
        is_space = text[start].isspace()
        room = width if spans else first_width
        if used + size <= room or is_space:
            used += size  # a space past the edge is dropped if the line breaks there
            i += 1
            continue
        # Look back for the last place the rules allow a break, within this line.
        cut = i
        while cut > first and not _may_break(text, atoms, cut):
            cut -= 1
        if cut == first:
            # No allowed break on the whole line: cut the atom (or the line) at the edge.
            if i == first:
                cut_at = _fit(text, start, end, room)
                spans.append((start, cut_at))
                atoms[i] = (cut_at, end)
                used = 0
                continue
            cut = i
        spans.append(_trimmed(text, atoms[first][0], atoms[cut][0]))
        while cut < len(atoms) and text[atoms[cut][0]].isspace():
            cut += 1
        first, used = cut, 0
        i = cut
    if first < len(atoms):
        tail = _trimmed(text, atoms[first][0], len(text))
        if tail[1] > tail[0] or not spans:
            spans.append(tail)
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without the spaces at the end of the line."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _fit(text: str, start: int, end: int, width: int) -> int:
    """The offset where `text[start:end]` fills `width` cells (at least one character)."""
    used = 0
    for k in range(start, end):
        used += char_cells(text[k])
        if used > width:
            return max(k, start + 1)
    return end


def wrap(text: str, width: int, hang: int = 0) -> list[str]:
    """`text` as lines of at most `width` cells, paragraph breaks ("\\n") kept.

    With `hang`, the lines after the first of each paragraph are indented by `hang` spaces.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        spans = line_spans(paragraph, width, hang)
        lines += [(" " * hang if k else "") + paragraph[s:e] for k, (s, e) in enumerate(spans)]
    return lines
