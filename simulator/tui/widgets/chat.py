"""The conversation as a scrolling column of messages: client, trainee, coach, system."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator.safetext import safe_line, safe_text


class ChatMessage(Static):
    """One message; who said it (client/trainee/coach/system) is its CSS class."""

    @classmethod
    def client(cls, speaker: str, line: str, mood: str = "") -> ChatMessage:
        """The client (or another speaker) says `line`; all three are shown literally."""
        speaker, line, mood = safe_line(speaker), safe_text(line), safe_line(mood)
        head = Content.assemble((speaker, "bold"), (f" · {mood}" if mood else "", "italic"))
        return cls(Content.assemble(head, "\n", line), classes="client")

    @classmethod
    def reaction(cls, speaker: str, line: str) -> ChatMessage:
        """A hot-button reaction the client blurts out before their next line."""
        return cls(
            Content.assemble((safe_line(speaker), "bold"), "\n", safe_text(line)),
            classes="client reaction",
        )

    @classmethod
    def narration(cls, line: str) -> ChatMessage:
        """What happens, told by no one: no name, no mood (她放下手里的账本)."""
        return cls(Content(line), classes="narration")

    @classmethod
    def trainee(cls, speaker: str, line: str) -> ChatMessage:
        """The trainee said `line` (their own words or the option text), shown literally."""
        return cls(
            Content.assemble((safe_line(speaker), "bold"), "\n", safe_text(line)),
            classes="trainee",
        )

    @classmethod
    def coach(cls, title: str, body: str, tags: Sequence[Content] = ()) -> ChatMessage:
        """The coach's feedback on the last turn, with the principles it hit."""
        parts: list[Content | str | tuple[str, str]] = [(title, "bold"), "\n", safe_text(body)]
        if tags:
            parts += ["\n", Content("  ").join(tags)]
        return cls(Content.assemble(*parts), classes="coach")

    @classmethod
    def system(cls, line: str) -> ChatMessage:
        """A note from Parley itself (resumed, undone, ended…)."""
        return cls(Content(line), classes="system")


class ChatLog(VerticalScroll):
    """The conversation so far; it follows new messages only when the reader is at the end."""

    def add(self, *messages: ChatMessage) -> None:
        """Append `messages`, scrolling along only if the reader was already at the end."""
        # Elia's rule: don't yank a reader who scrolled up back to the bottom.
        follow = self.is_vertical_scroll_end or self.max_scroll_y == 0
        self.mount_all(messages)
        if follow:
            self.call_after_refresh(self.scroll_end, animate=False)

    def on_mount(self) -> None:
        """Start at the end of a conversation that was already under way."""
        self.call_after_refresh(self.scroll_end, animate=False)
