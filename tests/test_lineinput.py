"""Line mode's own key reader (for Pythons without readline), driven through a real pty."""

from __future__ import annotations

import os
import pty
import termios
import threading
import time
from collections.abc import Iterator

import pytest

from simulator.cli.lineinput import TerminalLine, cursor_row


@pytest.fixture
def terminal() -> Iterator[tuple[int, TerminalLine]]:
    main, child = pty.openpty()
    try:
        yield main, TerminalLine(child, child)
    finally:
        os.close(main)
        os.close(child)


def screen(main: int, switches: bool = False) -> str:
    """What the reader wrote to the terminal so far (without the bracketed paste switches
    round each answer, unless `switches`)."""
    os.set_blocking(main, False)
    data = b""
    try:
        while chunk := os.read(main, 65536):
            data += chunk
    except BlockingIOError:
        pass
    finally:
        os.set_blocking(main, True)
    shown = data.decode()
    return shown if switches else shown.replace("\x1b[?2004h", "").replace("\x1b[?2004l", "")


class Typist:
    """Reads a line on another thread, and types keys into the pty once the reader has the
    terminal (as a trainee types at a prompt that is showing)."""

    def __init__(self, main: int, keys: TerminalLine) -> None:
        self.main, self.keys = main, keys

    def answer(self, data: bytes, prompt: str = "> ") -> str | None:
        got: list[str | None] = []
        reader = threading.Thread(target=lambda: got.append(self.keys.read(prompt)))
        reader.start()
        deadline = time.monotonic() + 5
        while termios.tcgetattr(self.keys.fd)[3] & termios.ICANON:
            assert time.monotonic() < deadline, "the reader never took the terminal"
            time.sleep(0.005)
        os.write(self.main, data)
        reader.join(5)
        assert not reader.is_alive(), "the line was never finished"
        return got[0]


def test_a_paste_longer_than_the_terminal_keeps_arrives_whole(terminal) -> None:
    main, keys = terminal
    answer = "您说的这些我都记下了" * 210  # 6,300 bytes: the kernel's line editing keeps 4,095
    assert Typist(main, keys).answer(answer.encode() + b"\n") == answer
    shown = screen(main)
    assert shown.startswith("> 您说的") and shown.endswith("记下了\r\n")


def test_backspace_removes_one_character_and_ctrl_u_the_line(terminal) -> None:
    main, keys = terminal
    typist = Typist(main, keys)
    assert typist.answer("贷款利率\x7f\x7f期限\n".encode()) == "贷款期限"
    # Each erase rewrites the line from the prompt; what is left on screen is what was kept.
    assert screen(main).split("\x1b[J")[-1] == "> 贷款期限\r\n"
    assert typist.answer("说错了\x15我想先听听您的想法\n".encode()) == "我想先听听您的想法"


def test_arrow_keys_and_control_keys_put_nothing_in_the_answer(terminal) -> None:
    main, keys = terminal
    answer = Typist(main, keys).answer("利率\x1b[D\x1b[A\x1bOB\x01\x07多少\n".encode())
    assert answer == "利率多少"


def test_ctrl_d_on_an_empty_line_is_the_end_of_input(terminal) -> None:
    main, keys = terminal
    assert Typist(main, keys).answer(b"\x04") is None


def test_the_lines_of_a_pasted_block_come_one_read_at_a_time(terminal) -> None:
    main, keys = terminal
    assert Typist(main, keys).answer("第一句\n第二句\n".encode()) == "第一句"
    assert keys.read("> ") == "第二句"  # already typed: no wait


def test_a_bracketed_paste_of_several_lines_is_one_answer(terminal) -> None:
    main, keys = terminal
    pasted = "\x1b[200~第一句\r第二句\r第三句\x1b[201~\r"
    assert Typist(main, keys).answer(pasted.encode()) == "第一句\n第二句\n第三句"
    shown = screen(main, switches=True)
    # Bracketed paste is switched on for the answer and off after it.
    assert shown.index("\x1b[?2004h") < shown.index("第三句") < shown.index("\x1b[?2004l")


def test_the_terminal_is_left_as_it_was(terminal) -> None:
    main, keys = terminal
    before = termios.tcgetattr(keys.fd)
    assert Typist(main, keys).answer(b"ok\n") == "ok"
    assert termios.tcgetattr(keys.fd) == before


def test_the_row_a_long_line_of_chinese_ends_on() -> None:
    assert cursor_row("> 第一句\n第二句", 80) == 1  # a line end inside a paste
    assert cursor_row("> " + "好" * 39, 80) == 0  # 80 columns exactly: still on the first row
    assert cursor_row("> " + "好" * 40, 80) == 1
    assert cursor_row("> a" + "好" * 39, 80) == 1  # the last wide one does not fit in column 80
