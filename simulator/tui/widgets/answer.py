"""The trainee's text box: free words, or a digit that picks an option at once."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import Input

from simulator.tui.widgets.options import option_number


class AnswerInput(Input):
    """An Input where a digit typed into an empty box picks that option straight away."""

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

    def _on_paste(self, event: events.Paste) -> None:
        # Textual's Input keeps only the first line of a paste and drops the rest without a
        # word (round thirty-seven: a three-line answer lost two lines). A pasted block is one
        # answer: its lines are joined with a space, the box having one line to show.
        event.stop()
        event.prevent_default()
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if not text:
            return
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)
