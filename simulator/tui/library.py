"""The library: scenarios by family, filtered by typing; unfinished sessions to resume."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from simulator.i18n import label, t
from simulator.library import local_scenarios_dir
from simulator.model import FAMILIES, Lang, Scenario
from simulator.safetext import safe_text
from simulator.tui.keys import localize

if TYPE_CHECKING:
    from simulator.transcript import Transcript
    from simulator.tui.app import ParleyApp
    from simulator.tui.shelf import Shelf

RESUME = "resume:"


def difficulty_dots(level: int) -> str:
    """`●●○○○` for a difficulty of 2 out of 5."""
    level = max(0, min(5, level))
    return "●" * level + "○" * (5 - level)


def matches(scenario: Scenario, shelf: Shelf, needle: str) -> bool:
    """Whether `needle` appears in anything the library shows about `scenario`."""
    if not needle:
        return True
    persona = shelf.content.personas.get(scenario.persona)
    catalog = shelf.content.catalog
    haystack = [scenario.id, scenario.family, scenario.title.zh, scenario.title.en]
    if persona is not None:
        haystack += [persona.name.zh, persona.name.en, persona.role.zh, persona.role.en]
    for pid in scenario.principles_in_focus:
        principle = catalog.principles.get(pid)
        haystack += [pid] + ([principle.name.zh, principle.name.en] if principle else [])
    needle = needle.casefold()
    return any(needle in item.casefold() for item in haystack)


class LibraryScreen(Screen[None]):
    """Every scenario the trainee can play, and the sessions they left unfinished."""

    CSS_PATH = "library.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "library.open", show=True),
        Binding("slash", "focus_filter", "library.filter_focus"),
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

    @property
    def parley(self) -> ParleyApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def lang(self) -> Lang:
        """The UI language."""
        return self.parley.lang

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
        self.query_one("#filter", Input).focus()

    async def relabel(self) -> None:
        """Redraw in the app's new language."""
        await self.recompose()
        self._fill()
        self.query_one("#filter", Input).focus()

    # -- the list ------------------------------------------------------------------------------

    def _fill(self, _shelf: object = None) -> None:
        shelf = self.parley.shelf
        listing = self.query_one("#scenarios", OptionList)
        previous = listing.highlighted_option.id if listing.highlighted_option else None
        if previous is not None and previous == self._provisional:
            previous = None  # not the trainee's choice: a session to resume may now come first
        self._provisional = None
        listing.clear_options()
        if shelf is None:
            return
        lang = self.lang
        options: list[Option] = []
        resumable = [tr for tr in shelf.unfinished if not self.needle or self._resume_matches(tr)]
        if resumable:
            options.append(self._header(t("library.resume_group", lang)))
            for transcript in resumable:
                title = safe_text(transcript.header.title.get(lang))
                label = t("library.resume_item", lang, title=title, turns=len(transcript.turns))
                options.append(Option(Content(label), id=RESUME + str(transcript.path)))
        scenarios = shelf.content.scenarios.values()
        for family in FAMILIES:
            group = [s for s in scenarios if s.family == family and matches(s, shelf, self.needle)]
            if not group:
                continue
            options.append(self._header(t(f"family.{family}", lang)))
            for scenario in sorted(group, key=lambda s: (s.difficulty, s.id)):
                options.append(Option(self._row(scenario, shelf), id=scenario.id))
        if not any(not o.disabled for o in options):
            options.append(self._header(t("library.none_match", lang)))
        listing.add_options(options)
        ids = [o.id for o in options]
        selectable = [i for i, o in enumerate(options) if not o.disabled]
        if previous in ids and not options[ids.index(previous)].disabled:
            listing.highlighted = ids.index(previous)
        elif selectable:
            listing.highlighted = selectable[0]
            if not shelf.history:
                self._provisional = options[selectable[0]].id
        self._show_detail()

    def _header(self, text: str) -> Option:
        return Option(Content.styled(text, "bold"), disabled=True)

    def _row(self, scenario: Scenario, shelf: Shelf) -> Content:
        best = shelf.best.get(scenario.id)
        # Fixed-width columns first, so an ellipsis only ever cuts the title.
        return Content.assemble(
            (difficulty_dots(scenario.difficulty), "dim"),
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
        shelf = self.parley.shelf
        option = self.query_one("#scenarios", OptionList).highlighted_option
        if shelf is None or option is None or option.id is None:
            detail.update(Content(""))
            return
        if option.id.startswith(RESUME):
            detail.update(self._resume_detail(shelf, option.id[len(RESUME) :]))
            return
        scenario = shelf.content.scenarios[option.id]
        detail.update(self._scenario_detail(scenario, shelf))

    def _scenario_detail(self, scenario: Scenario, shelf: Shelf) -> Content:
        lang = self.lang
        persona = shelf.content.personas.get(scenario.persona)
        catalog = shelf.content.catalog
        best = shelf.best.get(scenario.id)
        focus = [
            safe_text(catalog.principles[p].name.get(lang)) if p in catalog.principles else p
            for p in scenario.principles_in_focus
        ]
        local = str(local_scenarios_dir()) in scenario.path
        lines: list[Content | str | tuple[str, str]] = [
            (safe_text(scenario.title.get(lang)), "bold"),
            "\n",
            (label("library.family", lang), "dim"),
            t(f"family.{scenario.family}", lang),
            "   ",
            (label("library.difficulty", lang), "dim"),
            difficulty_dots(scenario.difficulty),
            "\n",
        ]
        if persona is not None:
            lines += [
                (label("library.persona", lang), "dim"),
                safe_text(persona.name.get(lang)),
                "\n",
                (safe_text(persona.role.get(lang)), "italic"),
                "\n",
            ]
        lines += [
            (label("library.focus", lang), "dim"),
            "、".join(focus) if lang == "zh" else ", ".join(focus),
            "\n",
            (label("library.best", lang), "dim"),
            "—" if best is None else str(best),
            "   ",
            (label("library.source", lang), "dim"),
            t("library.local" if local else "library.bundled", lang),
            "\n\n",
            safe_text(scenario.briefing.get(lang)),
        ]
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
        shelf = self.parley.shelf
        option = self.query_one("#scenarios", OptionList).highlighted_option
        if shelf is None or option is None or option.id is None or option.disabled:
            return
        if option.id.startswith(RESUME):
            path = option.id[len(RESUME) :]
            for transcript in shelf.unfinished:
                if str(transcript.path) == path:
                    self.parley.resume(transcript)
            return
        self.parley.open_briefing(option.id)
