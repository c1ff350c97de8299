"""A trainee's name as typed at a shared server: cleaned and checked before it is recorded.

The name is data: it goes into transcripts, the history and xAPI statements, so it must not
carry control characters (which would reach terminals that list it), and it must be short
enough to sit in a table column.
"""

from __future__ import annotations

import unicodedata

#: The longest name accepted, in terminal cells (a CJK character takes two).
MAX_NAME_CELLS = 40


def cells(text: str) -> int:
    """Terminal cells `text` takes: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def check_name(raw: str) -> tuple[str, str | None]:
    """The name cleaned (spaces collapsed) and the i18n key of what is wrong with it, or None."""
    name = " ".join(raw.split())
    if not name:
        return name, "name.empty"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in name):
        return name, "name.bad_char"
    if cells(name) > MAX_NAME_CELLS:
        return name, "name.too_long"
    return name, None
