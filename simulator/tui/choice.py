"""Which of these did you mean? A short list over the current screen; Escape cancels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from simulator.tui.widgets.wrapped import Wrapped

CANCEL = "\0cancel"


class ChoiceDialog(ModalScreen[str | None]):
    """Offer `choices` as (id, text); dismisses with the chosen id, or None."""

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], cancel: str) -> None:
        super().__init__()
        self.title_text = title
        """The question, in UI words."""
        self.choices = list(choices)
        """(id, text) pairs; the text is scenario text, shown literally."""
        self.cancel = cancel
        """The label of the "none of these" line."""

    def compose(self) -> ComposeResult:
        """The question and the choices, lettered a, b…."""
        options = [
            # Lettered like the option list is numbered; the text hangs under its first word.
            Option(
                Wrapped(Content.assemble((f"{chr(ord('a') + i)}. ", "bold"), text), hang=3),
                id=choice_id,
            )
            for i, (choice_id, text) in enumerate(self.choices)
        ]
        options.append(Option(Wrapped(self.cancel), id=CANCEL))
        with Vertical(id="dialog"):
            yield Static(Wrapped(self.title_text), id="question")
            yield OptionList(*options, id="choices", markup=False)

    def on_key(self, event: events.Key) -> None:
        """Letters a, b… pick directly."""
        character = event.character
        if character and "a" <= character <= "i":
            index = ord(character) - ord("a")
            if index < len(self.choices):
                self.dismiss(self.choices[index][0])

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(None if event.option_id == CANCEL else event.option_id)

    def action_cancel(self) -> None:
        """None of these."""
        self.dismiss(None)
