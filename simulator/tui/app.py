"""The Parley Textual app: owns the language, the loaded library and the screen flow.

Screens ask the app to move on (`open_briefing`, `start_session`, `resume`, `show_scorecard`,
`open_library`); the app builds the core objects (Session, TranscriptWriter) and pushes the
next screen. Another screen (the group replay) plugs in with `ParleyApp(start=...)`.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, CSSPathType, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from simulator.i18n import t
from simulator.model import Lang
from simulator.tui.commands import ParleyCommands
from simulator.tui.keys import localize
from simulator.tui.shelf import Shelf, gather, gather_content, with_history

if TYPE_CHECKING:
    from simulator.engine import Mode, Session
    from simulator.model import Scenario
    from simulator.transcript import Transcript

#: Seconds the first screen waits for the library being read behind it. An unchanged library
#: comes from the cache well within this, and drawing the list with the first frame costs less
#: than drawing an empty list and filling it a moment later; a slower load (a cold cache,
#: thousands of files) shows the screen after this wait and fills the list when it is done.
FIRST_FRAME_WAIT = 0.1
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

    def __init__(
        self,
        *,
        lang: Lang = "zh",
        paths: Sequence[Path | str] = (),
        include_bundled: bool = True,
        transcripts: Path | None = None,
        seed: int | None = None,
        trainee: str = "",
        start: Callable[[ParleyApp], Screen[None]] | None = None,
        open_scenario: str | None = None,
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
        self.start = start
        """Builds the first screen instead of the library (e.g. the group replay)."""
        self.open_scenario = open_scenario
        """A scenario id whose briefing opens as soon as the library is loaded (`parley play`)."""
        self.ready_callback: Callable[[], None] | None = None
        """Called once the first screen is interactive with the library listed (benchmarks)."""
        self.shown_callback: Callable[[], None] | None = None
        """Called once the first screen is drawn and takes keys, maybe before the list is in."""
        self._prefetch: Future[Shelf] | None = None

    def prefetch(self) -> None:
        """Start reading the library's content now, so it overlaps Textual's own start-up."""
        if self._prefetch is None and self.start is None:
            self._prefetch = Future()
            threading.Thread(target=self._gather_into, args=(self._prefetch,), daemon=True).start()

    def _gather_into(self, future: Future[Shelf]) -> None:
        try:
            future.set_result(gather_content(self.paths, include_bundled=self.include_bundled))
        except BaseException as error:  # handed to the worker, which reports it
            future.set_exception(error)

    def _gather(self) -> Shelf:
        return gather(
            self.paths,
            include_bundled=self.include_bundled,
            transcripts=self.transcripts,
            trainee=self.trainee,
        )

    def _with_history(self, shelf: Shelf) -> Shelf:
        return with_history(shelf, transcripts=self.transcripts, trainee=self.trainee)

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
        if self.shelf is not None:
            self._show_shelf(self.shelf)
        else:
            self.load_shelf()

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
        self.shelf = shelf
        if shelf.problems:
            self.notify(t("app.content_error", self.lang, count=shelf.problems))
        if shelf.unfinished:
            self.notify(t("library.resume_offer", self.lang, count=len(shelf.unfinished)))
        wanted, self.open_scenario = self.open_scenario, None
        if wanted is not None:
            if self.scenario(wanted) is not None:
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
        if self.shelf is None or self.shelf.content is not message.shelf.content:
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
        from simulator.settings import Settings, save_settings

        self.lang = "en" if self.lang == "zh" else "zh"
        try:
            save_settings(Settings(lang=self.lang))
        except OSError as error:
            self.notify(str(error), severity="warning")

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

    def scenario(self, scenario_id: str) -> Scenario | None:
        """The loaded scenario `scenario_id`, or None."""
        return self.shelf.content.scenarios.get(scenario_id) if self.shelf else None

    def open_library(self) -> None:
        """Go back to the library, dropping every screen above it."""
        from simulator.tui.library import LibraryScreen

        first = 1 if self.start is None else 2  # the library, or the screen the app started with
        while len(self.screen_stack) > first and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()
        if not isinstance(self.screen, LibraryScreen):
            self.push_screen(LibraryScreen())
        self.load_shelf()  # a finished session changes the best grades and the resume list

    def open_briefing(self, scenario_id: str) -> None:
        """Show the briefing of `scenario_id`, where the trainee picks a mode."""
        from simulator.tui.briefing import BriefingScreen

        scenario = self.scenario(scenario_id)
        if scenario is None or self.shelf is None:
            return
        persona = self.shelf.content.personas[scenario.persona]
        self.push_screen(BriefingScreen(scenario, persona, self.shelf.content.catalog))

    def start_session(self, scenario_id: str, mode: Mode) -> None:
        """Start a fresh session of `scenario_id`, recorded to a new transcript."""
        from simulator.engine import Session
        from simulator.transcript import (
            TranscriptWriteFailed,
            TranscriptWriter,
            default_transcript_path,
            now_iso,
        )

        scenario = self.scenario(scenario_id)
        if scenario is None or self.shelf is None:
            return
        content = self.shelf.content
        started_at = now_iso()
        path = default_transcript_path(scenario.id, started_at, self.trainee)
        if self.transcripts is not None:
            path = self.transcripts / path.name
        writer = TranscriptWriter(path, unique=True)
        try:
            session = Session(
                scenario,
                content.personas[scenario.persona],
                content.catalog,
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
        from simulator.engine import Session, SessionError
        from simulator.transcript import (
            TranscriptError,
            TranscriptWriteFailed,
            TranscriptWriter,
            preview_arguments,
        )

        header = transcript.header
        scenario = self.scenario(header.scenario)
        if scenario is None or self.shelf is None:
            return
        content = self.shelf.content
        try:
            session = Session.rebuild(
                scenario,
                content.personas[scenario.persona],
                content.catalog,
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
        self._play(session, transcript.path, resumed=True)

    def _play(self, session: Session, path: Path, *, resumed: bool = False) -> None:
        from simulator.tui.play import PlayScreen

        screen = PlayScreen(session, path, resumed=resumed)
        from simulator.tui.library import LibraryScreen

        # The briefing (or the last scorecard) steps aside, so leaving goes back to the library.
        if not isinstance(self.screen, LibraryScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_scorecard(self, session: Session, path: Path | None) -> None:
        """Record the finished session in the history and show its scorecard."""
        from simulator.tui.scorecard import ScorecardScreen

        self.record(session, path)
        self.switch_screen(ScorecardScreen(session, path))

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
    open_scenario: str | None = None,
) -> ParleyApp:
    """The app as `parley` runs it; tests build theirs the same way."""
    app = ParleyApp(
        lang=lang,
        paths=paths,
        include_bundled=include_bundled,
        transcripts=transcripts,
        seed=seed,
        trainee=trainee,
        open_scenario=open_scenario,
    )
    app.prefetch()
    return app
