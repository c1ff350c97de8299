"""Control characters never reach a terminal or an export: a corpus through every face.

The corpus holds what an answer pasted from anywhere can carry: OSC (retitle the terminal),
CSI (colours, clear screen), 8-bit CSI, bell and backspace, bidi overrides and isolates
(Trojan Source), zero-width characters and a BOM. Each face is run as a user runs it (the
CLI in a subprocess, the replay in Pilot) and its whole output is checked.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.group import load_group
from simulator.safetext import is_safe, safe_line, safe_text
from tests.conftest import DATA

CORPUS = [
    "\x1b]0;PWNED\x07",
    "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[31m红色\x1b[0m",
    "\x1b[2J\x1b[H",
    "\x9b31m",
    "\x07\x08\x08\x7f",
    "abc\u202egnp.exe",
    "\u2066隔离\u2069\u200e\u200f\u061c",
    "零\u200b宽\u200c字\u2060符\ufeff",
    "tag\U000e0041\U000e0042",
    "a\rb",
    "\ud800",
]
EVIL = "".join(CORPUS)
UNSAFE = {"\x1b", "\x07", "\x9b", "\x08", "\x7f", "\u202e", "\u2066", "\u200b", "\ufeff", "\r"}


def assert_inert(text: str) -> None:
    assert is_safe(text), [c for c in text if not is_safe(c)][:5]
    assert not UNSAFE & set(text)


@pytest.mark.parametrize("sample", CORPUS)
def test_each_sample_is_made_visible_or_removed(sample: str) -> None:
    shown = safe_text(sample)
    assert_inert(shown)
    assert safe_text(shown) == shown  # already safe text is left alone


def test_what_is_shown() -> None:
    assert safe_text("\x1b]0;PWNED\x07") == "\\u001b]0;PWNED\\u0007"
    assert safe_text("abc\u202egnp") == "abc\\u202egnp"
    assert safe_text("零\u200b宽") == "零宽"
    assert safe_text("👨\u200d👩") == "👨\u200d👩"  # a joiner inside an emoji stays
    assert safe_text("多行\r\n文本\t。") == "多行\n文本\t。"
    assert safe_line("a\nb") == "a ↵ b"
    # The \\uXXXX spelling is a JSON escape: JSON text passed through still parses, same data.
    data = {"said": "\x9b\u202e x"}
    assert json.loads(safe_text(json.dumps(data, ensure_ascii=False))) == data


@pytest.fixture
def poisoned(tmp_path: Path) -> Path:
    """A transcript whose trainee, persona, client lines, answers and notes carry the corpus."""
    folder = tmp_path / "room"
    folder.mkdir()
    lines = (DATA / "transcripts" / "six" / "t1.jsonl").read_text("utf-8").splitlines()
    out = []
    for raw in lines:
        obj = json.loads(raw)
        if obj["type"] == "header":
            obj["trainee"] = "小李" + CORPUS[0]
            obj["persona_name"]["zh"] += CORPUS[6]
            obj["title"]["zh"] += CORPUS[2]
        elif obj["type"] == "turn":
            obj["typed"] = EVIL
            obj["client"]["zh"] += CORPUS[3]
            obj["feedback"]["zh"] += CORPUS[4]
            for hit in obj["hits"]:
                hit["evidence"] = EVIL
        elif obj["type"] == "end":
            obj["ending_title"]["zh"] += CORPUS[5]
        out.append(json.dumps(obj))  # ASCII escapes: the lone surrogate stays writable
    path = folder / "evil.jsonl"
    path.write_text("\n".join(out) + "\n", "utf-8")
    from simulator.notes import new_note, save_notes
    from simulator.transcript import read_transcript

    save_notes(path, [new_note(0, "opening", "avoid", EVIL)], read_transcript(path).identity)
    return path


def parley(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        input=stdin.encode("utf-8", "surrogatepass"),
        capture_output=True,
        env=dict(os.environ, PARLEY_HOME=str(home), PYTHONIOENCODING="utf-8"),
        timeout=120,
    )


def decoded(result: subprocess.CompletedProcess[bytes]) -> str:
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout.decode("utf-8") + result.stderr.decode("utf-8")


def test_report_markdown_and_html(poisoned: Path, tmp_path: Path) -> None:
    md = decoded(parley("report", str(poisoned), "--format", "md", home=tmp_path))
    assert_inert(md)
    assert "\\\\u001b\\]0;PWNED\\\\u0007" in md  # visible, its \\ and ] escaped for Markdown
    html_out = tmp_path / "r.html"
    decoded(parley("report", str(poisoned), "-o", str(html_out), home=tmp_path))
    page = html_out.read_text("utf-8")
    assert_inert(page)
    assert "\\u001b]0;PWNED\\u0007" in page and "abc\\u202egnp.exe" in page


def test_history_and_stats(poisoned: Path, tmp_path: Path) -> None:
    decoded(parley("import", str(poisoned), home=tmp_path))
    for args in (("history",), ("history", "--json"), ("stats",), ("stats", "--json")):
        out = decoded(parley(*args, home=tmp_path))
        assert_inert(out)
    data = json.loads(parley("history", "--json", home=tmp_path).stdout)
    # JSON output stays valid and keeps the data (controls as JSON escapes).
    assert data["sessions"][0]["trainee"] == "小李" + CORPUS[0]


def test_plain_play_and_score_text(tmp_path: Path) -> None:
    # Typed words with the corpus in them: echoed in feedback, the clarify line, evidence.
    typed = "\n".join(f"我先了解一下用途{sample}" for sample in CORPUS[:-1])
    out = decoded(
        parley(
            "play",
            "credit_statements_mismatch",
            "--plain",
            "--seed",
            "3",
            stdin=typed + "\nq\n",
            home=tmp_path,
        )
    )
    assert_inert(out)
    scored = decoded(parley("score-text", "-", stdin="\n".join(CORPUS[:-1]) + "\n", home=tmp_path))
    assert_inert(scored)


def test_replay_screen(poisoned: Path) -> None:
    from textual.widgets import Static

    from simulator.tui.replay import ReplayApp

    group = load_group([poisoned])

    async def run() -> list[str]:
        app = ReplayApp(group)
        seen: list[str] = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for keys in (("space",), ("enter",), ("e",), ("escape", "s")):
                await pilot.press(*keys)
                await pilot.pause()
                seen += [str(w.content) for w in app.screen.query(Static)]
        return seen

    for text in asyncio.run(run()):
        assert_inert(text)
