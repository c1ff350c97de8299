"""Help: the keys and what the scores mean."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from simulator.i18n import t
from simulator.model import Lang
from simulator.tui.widgets.wrapped import Wrapped


class HelpScreen(ModalScreen[None]):
    """A dismissable panel over the current screen."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "help.close")]

    @property
    def lang(self) -> Lang:
        """The UI language."""
        return self.app.lang  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        """Keys first, then the scoring."""
        lang = self.lang
        with VerticalScroll(id="help"):
            keys = Static(Wrapped(t("help.key_lines", lang)), id="keys")
            keys.border_title = Content(t("help.keys", lang))
            yield keys
            scores = Static(Wrapped(t("help.score_lines", lang)), id="scores")
            scores.border_title = Content(t("help.scores", lang))
            yield scores
        yield Static(Content("Esc · " + t("help.close", lang)), id="close")

    async def relabel(self) -> None:
        """Redraw in the app's new language."""
        await self.recompose()

    def action_close(self) -> None:
        """Back to where the trainee was."""
        self.dismiss(None)
