"""Problems found in coach-written files, each with a stable code, a place and a fix hint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulator.model import NOWHERE, Location

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one file: `PAR040 jump to undefined node or ending` at file:line:column."""

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


#: The diagnostics catalog: code -> (severity, short title). Codes are stable; never reuse one.
#: docs/diagnostics.md documents each with an example and the fix.
CODES: dict[str, tuple[Severity, str]] = {
    # Reading the file
    "PAR000": ("error", "internal error while reading a file"),
    "PAR001": ("error", "file cannot be read"),
    "PAR002": ("error", "file too large"),
    "PAR003": ("error", "not UTF-8 text"),
    "PAR004": ("error", "YAML syntax error"),
    "PAR005": ("error", "duplicate key"),
    "PAR006": ("error", "anchor or alias"),
    "PAR007": ("error", "nesting too deep"),
    "PAR008": ("error", "YAML tag"),
    "PAR009": ("error", "top level is not a mapping"),
    "PAR010": ("error", "key is not plain text"),
    # Fields of one file
    "PAR020": ("error", "missing required field"),
    "PAR021": ("error", "wrong type"),
    "PAR022": ("error", "unknown key"),
    "PAR023": ("warning", "missing translation"),
    "PAR024": ("error", "missing Chinese text"),
    "PAR025": ("error", "invalid value"),
    "PAR026": ("error", "expression syntax error"),
    "PAR027": ("error", "invalid detector pattern"),
    "PAR028": ("error", "duplicate id in a file"),
    "PAR029": ("error", "undeclared variable"),
    "PAR030": ("error", "expression type error"),
    "PAR031": ("error", "value outside bounds"),
    "PAR032": ("error", "persona trait outside 0-100"),
    "PAR033": ("error", "principle with unknown area"),
    "PAR034": ("error", "variant with unknown mood"),
    # References and the graph
    "PAR040": ("error", "jump to undefined node or ending"),
    "PAR041": ("error", "unknown persona"),
    "PAR042": ("error", "unknown principle"),
    "PAR043": ("error", "duplicate scenario id"),
    "PAR044": ("error", "duplicate persona id"),
    "PAR045": ("error", "unreachable node or ending"),
    "PAR046": ("error", "no ending reachable"),
    "PAR047": ("error", "node without options"),
    "PAR048": ("error", "red-line option not leading to a fail ending"),
    "PAR049": ("error", "conditional next without a fallback"),
    "PAR050": ("error", "catalog missing a fixed principle"),
    "PAR051": ("error", "no principle catalog"),
    # Reusable sub-dialogues (detours)
    "PAR052": ("error", "unknown dialogue"),
    "PAR053": ("error", "dialogue variable not declared by the caller"),
    "PAR054": ("error", "recursive detour"),
    "PAR055": ("error", "return outside a dialogue"),
    "PAR056": ("error", "dialogue cannot return"),
    "PAR057": ("error", "duplicate dialogue id"),
    "PAR058": ("error", "detector pattern with nested repetition"),
    # Chinese text and what the client says (warnings)
    "PAR060": ("warning", "half-width punctuation in Chinese text"),
    "PAR061": ("error", "unknown option in after, chose or avoided"),
    "PAR062": ("warning", "line keyed on an answer that never leads to its node"),
    "PAR063": ("warning", "success debrief reachable through a trap it does not mention"),
    "PAR064": ("warning", "space after Chinese punctuation"),
    # Warnings
    "PAR070": ("warning", "option without principle tags"),
    "PAR071": ("warning", "option without feedback"),
    "PAR072": ("warning", "node with a single option"),
    "PAR073": ("warning", "principle in focus never touched"),
    "PAR074": ("warning", "missing English text"),
    "PAR075": ("warning", "id not lower_snake_case"),
    "PAR076": ("warning", "no success ending"),
    "PAR077": ("warning", "option without example phrasings"),
    # Warnings from static analysis of play (simulator/analysis.py)
    "PAR078": ("warning", "ending never reached in play"),
    "PAR079": ("warning", "success ending reachable with a low grade"),
    "PAR080": ("warning", "fail ending reachable with a high grade"),
    "PAR081": ("warning", "options too alike for free text"),
    "PAR082": ("warning", "score analysis capped"),
    # Conditions and coverage (options with `if:`, variants, rules, moods)
    "PAR083": ("warning", "condition that can never hold"),
    "PAR084": ("warning", "node reached with no option on offer"),
    "PAR085": ("warning", "a coach's file shadows a bundled one"),
    "PAR086": ("warning", "option never offered in play"),
    # free text: what the detectors and the matcher make of an option's own phrasings
    "PAR100": ("warning", "an option's words contradict its principle tags"),
    "PAR101": ("warning", "a counter-example that does not work"),
    # playthrough tests (*.test.yaml)
    "PAR090": ("error", "malformed playthrough test"),
    "PAR091": ("error", "playthrough for an unknown scenario"),
    "PAR092": ("error", "playthrough step names an unknown option"),
    "PAR093": ("error", "playthrough expects something the scenario does not have"),
}


def diagnostic(code: str, message: str, location: Location = NOWHERE, hint: str = "") -> Diagnostic:
    """A Diagnostic whose severity comes from the catalog entry of `code`."""
    return Diagnostic(code, CODES[code][0], message, location, hint)


class ContentError(Exception):
    """Raised when content cannot be used; carries every diagnostic found, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))
