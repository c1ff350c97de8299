"""Records that never lose a trainee's work: real `parley` processes against real faults.

Exclusive create, two sessions started in the same second, a full disk before and during a
session, a read-only data folder, an atomic `report -o`, notes typed into a read-only folder,
one permission policy, files holding two sessions, blank lines, one bad file among six.
The disk and read-only faults use a real tmpfs where this machine may mount one, and an
injected OSError otherwise (tests/faults.py; chmod is no use as root).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.group import load_group
from simulator.transcript import (
    TranscriptError,
    read_sessions,
    read_transcript,
)
from tests.conftest import DATA
from tests.faults import full_disk, injected, read_only

SIX = DATA / "transcripts" / "six"
GROUP = DATA / "transcripts" / "group"
#: The bundled credit scenario: long Chinese lines (about 3 KB a turn), so a few pages of
#: disk hold the header and some turns but not the whole session.
SCENARIO = "credit_statements_mismatch"
ANSWERS = "1\n" * 20


def parley(
    *args: str, home: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(os.environ, PARLEY_HOME=str(home), PYTHONIOENCODING="utf-8", **(env or {})),
        timeout=120,
    )


def stray_temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


# -- exclusive create ---------------------------------------------------------------------------


def test_an_existing_transcript_is_never_appended_to(tmp_path: Path) -> None:
    existing = tmp_path / "mine.jsonl"
    shutil.copy(GROUP / "li.jsonl", existing)
    before = existing.read_bytes()
    result = parley(
        "play", SCENARIO, "--plain", "--transcript", str(existing), stdin=ANSWERS, home=tmp_path
    )
    assert result.returncode == 1
    assert "already exists" in result.stderr and f"parley resume {existing}" in result.stderr
    assert "Traceback" not in result.stderr
    assert existing.read_bytes() == before  # the earlier session is untouched


def test_sessions_started_together_each_get_their_own_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = dict(os.environ, PARLEY_HOME=str(home), PYTHONIOENCODING="utf-8")
    # Started together, four processes land in the same second (the default names are to the
    # second); O_EXCL and the -2, -3 suffixes keep every session in a file of its own.
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "simulator", "play", SCENARIO, "--plain", "--seed", str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        for n in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate("1\n1\nq\n", timeout=120)
        assert proc.returncode == 0, err
    files = sorted((home / "transcripts").glob("*.jsonl"))
    assert len(files) == 4
    seeds = set()
    for path in files:
        [session] = read_sessions(path)  # one session per file, never two
        seeds.add(session.header.seed)
    assert seeds == {0, 1, 2, 3}


def test_two_writers_in_the_same_second_get_two_files(tmp_path: Path) -> None:
    from simulator.content import load_content
    from simulator.engine import Session
    from simulator.transcript import TranscriptWriter, default_transcript_path

    content = load_content()
    scenario = content.scenarios[SCENARIO]
    started = "2025-03-07T14:00:00+08:00"
    # Both ask for a name before either has created its file: the same first choice.
    first, second = (default_transcript_path(scenario.id, started) for _ in range(2))
    assert first == second
    writers = [TranscriptWriter(first, unique=True), TranscriptWriter(second, unique=True)]
    for writer in writers:
        Session(
            scenario,
            content.personas[scenario.persona],
            content.catalog,
            seed=1,
            recorder=writer,
            started_at=started,
        ).abandon()
    assert writers[0].path != writers[1].path
    assert writers[1].path.name.endswith("-2.jsonl")
    assert all(len(read_sessions(w.path)) == 1 for w in writers)
    # Same trainee, scenario, seed and second: still two sessions in the history, not one.
    from simulator.store import HistoryStore

    with HistoryStore(tmp_path / "history.db") as store:
        store.import_paths([w.path for w in writers])
        assert store.count() == 2


# -- a file that already holds two sessions ------------------------------------------------------


@pytest.fixture
def doubled(tmp_path: Path) -> Path:
    """A file as an older Parley left it: a second session appended to the first."""
    path = tmp_path / "two.jsonl"
    path.write_bytes((GROUP / "li.jsonl").read_bytes() + (SIX / "t2.jsonl").read_bytes())
    return path


def test_a_file_with_two_sessions_is_read_as_two(doubled: Path, tmp_path: Path) -> None:
    first, second = read_sessions(doubled)
    assert (first.header.trainee, second.header.trainee) == ("小李", "小王")
    assert first.part == 1 and second.part == 2 and first.identity != second.identity
    with pytest.raises(TranscriptError, match="holds 2 sessions"):
        read_transcript(doubled)
    group = load_group([doubled, SIX / "t1.jsonl"])
    assert sorted(t.label for t in group.trainees) == ["小李", "小李 (2)", "小王"]

    report = parley("report", str(doubled), "--format", "md", home=tmp_path)
    assert report.returncode == 0, report.stderr
    assert "### 小李" in report.stdout and "### 小王" in report.stdout

    imported = parley("import", str(doubled), home=tmp_path / "h")
    assert imported.returncode == 0, imported.stderr
    assert "added 2" in imported.stdout
    stats = parley("stats", "--json", home=tmp_path / "h")
    [scenario] = json.loads(stats.stdout)
    assert scenario["sessions"] == 2  # each session of the file recorded with its own tallies
    assert scenario["nodes"][0]["turns"] == 2


def test_resume_continues_the_last_session_of_a_doubled_file(tmp_path: Path) -> None:
    unfinished = tmp_path / "quit.jsonl"
    quit_ = parley(
        *("play", SCENARIO, "--plain", "--seed", "3", "--transcript", str(unfinished)),
        stdin="1\n1\nq\n",
        home=tmp_path,
    )
    assert quit_.returncode == 0, quit_.stderr
    path = tmp_path / "two.jsonl"
    path.write_bytes((GROUP / "li.jsonl").read_bytes() + unfinished.read_bytes())
    result = parley("resume", str(path), stdin=ANSWERS, home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "holds 2 sessions" in result.stderr
    first, second = read_sessions(path)
    assert first.finished and first.identity == read_transcript(GROUP / "li.jsonl").identity
    assert second.finished and len(second.turns) > 2


def test_resume_copies_out_an_unfinished_first_session(tmp_path: Path) -> None:
    """The old bug's usual shape: a quit session, then a finished one appended after it."""
    quit_ = tmp_path / "quit.jsonl"
    parley(
        *("play", SCENARIO, "--plain", "--seed", "3", "--transcript", str(quit_)),
        stdin="1\n1\nq\n",
        home=tmp_path,
    )
    path = tmp_path / "two.jsonl"
    path.write_bytes(quit_.read_bytes() + (GROUP / "li.jsonl").read_bytes())
    before = path.read_bytes()
    result = parley("resume", str(path), stdin=ANSWERS, home=tmp_path)
    assert result.returncode == 0, result.stderr
    own = tmp_path / "two-session1.jsonl"
    assert str(own) in result.stderr and path.read_bytes() == before
    resumed = read_transcript(own)
    assert resumed.finished and len(resumed.turns) > 2
    assert resumed.identity == read_sessions(path)[0].identity  # the same session, continued


