"""The numbered moves the trainee can pick; digits 1–9 choose directly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from simulator import render
from simulator.safetext import safe_text
from simulator.tui.widgets.wrapped import Wrapped


def option_number(text: str) -> int | None:
    """The 1-based option number `text` names ("3", "３", " 3 ", "3.", "（3）"), or None."""
    number = render.option_number(text)
    return number if number is not None and 1 <= number <= 99 else None


def numbered(n: int) -> str:
    """The number before an option: "3. " whatever the text (GB/T 15834: 阿拉伯数字序号后用
    下脚点), so a list never mixes "2." with "1．"; the text's lines hang under its first word.
    """
    return f"{n}. "


class OptionPicker(OptionList):
    """An OptionList of the node's options, numbered in display order."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"pick({n})", f"#{n}", show=False) for n in range(1, 10)
    ]

    @dataclass
    class OptionChosen(Message):
        """The trainee picked the option with `option_id`."""

        option_id: str

    @dataclass
    class NoSuchOption(Message):
        """A digit named no option on the list (the screen says so)."""

        number: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._ids: list[str] = []

    def show_moves(self, moves: Sequence[tuple[str, str]]) -> None:
        """Replace the list with `moves` as (option id, text); the text is shown literally."""
        self._ids = [option_id for option_id, _ in moves]
        moves = [(option_id, safe_text(text)) for option_id, text in moves]
        self.clear_options()
        self.add_options(
            Option(
                Wrapped(Content.assemble((numbered(n), "bold"), text), hang=cell_len(numbered(n))),
                id=option_id,
            )
            for n, (option_id, text) in enumerate(moves, start=1)
        )
        if moves:
            self.highlighted = 0

    def option_at(self, number: int) -> str | None:
        """The id of option `number` (1-based), or None when there is none."""
        return self._ids[number - 1] if 1 <= number <= len(self._ids) else None

    def action_pick(self, number: int) -> None:
        """Choose option `number` directly."""
        option_id = self.option_at(number)
        if option_id is not None:
            self.highlighted = number - 1
            self.post_message(self.OptionChosen(option_id))
        else:
            self.post_message(self.NoSuchOption(number))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.post_message(self.OptionChosen(event.option_id))
