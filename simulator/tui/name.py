"""Who is playing: the trainee's name, asked first when the app is served to browsers, and
once at the first start on a terminal account.

A browser visitor has no login name the server could use, and every transcript and history row
carries the trainee's name, so the served app asks for it before anything else. On a terminal
the login name is offered (Enter takes it), and the answer is kept in the settings, so a
training room's shared account or a login like "root" does not end up in the history. The
dialog checks the name (see `simulator.trainee.check_name`) and dismisses with it; Escape is
not offered, since nothing can be recorded without a name.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from simulator.i18n import t
from simulator.model import Lang
from simulator.trainee import MAX_NAME_CELLS, check_name


class NameDialog(ModalScreen[str]):
    """Ask the trainee's name; dismisses with the name, cleaned."""

    CSS_PATH = "name.tcss"

    def __init__(self, lang: Lang, offered: str = "") -> None:
        super().__init__()
        self.lang = lang
        """The UI language of the question."""
        self.offered = offered
        """A name offered in the box (the login name at a terminal), or "" (a visitor)."""

    def compose(self) -> ComposeResult:
        """The question, the answer box and a line for what is wrong with the answer."""
        with Vertical(id="dialog"):
            yield Static(Content(t("name.title", self.lang)), id="question")
            body = t("name.body_once" if self.offered else "name.body", self.lang)
            yield Static(Content(body), id="body")
            yield Input(
                self.offered,
                placeholder=t("name.placeholder", self.lang),
                max_length=MAX_NAME_CELLS * 2,
                id="name",
            )
            yield Static(Content(""), id="problem")

    def on_mount(self) -> None:
        """The answer box takes the keys at once."""
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        name, problem = check_name(event.value)
        if problem is not None:
            self.query_one("#problem", Static).update(Content(t(problem, self.lang)))
            return
        self.dismiss(name)
