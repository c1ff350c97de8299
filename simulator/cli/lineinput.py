"""Reading one answer at a terminal in line mode, whole.

A terminal's own line editing (the kernel's canonical mode) keeps at most 4,095 bytes of a line
(about 1,300 Chinese characters) and drops the rest of a longer paste without a word. GNU
readline reads the keys itself, so where Python has it, `input` does the reading and the trainee
gets arrow keys and the line history as well. Where Python was built without it, `TerminalLine`
reads the keys itself: characters, Backspace, Ctrl-U (clear the line), Enter, and Ctrl-D on an
empty line (end of input); other control keys and escape sequences (arrow keys, the markers a
terminal puts round a paste) are ignored. Ctrl-C still interrupts.

A paste of several lines is one answer: both readers turn on the terminal's bracketed paste, so
the line ends inside a paste stay in the answer and only the Enter after it sends it (round
thirty-six's cold tryout: a three-line paste was read as three answers). A terminal without
bracketed paste sends a paste as typed keys, a line at a time.
"""

from __future__ import annotations

import codecs
import os
import shutil
import termios
import unicodedata

#: The keys `TerminalLine` acts on.
ENTER = "\r\n"
END_OF_INPUT = "\x04"  # Ctrl-D
ERASE = "\x7f\x08"  # Backspace, Ctrl-H
KILL_LINE = "\x15"  # Ctrl-U
ESCAPE = "\x1b"
#: The markers a terminal with bracketed paste on puts round a paste (after ESC), and the
#: switches that turn it on and off.
PASTE_START = "[200~"
PASTE_END = "[201~"
BRACKETED_PASTE_ON = "\x1b[?2004h"
BRACKETED_PASTE_OFF = "\x1b[?2004l"


def has_readline() -> bool:
    """Import GNU readline where Python has it (importing it is what makes `input` use it),
    with bracketed paste on, so that a pasted block of lines is one answer."""
    try:
        import readline
    except ImportError:  # Windows, or a Python built without it
        return False
    if "libedit" not in (readline.__doc__ or ""):
        readline.parse_and_bind("set enable-bracketed-paste on")
    return True


def char_width(ch: str) -> int:
    """Columns one character takes in a terminal: 2 for wide (CJK) characters."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cursor_row(text: str, columns: int) -> int:
    """The row (from 0) a terminal `columns` wide leaves the cursor on after writing `text`
    from the start of a line. A wide character that does not fit at the end of a row goes to
    the next; a full row keeps the cursor on it until the next character comes."""
    row = col = 0
    for ch in text:
        if ch == "\n":  # a line end inside a paste
            row += 1
            col = 0
            continue
        width = char_width(ch)
        if col + width > columns:
            row += 1
            col = 0
        col += width
    return row


class TerminalLine:
    """Reads lines from the terminal on `fd`, echoing to the terminal on `out`, with no limit on
    their length.

    `out` is the terminal itself (a file descriptor), not a text stream that makes control
    characters visible: the echo moves the cursor. What is echoed of the trainee's keys is only
    printable characters. Characters read past the end of a line (a paste of several lines) are
    kept for the next `read`, as the terminal would keep them."""

    def __init__(self, fd: int, out: int) -> None:
        self.fd = fd
        self.out = out
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""

    def read(self, prompt: str) -> str | None:
        """One line without its end; None at end of input (Ctrl-D on an empty line)."""
        saved = termios.tcgetattr(self.fd)
        keys = list(saved)
        keys[3] &= ~(termios.ICANON | termios.ECHO)  # every key at once, and we echo
        keys[6] = list(saved[6])
        keys[6][termios.VMIN] = 1
        keys[6][termios.VTIME] = 0
        termios.tcsetattr(self.fd, termios.TCSANOW, keys)
        try:
            self._write(BRACKETED_PASTE_ON + prompt)
            return self._edit(prompt)
        finally:
            self._write(BRACKETED_PASTE_OFF)
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)

    def _edit(self, prompt: str) -> str | None:
        line: list[str] = []
        in_escape = False
        sequence = ""  # the escape sequence read so far (after ESC)
        pasting = False  # between the paste markers: a line end is part of the answer
        while True:
            if not self._pending:
                data = os.read(self.fd, 65536)
                if not data:  # the terminal hung up
                    self._write("\n")
                    return "".join(line) if line else None
                self._pending = self._decoder.decode(data)
            text, self._pending = self._pending, ""
            echo: list[str] = []
            for at, ch in enumerate(text):
                if in_escape:
                    # ESC [ … final byte, or ESC O x, or ESC x: skip the whole sequence, except
                    # the paste markers, which say where a paste starts and ends.
                    sequence += ch
                    if ch in "[O;?" or ch.isdigit():
                        continue
                    in_escape = False
                    if sequence in (PASTE_START, PASTE_END):
                        pasting = sequence == PASTE_START
                    continue
                if pasting and ch in ENTER:
                    line.append("\n")
                    echo.append("\r\n")
                    continue
                if ch in ENTER:
                    self._pending = text[at + 1 :].lstrip("\n") if ch == "\r" else text[at + 1 :]
                    self._write("".join(echo) + "\n")
                    return "".join(line)
                if ch == END_OF_INPUT and not line:
                    self._pending = text[at + 1 :]
                    self._write("".join(echo) + "\n")
                    return None
                if ch in ERASE or ch == KILL_LINE:
                    self._write("".join(echo))
                    echo = []
                    before = prompt + "".join(line)
                    if ch == KILL_LINE:
                        line.clear()
                    elif line:
                        line.pop()
                    self._redraw(before, prompt + "".join(line))
                elif ch == ESCAPE:
                    in_escape = True
                    sequence = ""
                elif ch == "\t":
                    line.append(" ")
                    echo.append(" ")
                elif ch >= " " and not ("\x80" <= ch <= "\x9f"):
                    line.append(ch)
                    echo.append(ch)
            self._write("".join(echo))

    def _redraw(self, before: str, after: str) -> None:
        """Rewrite the line from its first row: what was shown is `before`, what is now
        `after` (both with the prompt)."""
        columns = max(shutil.get_terminal_size().columns, 1)
        up = cursor_row(before, columns)
        self._write("\r" + (f"\x1b[{up}A" if up else "") + "\x1b[J" + after)

    def _write(self, text: str) -> None:
        data = text.encode("utf-8", "replace")
        while data:
            data = data[os.write(self.out, data) :]
