"""The group replay screen: step through transcripts node by node, reveal answers, add notes.

A coach projects this in a group session. Each step shows the client's line; every trainee's
answer there stays hidden until the coach presses space, so the room can answer first; then the
answers appear side by side with feedback, principle hits and the coach's notes. After the last
step comes the group summary. Notes are saved beside each transcript as soon as they are made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, RadioButton, RadioSet, Static

from simulator.group import Group, Step, Trainee, trust_before, with_notes
from simulator.model import Lang, Text
from simulator.notes import LABELS, Note, NotesError, new_note, save_notes
from simulator.render import narrated
from simulator.report import principle_names
from simulator.transcript import RecordedTurn

#: The replay's own words (zh, en); kept here until they move into simulator/i18n.py.
STRINGS: Mapping[str, tuple[str, str]] = {
    "step": ("第 {n}/{total} 步", "Step {n}/{total}"),
    "summary_step": ("小组总结", "Group summary"),
    "client": ("客户", "Client"),
    "hidden": ("答案已隐藏 · 按空格揭晓", "Answer hidden · press space to reveal"),
    "absent": ("未到达这一步", "Did not reach this point"),
    "own_words": ("自己的话", "own words"),
    "option": ("选项", "option"),
    "trust": ("信任", "trust"),
    "feedback": ("点评", "feedback"),
    "note": ("批注", "note"),
    "endings": ("结局分布", "Endings reached"),
    "grades": ("得分", "Grades"),
    "means": ("各原则平均分", "Mean per principle"),
    "worst": ("信任流失最多的节点", "Where most trainees lost trust"),
    "trainees": ("人", "trainees"),
    "no_turn": ("这位学员在这一步没有回答，无法批注", "This trainee has no answer here to note"),
    "note_saved": ("批注已保存：{path}", "Note saved: {path}"),
    "note_title": ("给 {who} 的回答加批注", "Note on {who}'s answer"),
    "note_placeholder": ("写下批注……", "Write the note…"),
    "save": ("保存", "Save"),
    "cancel": ("取消", "Cancel"),
    "unfinished": ("未完成", "unfinished"),
}


def s(key: str, lang: Lang, **kwargs: object) -> str:
    """A replay string in `lang`."""
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**kwargs) if kwargs else text


def _text(value: Text, lang: Lang) -> str:
    return value.get(lang)


class NoteDialog(ModalScreen[Note | None]):
    """Pick a label and write a note on one trainee's turn; dismisses with the Note or None."""

    CSS_PATH = "replay.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, who: str, turn: RecordedTurn, lang: Lang) -> None:
        super().__init__()
        self.who = who
        """The trainee whose turn is being noted."""
        self.turn = turn
        """The turn the note is on."""
        self.lang: Lang = lang
        """The UI language."""

    def compose(self) -> ComposeResult:
        """The label choice, the text and the buttons."""
        lang = self.lang
        with Vertical(id="note-dialog"):
            yield Static(Content(s("note_title", lang, who=self.who)), id="note-title")
            with RadioSet(id="note-label"):
                for i, (key, label) in enumerate(LABELS.items()):
                    yield RadioButton(
                        Content(f"{label.zh} {label.en}"), value=i == 0, name=key, id=f"label-{key}"
                    )
            yield Input(placeholder=s("note_placeholder", lang), id="note-text")
            with Horizontal(id="note-buttons"):
                yield Button(s("save", lang), variant="primary", id="note-save")
                yield Button(s("cancel", lang), id="note-cancel")

    def on_mount(self) -> None:
        """Start typing at once."""
        self.query_one("#note-text", Input).focus()

    def _label(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else "missed"

    def _save(self) -> None:
        text = self.query_one("#note-text", Input).value.strip()
        if not text:
            self.dismiss(None)
            return
        turn = self.turn.turn
        self.dismiss(new_note(turn.index, turn.node_id, self._label(), text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the text saves."""
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        event.stop()
        if event.button.id == "note-save":
            self._save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without a note."""
        self.dismiss(None)


class ReplayScreen(Screen[None]):
    """Transcripts of one scenario replayed step by step, answers hidden until revealed."""

    CSS_PATH = "replay.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the scrolling answer columns would otherwise take the arrows and space.
        Binding("left", "previous", "上一步 prev", priority=True),
        Binding("right", "next", "下一步 next", priority=True),
        Binding("space", "reveal", "揭晓 reveal", priority=True),
        Binding("tab", "select(1)", "选学员 trainee", show=False),
        Binding("shift+tab", "select(-1)", "", show=False),
        Binding("n", "note", "批注 note"),
        Binding("s", "summary", "总结 summary"),
        Binding("q,escape", "close", "退出 quit"),
    ]

    step: reactive[int] = reactive(0, init=False)
    """The step shown; len(group.steps) is the summary."""
    revealed: reactive[bool] = reactive(False, init=False)
    """Whether the answers of this step are shown."""
    selected: reactive[int] = reactive(0, init=False)
    """The trainee a new note goes to."""

    def __init__(self, group: Group, lang: Lang | None = None) -> None:
        super().__init__()
        self.group = group
        """The transcripts being replayed, with their notes."""
        self._lang = lang
        self.names = principle_names()
        """Principle id -> name, for the hits."""

    @property
    def lang(self) -> Lang:
        """The UI language (the app's, when it has one)."""
        if self._lang is not None:
            return self._lang
        return getattr(self.app, "lang", "zh")  # type: ignore[no-any-return]

    @property
    def at_summary(self) -> bool:
        """True when the summary is shown."""
        return self.step >= len(self.group.steps)

    def compose(self) -> ComposeResult:
        """Title, progress, the client's line, the answers side by side, the summary."""
        yield Static(id="replay-title")
        yield Static(id="replay-progress")
        yield Static(id="replay-client")
        with Horizontal(id="replay-answers"):
            for i in range(len(self.group.trainees)):
                with VerticalScroll(classes="answer", id=f"answer-{i}"):
                    yield Static(classes="answer-body", id=f"answer-body-{i}")
        yield VerticalScroll(Static(id="replay-summary-body"), id="replay-summary")
        yield Footer()

    def on_mount(self) -> None:
        """Show the first step."""
        if self.group.warnings:
            self.notify("\n".join(self.group.warnings), severity="warning", markup=False)
        self.refresh_view()

    # -- actions ---------------------------------------------------------------------------------

    def action_next(self) -> None:
        """Next step (after the last: the summary)."""
        if self.step < len(self.group.steps):
            self.step += 1

    def action_previous(self) -> None:
        """Previous step."""
        if self.step > 0:
            self.step -= 1

    def action_reveal(self) -> None:
        """Show (or hide again) the answers of this step."""
        self.revealed = not self.revealed

    def action_summary(self) -> None:
        """Jump to the summary, or back to the first step from it."""
        self.step = 0 if self.at_summary else len(self.group.steps)

    def action_select(self, delta: int) -> None:
        """Select the next (or previous) trainee's column for notes."""
        self.selected = (self.selected + delta) % len(self.group.trainees)

    def action_close(self) -> None:
        """Leave the replay."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.exit()

    def action_note(self) -> None:
        """Add a note on the selected trainee's answer at this step."""
        if self.at_summary:
            return
        index = self.selected
        turns = self.group.steps[self.step].turns[index]
        if not turns:
            self.notify(s("no_turn", self.lang), severity="warning")
            return
        trainee = self.group.trainees[index]

        def saved(note: Note | None) -> None:
            if note is not None:
                self.add_note(index, note)

        self.app.push_screen(NoteDialog(trainee.label, turns[-1], self.lang), saved)

    def add_note(self, index: int, note: Note) -> None:
        """Keep a note on trainee `index`'s transcript and save it beside the transcript."""
        trainee = self.group.trainees[index]
        notes = [*trainee.notes, note]
        transcript = trainee.transcript
        try:
            path = save_notes(transcript.path, notes, transcript.identity)
        except NotesError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.group = with_notes(self.group, index, notes)
        self.revealed = True
        self.notify(s("note_saved", self.lang, path=path.name), markup=False)
        self.refresh_view()

    # -- drawing ---------------------------------------------------------------------------------

    def watch_step(self) -> None:
        """A new step starts hidden."""
        self.revealed = False
        self.refresh_view()

    def watch_revealed(self) -> None:
        """Show or hide the answers."""
        self.refresh_view()

    def watch_selected(self) -> None:
        """Mark the selected column."""
        self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw every part from the current step, reveal state and selection."""
        lang = self.lang
        group = self.group
        title = group.title
        self.query_one("#replay-title", Static).update(
            Content.assemble((_text(title, lang), "bold"), "  ", (group.scenario, "dim"))
        )
        total = len(group.steps)
        summary = self.at_summary
        progress = (
            s("summary_step", lang)
            if summary
            else s("step", lang, n=self.step + 1, total=total) + f" · {group.steps[self.step].node}"
        )
        self.query_one("#replay-progress", Static).update(Content(progress))
        self.query_one("#replay-answers").display = not summary
        self.query_one("#replay-client").display = not summary
        self.query_one("#replay-summary").display = summary
        if summary:
            self.query_one("#replay-summary-body", Static).update(self._summary())
            return
        step = group.steps[self.step]
        self.query_one("#replay-client", Static).update(self._client(step))
        for i, (trainee, turns) in enumerate(zip(group.trainees, step.turns, strict=True)):
            column = self.query_one(f"#answer-{i}")
            column.set_class(i == self.selected, "-selected")
            column.set_class(not turns, "-absent")
            body = self.query_one(f"#answer-body-{i}", Static)
            body.update(self._answer(trainee, turns))

    def _client(self, step: Step) -> Content:
        first = step.first()
        if first is None:
            return Content("")
        line, turn = first.turn.client_line, first.turn
        parts: list[Content | str | tuple[str, str]] = []
        if turn.narration is not None:
            # Narration is told by no one: no "client", no mood.
            parts.append((narrated(turn.narration.get(self.lang), self.lang) + "\n", "italic"))
        who = (
            turn.speaker.get(self.lang)
            if turn.speaker is not None
            else f"{s('client', self.lang)} ({turn.mood})"
        )
        if line.get(self.lang):
            parts += [(f"{who}\n", "dim"), (f"「{line.get(self.lang)}」", "bold")]
        other = line.en if self.lang == "zh" else line.zh
        if other and other != line.get(self.lang):
            parts.append((f"\n{other}", "italic dim"))
        return Content.assemble(*parts)

    def _answer(self, trainee: Trainee, turns: tuple[RecordedTurn, ...]) -> Content:
        lang = self.lang
        parts: list[Content | str | tuple[str, str]] = [(trainee.label, "bold"), "\n"]
        if not turns:
            parts.append((s("absent", lang), "dim italic"))
            return Content.assemble(*parts)
        if not self.revealed:
            parts.append((s("hidden", lang), "italic"))
            return Content.assemble(*parts)
        for r in turns:
            turn = r.turn
            how = (
                s("own_words", lang)
                if turn.typed is not None
                else f"{s('option', lang)} {turn.option_id}"
            )
            parts += [(f"「{turn.said}」", "bold"), (f"  {how}\n", "dim")]
            feedback = turn.feedback.get(lang)
            if feedback:
                parts.append((f"{feedback}\n", "italic"))
            for hit in turn.hits:
                name = self.names.get(hit.principle)
                label = name.get(lang) if name else hit.principle
                style = "green" if hit.weight > 0 else "red"
                mark = "✓" if hit.weight > 0 else "✗"
                parts.append((f"{mark} {label} ({hit.weight:+d})\n", style))
            before = trust_before(trainee.transcript, turn.index)
            after = turn.variables.get("trust")
            if before is not None and isinstance(after, int) and after != before:
                parts.append((f"{s('trust', lang)} {before} → {after}\n", "dim"))
            for note in trainee.notes_on(turn.index):
                label = LABELS[note.label].get(lang)
                parts += [(f"[{s('note', lang)} · {label}] ", "bold yellow"), f"{note.text}\n"]
        return Content.assemble(*parts)

    def _summary(self) -> Content:
        lang = self.lang
        summary = self.group.summary()
        parts: list[Content | str | tuple[str, str]] = [
            (s("grades", lang) + "\n", "bold underline")
        ]
        for trainee in self.group.trainees:
            grade = summary.grades.get(trainee.label)
            shown = s("unfinished", lang) if grade is None else str(grade)
            parts.append(f"  {trainee.label}: {shown}\n")
        parts.append(("\n" + s("endings", lang) + "\n", "bold underline"))
        for key, who in summary.endings.items():
            parts.append(f"  {key}: {len(who)} — {', '.join(who)}\n")
        if summary.principle_means:
            parts.append(("\n" + s("means", lang) + "\n", "bold underline"))
            ordered = sorted(summary.principle_means.items(), key=lambda kv: (kv[1], kv[0]))
            for pid, mean in ordered:
                name = self.names.get(pid)
                label = name.get(lang) if name else pid
                bar = "█" * round(mean / 10) + "░" * (10 - round(mean / 10))
                parts.append(f"  {bar} {mean:5.0f}  {label}\n")
        worst = summary.worst_node
        if worst is not None:
            parts.append(("\n" + s("worst", lang) + "\n", "bold underline"))
            parts.append(
                (
                    f"  {worst.node}: {worst.trainees} {s('trainees', lang)}, −{worst.points}\n",
                    "red",
                )
            )
        return Content.assemble(*parts)


class ReplayApp(App[None]):
    """A stand-alone host for the replay screen (`parley replay`)."""

    TITLE = "Parley replay"

    def __init__(self, group: Group, lang: Lang = "zh") -> None:
        super().__init__()
        self.group = group
        """The transcripts to replay."""
        self.lang: Lang = lang
        """The UI language."""

    def get_default_screen(self) -> Screen:
        """The replay itself, so that q ends the app instead of showing a blank screen."""
        return ReplayScreen(self.group, self.lang)
