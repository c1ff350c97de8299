"""The trainee's text box: free words, or a digit that picks an option at once."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message

from simulator.tui.widgets.oneline import OneLineInput
from simulator.tui.widgets.options import option_number


class AnswerInput(OneLineInput):
    """An Input where a digit typed into an empty box picks that option straight away (and a
    pasted block of lines is one answer, `OneLineInput`)."""

    @dataclass
    class NumberPressed(Message):
        """A digit 1–9 was typed into the empty box."""

        number: int

    async def _on_key(self, event: events.Key) -> None:
        # Only an empty box turns a digit into a choice; a number followed by Enter works
        # everywhere. prevent_default stops Textual from also calling Input._on_key, which it
        # otherwise dispatches after this one.
        number = option_number(event.character or "") if not self.value else None
        if number is not None and number <= 9:
            event.stop()
            event.prevent_default()
            self.post_message(self.NumberPressed(number))
