"""Quotations of an option put as the trainee's own words.

A coach's feedback or a debrief paragraph written for an option quotes the option ("\"我做主\"
是越权", 一开场那句"行长打招呼没用"…). When the trainee made that move in other words, the
quotation would put the menu's words in their mouth: each quotation of the option (the whole
of it, or a part of at least `QUOTED_LEAST` characters) that the typed words do not hold is put
as the typed words instead. A text that says what the move did without quoting it gets the
trainee's words after it, so that what it says of them can be checked against what they said
(round thirty-six's cold tryout: "双录时你把风险揭示一条条念清楚" after words that did less).
"""

from __future__ import annotations

import re

from simulator.model import Text

#: A quotation: 「…」, “…” or "…".
_QUOTED = re.compile(r"「([^」]+)」|“([^”]+)”|\"([^\"]+)\"")
#: A quotation shorter than this is a word, not something said.
QUOTED_LEAST = 3


def quoting(paragraph: str, option: str, words: str, typed: str, marks: str) -> str:
    """`paragraph` with each quotation of `option` (the whole of it, or a part of it the typed
    words do not hold) put as the trainee's `words`, between `marks`."""

    def own(match: re.Match[str]) -> str:
        quoted = next(g for g in match.groups() if g is not None)
        of_option = quoted == option or (
            len(quoted) >= QUOTED_LEAST and quoted.lower() in option.lower()
        )
        if not of_option or quoted.lower() in typed.lower() or _quotes(option, quoted):
            # (Words the option itself quotes are someone's earlier words: "前面说满的'没问
            # 题'" is about the promise before, not the retraction that names it.)
            return match.group(0)
        return f"{marks[0]}{words}{marks[1]}"

    return _QUOTED.sub(own, paragraph)


def _quotes(option: str, quoted: str) -> bool:
    """Does `option` quote `quoted` itself ("前面我说的'没问题'…")?"""
    return any(f"{a}{quoted}{b}" in option for a, b in _MARKS)


#: The quotation marks an option's text may quote with.
_MARKS = (("「", "」"), ("\u201c", "\u201d"), ('"', '"'), ("\u2018", "\u2019"), ("'", "'"))


def own_quotes(text: Text, option: Text, words: str, typed: str) -> Text:
    """`text`, written for `option`, with its quotations of the option put as the trainee's
    `words` (what they typed, `typed`, as it is quoted)."""
    zh = quoting(text.zh, option.zh, words, typed, "「」")
    en = text.en
    if en and option.en:
        en = quoting(en, option.en, words, typed, "\u201c\u201d")
    return Text(zh, en)


def in_own_words(text: Text, option: Text, words: str, typed: str) -> Text:
    """`own_quotes`, and a text that quotes nothing the trainee said ends with their words:
    what it says of the move can be held against what they said."""
    own = own_quotes(text, option, words, typed)
    zh, en = own.zh, own.en
    if zh and f"「{words}」" not in zh:
        zh = f"{zh}（你说的是：「{words}」）"
    if en and f"\u201c{words}\u201d" not in en:
        en = f"{en} (Your words: \u201c{words}\u201d)"
    return Text(zh, en)
