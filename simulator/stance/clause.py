"""A clause of an answer and the stance it takes (affirm, negate, ask or suppose)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StanceKind = Literal["affirm", "negate", "ask", "condition"]


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of an answer and the stance it takes."""

    text: str
    start: int  # offset in the text given to `clauses`
    negated: tuple[bool, ...]  # per character: inside a negation's scope
    question: bool
    condition: bool
    #: A move asked back or named, then refused by what follows ("四十万全买一个理财？" before
    #: "那可使不得"): what the words refuse, not what they say.
    refused: bool = False

    @property
    def kind(self) -> StanceKind:
        """The clause's stance: a question or a condition first, then negated or affirmed."""
        if self.question:
            return "ask"
        if self.condition:
            return "condition"
        return "negate" if any(self.negated) else "affirm"

    def reversed(self) -> Clause:
        """The clause said the other way round (its negations turned back), as a refusal after
        it reads it; it is asked no more."""
        return Clause(self.text, self.start, tuple(not m for m in self.negated), False, False)

    def denied(self) -> Clause:
        """The clause denied whole: a topic the trainee refuses, words taken back."""
        return Clause(self.text, self.start, (True,) * len(self.text), self.question, False)
