"""A Textual Visual that lays Chinese text out by cell with the CJK line-breaking rules.

Textual's Content wraps at spaces only; `Wrapped` breaks each line where
`simulator.linebreak` allows (between Chinese characters, never before closing punctuation,
never inside a number or a Latin word) and hands Content lines that already fit to Textual, so
styles, alignment and selection still work as for any Content.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from simulator.linebreak import line_spans

#: The narrowest a wrapped text asks to be when a layout shrinks it (it breaks anywhere).
MINIMAL_WIDTH = 8


class Wrapped(Visual):
    """`content` broken into lines by the CJK rules; `hang` indents the lines after the first."""

    def __init__(self, content: Content | str, *, hang: int = 0) -> None:
        self.content = content if isinstance(content, Content) else Content(content)
        """What is shown: literal text with styles, never markup."""
        self.hang = hang
        """Cells by which continuation lines are indented (under an option's text)."""
        self._lines: dict[int, Content] = {}

    def __str__(self) -> str:
        return self.content.plain

    @property
    def plain(self) -> str:
        """The text without styles."""
        return self.content.plain

    def at(self, width: int) -> Content:
        """The content with a line break wherever a line ends at `width` cells."""
        laid = self._lines.get(width)
        if laid is None:
            lines: list[Content] = []
            indent = Content(" " * self.hang)
            for paragraph in self.content.split("\n", allow_blank=True):
                for k, (start, end) in enumerate(line_spans(paragraph.plain, width, self.hang)):
                    piece = paragraph[start:end]
                    lines.append(indent + piece if k else piece)
            laid = Content("\n").join(lines)
            self._lines[width] = laid
        return laid

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """Draw the lines laid out at `width`."""
        if options.rules.get("text_wrap", "wrap") == "nowrap":  # one line, cut with an ellipsis
            return self.content.render_strips(width, height, style, options)
        pad = options.rules.get("line_pad", 0) * 2
        return self.at(width - pad).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """As wide as the longest paragraph."""
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """Chinese breaks almost anywhere, so a narrow width loses nothing."""
        return min(self.content.get_minimal_width(rules), MINIMAL_WIDTH)

    def get_height(self, rules: RulesMap, width: int) -> int:
        """The number of lines at `width`."""
        if rules.get("text_wrap", "wrap") == "nowrap":
            return self.content.get_height(rules, width)
        pad = rules.get("line_pad", 0) * 2
        return self.at(width - pad).get_height(rules, width)
