"""The conversation as a scrolling column of messages: client, trainee, coach, system."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator.safetext import safe_line, safe_text
from simulator.tui.widgets.wrapped import Wrapped


class ChatMessage(Static):
    """One message; who said it (client/trainee/coach/system) is its CSS class."""

    @classmethod
    def client(cls, speaker: str, line: str, mood: str = "") -> ChatMessage:
        """The client (or another speaker) says `line`; all three are shown literally."""
        speaker, line, mood = safe_line(speaker), safe_text(line), safe_line(mood)
        head = Content.assemble((speaker, "bold"), (f" · {mood}" if mood else "", "italic"))
        return cls(Wrapped(Content.assemble(head, "\n", line)), classes="client")

    @classmethod
    def reaction(cls, speaker: str, line: str) -> ChatMessage:
        """A hot-button reaction the client blurts out before their next line."""
        return cls(
            Wrapped(Content.assemble((safe_line(speaker), "bold"), "\n", safe_text(line))),
            classes="client reaction",
        )

    @classmethod
    def narration(cls, line: str) -> ChatMessage:
        """What happens, told by no one: no name, no mood (她放下手里的账本)."""
        return cls(Wrapped(safe_text(line)), classes="narration")

    @classmethod
    def trainee(cls, speaker: str, line: str) -> ChatMessage:
        """The trainee said `line` (their own words or the option text), shown literally."""
        return cls(
            Wrapped(Content.assemble((safe_line(speaker), "bold"), "\n", safe_text(line))),
            classes="trainee",
        )

    @classmethod
    def coach(cls, title: str, body: str, tags: Sequence[Content] = ()) -> ChatMessage:
        """The coach's feedback on the last turn, with the principles it hit."""
        parts: list[Content | str | tuple[str, str]] = [(title, "bold"), "\n", safe_text(body)]
        if tags:
            parts += ["\n", Content("  ").join(tags)]
        return cls(Wrapped(Content.assemble(*parts)), classes="coach")

    @classmethod
    def system(cls, line: str) -> ChatMessage:
        """A note from Parley itself (resumed, undone, ended…)."""
        return cls(Wrapped(line), classes="system")


class ChatLog(VerticalScroll):
    """The conversation so far; it follows the newest line unless the reader scrolled up.

    Following is a state, not a position check at the moment a line is added: when the hint
    opens (F3) the log gets shorter and its end falls below the fold without the reader doing
    anything, and it must still follow. Only scrolling up stops it; scrolling back to the end
    (or a new session) starts it again.
    """

    following = True
    """Whether the log keeps its newest line in view."""

    def add(self, *messages: ChatMessage) -> None:
        """Append `messages`, scrolling along unless the reader scrolled up."""
        self.mount_all(messages)
        if self.following:
            self.call_after_refresh(self._follow)

    def _follow(self) -> None:
        if self.following:
            self.scroll_end(animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """The reader scrolling up stops the following; reaching the end starts it again."""
        super().watch_scroll_y(old_value, new_value)
        if new_value >= self.max_scroll_y - 1:
            self.following = True
        elif new_value < old_value:
            self.following = False

    def on_resize(self) -> None:
        """Keep the newest line in view when the log grows shorter (the hint opened)."""
        if self.following:
            self.call_after_refresh(self._follow)

    def on_mount(self) -> None:
        """Start at the end of a conversation that was already under way."""
        self.call_after_refresh(self._follow)
