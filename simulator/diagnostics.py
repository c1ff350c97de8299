"""Problems found in coach-written files, each with a stable code, a place and a fix hint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulator.model import NOWHERE, Location

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one file: `PAR012 jump to undefined node` at file:line:column."""

    code: str
    severity: Severity
    message: str
    location: Location = NOWHERE
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity} {self.code}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class ContentError(Exception):
    """Raised when content cannot be used; carries every diagnostic found, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))
