"""Text from trainees, personas and scenarios made safe to show: never a terminal control code.

Whatever a trainee typed or pasted, and whatever a scenario's double-quoted YAML spelled with
escapes, reaches a coach's terminal, a projector and exported files. Shown raw, `ESC ] 0 ; …
BEL` retitles the terminal, `ESC [ 31 m` paints it red, a right-to-left override reverses what
the coach reads (so the text on screen is not the text recorded), and zero-width characters
hide inside words. Every face and export passes such text through `safe_text`:

- C0 controls (except newline and tab), DEL, C1 controls, bidirectional embeddings, overrides,
  isolates and marks, other invisible format characters, line/paragraph separators and lone
  surrogates are made visible as `\\uXXXX`. The rest of an escape sequence is ordinary text,
  so `\\x1b]0;PWNED\\x07` shows as `\\u001b]0;PWNED\\u0007`: visible, inert. The same spelling
  is a JSON string escape, so JSON output passed through stays valid and means the same.
- Zero-width characters (space, non-joiner, word joiner, BOM, soft hyphen, tag characters)
  are removed;
  a zero-width joiner is kept only between two emoji, where it builds one picture.
- `\\r\\n` becomes `\\n`.

The recorded data itself is never changed: transcripts keep exactly what was typed.
"""

from __future__ import annotations

import re
from typing import TextIO

_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"
_REMOVE = re.compile(
    "[\u00ad\u200b\u200c\u2060\ufeff\U000e0000-\U000e007f]"
    f"|(?<![{_EMOJI}])\u200d|\u200d(?![{_EMOJI}])"
)
_VISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200e\u200f\u2028-\u202e"
    "\u2061-\u206f\ufff9-\ufffb\ud800-\udfff]"
)
_ANY = re.compile(_REMOVE.pattern + "|" + _VISIBLE.pattern + "|\r")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def safe_text(text: str) -> str:
    """`text` with control, bidi and invisible characters made visible or removed."""
    if not _ANY.search(text):  # the common case: nothing to do, no copy
        return text
    text = text.replace("\r\n", "\n")
    text = _REMOVE.sub("", text)
    return _VISIBLE.sub(_escape, text.replace("\r", "\\u000d"))


def safe_line(text: str) -> str:
    """`safe_text` for a one-line field (a name, a label): newlines shown as ` ↵ `."""
    return safe_text(text).replace("\n", " ↵ ")


def is_safe(text: str) -> bool:
    """True when `text` would be shown unchanged."""
    return not _ANY.search(text)


class SafeStream:
    """A text stream that passes everything written through `safe_text` (the CLI's output)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write `text` made safe; returns the length given (as TextIO does)."""
        self._stream.write(safe_text(text))
        return len(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)
