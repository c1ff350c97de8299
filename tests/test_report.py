"""Debrief export: golden Markdown and HTML, escaping, self-containment, and the CLIs around it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.group import load_group
from simulator.model import Text
from simulator.notes import new_note, save_notes
from simulator.report import render_html, render_markdown
from simulator.transcript import read_transcript
from tests.conftest import UNHEARD

DATA = Path(__file__).parent / "data" / "transcripts"
GOLDEN = DATA / "golden"
#: Fixed principle names, so the goldens do not move when the bundled catalog is edited.
NAMES = {
    "honesty": Text("诚实守信,不误导", "Honesty"),
    "careful_promise": Text("谨慎承诺", "Careful promises"),
}


@pytest.fixture
def group_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "group"
    shutil.copytree(DATA / "group", folder)
    t = read_transcript(folder / "li.jsonl")
    note = new_note(0, "opening", "avoid", "还没调查就许诺 <b>先问用途</b>")
    save_notes(folder / "li.jsonl", [note], t.identity)
    return folder


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PARLEY_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    assert text == path.read_text("utf-8"), f"{name} changed; PARLEY_UPDATE_GOLDEN=1 rewrites it"


def test_markdown_matches_golden(group_dir: Path) -> None:
    _check_golden("group.md", render_markdown(load_group([group_dir]), NAMES))


def test_html_matches_golden(group_dir: Path) -> None:
    _check_golden("group.html", render_html(load_group([group_dir]), NAMES))


def test_html_is_self_contained_and_escapes_data(group_dir: Path) -> None:
    page = render_html(load_group([group_dir]), NAMES)
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "&lt;b&gt;先问用途&lt;/b&gt;" in page  # a note's text is data, never markup
    assert "<b>先问用途</b>" not in page


def test_markdown_escapes_data(group_dir: Path) -> None:
    text = render_markdown(load_group([group_dir]), NAMES)
    assert r"\<b\>先问用途\</b\>" in text
    assert "避免 / avoid" in text


def test_report_sections(group_dir: Path) -> None:
    text = render_markdown(load_group([group_dir]), NAMES)
    for heading in ("## 小组总结", "## 逐轮回顾", "## 成绩单", "信任流失最多的地方"):
        assert heading in text
    assert text.count("### 小李") == 1 and "谨慎承诺 (Careful promises)" in text


def _parley(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, PARLEY_HOME=str(home), PYTHONIOENCODING="utf-8"),
        timeout=60,
    )


def test_report_cli_writes_html_and_md(group_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "debrief.html"
    result = _parley("report", str(group_dir), "-o", str(out), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    md = _parley("report", str(group_dir / "li.jsonl"), "--format", "md", home=tmp_path)
    assert md.returncode == 0 and md.stdout.startswith("# ")


def test_report_cli_refuses_mixed_scenarios(group_dir: Path, tmp_path: Path) -> None:
    result = _parley(
        "report", str(group_dir), str(DATA / "retail_undo.jsonl"), "--format", "md", home=tmp_path
    )
    assert result.returncode == 1 and "different scenarios" in result.stderr
    assert "reported" in result.stderr  # the message fits `parley report`, not only replay
    assert "Traceback" not in result.stderr


def test_import_twice_then_history(group_dir: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = _parley("import", str(group_dir), str(DATA / "retail_undo.jsonl"), home=home)
    assert first.returncode == 0, first.stderr
    assert "added 4" in first.stdout
    again = _parley("import", str(group_dir), home=home)
    assert "added 0, updated 0, already there 3" in again.stdout
    history = _parley("history", "--trainee", "小李", "--json", home=home)
    data = json.loads(history.stdout)
    assert [s["trainee"] for s in data["sessions"]] == ["小李"]
    assert data["sessions"][0]["outcome"] == "fail" and "honesty" in data["trends"]["小李"]
    table = _parley("history", home=home)
    assert "小陈" in table.stdout and "abandoned" in table.stdout
    assert "原则趋势" in table.stdout


def test_import_reports_bad_files_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"format": "parley-transcript", "version": 99}\n')
    result = _parley("import", str(bad), str(tmp_path / "missing.jsonl"), home=tmp_path)
    assert result.returncode == 1
    assert "newer" in result.stderr and "not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_people_read_titles_not_ids_and_ampersands_are_escaped() -> None:
    group = load_group([DATA / "six"])
    page = render_html(group, NAMES)
    opening = page[: page.index("<h2>")]
    assert "对不上的报表" in opening and "credit_statements_mismatch" not in opening
    body = page[: page.index("<footer")]
    for node_or_ending in ("opening", "office_chat", "end_walkout", "end_rubber_stamp"):
        assert node_or_ending not in body
    assert "客户失去耐心" in body and "第 1 步" in body
    options = {r.turn.option_id for s in group.steps for ts in s.turns for r in ts}
    text = render_markdown(group, NAMES)
    assert not any(f"`{o}`" in text or f"option {o}" in text for o in options)
    assert "Alex \\& Co" in text and "Alex & Co" not in text
    assert "Alex &amp; Co" in page


def test_answers_the_client_did_not_understand_are_in_the_report(
    played_with_an_unheard_answer: Path,
) -> None:
    # They take no turn, but what they break counts, and a coach must see them: an
    # overpromise the client "did not follow" vanished from replay and report.
    transcript, words = played_with_an_unheard_answer, UNHEARD
    assert read_transcript(transcript).clarified == ((0, words),)
    group = load_group([transcript])
    (trainee,) = group.trainees
    assert trainee.unheard(0) == ((words,), ())
    md = render_markdown(group, NAMES)
    assert f"「{words}」 (没对上任何一步，未算一轮" in md
    assert md.index(words) < md.index("您打算用什么来还款")  # before the answer that took a turn
    html = render_html(group, NAMES)
    assert f'<div class="said">「{words}」</div>' in html and "answer unheard" in html
