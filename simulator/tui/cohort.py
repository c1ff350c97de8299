"""The cohort screen: a group of trainees at a glance, the same view as `parley cohort`.

Data down, messages up: the screen is given the library's listing and the group to show; it
reads the history in a worker thread, which posts `CohortScreen.Loaded` or `CohortScreen.Failed`
back to the screen. Typing a group's name (empty: everyone) and Enter shows that group.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from simulator.i18n import t
from simulator.model import Lang
from simulator.tui.keys import localize

if TYPE_CHECKING:
    from simulator.listing import Listing


class CohortScreen(Screen[None]):
    """Trends, untried scenarios and the next scenario per trainee of a group."""

    CSS_PATH = "cohort.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "app.back", show=True),
    ]

    @dataclass
    class Loaded(Message):
        """The cohort was read: its text, line by line."""

        lines: list[str]

    @dataclass
    class Failed(Message):
        """The cohort could not be read; `error` says why."""

        error: str

    def __init__(
        self,
        library: Listing,
        lang: Lang = "zh",
        *,
        group: str | None = None,
        since: str | None = None,
        db: str | None = None,
        standalone: bool = False,
    ) -> None:
        super().__init__()
        self.library = library
        """The library (which scenarios exist, what each exercises, principle names)."""
        self.lang = lang
        """The UI language."""
        self.group = group
        """The group shown (None: everyone in the history)."""
        self.since = since
        """Only sessions started on or after this ISO date."""
        self.db = db
        """The history database (None: the configured one)."""
        self.standalone = standalone
        """True when this is the app's only screen (`parley cohort --tui`): Esc quits."""

    def compose(self) -> ComposeResult:
        """The title, the group field, the cohort text, the footer."""
        localize(self, self.lang)
        yield Static(Content(t("cohort.title", self.lang)), id="title")
        yield Input(value=self.group or "", placeholder=t("cohort.group", self.lang), id="group")
        with VerticalScroll(id="cohort-body"):
            yield Static(Content(t("app.loading", self.lang)), id="cohort-text")
        yield Footer()

    def on_mount(self) -> None:
        """Read the cohort."""
        self.load()

    @work(thread=True, exclusive=True, group="cohort")
    def load(self) -> None:
        """Read the history off the UI thread; report by message."""
        from simulator import cohort
        from simulator.cohort_text import cohort_lines
        from simulator.store import StoreError, open_store

        try:
            with open_store(self.db) as store:
                try:
                    members = None
                    if self.group:
                        members = store.cohort_members(self.group)
                        if not members:
                            known = ", ".join(store.cohorts()) or "-"
                            raise StoreError(
                                t("cohort.no_group", self.lang, name=self.group, known=known)
                            )
                    view = cohort.build(
                        store, self.library, group=self.group, since=self.since, members=members
                    )
                except store.errors as exc:
                    raise StoreError(f"{store.where}: {exc}") from None
        except StoreError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        if not view.trainees:
            self.post_message(self.Loaded([t("cohort.empty", self.lang)]))
            return
        self.post_message(self.Loaded(cohort_lines(view)))

    def on_cohort_screen_loaded(self, message: Loaded) -> None:
        """Show the cohort (trainee names are data: a Content, never markup)."""
        self.query_one("#cohort-text", Static).update(Content("\n".join(message.lines)))

    def on_cohort_screen_failed(self, message: Failed) -> None:
        """Say what is wrong in place of the cohort."""
        self.query_one("#cohort-text", Static).update(Content(message.error))

    @on(Input.Submitted, "#group")
    def _group_chosen(self, event: Input.Submitted) -> None:
        self.group = event.value.strip() or None
        self.query_one("#cohort-text", Static).update(Content(t("app.loading", self.lang)))
        self.load()

    def action_close(self) -> None:
        """Back to where the cohort was opened from, or out when it is the only screen."""
        if self.standalone:
            self.app.exit()
        else:
            self.dismiss()
