"""Commands a trainee types where an answer goes: "q", "/quit", ":q", "/h", "/undo".

Line mode and the app read them the same way, before the words are taken as an answer: a
command said to the client cost patience ("/quit" met "你到底想说什么？"; round thirty-six's and
thirty-seven's cold tryouts). A word after "/" or ":" that is no command is named as none
(`unknown`), not said to the client either.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

Command = Literal["quit", "hint", "undo"]

QUIT_WORDS = frozenset({"q", "quit", "exit", "退出"})
HINT_WORDS = frozenset({"h", "?", "hint", "help", "提示"})
UNDO_WORDS = frozenset({"u", "undo", "撤销"})
#: The longest word after a "/" or ":" read as a command.
COMMAND_CHARS = 8


def command_of(typed: str) -> Command | Literal["unknown"] | None:
    """The command `typed` is ("unknown" for a "/word" that is none), or None for words to be
    read as an answer."""
    word = unicodedata.normalize("NFKC", typed).strip().lower()
    slashed = word[:1] in ("/", ":") and 1 < len(word) <= COMMAND_CHARS + 1
    if slashed:
        word = word[1:]
        if not (word.isalpha() or word == "?"):
            return None  # a slash inside words, a date, "/ 我觉得…"
    if word in QUIT_WORDS:
        return "quit"
    if word in HINT_WORDS:
        return "hint"
    if word in UNDO_WORDS:
        return "undo"
    return "unknown" if slashed else None
