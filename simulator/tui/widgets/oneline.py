"""A one-line text box that keeps the whole of a paste."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OneLineInput(Input):
    """An Input that takes a pasted block of lines whole, its lines joined with a space.

    Textual's Input keeps only the first line of a paste and drops the rest without a word:
    a three-line answer, or a coach's note, lost two lines (round thirty-seven)."""

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # not Input's own handler as well
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if not text:
            return
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)
