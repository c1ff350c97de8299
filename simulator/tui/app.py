"""The Parley Textual app: owns the language, the loaded library and the screen flow.

Screens post past-tense messages (`simulator.tui.messages`: a scenario, a mode or a session
to resume was chosen, a conversation closed, the library asked for); the app handles them,
builds the core objects (Session, TranscriptWriter) and pushes the next screen. No screen
imports this module. Another screen (the group replay) plugs in with `ParleyApp(start=...)`.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, CSSPathType, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen

from simulator.i18n import t
from simulator.model import Lang
from simulator.tui import messages
from simulator.tui.commands import ParleyCommands
from simulator.tui.keys import localize
from simulator.tui.shelf import Shelf, gather, gather_listing, with_history

if TYPE_CHECKING:
    from simulator.engine import Mode, Session
    from simulator.library_snapshot import Opened
    from simulator.listing import Listing
    from simulator.transcript import Transcript

#: Seconds the first screen waits for the library being read behind it. An unchanged library
#: comes from the cache well within this, and drawing the list with the first frame costs less
#: than drawing an empty list and filling it a moment later; a slower load (a cold cache,
#: thousands of files) shows the screen after this wait and fills the list when it is done.
FIRST_FRAME_WAIT = 0.1
#: Textual's toast: at most this many cells wide (or half the screen), this many for its frame.
TOAST_WIDTH = 60
TOAST_FRAME = 3
#: Seconds the history lookup waits at most for the list to be drawn before it starts anyway.
HISTORY_WAIT = 1.0


class ParleyApp(App[None]):
    """Rehearse client conversations: library → briefing → play → scorecard."""

    # The library is the first screen, which Textual does not load a CSS_PATH for: the app does.
    CSS_PATH: ClassVar[CSSPathType | None] = ["app.tcss", "library.tcss"]
    TITLE = "Parley"
    COMMANDS = App.COMMANDS | {ParleyCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "app.help"),
        Binding("f2", "toggle_language", "app.language"),
        Binding("ctrl+q", "quit", "app.quit", priority=True),
        # Declared here so its footer label is an i18n key (Textual's own says "palette").
        Binding("ctrl+p", "command_palette", "cmd.palette", show=False, priority=True),
    ]

    lang: reactive[Lang] = reactive("zh", init=False)
    """The UI language; scenario text follows it too."""

    shelf: reactive[Shelf | None] = reactive(None, init=False)
    """The loaded library, once the loader has finished."""

    @dataclass
    class ShelfLoaded(Message):
        """The library finished loading off the UI thread."""

        shelf: Shelf

    @dataclass
    class HistoryLoaded(Message):
        """The unfinished sessions and best grades of the library shown were looked up."""

        shelf: Shelf

    @dataclass
    class ShelfFailed(Message):
        """The library could not be loaded; `error` says why."""

        error: str

    @dataclass
    class ScenarioOpened(Message):
        """A scenario chosen from the listing was loaded off the UI thread."""

        scenario_id: str
        opened: Opened

    @dataclass
    class ScenarioUnavailable(Message):
        """A scenario chosen from the listing could not be loaded; `error` says why."""

        scenario_id: str
        error: str

    def __init__(
        self,
        *,
        lang: Lang = "zh",
        paths: Sequence[Path | str] = (),
        include_bundled: bool = True,
        transcripts: Path | None = None,
        seed: int | None = None,
        trainee: str = "",
        ask_trainee: bool = False,
        start: Callable[[ParleyApp], Screen[None]] | None = None,
        open_scenario: str | None = None,
        visitor: bool = False,
        mode: Mode = "practice",
    ) -> None:
        super().__init__()
        self.set_reactive(ParleyApp.lang, lang)
        self.paths = tuple(paths)
        """Extra scenario files or folders given on the command line."""
        self.include_bundled = include_bundled
        """Whether the bundled library is listed too."""
        self.transcripts = transcripts
        """Where transcripts go (None: the per-user data folder)."""
        self.seed = seed
        """A fixed seed for every session (tests, demos); None draws one per session."""
        self.trainee = trainee
        """The trainee's name, written into transcripts and the history."""
        self.ask_trainee = ask_trainee
        """Whether to ask the name first (first start on this account) and keep it."""
        self.start = start
        """Builds the first screen instead of the library (e.g. the group replay)."""
        self.open_scenario = open_scenario
        """A scenario id whose briefing opens as soon as the library is loaded (`parley play`)."""
        self.mode: Mode = mode
        """The mode a briefing offers first (`parley play --mode assessment`)."""
        self.visitor = visitor
        """A browser visitor of `parley serve`: asked their name first, shown only their own
        unfinished sessions, and their language switch does not change the server's setting."""
        self.ready_callback: Callable[[], None] | None = None
        """Called once the first screen is interactive with the library listed (benchmarks)."""
        self.shown_callback: Callable[[], None] | None = None
        """Called once the first screen is drawn and takes keys, maybe before the list is in."""
        self._prefetch: Future[Shelf] | None = None
        self.playing: tuple[Session, Path] | None = None
        """The session on screen and its transcript, until it ends or is left."""
        self._opened: dict[str, Opened] = {}
        """Scenarios loaded since the listing shown was read, by id."""
        self._waiting: dict[str, list[Callable[[Opened], None]]] = {}
        """What to do with each scenario being loaded once it is there."""
        self._briefing: str | None = None
        """The scenario whose briefing is to open once it is loaded (the latest chosen)."""

    def prefetch(self) -> None:
        """Start reading the library's listing now, so it overlaps Textual's own start-up."""
        if self._prefetch is None and self.start is None:
            self._prefetch = Future()
            threading.Thread(target=self._gather_into, args=(self._prefetch,), daemon=True).start()

    def _gather_into(self, future: Future[Shelf]) -> None:
        try:
            future.set_result(gather_listing(self.paths, include_bundled=self.include_bundled))
        except BaseException as error:  # handed to the worker, which reports it
            future.set_exception(error)

    def _gather(self) -> Shelf:
        return gather(
            self.paths,
            include_bundled=self.include_bundled,
            transcripts=self.transcripts,
            trainee=self.trainee,
            own_only=self.visitor,
        )

    def _with_history(self, shelf: Shelf) -> Shelf:
        return with_history(
            shelf, transcripts=self.transcripts, trainee=self.trainee, own_only=self.visitor
        )

    # -- start-up ------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        """The library, with its list if the library is read in time for the first frame."""
        if self.start is not None:
            return super().get_default_screen()
        from simulator.tui.library import LibraryScreen

        # The first screen rather than one pushed on Textual's blank one: a screen less to lay
        # out, resize and draw at start-up.
        self.set_reactive(ParleyApp.shelf, self._prefetched(FIRST_FRAME_WAIT))
        return LibraryScreen()

    def on_mount(self) -> None:
        """Show the first screen; load the library behind it unless it is already there."""
        localize(self, self.lang)
        if self.start is not None:
            # Pushed rather than made the default screen: Textual loads a screen's CSS_PATH when
            # it is pushed, so every screen (the replay's too) keeps its own .tcss file.
            self.push_screen(self.start(self))
            self.call_after_refresh(self._announce_shown)
            self.call_after_refresh(self._announce_ready)
            return
        self.call_after_refresh(self._announce_shown)
        if (self.visitor and not self.trainee) or (self.ask_trainee and not self.visitor):
            self.ask_name()
            return  # the library is read once the name is known: its history is the trainee's
        if self.shelf is not None:
            self._show_shelf(self.shelf)
        else:
            self.load_shelf()

    def ask_name(self) -> None:
        """Ask the trainee's name (a browser visitor's, or at the first start on this account,
        offering the login name), then list the library with their history."""
        from simulator.tui.name import NameDialog

        local = not self.visitor

        def named(name: str | None) -> None:
            if not name:
                return
            self.trainee = name
            self.sub_title = name
            if local:
                self._keep_name(name)
            self.load_shelf()

        self.push_screen(NameDialog(self.lang, offered=self.trainee if local else ""), named)

    def _keep_name(self, name: str) -> None:
        """Save the name asked at the first start, so that it is not asked again."""
        from dataclasses import replace

        from simulator.settings import load_settings, save_settings

        try:
            save_settings(replace(load_settings(), trainee=name))
        except OSError as error:
            self.notify(str(error), severity="warning")

    def _prefetched(self, timeout: float) -> Shelf | None:
        """The library read since `prefetch`, if it is there within `timeout` seconds."""
        future = self._prefetch
        if future is None or not wait([future], timeout).done or future.exception() is not None:
            return None  # still loading, or failed: `load_shelf` takes it over and reports
        self._prefetch = None
        return future.result()

    @work(thread=True, exclusive=True, group="shelf")
    def load_shelf(self) -> None:
        """Read the scenarios, transcripts and history in a thread; report by message."""
        from simulator.diagnostics import ContentError

        prefetched, self._prefetch = self._prefetch, None
        try:
            if prefetched is not None:
                shelf = self._with_history(prefetched.result())
            else:
                shelf = self._gather()
        except ContentError as error:
            self.post_message(self.ShelfFailed(str(error)))
        except OSError as error:
            self.post_message(self.ShelfFailed(f"{error.filename}: {error.strerror}"))
        else:
            self.post_message(self.ShelfLoaded(shelf))

    def on_parley_app_shelf_loaded(self, message: ShelfLoaded) -> None:
        """Keep the library; the library screen watches `shelf`."""
        self._show_shelf(message.shelf)

    def _show_shelf(self, shelf: Shelf) -> None:
        """List a newly read library, say what is wrong with it, open `open_scenario`."""
        if self.shelf is None or self.shelf.listing.key != shelf.listing.key:
            self._opened.clear()  # the files changed: what was loaded may be out of date
        self.shelf = shelf
        if shelf.problems:
            self.notify(t("app.content_error", self.lang, count=shelf.problems))
        if shelf.unfinished:
            self.notify(t("library.resume_offer", self.lang, count=len(shelf.unfinished)))
        wanted, self.open_scenario = self.open_scenario, None
        if wanted is not None:
            if wanted in shelf.listing.scenarios:
                self.open_briefing(wanted)
            else:
                self.notify(t("app.no_such_scenario", self.lang, name=wanted), severity="error")
        self.call_after_refresh(self._announce_ready)
        if not shelf.history:
            # Looked up once the list is drawn: the first frame need not share the CPU with it.
            drawn = threading.Event()
            self.call_after_refresh(drawn.set)
            self.load_history(shelf, drawn)

    # A description of its own: Textual's default is the repr of every argument, the whole
    # library here, which took 10 ms to build.
    @work(thread=True, exclusive=True, group="history", description="load_history")
    def load_history(self, shelf: Shelf, drawn: threading.Event) -> None:
        """Find `shelf`'s unfinished sessions and best grades once `drawn`; report by message."""
        drawn.wait(HISTORY_WAIT)
        try:
            self.post_message(self.HistoryLoaded(self._with_history(shelf)))
        except OSError as error:  # the list stays; only what it would add is missing
            self.call_from_thread(
                self.notify, f"{error.filename}: {error.strerror}", severity="warning"
            )

    def on_parley_app_history_loaded(self, message: HistoryLoaded) -> None:
        """Add the history to the library shown, unless the library was read again since."""
        if self.shelf is None or self.shelf.listing is not message.shelf.listing:
            return
        self.shelf = message.shelf
        if message.shelf.unfinished:
            self.notify(t("library.resume_offer", self.lang, count=len(message.shelf.unfinished)))

    def on_parley_app_shelf_failed(self, message: ShelfFailed) -> None:
        """Say why nothing could be listed, without a traceback."""
        self.notify(message.error, title=t("app.no_content", self.lang), severity="error")
        self._announce_ready()

    def _announce_shown(self) -> None:
        if self.shown_callback is not None:
            callback, self.shown_callback = self.shown_callback, None
            callback()

    def _announce_ready(self) -> None:
        if self.ready_callback is not None:
            callback, self.ready_callback = self.ready_callback, None
            callback()

    # -- language ------------------------------------------------------------------------------

    def watch_lang(self, lang: Lang) -> None:
        """Redraw every screen in the new language."""
        localize(self, lang)
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                screen.call_later(relabel)
        self.notify(t("app.language_switched", lang))

    def action_toggle_language(self) -> None:
        """Switch between Chinese and English, and remember the choice for next time."""
        from dataclasses import replace

        from simulator.settings import load_settings, save_settings

        self.lang = "en" if self.lang == "zh" else "zh"
        if self.visitor:
            return  # one visitor's choice is not the server's default for everyone
        try:
            save_settings(replace(load_settings(), lang=self.lang))
        except OSError as error:
            self.notify(str(error), severity="warning")

    async def action_quit(self) -> None:
        """Ctrl+Q: quit; in the middle of a session, say on the way out that it can be resumed."""
        from rich.text import Text

        session = getattr(self.screen, "session", None)
        if session is None or session.finished or not session.turns:
            self.exit()
            return
        close = getattr(session.recorder, "close", None)
        if close is not None:
            close()
        title = session.scenario.title.get(self.lang)
        note = t("app.quit_resumable", self.lang, title=title, turns=len(session.turns))
        self.exit(message=Text(note))  # Text: the title is scenario text, never markup

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's notice, with Chinese laid out by the CJK rules (a toast wraps at spaces)."""
        from simulator.linebreak import cells, wrap

        # A toast is at most 60 cells or half the screen, less its padding and edge.
        width = min(TOAST_WIDTH, self.size.width // 2) - TOAST_FRAME
        if cells(message) != len(message) and "[" not in message and width > 8:
            message = "\n".join(wrap(message, width))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_help_quit(self) -> None:
        """Ctrl+C: say which key quits in the trainee's language (Textual's hint is English)."""
        self.notify(
            t("app.quit_hint", self.lang, keys="Ctrl+Q"),
            title=t("app.quit_hint_title", self.lang),
            markup=False,
        )

    def action_command_palette(self) -> None:
        """Open the command palette with its prompt in the UI language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(placeholder=t("cmd.search", self.lang), id="--command-palette")
            )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the UI language; quit and help are Parley's."""
        lang = self.lang
        yield SystemCommand(
            t("cmd.theme", lang), t("cmd.theme_help", lang), self.action_change_theme
        )
        if screen.query("HelpPanel"):
            yield SystemCommand(t("cmd.keys_hide", lang), "", self.action_hide_help_panel)
        else:
            yield SystemCommand(
                t("cmd.keys", lang), t("cmd.keys_help", lang), self.action_show_help_panel
            )
        yield SystemCommand(
            t("cmd.screenshot", lang),
            t("cmd.screenshot_help", lang),
            lambda: self.set_timer(0.1, self.deliver_screenshot),
        )

    def action_help(self) -> None:
        """Show the keys and what the scores mean."""
        from simulator.tui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -- the flow between screens --------------------------------------------------------------

    @on(messages.ScenarioChosen)
    def _scenario_chosen(self, message: messages.ScenarioChosen) -> None:
        self.open_briefing(message.scenario_id)

    @on(messages.ResumeChosen)
    def _resume_chosen(self, message: messages.ResumeChosen) -> None:
        self.resume(message.transcript)

    @on(messages.ModeChosen)
    def _mode_chosen(self, message: messages.ModeChosen) -> None:
        self.start_session(message.scenario_id, message.mode)

    @on(messages.ConversationClosed)
    def _conversation_closed(self, message: messages.ConversationClosed) -> None:
        self.show_scorecard(message.session, message.transcript)

    @on(messages.LibraryAsked)
    def _library_asked(self, message: messages.LibraryAsked) -> None:
        self.open_library()

    # -- scenarios loaded when opened ----------------------------------------------------------

    def with_scenario(self, scenario_id: str, then: Callable[[Opened], None]) -> None:
        """Call `then` with scenario `scenario_id` of the listing loaded: at once when it was
        loaded before, else once a worker has read it (a scenario is not loaded until opened)."""
        opened = self._opened.get(scenario_id)
        if opened is not None:
            then(opened)
            return
        waiting = self._waiting.setdefault(scenario_id, [])
        waiting.append(then)
        if len(waiting) == 1 and self.shelf is not None:
            self.load_scenario(scenario_id, self.shelf.listing)

    @work(thread=True, group="scenario", description="load_scenario")
    def load_scenario(self, scenario_id: str, listing: Listing) -> None:
        """Read one scenario of `listing`, its persona and the catalog; report by message."""
        from simulator.library_snapshot import open_scenario

        try:
            opened = open_scenario(
                listing, scenario_id, self.paths, include_bundled=self.include_bundled
            )
        except KeyError:
            error = t("app.no_such_scenario", self.lang, name=scenario_id)
            self.post_message(self.ScenarioUnavailable(scenario_id, error))
        except OSError as error:
            where = f"{error.filename}: {error.strerror}"
            self.post_message(self.ScenarioUnavailable(scenario_id, where))
        else:
            self.post_message(self.ScenarioOpened(scenario_id, opened))

    def on_parley_app_scenario_opened(self, message: ScenarioOpened) -> None:
        """Keep the scenario loaded and do what was waiting for it."""
        self._opened[message.scenario_id] = message.opened
        for then in self._waiting.pop(message.scenario_id, []):
            then(message.opened)

    def on_parley_app_scenario_unavailable(self, message: ScenarioUnavailable) -> None:
        """Say why the scenario cannot be opened; the library stays as it is."""
        self._waiting.pop(message.scenario_id, None)
        if self._briefing == message.scenario_id:
            self._briefing = None
        self.notify(message.error, severity="error", markup=False)

    def open_cohort(self) -> None:
        """Show the cohort screen over the current one (once the library is read)."""
        if self.shelf is None:
            return
        from simulator.tui.cohort import CohortScreen

        self.push_screen(CohortScreen(self.shelf.listing, self.lang))

    def open_library(self) -> None:
        """Go back to the library, dropping every screen above it."""
        from simulator.tui.library import LibraryScreen

        self._record_unfinished()
        first = 1 if self.start is None else 2  # the library, or the screen the app started with
        while len(self.screen_stack) > first and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()
        if not isinstance(self.screen, LibraryScreen):
            self.push_screen(LibraryScreen())
        self.load_shelf()  # a finished session changes the best grades and the resume list

    def open_briefing(self, scenario_id: str) -> None:
        """Show the briefing of `scenario_id`, where the trainee picks a mode."""
        if self.shelf is None or scenario_id not in self.shelf.listing.scenarios:
            return
        if self._briefing == scenario_id:
            return  # asked twice (Enter pressed again) while it loads: one briefing
        self._briefing = scenario_id
        self.with_scenario(scenario_id, self._show_briefing)

    def _show_briefing(self, opened: Opened) -> None:
        from simulator.tui.briefing import BriefingScreen

        if self._briefing != opened.scenario.id:
            return  # another scenario was chosen while this one loaded
        self._briefing = None
        self.push_screen(
            BriefingScreen(opened.scenario, opened.persona, opened.catalog, mode=self.mode)
        )

    def start_session(self, scenario_id: str, mode: Mode) -> None:
        """Start a fresh session of `scenario_id`, recorded to a new transcript."""
        if self.shelf is None or scenario_id not in self.shelf.listing.scenarios:
            return
        self.with_scenario(scenario_id, lambda opened: self._start(opened, mode))

    def _start(self, opened: Opened, mode: Mode) -> None:
        from simulator.engine import Session
        from simulator.transcript import (
            TranscriptWriteFailed,
            TranscriptWriter,
            default_transcript_path,
            now_iso,
        )

        scenario = opened.scenario
        started_at = now_iso()
        path = default_transcript_path(scenario.id, started_at, self.trainee)
        if self.transcripts is not None:
            path = self.transcripts / path.name
        writer = TranscriptWriter(path, unique=True)
        try:
            session = Session(
                scenario,
                opened.persona,
                opened.catalog,
                seed=self.seed if self.seed is not None else random.randrange(1_000_000),
                mode=mode,
                trainee=self.trainee,
                recorder=writer,
                started_at=started_at,
            )
        except TranscriptWriteFailed as failure:
            self.notify(failure.message(self.lang), severity="error", markup=False, timeout=30)
            return
        self._play(session, writer.path)

    def resume(self, transcript: Transcript) -> None:
        """Continue an unfinished session from its transcript."""
        scenario_id = transcript.header.scenario
        if self.shelf is None or scenario_id not in self.shelf.listing.scenarios:
            return
        self.with_scenario(scenario_id, lambda opened: self._resume(opened, transcript))

    def _resume(self, opened: Opened, transcript: Transcript) -> None:
        from simulator.engine import Session, SessionError
        from simulator.transcript import (
            TranscriptError,
            TranscriptWriteFailed,
            TranscriptWriter,
            preview_arguments,
        )

        header = transcript.header
        try:
            session = Session.rebuild(
                opened.scenario,
                opened.persona,
                opened.catalog,
                header.seed,
                transcript.responses,
                mode="assessment" if header.mode == "assessment" else "practice",
                trainee=header.trainee,
                started_at=header.started_at,
                **preview_arguments(header),
                recorder=TranscriptWriter.resume(transcript.path, transcript),
            )
        except (SessionError, TranscriptError, KeyError) as error:
            self.notify(str(error), severity="error")
            return
        except TranscriptWriteFailed as failure:
            self.notify(failure.message(self.lang), severity="error", markup=False, timeout=30)
            return
        self._play(session, transcript.path, resumed=True, pending=transcript.pending)

    def _play(
        self, session: Session, path: Path, *, resumed: bool = False, pending: str = ""
    ) -> None:
        from simulator.tui.play import PlayScreen

        self._record_unfinished()  # a session left for another one is kept as abandoned
        self.playing = (session, path)

        screen = PlayScreen(session, path, resumed=resumed, pending=pending)
        from simulator.tui.library import LibraryScreen

        # The briefing (or the last scorecard) steps aside, so leaving goes back to the library.
        if not isinstance(self.screen, LibraryScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_scorecard(self, session: Session, path: Path | None) -> None:
        """Record the finished session in the history and show its scorecard."""
        from simulator.tui.scorecard import ScorecardScreen

        self.playing = None
        self.record(session, path)
        self.switch_screen(ScorecardScreen(session, path))

    def _record_unfinished(self) -> None:
        """Keep the session being played in the history as abandoned, if anything in it counted.

        Leaving a session, quitting, or (in a browser) closing the tab ends the app with the
        turns on disk already; the history row lets a coach see the attempt, and a resumed
        session that later finishes replaces it.
        """
        playing, self.playing = self.playing, None
        if playing is None or playing[0].finished:
            return
        session = playing[0]
        if session.turns or session.scorecard().principles:  # words that counted, move or not
            self.record(*playing)

    def on_unmount(self) -> None:
        """The app is closing (quit, or the browser tab closed): keep an unfinished session."""
        self._record_unfinished()

    def record(self, session: Session, path: Path | None) -> None:
        """Add the session to the history (a failure is told, never fatal)."""
        if path is None or not path.exists():
            return
        from simulator.store import StoreError, record_session
        from simulator.transcript import TranscriptError

        try:
            record_session(session, path)
        except (StoreError, TranscriptError, OSError) as error:
            self.notify(str(error), severity="warning")


def make_app(
    *,
    lang: Lang = "zh",
    paths: Sequence[Path | str] = (),
    include_bundled: bool = True,
    transcripts: Path | None = None,
    seed: int | None = None,
    trainee: str = "",
    ask_trainee: bool = False,
    open_scenario: str | None = None,
    visitor: bool = False,
    mode: Mode = "practice",
) -> ParleyApp:
    """The app as `parley` runs it; tests build theirs the same way."""
    app = ParleyApp(
        lang=lang,
        paths=paths,
        include_bundled=include_bundled,
        transcripts=transcripts,
        seed=seed,
        trainee=trainee,
        ask_trainee=ask_trainee,
        open_scenario=open_scenario,
        visitor=visitor,
        mode=mode,
    )
    app.prefetch()
    return app
