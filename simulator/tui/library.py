"""The library: scenarios by family, filtered by typing; unfinished sessions to resume."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from simulator.i18n import label, t
from simulator.library import local_scenarios_dir
from simulator.model import FAMILIES, Lang
from simulator.safetext import safe_text
from simulator.scenario_filter import matches as query_matches
from simulator.scenario_filter import parse
from simulator.tui.keys import localize
from simulator.tui.messages import ResumeChosen, ScenarioChosen
from simulator.tui.widgets.wrapped import Wrapped

if TYPE_CHECKING:
    from simulator.listing import Listed
    from simulator.transcript import Transcript
    from simulator.tui.shelf import Shelf

RESUME = "resume:"
NEXT = "next:"
#: Rows added to the list at a time: the list lays out every row it holds (wrapping each to
#: measure its height), so a thousand scenarios go in as the trainee scrolls down to them.
PAGE = 60
#: More rows are added when the highlight or the view comes this close to the last row there is.
MARGIN = 15


def difficulty_stars(level: int) -> str:
    """`★★☆☆☆` for a difficulty of 2 out of 5 (as `parley list` shows it and filters read it)."""
    level = max(0, min(5, level))
    return "★" * level + "☆" * (5 - level)


class LibraryScreen(Screen[None]):
    """Every scenario the trainee can play, and the sessions they left unfinished."""

    CSS_PATH = "library.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "library.open", show=True),
        # Priority: the filter has the cursor, and "/" must not be typed into it as a filter.
        Binding("slash", "focus_filter", "library.filter_focus", priority=True),
        Binding("escape", "clear_filter", "app.back", show=False),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.needle = ""
        """The filter text."""
        self._provisional: str | None = None
        """The entry highlighted by default while the history was still to come."""
        self._rest: Iterator[Option] = iter(())
        """The rows not in the list yet (it fills as it is scrolled)."""

    @property
    def shelf(self) -> Shelf | None:
        """The library the app has loaded (data down: the app owns it)."""
        return getattr(self.app, "shelf", None)

    @property
    def lang(self) -> Lang:
        """The UI language."""
        return self.app.lang  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        """The title, the filter, the list beside the details, the footer."""
        lang = self.lang
        # Before the footer is mounted: localizing later makes it rebuild its keys once more.
        localize(self, lang)
        yield Static(Content(t("app.title", lang)), id="title")
        yield Input(value=self.needle, placeholder=t("library.filter", lang), id="filter")
        with Horizontal(id="body"):
            yield OptionList(id="scenarios", markup=False)
            with VerticalScroll(id="detail"):
                yield Static(Content(t("app.loading", lang)), id="detail-text")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the list now and whenever the library is reloaded."""
        self.watch(self.app, "shelf", self._fill, init=True)
        self._watch_scrolling()
        self.query_one("#filter", Input).focus()

    async def relabel(self) -> None:
        """Redraw in the app's new language."""
        await self.recompose()
        self._watch_scrolling()  # a new list: the old one's watch went with it
        self._fill()
        self.query_one("#filter", Input).focus()

    def _watch_scrolling(self) -> None:
        listing = self.query_one("#scenarios", OptionList)
        self.watch(listing, "scroll_y", lambda _y: self._near_the_end(), init=False)

    # -- the list ------------------------------------------------------------------------------

    def _fill(self, _shelf: object = None) -> None:
        shelf = self.shelf
        listing = self.query_one("#scenarios", OptionList)
        previous = listing.highlighted_option.id if listing.highlighted_option else None
        if previous is not None and previous == self._provisional:
            previous = None  # not the trainee's choice: a session to resume may now come first
        self._provisional = None
        # Dropped first: clearing scrolls the list to the top, which asks for more rows.
        self._rest = iter(())
        listing.clear_options()
        if shelf is None:
            return
        self._rest = self._options(shelf)
        options = list(islice(self._rest, PAGE))
        if not any(not o.disabled for o in options):
            options.append(self._header(t("library.none_match", self.lang)))
        listing.add_options(options)
        if previous is not None:
            while self._index_of(previous) is None and self._more():
                pass  # the trainee's row is further down: bring the list down to it
        where = self._index_of(previous) if previous is not None else None
        if where is not None:
            listing.highlighted = where
        else:
            first = next((i for i, o in enumerate(options) if not o.disabled), None)
            if first is not None:
                listing.highlighted = first
                if not shelf.history:
                    self._provisional = options[first].id
        self._show_detail()
        self.call_after_refresh(self._near_the_end)  # a screen taller than a page

    def _options(self, shelf: Shelf) -> Iterator[Option]:
        """Every row of the list, in order, made as the list reaches it."""
        lang = self.lang
        query = parse(self.needle)
        names = shelf.listing.principles
        resumable = [tr for tr in shelf.unfinished if not self.needle or self._resume_matches(tr)]
        if resumable:
            yield self._header(t("library.resume_group", lang))
            for transcript in resumable:
                title = safe_text(transcript.header.title.get(lang))
                # Two sessions of one scenario read alike but for when each started.
                when = transcript.header.started_at[5:16].replace("T", " ")
                label = t(
                    "library.resume_item",
                    lang,
                    title=title,
                    when=safe_text(when),
                    turns=len(transcript.turns),
                )
                owner = transcript.header.trainee
                if owner and shelf.trainee and owner != shelf.trainee:
                    # A shared terminal: the session was played under another name.
                    label += t("library.resume_owner", lang, trainee=safe_text(owner))
                yield Option(Content(label), id=RESUME + str(transcript.path))
        suggestion = shelf.suggestion
        if suggestion is not None and suggestion.scenario in shelf.listing.scenarios:
            scenario = shelf.listing.scenarios[suggestion.scenario]
            if query.empty or query_matches(scenario, query, names):
                yield self._header(t("library.next_group", lang))
                row = Content.assemble(
                    ("▶ ", "bold"),
                    scenario.title.get(lang),
                    ("  " + suggestion.reason.get(lang), "dim"),
                )
                yield Option(row, id=NEXT + scenario.id)
        scenarios = shelf.listing.scenarios.values()
        for family in FAMILIES:
            # Matching a thousand listed scenarios is quick; making their rows is not, and
            # waits until the list is scrolled to them.
            group = [
                s
                for s in scenarios
                if s.family == family and (query.empty or query_matches(s, query, names))
            ]
            if not group:
                continue
            yield self._header(t(f"family.{family}", lang))
            for scenario in sorted(group, key=lambda s: (s.difficulty, s.id)):
                yield Option(self._row(scenario, shelf), id=scenario.id)

    def _more(self) -> bool:
        """Add the next page of rows to the list; False when every row is in."""
        page = list(islice(self._rest, PAGE))
        if page:
            self.query_one("#scenarios", OptionList).add_options(page)
        return bool(page)

    def _index_of(self, option_id: str) -> int | None:
        """Where the selectable row `option_id` is in the list so far, or None."""
        listing = self.query_one("#scenarios", OptionList)
        try:
            index = listing.get_option_index(option_id)
        except OptionDoesNotExist:
            return None
        return None if listing.get_option_at_index(index).disabled else index

    def _near_the_end(self) -> None:
        """Add rows before the trainee reaches the last one there is so far."""
        listing = self.query_one("#scenarios", OptionList)
        highlighted = listing.highlighted or 0
        height = listing.scrollable_content_region.height
        shown_to = listing.scroll_offset.y + height
        # A list not laid out yet (height 0) shows nothing: only the highlight can tell.
        if highlighted >= listing.option_count - MARGIN or (
            height and shown_to >= listing.virtual_size.height - MARGIN
        ):
            self._more()

    def _header(self, text: str) -> Option:
        return Option(Content.styled(text, "bold"), disabled=True)

    def _row(self, scenario: Listed, shelf: Shelf) -> Content:
        best = shelf.best.get(scenario.id)
        # Fixed-width columns first, so an ellipsis only ever cuts the title.
        return Content.assemble(
            (difficulty_stars(scenario.difficulty), "dim"),
            ("  —" if best is None else f"{best:>3}", "bold"),
            "  ",
            safe_text(scenario.title.get(self.lang)),
        )

    def _resume_matches(self, transcript: Transcript) -> bool:
        title = transcript.header.title
        needle = self.needle.casefold()
        return needle in title.zh.casefold() or needle in title.en.casefold()

    def _show_detail(self) -> None:
        detail = self.query_one("#detail-text", Static)
        shelf = self.shelf
        option = self.query_one("#scenarios", OptionList).highlighted_option
        if shelf is None or option is None or option.id is None:
            detail.update(Content(""))
            return
        if option.id.startswith(RESUME):
            detail.update(Wrapped(self._resume_detail(shelf, option.id[len(RESUME) :])))
            return
        scenario = shelf.listing.scenarios[option.id.removeprefix(NEXT)]
        detail.update(Wrapped(self._scenario_detail(scenario, shelf)))

    def _scenario_detail(self, scenario: Listed, shelf: Shelf) -> Content:
        lang = self.lang
        names = shelf.listing.principles
        best = shelf.best.get(scenario.id)
        focus = [
            safe_text(names[p].get(lang)) if p in names else p for p in scenario.principles_in_focus
        ]
        local = str(local_scenarios_dir()) in scenario.path
        lines: list[Content | str | tuple[str, str]] = [
            (safe_text(scenario.title.get(lang)), "bold"),
            "\n",
            (label("library.family", lang), "dim"),
            t(f"family.{scenario.family}", lang),
            "   ",
            (label("library.difficulty", lang), "dim"),
            difficulty_stars(scenario.difficulty),
            "\n",
        ]
        if scenario.persona_name.get(lang):
            lines += [
                (label("library.persona", lang), "dim"),
                safe_text(scenario.persona_name.get(lang)),
                "\n",
                (safe_text(scenario.persona_role.get(lang)), "italic"),
                "\n",
            ]
        lines += [
            (label("library.focus", lang), "dim"),
            # Names hold commas ("诚实守信，不误导"): a 、 between them would run them together.
            "；".join(focus) if lang == "zh" else "; ".join(focus),
            "\n",
            (label("library.best", lang), "dim"),
            "—" if best is None else str(best),
            "   ",
            (label("library.source", lang), "dim"),
            t("library.local" if local else "library.bundled", lang),
            "\n",
        ]
        suggestion = shelf.suggestion
        if suggestion is not None and suggestion.scenario == scenario.id:
            lines += [
                (label("library.next_why", lang), "dim"),
                (suggestion.reason.get(lang), "bold"),
                "\n",
            ]
        lines += ["\n", safe_text(scenario.briefing.get(lang))]
        return Content.assemble(*lines)

    def _resume_detail(self, shelf: Shelf, path: str) -> Content:
        lang = self.lang
        for transcript in shelf.unfinished:
            if str(transcript.path) == path:
                header = transcript.header
                return Content.assemble(
                    (safe_text(header.title.get(lang)), "bold"),
                    "\n",
                    (t(f"mode.{header.mode}", lang) if header.mode else "", "dim"),
                    " · ",
                    safe_text(header.persona_name.get(lang)),
                    " · ",
                    # Minutes, as `parley history` shows them: the raw ISO stamp read as noise.
                    header.started_at[:16].replace("T", " "),
                    "\n",
                    t("library.resume_turns", lang, turns=len(transcript.turns)),
                    "\n\n",
                    (path, "dim"),
                )
        return Content("")

    # -- events --------------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.needle = event.value.strip()
        self._fill()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_open()

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _highlighted(self) -> None:
        self._show_detail()
        self._near_the_end()

    @on(OptionList.OptionSelected, "#scenarios")
    def _selected(self) -> None:
        self.action_open()

    def on_key(self, event: Key) -> None:
        """Typing anywhere in the list goes to the filter."""
        listing = self.query_one("#scenarios", OptionList)
        if self.focused is listing and event.is_printable and event.character:
            event.stop()
            field = self.query_one("#filter", Input)
            field.focus()
            field.insert_text_at_cursor(event.character)

    def action_move(self, step: int) -> None:
        """Move the list's highlight while the filter keeps the focus."""
        listing = self.query_one("#scenarios", OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter."""
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Empty the filter."""
        self.query_one("#filter", Input).value = ""

    def action_open(self) -> None:
        """Open the highlighted scenario's briefing, or resume the highlighted session."""
        shelf = self.shelf
        option = self.query_one("#scenarios", OptionList).highlighted_option
        if shelf is None or option is None or option.id is None or option.disabled:
            return
        if option.id.startswith(RESUME):
            path = option.id[len(RESUME) :]
            for transcript in shelf.unfinished:
                if str(transcript.path) == path:
                    self.post_message(ResumeChosen(transcript))
            return
        self.post_message(ScenarioChosen(option.id.removeprefix(NEXT)))
