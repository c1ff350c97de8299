"""A labelled horizontal bar for a 0…max value: trust, patience, an area's score."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static


def pad_cells(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal cells (wide characters count as two)."""
    return text + " " * max(0, width - cell_len(text))


class Meter(Static):
    """A bar like `信任 ██████░░░░  60`, coloured by how full it is."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "meter--low",
        "meter--mid",
        "meter--high",
        "meter--empty",
        "meter--label",
    }

    value: reactive[int | None] = reactive(None)
    """The current value; None shows an empty bar and a dash."""

    def __init__(
        self,
        label: str,
        value: int | None = None,
        maximum: int = 100,
        *,
        bar_width: int = 10,
        label_width: int = 0,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label
        """The label before the bar (UI text, never markup-parsed)."""
        self.maximum = max(1, maximum)
        """The value of a full bar."""
        self.bar_width = bar_width
        """The bar's width in cells."""
        self.label_width = label_width or cell_len(label)
        """The label column's width in cells, so stacked meters line up."""
        self.set_reactive(Meter.value, value)

    def render(self) -> Content:
        """The label, the bar and the number."""
        value = self.value
        filled = 0 if value is None else round(self.bar_width * max(0, value) / self.maximum)
        filled = min(self.bar_width, filled)
        share = 0.0 if value is None else value / self.maximum
        level = "meter--low" if share < 0.34 else "meter--mid" if share < 0.67 else "meter--high"
        number = "—" if value is None else str(value)
        return Content.assemble(
            (pad_cells(self.label, self.label_width) + " ", self.get_visual_style("meter--label")),
            ("█" * filled, self.get_visual_style(level)),
            ("░" * (self.bar_width - filled), self.get_visual_style("meter--empty")),
            f" {number:>3}",
        )