def test_blank_lines_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    lines = (GROUP / "li.jsonl").read_text("utf-8").splitlines()
    path.write_text("\n".join([lines[0], "", *lines[1:]]) + "\n\n\n", "utf-8")
    t = read_transcript(path)
    assert len(t.turns) == len(read_transcript(GROUP / "li.jsonl").turns) and t.finished
    assert not t.warnings


# -- one bad file among six ----------------------------------------------------------------------


def test_one_bad_transcript_among_six_is_named_and_the_rest_go_on(tmp_path: Path) -> None:
    folder = tmp_path / "room"
    shutil.copytree(SIX, folder)
    bad = folder / "t3.jsonl"
    bad.write_text(bad.read_text("utf-8").replace('"type":"turn"', '"type":"tern"', 1), "utf-8")
    (folder / "t5.jsonl").write_text("", "utf-8")
    group = load_group([folder])
    assert len(group.trainees) == 4
    assert {Path(p).name for p, _ in group.skipped} == {"t3.jsonl", "t5.jsonl"}
    result = parley("report", str(folder), "--format", "md", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "t3.jsonl" in result.stderr and "unknown line type 'tern'" in result.stderr
    assert "t5.jsonl" in result.stderr and "empty" in result.stderr
    assert "未纳入 / left out" in result.stdout and "### 小李" in result.stdout


# -- full disk ----------------------------------------------------------------------------------


def _warm(home: Path) -> None:
    # Fill the content cache while there is room, so only the transcript meets the full disk.
    parley("play", SCENARIO, "--plain", "--seed", "3", stdin="q\n", home=home)
    for leftover in [*(home / "transcripts").glob("*"), *home.glob("history*")]:
        leftover.unlink()


def test_full_disk_mid_session_keeps_the_finished_turns_and_says_how_to_go_on(
    tmp_path: Path,
) -> None:
    # Two free pages hold the header and a few turns of this scenario (about 3 KB each), not
    # the whole session; injected, the disk fills after the header and one turn.
    with full_disk(tmp_path, free_pages=2, writes=2, prepare=_warm, target="transcripts") as disk:
        home = disk.folder
        result = disk.run("play", SCENARIO, "--plain", "--seed", "3", stdin=ANSWERS, home=home)
        assert result.returncode == 1, disk.how
        assert "Traceback" not in result.stderr
        [path] = (home / "transcripts").glob("*.jsonl")
        assert "磁盘已满" in result.stderr and "the disk is full" not in result.stderr
        assert f"parley resume {path}" in result.stderr
        transcript = read_transcript(path)
        assert f"已完成的 {len(transcript.turns)} 轮都已安全保存" in result.stderr
        assert len(transcript.turns) >= 1 and not transcript.finished
        assert not transcript.warnings  # the half-written line was cut back, none torn
        assert not stray_temporaries(home)
        disk.heal()
        again = disk.run("resume", str(path), stdin=ANSWERS, home=home)
        assert again.returncode == 0, again.stderr
        assert read_transcript(path).finished


def test_full_disk_before_the_start_leaves_no_empty_transcript(tmp_path: Path) -> None:
    with full_disk(tmp_path, free_pages=0, writes=0, prepare=_warm, target="transcripts") as disk:
        home = disk.folder
        result = disk.run("play", SCENARIO, "--plain", stdin=ANSWERS, home=home)
        assert result.returncode == 1, disk.how
        assert "无法开始记录" in result.stderr and "Traceback" not in result.stderr
        assert list((home / "transcripts").glob("*")) == []  # no 0-byte file left behind


def test_report_output_is_atomic(tmp_path: Path) -> None:
    def earlier_report(folder: Path) -> None:
        (folder / "debrief.html").write_text("<p>last week's good report</p>", "utf-8")

    with full_disk(tmp_path, free_pages=1, writes=0, prepare=earlier_report) as disk:
        out = disk.folder / "debrief.html"
        result = disk.run("report", str(SIX), "-o", str(out), home=tmp_path / "home")
        assert result.returncode == 1, disk.how
        assert "cannot write the report" in result.stderr and "Traceback" not in result.stderr
        assert out.read_text("utf-8") == "<p>last week's good report</p>"
        assert not stray_temporaries(disk.folder)


# -- read-only folders -------------------------------------------------------------------------


def test_read_only_data_folder_before_the_start(tmp_path: Path) -> None:
    with read_only(tmp_path, prepare=_warm) as disk:
        result = disk.run(
            "play", SCENARIO, "--plain", "--lang", "en", stdin=ANSWERS, home=disk.folder
        )
        assert result.returncode == 1, disk.how
        assert "read-only" in result.stderr and "Traceback" not in result.stderr
        assert "PARLEY_HOME" in result.stderr  # how to go on


def _played(home: Path) -> None:
    played = parley("play", SCENARIO, "--plain", "--seed", "3", stdin=ANSWERS, home=home)
    assert played.returncode == 0, played.stderr


def test_a_history_in_a_read_only_folder_is_read(tmp_path: Path) -> None:
    # Round thirty-six's cold tryout: `parley history` on a read-only home said "cannot open
    # the history database"; reading needs no writing.
    with read_only(tmp_path, prepare=_played) as disk:
        for command in ("history", "stats"):
            result = disk.run(command, home=disk.folder)
            assert result.returncode == 0, (disk.how, result.stderr)
            assert SCENARIO in result.stdout and "Traceback" not in result.stderr
        # Writing to it says where and what to do.
        (transcript,) = sorted((disk.folder / "transcripts").glob("*.jsonl"))
        result = disk.run("import", str(transcript), home=disk.folder)
        if disk.how == "tmpfs":  # (an injected fault does not reach SQLite's own writes)
            assert result.returncode == 1, result.stdout
            assert "read-only" in result.stderr and "PARLEY_HOME" in result.stderr
        assert "Traceback" not in result.stderr


def test_folder_turning_read_only_mid_session(tmp_path: Path) -> None:
    """The share goes read-only after the first turn: always injected (EROFS), since Linux
    refuses to remount a file system read-only while a file on it is open for writing."""
    folder = tmp_path / "share"
    folder.mkdir()
    disk = injected(tmp_path, folder, "EROFS", writes=2)
    transcript = folder / "t.jsonl"
    result = disk.run(
        *("play", SCENARIO, "--plain", "--seed", "3", "--transcript", str(transcript)),
        stdin=ANSWERS,
        home=tmp_path / "home",
    )
    assert result.returncode == 1
    assert "文件夹是只读的" in result.stderr and "Traceback" not in result.stderr
    assert f"parley resume {transcript}" in result.stderr
    assert len(read_transcript(transcript).turns) == 1


def test_a_note_typed_into_a_read_only_folder_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from simulator.tui.replay import ReplayApp

    def copy_room(folder: Path) -> None:
        for p in SIX.glob("*.jsonl"):
            shutil.copy(p, folder / p.name)

    with read_only(tmp_path, prepare=copy_room) as disk:
        if disk.how == "injected":  # the dialog runs in this process: inject here
            real_open = os.open

            def refusing_open(path: str, flags: int, mode: int = 0o777, **kw: object) -> int:
                if str(path).startswith(str(disk.folder)) and flags & os.O_CREAT:
                    raise OSError(30, os.strerror(30), path)
                return real_open(path, flags, mode, **kw)  # type: ignore[arg-type]

            monkeypatch.setattr(os, "open", refusing_open)
        group = load_group([disk.folder])

        async def write_note() -> str:
            app = ReplayApp(group)
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                await pilot.press("n")
                await pilot.pause()
                await pilot.press(*"先问用途")
                await pilot.press("enter")
                await pilot.pause()
                return "\n".join(str(n.message) for n in app._notifications)

        told = asyncio.run(write_note())
        assert "read-only" in told or "只读" in told
        assert not any(disk.folder.glob("*.notes.json"))
        # Kept under the data folder, and found again by the next replay and report.
        kept = list((Path(os.environ["PARLEY_HOME"]) / "notes").glob("*.notes.json"))
        assert len(kept) == 1 and "先问用途" in kept[0].read_text("utf-8")
        again = load_group([disk.folder])
        assert [n.text for t in again.trainees for n in t.notes] == ["先问用途"]


# -- one permission policy ------------------------------------------------------------------------


def test_everything_parley_writes_about_people_is_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = parley("play", SCENARIO, "--plain", "--seed", "1", stdin="1\nq\n", home=home)
    assert result.returncode == 0, result.stderr
    [transcript] = (home / "transcripts").glob("*.jsonl")
    report = tmp_path / "out" / "debrief.html"
    assert parley("report", str(transcript), "-o", str(report), home=home).returncode == 0
    from simulator.notes import new_note, save_notes

    notes = save_notes(transcript, [new_note(0, "opening", "try", "x")], "")
    settings_home = dict(os.environ, PARLEY_HOME=str(home))
    subprocess.run(
        [sys.executable, "-c", "from simulator.settings import *; save_settings(Settings('en'))"],
        env=settings_home,
        check=True,
    )
    for path in (transcript, report, notes, home / "history.sqlite3", home / "settings.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((home / "transcripts").stat().st_mode) == 0o700
    assert json.loads((home / "settings.json").read_text("utf-8")) == {"lang": "en"}


# -- the TUI -------------------------------------------------------------------------------------


async def test_tui_full_disk_mid_session_stops_taking_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Injected in this process (the TUI runs here): the disk fills after the first turn."""
    import errno

    import simulator.transcript as transcript_module
    from simulator.tui.app import make_app
    from simulator.tui.play import PlayScreen
    from simulator.tui.widgets.answer import AnswerInput

    real = transcript_module.write_all
    lines = [0]

    def filling(fd: int, data: bytes) -> None:
        lines[0] += 1
        if lines[0] > 2:  # the header and one turn fit
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd, data)

    monkeypatch.setattr(transcript_module, "write_all", filling)
    folder = tmp_path / "transcripts"
    app = make_app(seed=3, trainee="小李", transcripts=folder, open_scenario=SCENARIO)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        # Notices are laid out by the CJK rules (line breaks inside); read them as one text.
        told = " ".join(str(n.message).replace("\n", "") for n in app._notifications)
        [path] = folder.glob("*.jsonl")
        flat = "".join(told.split())  # a line break may take the place of a space
        assert "磁盘已满" in told and "".join(f"parley resume {path}".split()) in flat
        assert app.screen.query_one(AnswerInput).disabled  # answers now would be lost
    assert len(read_transcript(path).turns) == 1


async def test_tui_read_only_folder_before_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import simulator.transcript as transcript_module
    from simulator.files import WriteFailed
    from simulator.tui.app import make_app
    from simulator.tui.briefing import BriefingScreen

    with read_only(tmp_path) as disk:
        if disk.how == "injected":  # the TUI runs in this process: inject here

            def refused(path: Path) -> int:
                raise WriteFailed(path, OSError(errno.EROFS, os.strerror(errno.EROFS)))

            monkeypatch.setattr(transcript_module, "create_new", refused)
        app = make_app(seed=3, transcripts=disk.folder / "transcripts", open_scenario=SCENARIO)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("p")
            await pilot.pause()
            # Notices are laid out by the CJK rules (line breaks inside); read them as one text.
            told = " ".join(str(n.message).replace("\n", "") for n in app._notifications)
            assert "只读" in told and "无法开始记录" in told
            assert isinstance(app.screen, BriefingScreen)  # still there, nothing lost


def test_when_no_transcript_can_be_read_replay_says_which_and_why(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("not json\n", "utf-8")
    (tmp_path / "b.jsonl").write_text("\n\n", "utf-8")
    result = parley("replay", str(tmp_path), home=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "none of the transcripts can be read" in result.stderr
    assert "a.jsonl" in result.stderr and "not a Parley transcript" in result.stderr
    assert "b.jsonl" in result.stderr and "empty" in result.stderr
