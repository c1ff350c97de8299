"""What the screens tell the app: past-tense messages that move the trainee between screens.

Data down, messages up: a screen (or the command palette) posts one of these and the app,
which owns the library and builds every session, handles it. No screen imports the app.
Screens read the app's data (`lang`, `shelf`) through Textual's `self.app`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from simulator.engine import Mode, Session
    from simulator.transcript import Transcript


@dataclass
class ScenarioChosen(Message):
    """The trainee chose a scenario: its briefing is next."""

    scenario_id: str


@dataclass
class ResumeChosen(Message):
    """The trainee chose to continue an unfinished session."""

    transcript: Transcript


@dataclass
class ModeChosen(Message):
    """The trainee chose practice or assessment: a new session of the scenario starts."""

    scenario_id: str
    mode: Mode


@dataclass
class ConversationClosed(Message):
    """The trainee closed a finished conversation: its scorecard is next."""

    session: Session
    transcript: Path | None


@dataclass
class LibraryAsked(Message):
    """The trainee asked for the library (leaving a session, a scorecard, the palette)."""
