"""A yes/no question over the current screen, answered with the keyboard or the mouse."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from simulator.tui.widgets.wrapped import Wrapped


class ConfirmDialog(ModalScreen[bool]):
    """Ask `question`; dismisses with True for yes and False for no or Escape."""

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", show=False),
        Binding("y", "answer(True)", show=False),
        Binding("n", "answer(False)", show=False),
    ]

    def __init__(self, title: str, body: Content, yes: str, no: str) -> None:
        super().__init__()
        self.title_text = title
        """The question, in UI words."""
        self.body = body
        """What it is about (may quote scenario text, so it is Content, never markup)."""
        self.yes = yes
        """The yes button's label."""
        self.no = no
        """The no button's label."""

    def compose(self) -> ComposeResult:
        """The question, the detail and two buttons."""
        with Vertical(id="dialog"):
            yield Static(Wrapped(self.title_text), id="question")
            yield Static(Wrapped(self.body), id="body")
            with Horizontal(id="buttons"):
                yield Button(Content(self.yes), id="yes", variant="primary")
                yield Button(Content(self.no), id="no")

    def on_mount(self) -> None:
        """Yes is the default."""
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer with the keyboard."""
        self.dismiss(yes)
