"""The conversation: the client's lines, the trainee's moves, meters, feedback, hint, undo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from simulator import typed_commands
from simulator.i18n import t
from simulator.model import Lang, Text
from simulator.punctuation import clip_said
from simulator.render import coach_key, hit_line, narrated
from simulator.safetext import safe_line
from simulator.transcript import TranscriptWriteFailed
from simulator.tui.keys import localize
from simulator.tui.messages import ConversationClosed, LibraryAsked
from simulator.tui.widgets.answer import AnswerInput
from simulator.tui.widgets.chat import ChatLog, ChatMessage
from simulator.tui.widgets.meter import Meter
from simulator.tui.widgets.options import OptionPicker, option_number
from simulator.tui.widgets.wrapped import Wrapped

if TYPE_CHECKING:
    from simulator.engine import Session
    from simulator.scoring import TurnResult

#: The id of the one move left once the conversation is over.
SCORECARD = "\0scorecard"


#: Characters of the typed words a turn's tag quotes (the scorecard quotes them whole).
TAG_QUOTE = 14


def hit_tags(turn: TurnResult, session: Session, lang: Lang) -> list[Content]:
    """One short tag per principle the turn hit: ✓ upheld, ✗ broken; on a typed turn, with
    the words it was read in (as line mode quotes them; round thirty-five's cold tryout
    missed them here)."""
    tags: list[Content] = []
    seen: set[tuple[str, bool]] = set()
    for hit in turn.hits:
        key = (hit.principle, hit.weight > 0)
        if key in seen:
            continue
        seen.add(key)
        principle = session.catalog.principles.get(hit.principle)
        name = principle.name.get(lang) if principle else hit.principle
        said = hit.evidence if turn.typed is not None else ""
        quote = f"「{clip_said(' '.join(said.split()), TAG_QUOTE)}」" if said.strip() else ""
        if hit.weight > 0:
            tags.append(Content.assemble((f"✓ {name}", "$text-success"), (quote, "dim")))
        else:
            tags.append(Content.assemble((f"✗ {name}", "$text-error"), (quote, "dim")))
    if turn.trap:
        tags.append(Content.styled(f"⚠ {t('play.trap', lang)}", "$text-warning"))
    if turn.red_line:
        tags.append(Content.styled(f"⛔ {t('play.red_line', lang)}", "bold $text-error"))
    return tags


class PlayScreen(Screen[None]):
    """One session in progress; the only place the TUI calls Session.respond."""

    CSS_PATH = "play.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f3,ctrl+t", "hint", "play.hint"),
        Binding("f3,ctrl+t", "hint_refused", show=False),  # assessment: says why there is none
        Binding("ctrl+z", "undo", "play.undo"),
        # In assessment the key is not offered, but a trainee who presses it is told why.
        Binding("ctrl+z", "undo_refused", show=False),
        Binding("tab", "switch_focus", "play.options", show=False),
        Binding("escape", "leave", "play.leave"),
    ]

    @dataclass
    class TurnScored(Message):
        """The engine scored a turn (tests and the history listen for this)."""

        turn: TurnResult

    @dataclass
    class SessionFinished(Message):
        """The conversation reached an ending."""

        ending_id: str

    def __init__(
        self,
        session: Session,
        transcript: Path | None,
        *,
        resumed: bool = False,
        pending: str = "",
    ) -> None:
        super().__init__()
        self.session = session
        """The session this screen plays; the screen owns every call into it."""
        self.transcript = transcript
        """Where the transcript is being written."""
        self.resumed = resumed
        """Whether the session was rebuilt from an unfinished transcript."""
        self.pending = pending
        """Words asked back when that session was cut off: put back in the answer box."""
        self.hint_shown = False
        """Whether the hint panel is open."""

    @property
    def lang(self) -> Lang:
        """The UI language."""
        return self.app.lang  # type: ignore[attr-defined,no-any-return]

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Status, meters, the conversation, the hint, the options, the answer box."""
        lang = self.lang
        yield Static(id="status")
        with Horizontal(id="meters"):
            yield Meter(t("play.trust", lang), id="trust", bar_width=10)
            yield Meter(t("play.patience", lang), id="patience", bar_width=10)
            yield Static(id="turn")
        yield ChatLog(*self._history(), id="chat")
        yield Static(id="hint", classes="hidden" if not self.hint_shown else "")
        yield OptionPicker(id="options")
        yield AnswerInput(placeholder=t("play.input", lang), id="answer")
        yield Footer()

    def on_mount(self) -> None:
        """Show the state and put the cursor in the answer box."""
        localize(self, self.lang)
        # The library's notices (an unfinished session to resume…) are about the library: left
        # up, they covered the options for seconds while the conversation began.
        self.app.clear_notifications()
        self._refresh_state()
        # While the trainee reads the client's line, build what judging a typed answer needs.
        self.run_worker(self.session.warm, thread=True, group="warm", exit_on_error=False)
        if self.resumed:
            self.resumed = False
            self.query_one(ChatLog).add(
                ChatMessage.system(t("play.resumed", self.lang, turns=len(self.session.turns)))
            )
        if self.pending:
            answer = self.query_one(AnswerInput)
            answer.value, self.pending = self.pending, ""
            self.query_one(ChatLog).add(ChatMessage.system(t("play.pending", self.lang)))

    async def relabel(self) -> None:
        """Redraw in the app's new language (the conversation is rebuilt from the session)."""
        await self.recompose()
        localize(self, self.lang)
        self._refresh_state()

    def _answers(self, turn: TurnResult | None, said: tuple[Text, ...]) -> list[ChatMessage]:
        """The client's answer to `turn`: its reply as a line, hot-button reactions as such.

        They are the persona's, whoever speaks the next line."""
        lang, name = self.lang, self.session.persona.name.get(self.lang)
        node = self.session.scenario.nodes.get(turn.node_id) if turn else None
        option = node.option(turn.option_id) if node and turn else None
        reply = option.reply if option is not None else None
        messages = []
        for text in said:
            if reply is not None and text == reply:
                messages.append(ChatMessage.client(name, text.get(lang)))
            else:
                messages.append(ChatMessage.reaction(name, text.get(lang)))
        return messages

    def _line(self, speaker: Text | None, line: str, mood: str) -> ChatMessage:
        """A line: the persona's with their mood; someone else's with their own name only."""
        if speaker is not None:
            return ChatMessage.client(speaker.get(self.lang), line)
        return ChatMessage.client(self.session.persona.name.get(self.lang), line, mood)

    def _mood_label(self, mood_id: str) -> str:
        for mood in self.session.scenario.moods:
            if mood.id == mood_id:
                return mood.label.get(self.lang)
        return mood_id

    def _history(self) -> list[ChatMessage]:
        """The whole conversation so far, as messages, from the session's own record."""
        session, lang = self.session, self.lang
        you = t("play.you", lang)
        messages: list[ChatMessage] = []
        previous: TurnResult | None = None
        for turn in session.turns:
            if previous is not None:
                messages += self._answers(previous, previous.reactions)
            if turn.narration is not None:
                messages.append(ChatMessage.narration(narrated(turn.narration.get(lang), lang)))
            node = session.scenario.nodes.get(turn.node_id)
            # Transcripts written before speakers were recorded: the node's own speaker.
            speaker = turn.speaker or (node.speaker if node is not None else None)
            if turn.client_line.get(lang):
                messages.append(
                    self._line(speaker, turn.client_line.get(lang), self._mood_label(turn.mood))
                )
            messages.append(ChatMessage.trainee(you, self._said(turn)))
            messages += self._cut_note(turn.typed_length)
            if session.mode == "practice":
                messages.append(self._coach(turn))
            previous = turn
        messages += self._now()
        return messages

    def _now(self) -> list[ChatMessage]:
        """What the client says now: reactions, then the line (or the ending)."""
        session, lang = self.session, self.lang
        last = session.turns[-1] if session.turns else None
        messages = self._answers(last, session.reactions)
        narration = session.narration(lang)
        if narration:
            messages.append(ChatMessage.narration(narrated(narration, lang)))
        line = session.line(lang)
        if line:
            messages.append(self._line(session.speaker(), line, session.mood.label.get(lang)))
        ending = session.ending
        if ending is not None:
            messages.append(ChatMessage.system(t("play.ended", lang, title=ending.title.get(lang))))
        return messages

    def _cut_note(self, length: int | None) -> list[ChatMessage]:
        """A note under an answer that was cut to MAX_ANSWER characters, if it was."""
        from simulator.engine import MAX_ANSWER

        if not length:
            return []
        return [ChatMessage.system(t("play.cut", self.lang, length=length, limit=MAX_ANSWER))]

    def _said(self, turn: TurnResult) -> str:
        return turn.typed if turn.typed else turn.option_text.get(self.lang)

    def _coach(self, turn: TurnResult) -> ChatMessage:
        lang = self.lang
        heading = t(coach_key(turn), lang) if turn.typed is not None else t("play.coach", lang)
        return ChatMessage.coach(
            heading, turn.feedback.get(lang), hit_tags(turn, self.session, lang)
        )

    def _refresh_state(self) -> None:
        """Status line, meters, turn counter, options and hint from the session."""
        session, lang = self.session, self.lang
        scenario = session.scenario
        mode = t(f"mode.{session.mode}", lang)
        self.query_one("#status", Static).update(
            Content.assemble(
                (scenario.title.get(lang), "bold"),
                " · ",
                session.persona.name.get(lang),
                " · ",
                (session.mood.label.get(lang), "italic"),
                ("  " + mode, "dim"),
            )
        )
        for name in ("trust", "patience"):
            meter = self.query_one(f"#{name}", Meter)
            variable = scenario.variables.get(name)
            meter.maximum = variable.maximum if variable else 100
            value = session.variables.get(name)
            meter.value = None if value is None else int(value)
        self.query_one("#turn", Static).update(
            Content(t("play.turn", lang, n=len(session.turns) + (0 if session.finished else 1)))
        )
        picker = self.query_one(OptionPicker)
        answer = self.query_one(AnswerInput)
        if session.finished:
            picker.show_moves([(SCORECARD, t("play.see_scorecard", lang))])
            answer.disabled = True
            answer.placeholder = t("play.input_done", lang)  # nothing left to type
            picker.focus()
        else:
            picker.show_moves([(o.id, o.text.get(lang)) for o in session.options])
            answer.disabled = False
            answer.placeholder = t("play.input", lang)  # an undo brings the talk back
            answer.focus()
        if self.hint_shown:
            self._show_hint()

    # -- answering -----------------------------------------------------------------------------

    @on(OptionPicker.OptionChosen)
    def _chosen(self, event: OptionPicker.OptionChosen) -> None:
        if event.option_id == SCORECARD:
            self._finish()
        else:
            self.take_turn(event.option_id, None)

    @on(Input.Changed, "#answer")
    def _typing(self, event: Input.Changed) -> None:
        # A number alone in the box shows which option Enter will pick.
        number = option_number(event.value)
        picker = self.query_one(OptionPicker)
        if number is not None and picker.option_at(number) is not None:
            picker.highlighted = number - 1

    @on(OptionPicker.NoSuchOption)
    def _no_such_option(self, event: OptionPicker.NoSuchOption) -> None:
        # A digit pressed on the list that names no option: said, as in the answer box.
        self.notify(t("play.bad_number", self.lang, n=event.number), severity="warning")

    @on(Input.Submitted, "#answer")
    async def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.notify(t("play.empty", self.lang))
            return
        command = typed_commands.command_of(text)
        if command is not None:
            # "q", "/quit", "/h", "/undo" typed into the box are the keys' commands, and "/foo"
            # is named as none: none of them is said to the client (round thirty-seven's cold
            # tryout: each cost 5 patience).
            await self._command(command, text)
            return
        number = option_number(text)
        if number is not None:
            self._pick(number)
            return
        from simulator.engine import MAX_ANSWER

        length = None
        if len(text) > MAX_ANSWER:
            # Said at once, in the log under the answer too: the words were not all read.
            text, length = text[:MAX_ANSWER], len(text)
            lang = self.lang
            self.notify(t("play.cut", lang, length=length, limit=MAX_ANSWER), severity="warning")
        self._understand(text, length)

    async def _command(self, command: str, text: str) -> None:
        """Act on a command typed into the answer box (`simulator.typed_commands`)."""
        self.query_one(AnswerInput).value = ""
        practice = self.session.mode == "practice"
        if command == "quit":
            self.action_leave()
        elif command == "hint" and practice:
            self.action_hint()
        elif command == "hint":
            self.action_hint_refused()
        elif command == "undo":
            await self.action_undo()
        else:
            said = t("plain.unknown_command", self.lang, command=safe_line(text))
            self.notify(said, severity="warning", markup=False)

    def _pick(self, number: int) -> None:
        option_id = self.query_one(OptionPicker).option_at(number)
        if option_id is None:
            self.notify(t("play.bad_number", self.lang, n=number), severity="warning")
        elif option_id == SCORECARD:
            self._finish()
        else:
            self.take_turn(option_id, None)

    def _understand(self, text: str, length: int | None = None) -> None:
        """Map the trainee's own words to a move, asking when unsure (`length`: how long they
        were before they were cut)."""
        session, lang = self.session, self.lang
        reading = session.understand(text)
        candidates = [c.option_id for c in reading.candidates]
        if reading.decision == "take" and candidates:
            self.take_turn(candidates[0], text, length)
            return
        node = session.node
        if reading.decision == "confirm" and candidates and node is not None:
            from simulator.tui.choice import ChoiceDialog

            choices = []
            for option_id in candidates[:2]:
                option = node.option(option_id)
                if option is not None:
                    choices.append((option_id, option.text.get(lang)))

            def chosen(option_id: str | None) -> None:
                if option_id is not None:
                    self.take_turn(option_id, text, length)
                    return
                if not self._withdrawn(text, length):
                    return
                # "No, let me rephrase": the words stay to be edited, selected, so that typing
                # replaces them instead of running on after them (a new user's tryout).
                answer = self.query_one(AnswerInput)
                answer.focus()
                answer.select_all()

            session.offered(text, [option_id for option_id, _ in choices])
            self.app.push_screen(
                ChoiceDialog(t("play.confirm_title", lang), choices, t("play.confirm_no", lang)),
                chosen,
            )
            return
        speaker = (session.speaker() or session.persona.name).get(lang)
        said = session.clarify_line(reading).get(lang) or t("play.clarify", lang)
        chat = self.query_one(ChatLog)
        chat.add(
            ChatMessage.trainee(t("play.you", lang), text),
            *self._cut_note(length),
            ChatMessage.client(speaker, said),
        )
        try:
            session.misunderstood(text)
        except TranscriptWriteFailed as failure:
            self._write_failed(failure)
            return
        if session.last_unheard and session.mode == "practice":
            # Not understood, but what was said still breaks a principle (assessment mode
            # holds it for the scorecard, as it holds every turn's feedback).
            chat.add(self._unheard())
        self.query_one(AnswerInput).value = ""
        if session.ending is not None:  # a rule (patience run out) ended the conversation
            chat.add(*self._now())
        self._refresh_state()
        if session.ending is not None:
            self.post_message(self.SessionFinished(session.ending.id))

    def _withdrawn(self, text: str, length: int | None) -> bool:
        """The trainee said the reading offered was not what they meant: the client did not
        follow, and what the words break still counts ("稳赚不赔" said, then "不，我换个说法",
        went unscored: a new user's tryout, round fourteen). False when the session ended."""
        session, lang = self.session, self.lang
        try:
            session.misunderstood(text)
        except TranscriptWriteFailed as failure:
            self._write_failed(failure)
            return False
        chat = self.query_one(ChatLog)
        if session.last_unheard:
            chat.add(
                ChatMessage.trainee(t("play.you", lang), text),
                *self._cut_note(length),
                *([self._unheard()] if session.mode == "practice" else []),
            )
        self._refresh_state()
        if session.ending is not None:  # a rule (patience run out) ended the conversation
            chat.add(*self._now())
            self.post_message(self.SessionFinished(session.ending.id))
            return False
        return True

    def _unheard(self) -> ChatMessage:
        """What the words just not understood still break (`Session.last_unheard`)."""
        session, lang = self.session, self.lang
        return ChatMessage.system(
            "\n".join(
                [t("plain.unheard", lang)]
                + [hit_line(hit, session.catalog, lang) for hit in session.last_unheard]
            )
        )

    def take_turn(self, option_id: str, typed: str | None, length: int | None = None) -> None:
        """Play `option_id` (with the trainee's words if they typed them; `length` is how long
        they were before they were cut) and show the result."""
        from simulator.engine import SessionError

        session, lang = self.session, self.lang
        try:
            turn = session.respond(option_id, typed, typed_length=length)
        except SessionError as error:
            self.notify(str(error), severity="error")
            return
        except TranscriptWriteFailed as failure:
            self._write_failed(failure)
            return
        chat = self.query_one(ChatLog)
        messages = [ChatMessage.trainee(t("play.you", lang), self._said(turn))]
        messages += self._cut_note(turn.typed_length)
        if session.mode == "practice":
            messages.append(self._coach(turn))
        messages += self._now()
        chat.add(*messages)
        self.query_one(AnswerInput).value = ""
        self._refresh_state()
        self.post_message(self.TurnScored(turn))
        if session.ending is not None:
            self.post_message(self.SessionFinished(session.ending.id))

    def _write_failed(self, failure: TranscriptWriteFailed) -> None:
        """The transcript cannot be written: say so and stop taking answers (they would be lost).

        The finished turns are on disk; the message names `parley resume` to go on from there.
        """
        self.notify(failure.message(self.lang), severity="error", markup=False, timeout=120)
        self.query_one(AnswerInput).disabled = True
        self.query_one(OptionPicker).disabled = True

    def _finish(self) -> None:
        self.post_message(ConversationClosed(self.session, self.transcript))

    # -- keys ----------------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        """Typing while the options have the focus goes to the answer box."""
        picker = self.query_one(OptionPicker)
        answer = self.query_one(AnswerInput)
        if self.focused is picker and event.is_printable and event.character:
            if option_number(event.character) is None and not answer.disabled:
                event.stop()
                answer.focus()
                answer.insert_text_at_cursor(event.character)

    def action_switch_focus(self) -> None:
        """Tab between the options and the answer box."""
        picker = self.query_one(OptionPicker)
        answer = self.query_one(AnswerInput)
        if self.focused is picker and not answer.disabled:
            answer.focus()
        else:
            picker.focus()

    def action_hint(self) -> None:
        """Show or hide the principles that matter at this node."""
        self.hint_shown = not self.hint_shown
        if self.hint_shown:
            self._show_hint()
        self.query_one("#hint").set_class(not self.hint_shown, "hidden")

    def _show_hint(self) -> None:
        session, lang = self.session, self.lang
        node = session.node
        ids = sorted({pid for o in node.options for pid in o.principles}) if node else []
        parts: list[Content | str | tuple[str, str]] = [(t("play.hint_title", lang), "bold")]
        for pid in ids:
            principle = session.catalog.principles.get(pid)
            if principle is None:
                continue
            bullet, colon = ("\n•", "：") if lang == "zh" else ("\n• ", ": ")
            parts += [bullet, (principle.name.get(lang), "bold")]
            looks_like = session.scenario.looks_like_for(principle).get(lang)
            if looks_like:
                parts += [colon, looks_like]
        if not ids:
            parts += ["\n", t("play.hint_none", lang)]
        self.query_one("#hint", Static).update(Wrapped(Content.assemble(*parts)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo and the hint are practice-mode keys: in assessment they are not shown, and say
        why they are not there."""
        if action in ("undo", "hint"):
            return self.session.mode == "practice"
        if action in ("undo_refused", "hint_refused"):
            return self.session.mode != "practice"
        return True

    def action_hint_refused(self) -> None:
        """F3 in assessment: the principles to watch are feedback, held until the end."""
        self.notify(t("play.hint_assessment", self.lang), severity="warning")

    def action_undo_refused(self) -> None:
        """Ctrl+Z in assessment: no undo there, and the trainee is told so."""
        self.notify(t("play.undo_assessment", self.lang), severity="warning")

    async def action_undo(self) -> None:
        """Take back the last turn (practice mode only)."""
        from simulator.engine import SessionError

        session, lang = self.session, self.lang
        if session.mode != "practice":
            self.notify(t("play.undo_assessment", lang), severity="warning")
            return
        if session.finished:
            self.notify(t("play.undo_finished", lang), severity="warning")
            return
        if not session.turns:
            self.notify(t("play.nothing_to_undo", lang))
            return
        try:
            session.undo()
        except SessionError as error:
            self.notify(str(error), severity="error")
            return
        except TranscriptWriteFailed as failure:
            self._write_failed(failure)
            return
        await self.recompose()
        self._refresh_state()
        self.query_one(ChatLog).add(ChatMessage.system(t("play.undone", lang)))

    def action_leave(self) -> None:
        """Ask, then go back to the library; every finished turn is already on disk."""
        from simulator.tui.confirm import ConfirmDialog

        lang = self.lang
        if self.session.finished:
            self._finish()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                close = getattr(self.session.recorder, "close", None)
                if close is not None:
                    close()
                self.post_message(LibraryAsked())

        self.app.push_screen(
            ConfirmDialog(
                t("play.leave_title", lang),
                Content(t("play.leave_body", lang)),
                t("play.leave_yes", lang),
                t("play.leave_no", lang),
            ),
            answered,
        )
