"""Half-width punctuation in Chinese text, and its full-width fix.

Chinese is written with full-width punctuation (，：？！；（）). A half-width `,` `:` `?` `!`
`;` `(` `)` next to a Chinese character reads as a typo to a Chinese reader and lets a terminal
break a line before it. A mark counts as "in Chinese" when the nearest character on either side
that is not a space is Chinese (a Han character, CJK punctuation, a full-width form or the
curly double quotes “”; not … · — which English uses too); a pair of parentheses goes
full-width together. So `1,000`, `10:30`, `R2`, `(R2)` alone or an ASCII `OK?` stay as they
are, while `好,谢谢`, `40 万, 好` and `R2 (中低风险)`
are reported. The full stop is left alone: `.` also writes decimals, versions and `...`.
"""

from __future__ import annotations

import re

#: half-width mark -> its full-width form
FULL_WIDTH: dict[str, str] = {
    ",": "，",
    ":": "：",
    "?": "？",
    "!": "！",
    ";": "；",
    "(": "（",
    ")": "）",
}

_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\u201c\u201d]")
_MARKS = re.compile(r"[,:?!;()]")
# Cheap first test: most texts have no half-width mark at all, and loading stays fast.
_ANY_MARK = re.compile(r"[,:?!;()]")


def letters(text: str) -> int:
    """How many letters and digits (of any script) `text` holds: what a clause says, without
    its punctuation and spaces."""
    return sum(1 for c in text if c.isalnum())


def _is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character before (step -1) or after (step +1) `index` that is not a space
    nor a straight quotation mark (`说"好",` has 好 before its comma)."""
    i = index + step
    while 0 <= i < len(text) and text[i] in " \t\"'":
        i += step
    return text[i] if 0 <= i < len(text) else ""


def half_width_spots(text: str) -> list[int]:
    """The indexes of half-width marks in `text` that stand in Chinese text (see module doc)."""
    if not _ANY_MARK.search(text) or not _CJK.search(text):
        return []
    flagged: set[int] = set()
    for match in _MARKS.finditer(text):
        i = match.start()
        if _is_cjk(_neighbour(text, i, -1)) or _is_cjk(_neighbour(text, i, +1)):
            flagged.add(i)
    # A pair of parentheses is one mark: "（R2）" is right, "（R2)" is not.
    opened: list[int] = []
    for match in re.finditer(r"[()]", text):
        i = match.start()
        if text[i] == "(":
            opened.append(i)
        elif opened:
            j = opened.pop()
            if i in flagged or j in flagged:
                flagged.update((i, j))
    return sorted(flagged)


def full_width(text: str) -> str:
    """`text` with every reported half-width mark made full-width, without the spaces around it."""
    # A fixed mark can make its neighbour Chinese (`"好"?(` → `"好"?（`): repeat until stable.
    for _ in range(len(text)):
        fixed = _full_width_once(text)
        if fixed == text:
            break
        text = fixed
    return text


def _full_width_once(text: str) -> str:
    spots = half_width_spots(text)
    if not spots:
        return text
    out: list[str] = []
    last = 0
    for i in spots:
        before = text[last:i]
        # spaces between a word and the mark go; the indentation that starts a line stays
        stripped = before.rstrip(" \t")
        if (stripped and stripped[-1] != "\n") or (not stripped and last > 0):
            before = stripped
        out.append(before)
        out.append(FULL_WIDTH[text[i]])
        last = i + 1
        while last < len(text) and text[last] in " \t":
            last += 1
    out.append(text[last:])
    return "".join(out)


# A space after full-width punctuation, before more Chinese: usually a line break inside a folded
# (`>-`) YAML block, which YAML turns into a space.
_SPACED = re.compile(
    "[\u3001\u3002\uff0c\uff1a\uff1b\uff01\uff1f\uff09\u300d\u201d] +"
    "[\u3400-\u4dbf\u4e00-\u9fff\u201c\u300c\uff08]"
)


def spaced_spots(text: str) -> list[int]:
    """The indexes of spaces after full-width punctuation and before more Chinese (`。 她`)."""
    if " " not in text:
        return []
    return [m.start() + 1 for m in _SPACED.finditer(text)]


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, its last one an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Where a quote of the trainee's words may end early: after a clause.
_CLAUSE_END = frozenset("，。！？；、,.!?;：:")


def clip_said(text: str, limit: int) -> str:
    """What the trainee said, cut to `limit` characters at the end of a clause when one ends
    in the second half of what fits ("放心吧钱总，包在我身上，一千八下周肯定批" → "放心吧钱总，
    包在我身上…"), else mid-clause like `clip`: a quote should not stop mid-phrase.

    `limit` counts Chinese characters: words in Latin letters take twice as many to say as
    much, so mostly-Latin words get twice the room, and are never cut inside a word ("…put in
    a w…" was; round thirty-three's cold tryout)."""
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if latin > len(text) // 2:
        limit *= 2
    if len(text) <= limit:
        return text
    room = text[: limit - 1]
    for end in range(len(room), (limit - 1) // 2, -1):
        if room[end - 1] in _CLAUSE_END:
            return room[: end - 1] + "…"
    following = text[limit - 1]
    if room[-1].isascii() and following.isascii():
        if following == " " or room[-1] == " ":
            return room.rstrip() + "…"  # the cut falls between words
        space = room.rfind(" ")
        if space > (limit - 1) // 2:
            return room[:space].rstrip() + "…"
    return clip(text, limit)


def excerpt(text: str, index: int, width: int = 8) -> str:
    """A few characters either side of `index`, for a message that shows the spot."""
    start = max(0, index - width)
    end = min(len(text), index + width + 1)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
