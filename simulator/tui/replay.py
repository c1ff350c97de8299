"""The group replay screen: step through transcripts node by node, reveal answers, add notes.

A coach projects this in a group session. Each step shows the client's line; every trainee's
answer there stays hidden until the coach presses space, so the room can answer first. Then
each trainee's answer appears as one compact row (what they said, the principles it hit, the
trust it cost, the coach's notes), so a room of six or twelve fits one screen; Enter zooms into
the selected trainee with everything, scrollable by keyboard. After the last step comes the
group summary.

Data down, messages up: the screen never saves anything. It posts NoteWritten and Closed; the
app saves the note (beside the transcript, or elsewhere when that folder is read-only) and
hands the screen the group with the note in it.

Everything trainees, personas and scenarios wrote goes through `safe_text` and into Content
objects: data, never markup, never terminal control codes. Only what is on screen is built,
and long answers are cut (with the length shown) until the coach expands them, so revealing
and stepping stay fast with a 10,000-turn transcript or a 1 MB answer in the group.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, RadioButton, RadioSet, Static

from simulator.group import Group, Step, Summary, Trainee, trust_before, with_notes
from simulator.model import Lang, Text
from simulator.notes import LABELS, Note, NotesError, keep_notes, new_note
from simulator.render import narrated
from simulator.report import TRUST_LOSSES_SHOWN, principle_names
from simulator.safetext import safe_line, safe_text
from simulator.scoring import TurnResult
from simulator.transcript import RecordedTurn
from simulator.tui.widgets.oneline import OneLineInput

#: The replay's own words (zh, en); kept here until they move into simulator/i18n.py.
STRINGS: Mapping[str, tuple[str, str]] = {
    "step": ("第 {n}/{total} 步", "Step {n}/{total}"),
    "summary_step": ("小组总结", "Group summary"),
    "client": ("客户", "Client"),
    "hidden": ("答案已隐藏 · 按空格揭晓", "Answer hidden · press space to reveal"),
    "heard": ("听到", "heard"),
    "differs": (
        "每位学员听到的客户台词不同,见各行",
        "The client said different things to each trainee — see each row",
    ),
    "more": ("……(还有 {n} 字,按 e 展开)", "… ({n} more characters, press e to expand)"),
    "more_turns": ("……还有 {n} 轮在这一步,放大查看", "… {n} more turns here; zoom in to see them"),
    "turns_here": ("在这一步答了 {n} 次", "answered here {n} times"),
    "zoom_hint": ("Enter 放大 · ↑↓ 选学员", "Enter zooms · ↑↓ picks a trainee"),
    "zoomed": (
        "放大:{who} · ↑↓ 滚动 · Enter/Esc 返回全部",
        "Zoomed: {who} · ↑↓ scroll · Enter/Esc back to all",
    ),
    "mean_grade": ("平均", "mean"),
    "left_out": ("未纳入的记录", "Transcripts left out"),
    "kept_elsewhere": (
        "记录所在文件夹不可写({why}),批注已改存到:{path}",
        "The transcript's folder cannot be written ({why}); the note was kept in: {path}",
    ),
    "kept_memory": (
        "批注无法保存到磁盘({why}),仅在本次回放中保留;请复制:{text}",
        "The note could not be saved anywhere ({why}); it is kept for this replay only — copy "
        "it: {text}",
    ),
    "absent": ("未到达这一步", "Did not reach this point"),
    "unheard": ("没对上任何一步，未算一轮", "answered no move; no turn"),
    "unheard_n": ("另有 {n} 句没对上任何一步", "{n} more answered no move"),
    "own_words": ("自己的话", "own words"),
    "option": ("选项", "option"),
    "trust": ("信任", "trust"),
    "feedback": ("点评", "feedback"),
    "note": ("批注", "note"),
    "endings": ("结局分布", "Endings reached"),
    "grades": ("得分", "Grades"),
    "means": ("各原则平均分", "Mean per principle"),
    "worst": ("信任流失最多的地方(按总失分)", "Where trust was lost most (total points)"),
    "lost": (
        "第 {n} 步:共失 {points},人均 {mean},{who}/{reached} 人失分",
        "Step {n}: {points} lost in all, mean {mean}, {who}/{reached} lost trust",
    ),
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
    return safe_text(value.get(lang))


#: Characters of an answer a row shows; the zoomed card shows ZOOM_CHARS until expanded.
ROW_CHARS = 160
ZOOM_CHARS = 2000
#: Turns at one step the zoomed card draws at most (a 10,000-turn loop on one node).
ZOOM_TURNS = 50


def cut(text: str, limit: int | None, lang: Lang) -> tuple[str, str]:
    """`text` made safe and cut to `limit` characters, and the "n more" tail ("" when whole)."""
    if limit is None or len(text) <= limit:
        return safe_text(text), ""
    return safe_text(text[:limit]), s("more", lang, n=len(text) - limit)


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
            yield Static(Content(s("note_title", lang, who=safe_line(self.who))), id="note-title")
            with RadioSet(id="note-label"):
                for i, (key, label) in enumerate(LABELS.items()):
                    yield RadioButton(
                        Content(f"{label.zh} {label.en}"), value=i == 0, name=key, id=f"label-{key}"
                    )
            yield OneLineInput(
                placeholder=s("note_placeholder", lang), id="note-text", select_on_focus=False
            )
            with Horizontal(id="note-buttons"):
                yield Button(s("save", lang), variant="primary", id="note-save")
                yield Button(s("cancel", lang), id="note-cancel")

    def on_mount(self) -> None:
        """Start typing at once."""
        self.query_one("#note-text", Input).focus()

    def on_key(self, event: Key) -> None:
        """A letter typed while the label or a button has the focus goes into the note: after a
        Tab, the coach's words are never typed into nothing."""
        text = self.query_one("#note-text", Input)
        if self.focused is text or not event.is_printable or event.character in (None, " "):
            return
        event.stop()
        event.prevent_default()
        text.focus()
        text.insert_text_at_cursor(event.character)

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
        # Priority: the scrolling rows would otherwise take the arrows and space.
        Binding("left", "previous", "上一步 prev", priority=True),
        Binding("right", "next", "下一步 next", priority=True),
        Binding("space", "reveal", "揭晓 reveal", priority=True),
        Binding("tab,down", "select(1)", "选学员 trainee", show=False),
        Binding("shift+tab,up", "select(-1)", "", show=False),
        Binding("enter,z", "zoom", "放大 zoom"),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("e", "expand", "展开 expand", show=False),
        Binding("n", "note", "批注 note"),
        Binding("s", "summary", "总结 summary"),
        Binding("q,escape", "close", "退出 quit"),
    ]

    @dataclass
    class NoteWritten(Message):
        """The coach wrote a note on trainee `index`'s turn; the app keeps it."""

        index: int
        note: Note

    @dataclass
    class Closed(Message):
        """The coach left the replay."""

    step: reactive[int] = reactive(0, init=False)
    """The step shown; len(group.steps) is the summary."""
    revealed: reactive[bool] = reactive(False, init=False)
    """Whether the answers of this step are shown."""
    selected: reactive[int] = reactive(0, init=False)
    """The trainee selected (for zoom and notes)."""
    zoomed: reactive[bool] = reactive(False, init=False)
    """Whether one trainee fills the screen."""
    expanded: reactive[bool] = reactive(False, init=False)
    """Whether the zoomed trainee's long answers are shown whole."""

    def __init__(self, group: Group, lang: Lang | None = None) -> None:
        super().__init__()
        self.group = group
        """The transcripts being replayed, with their notes (the app replaces it: data down)."""
        self._lang = lang
        self.names = principle_names()
        """Principle id -> name, for the hits."""
        self._summary: Summary | None = None

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
        """Title, progress, the client's line, one row per trainee, the zoomed card, summary."""
        yield Static(id="replay-title")
        yield Static(id="replay-progress")
        yield Static(id="replay-client")
        with VerticalScroll(id="replay-answers"):
            for i in range(len(self.group.trainees)):
                yield Static(classes="answer", id=f"answer-{i}")
        with VerticalScroll(id="replay-zoom"):
            yield Static(id="replay-zoom-body")
        yield VerticalScroll(Static(id="replay-summary-body"), id="replay-summary")
        yield Footer()

    def on_mount(self) -> None:
        """Show the first step and say which files were left out."""
        warnings = list(self.group.warnings)
        if self.group.skipped:
            warnings.append(
                s("left_out", self.lang)
                + ":\n"
                + "\n".join(f"{path}: {why}" for path, why in self.group.skipped)
            )
        if warnings:
            self.notify(
                safe_text("\n".join(warnings)), severity="warning", markup=False, timeout=20
            )
        self.refresh_view()

    def show_group(self, group: Group) -> None:
        """Take the group as the app now has it (a note added) and redraw."""
        self.group = group
        self._summary = None
        self.refresh_view()

    def summary(self) -> Summary:
        """The group summary (computed once per group)."""
        if self._summary is None:
            self._summary = self.group.summary()
        return self._summary

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
        """Select the next (or previous) trainee; in zoom, scroll the card instead of moving."""
        if self.zoomed:
            zoom = self.query_one("#replay-zoom", VerticalScroll)
            if delta > 0:
                zoom.scroll_down(animate=False)
            else:
                zoom.scroll_up(animate=False)
            return
        self.selected = (self.selected + delta) % len(self.group.trainees)

    def action_page(self, delta: int) -> None:
        """Page the zoomed card (or the rows) up or down."""
        target = "#replay-zoom" if self.zoomed else "#replay-answers"
        scroll = self.query_one(target, VerticalScroll)
        if delta > 0:
            scroll.scroll_page_down(animate=False)
        else:
            scroll.scroll_page_up(animate=False)

    def action_zoom(self) -> None:
        """Zoom into the selected trainee, or back out to everyone."""
        if not self.at_summary:
            self.zoomed = not self.zoomed

    def action_expand(self) -> None:
        """Show the zoomed trainee's long answers whole (or cut again)."""
        if self.zoomed:
            self.expanded = not self.expanded

    def action_close(self) -> None:
        """Back out of the zoom, else leave the replay (the app decides what leaving means)."""
        if self.zoomed:
            self.zoomed = False
            return
        self.post_message(self.Closed())

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

        def written(note: Note | None) -> None:
            if note is not None:
                self.revealed = True
                self.post_message(self.NoteWritten(index, note))

        self.app.push_screen(NoteDialog(trainee.label, turns[-1], self.lang), written)

    # -- drawing ---------------------------------------------------------------------------------

    def watch_step(self) -> None:
        """A new step starts hidden, with everyone shown."""
        self.zoomed = False
        self.expanded = False
        self.revealed = False
        self.refresh_view()

    def watch_revealed(self) -> None:
        """Show or hide the answers."""
        self.refresh_view()

    def watch_selected(self) -> None:
        """Mark the selected row, give it the focus and scroll it into view."""
        self.refresh_view()
        if not self.at_summary:
            row = self.query_one(f"#answer-{self.selected}", Static)
            self.query_one("#replay-answers", VerticalScroll).scroll_to_widget(row, animate=False)

    def watch_zoomed(self) -> None:
        """Switch between every trainee's row and the one zoomed card."""
        self.expanded = False
        self.refresh_view()
        self.query_one("#replay-zoom", VerticalScroll).scroll_home(animate=False)

    def watch_expanded(self) -> None:
        """Redraw the zoomed card, cut or whole."""
        if self.zoomed:
            self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw what is on screen from the step, reveal state, selection and zoom."""
        lang = self.lang
        group = self.group
        self.query_one("#replay-title", Static).update(
            Content.assemble((_text(group.title, lang), "bold"))
        )
        total = len(group.steps)
        summary = self.at_summary
        zoomed = self.zoomed and not summary
        if summary:
            progress = s("summary_step", lang)
        else:
            who = safe_line(group.trainees[self.selected].label)
            hint = s("zoomed", lang, who=who) if zoomed else s("zoom_hint", lang)
            progress = f"{s('step', lang, n=self.step + 1, total=total)} · {hint}"
        self.query_one("#replay-progress", Static).update(Content(progress))
        self.query_one("#replay-answers").display = not summary and not zoomed
        self.query_one("#replay-zoom").display = zoomed
        self.query_one("#replay-client").display = not summary
        self.query_one("#replay-summary").display = summary
        if summary:
            self.query_one("#replay-summary-body", Static).update(self._summary_content())
            return
        step = group.steps[self.step]
        self.query_one("#replay-client", Static).update(self._client(step))
        if zoomed:
            index = self.selected
            body = self._card(group.trainees[index], step, index)
            self.query_one("#replay-zoom-body", Static).update(body)
            return
        for i, (trainee, turns) in enumerate(zip(group.trainees, step.turns, strict=True)):
            row = self.query_one(f"#answer-{i}", Static)
            row.set_class(i == self.selected, "-selected")
            row.set_class(not turns, "-absent")
            row.update(self._row(trainee, step, i))

    def _client(self, step: Step) -> Content:
        common = step.common_line()
        if common is None:
            if step.first() is None:
                return Content("")
            return Content.assemble((s("differs", self.lang), "italic"))
        turn = common.turn
        line = turn.client_line
        parts: list[Content | str | tuple[str, str]] = []
        if turn.narration is not None:
            # Narration is told by no one: no "client", no mood.
            told = narrated(_text(turn.narration, self.lang), self.lang)
            parts.append((told + "\n", "italic"))
        who = _text(turn.speaker, self.lang) if turn.speaker is not None else s("client", self.lang)
        if line.get(self.lang):
            parts += [(f"{who}\n", "dim"), (f"「{_text(line, self.lang)}」", "bold")]
        other = line.en if self.lang == "zh" else line.zh
        if other and other != line.get(self.lang):
            parts.append((f"\n{safe_text(other)}", "italic dim"))
        return Content.assemble(*parts)

    def _said(self, turn: TurnResult) -> str:
        """What the trainee said: their own words as typed, a picked option in the UI language."""
        if turn.typed is not None:
            return turn.typed
        return turn.option_text.get(self.lang) or turn.said

    def _how(self, turn_typed: str | None) -> str:
        return s("own_words", self.lang) if turn_typed is not None else s("option", self.lang)

    def _row(self, trainee: Trainee, step: Step, index: int) -> Content:
        """One trainee in two lines: what they said; hits, trust and notes."""
        lang = self.lang
        turns = step.turns[index]
        parts: list[Content | str | tuple[str, str]] = [(safe_line(trainee.label), "bold"), "  "]
        if not turns:
            parts.append((s("absent", lang), "dim italic"))
            return Content.assemble(*parts)
        if step.common_line() is None:
            heard, _ = cut(turns[-1].turn.client_line.get(lang), ROW_CHARS, lang)
            parts += [(f"{s('heard', lang)}「{heard}」", "dim"), "\n"]
        if not self.revealed:
            parts.append((s("hidden", lang), "italic"))
            return Content.assemble(*parts)
        turn = turns[-1].turn
        said, _ = cut(self._said(turn), ROW_CHARS, lang)
        parts += [
            (f"「{said.replace(chr(10), ' ')}」", "bold"),
            (f" {self._how(turn.typed)}", "dim"),
        ]
        details: list[Content | str | tuple[str, str]] = []
        if len(turns) > 1:
            details.append((s("turns_here", lang, n=len(turns)) + "  ", "dim"))
        unheard = sum(len(part) for r in turns for part in trainee.unheard(r.turn.index))
        if unheard:
            details.append((s("unheard_n", lang, n=unheard) + "  ", "red"))
        for hit in turn.hits:
            name = self.names.get(hit.principle)
            label = safe_line(name.get(lang) if name else hit.principle)
            style, mark = ("green", "✓") if hit.weight > 0 else ("red", "✗")
            details.append((f"{mark}{label}{hit.weight:+d} ", style))
        before = trust_before(trainee.transcript, turn.index)
        after = turn.variables.get("trust")
        if before is not None and isinstance(after, int) and after != before:
            details.append(
                (f"{s('trust', lang)} {before}→{after} ", "bold" if after < before else "dim")
            )
        for r in turns:
            for note in trainee.notes_on(r.turn.index):
                label = LABELS[note.label].get(lang)
                text, _ = cut(note.text, ROW_CHARS // 4, lang)
                details.append((f"[{label}] {text.replace(chr(10), ' ')} ", "bold yellow"))
        if details:
            parts += ["\n", *details]
        return Content.assemble(*parts)

    def _card(self, trainee: Trainee, step: Step, index: int) -> Content:
        """The zoomed trainee: every turn here with feedback, hits, trust and notes."""
        lang = self.lang
        turns = step.turns[index]
        parts: list[Content | str | tuple[str, str]] = [(safe_line(trainee.label), "bold"), "\n"]
        if not turns:
            parts.append((s("absent", lang), "dim italic"))
            return Content.assemble(*parts)
        if not self.revealed:
            parts.append((s("hidden", lang), "italic"))
            return Content.assemble(*parts)
        limit = None if self.expanded else ZOOM_CHARS
        shown = turns if self.expanded else turns[:ZOOM_TURNS]
        common = step.common_line() is not None
        for r in shown:
            turn = r.turn
            if not common:
                heard, more = cut(turn.client_line.get(lang), limit, lang)
                parts += [(f"{s('client', lang)}「{heard}」{more}\n", "dim")]
            asked_before, asked_after = trainee.unheard(turn.index)
            parts += self._unheard(asked_before, limit)
            said, more = cut(self._said(turn), limit, lang)
            parts += [(f"「{said}」", "bold"), (f"  {self._how(turn.typed)}\n", "dim")]
            if more:
                parts.append((more + "\n", "italic"))
            feedback = turn.feedback.get(lang)
            if feedback:
                parts.append((f"{safe_text(feedback)}\n", "italic"))
            for hit in turn.hits:
                name = self.names.get(hit.principle)
                label = safe_line(name.get(lang) if name else hit.principle)
                style, mark = ("green", "✓") if hit.weight > 0 else ("red", "✗")
                parts.append((f"{mark} {label} ({hit.weight:+d})\n", style))
            before = trust_before(trainee.transcript, turn.index)
            after = turn.variables.get("trust")
            if before is not None and isinstance(after, int) and after != before:
                parts.append((f"{s('trust', lang)} {before} → {after}\n", "dim"))
            for note in trainee.notes_on(turn.index):
                label = LABELS[note.label].get(lang)
                parts += [
                    (f"[{s('note', lang)} · {label}] ", "bold yellow"),
                    f"{safe_text(note.text)}\n",
                ]
            parts += self._unheard(asked_after, limit)
            parts.append("\n")
        if len(turns) > len(shown):
            parts.append((s("more_turns", lang, n=len(turns) - len(shown)), "italic"))
        return Content.assemble(*parts)

    def _unheard(
        self, words: Sequence[str], limit: int | None
    ) -> list[Content | str | tuple[str, str]]:
        """Answers the client did not understand, each on its line, marked as such."""
        parts: list[Content | str | tuple[str, str]] = []
        for said in words:
            text, more = cut(said, limit, self.lang)
            parts += [(f"「{text}」{more}", "bold"), (f"  {s('unheard', self.lang)}\n", "dim red")]
        return parts

    def _summary_content(self) -> Content:
        lang = self.lang
        summary = self.summary()
        parts: list[Content | str | tuple[str, str]] = [
            (s("grades", lang) + "\n", "bold underline")
        ]
        for trainee in self.group.trainees:
            grade = summary.grades.get(trainee.label)
            shown = s("unfinished", lang) if grade is None else str(grade)
            parts.append(f"  {safe_line(trainee.label)}: {shown}\n")
        mean = summary.grade_mean
        if mean is not None:
            parts.append((f"  {s('mean_grade', lang)}: {mean:.0f}\n", "bold"))
        parts.append(("\n" + s("endings", lang) + "\n", "bold underline"))
        outcomes = {"success": "✓", "partial": "~", "fail": "✗", "abandoned": "…"}
        for reached in summary.endings:
            title = safe_line(reached.title.get(lang))
            who = ", ".join(safe_line(w) for w in reached.trainees)
            mark = outcomes.get(reached.outcome, "")
            parts.append(f"  {mark} {title}: {len(reached.trainees)} — {who}\n")
        if summary.principle_means:
            parts.append(("\n" + s("means", lang) + "\n", "bold underline"))
            ordered = sorted(summary.principle_means.items(), key=lambda kv: (kv[1], kv[0]))
            for pid, value in ordered:
                name = self.names.get(pid)
                label = safe_line(name.get(lang) if name else pid)
                bar = "█" * round(value / 10) + "░" * (10 - round(value / 10))
                parts.append(f"  {bar} {value:5.0f}  {label}\n")
        if summary.trust_losses:
            parts.append(("\n" + s("worst", lang) + "\n", "bold underline"))
            numbers = {step.node: n for n, step in enumerate(self.group.steps, 1)}
            for loss in summary.trust_losses[:TRUST_LOSSES_SHOWN]:
                text = s(
                    "lost",
                    lang,
                    n=numbers.get(loss.node, "?"),
                    points=f"−{loss.points}",
                    mean=f"−{loss.mean:.1f}",
                    who=loss.trainees,
                    reached=loss.reached,
                )
                parts.append((f"  {text}\n", "red"))
        return Content.assemble(*parts)


class ReplayApp(App[None]):
    """A stand-alone host for the replay screen (`parley replay`): it owns the notes."""

    TITLE = "Parley replay"
    # The replay is the default screen, whose CSS_PATH Textual does not load: the app does.
    CSS_PATH = "replay.tcss"

    def __init__(self, group: Group, lang: Lang = "zh") -> None:
        super().__init__()
        self.group = group
        """The transcripts to replay."""
        self.lang: Lang = lang
        """The UI language."""

    def get_default_screen(self) -> Screen:
        """The replay itself, so that q ends the app instead of showing a blank screen."""
        return ReplayScreen(self.group, self.lang)

    def on_mount(self) -> None:
        """Keep the garbage collector off the transcripts once they are read.

        A 10,000-turn transcript is a few hundred thousand objects that live as long as the
        replay; a full collection walking them now and then took a step from 15 ms to over
        100 ms. Frozen, they are never walked again.
        """
        gc.collect()
        gc.freeze()

    def on_unmount(self) -> None:
        """Hand the objects back to the collector (tests run many replays in one process)."""
        gc.unfreeze()

    def on_replay_screen_closed(self, message: ReplayScreen.Closed) -> None:
        """Leaving the replay ends `parley replay`."""
        self.exit()

    def on_replay_screen_note_written(self, message: ReplayScreen.NoteWritten) -> None:
        """Keep the note (beside the transcript, else elsewhere) and show it in the replay."""
        trainee = self.group.trainees[message.index]
        notes = [*trainee.notes, message.note]
        transcript = trainee.transcript
        try:
            kept = keep_notes(transcript.path, notes, transcript.identity, transcript.part)
        except NotesError as error:
            self.notify(
                s("kept_memory", self.lang, why=error, text=safe_line(message.note.text)),
                severity="error",
                markup=False,
                timeout=60,
            )
        else:
            if kept.elsewhere:
                self.notify(
                    s("kept_elsewhere", self.lang, why=kept.why, path=kept.path),
                    severity="warning",
                    markup=False,
                    timeout=30,
                )
            else:
                self.notify(s("note_saved", self.lang, path=kept.path.name), markup=False)
        # Shown either way: a note that could not be written is still the coach's work.
        self.group = with_notes(self.group, message.index, notes)
        screen = self.screen
        if isinstance(screen, ReplayScreen):
            screen.show_group(self.group)
