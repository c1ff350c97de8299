"""Group replay: lining transcripts up, the summary, and the replay screen (Pilot)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.group import GroupError, load_group
from simulator.notes import LABELS, load_notes, new_note, notes_path, save_notes
from simulator.transcript import read_transcript
from tests.conftest import UNHEARD

DATA = Path(__file__).parent / "data" / "transcripts"


@pytest.fixture
def group_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "group"
    shutil.copytree(DATA / "group", folder)
    return folder


def test_group_lines_trainees_up_by_node(group_dir: Path) -> None:
    group = load_group([group_dir])
    # By name (code point order: 张 U+5F20 < 李 U+674E < 王 U+738B), then start time.
    assert [t.label for t in group.trainees] == ["小张", "小李", "小王"]
    first = group.steps[0]
    assert first.node == "opening" and all(len(turns) == 1 for turns in first.turns)
    # every standing turn of every trainee appears exactly once
    for i, trainee in enumerate(group.trainees):
        placed = [r.turn.index for step in group.steps for r in step.turns[i]]
        assert sorted(placed) == [r.turn.index for r in trainee.transcript.turns]


def test_summary_endings_means_and_worst_node(group_dir: Path) -> None:
    summary = load_group([group_dir]).summary()
    assert {(e.ending, e.outcome, e.trainees) for e in summary.endings} == {
        ("end_walkout", "fail", ("小李",)),
        ("end_rubber_stamp", "fail", ("小王",)),
        ("end_lost", "fail", ("小张",)),
    }
    assert summary.grades == {"小李": 36, "小王": 42, "小张": 48}
    assert summary.principle_counts["honesty"] == 3
    worst = summary.worst_node
    # Ranked by trust lost in all: 30 points by two trainees at "closing".
    assert worst is not None and worst.node == "closing" and worst.trainees == 2
    assert worst.points == 30 and worst.mean == 15.0


def test_mixing_scenarios_is_refused_clearly(group_dir: Path) -> None:
    with pytest.raises(GroupError) as info:
        load_group([group_dir, DATA / "retail_undo.jsonl"])
    message = str(info.value)
    assert "different scenarios" in message
    assert "retail_supply_cold: retail_undo.jsonl" in message
    assert "credit_statements_mismatch" in message


def test_undone_turn_is_not_replayed() -> None:
    t = read_transcript(DATA / "retail_undo.jsonl")
    assert len(t.turns) == 2 and len(t.undone) == 1 and not t.finished
    assert t.abandoned is not None  # the trainee quit: resumable, with a partial scorecard
    group = load_group([DATA / "retail_undo.jsonl"])
    assert [s.node for s in group.steps] == [r.turn.node_id for r in t.turns]


def test_notes_live_beside_the_transcript_never_inside(group_dir: Path) -> None:
    path = group_dir / "li.jsonl"
    before = path.read_bytes()
    t = read_transcript(path)
    save_notes(path, [new_note(0, "opening", "avoid", "先问用途")], t.identity)
    assert path.read_bytes() == before
    assert notes_path(path).exists()
    [note] = load_notes(path, t.identity)
    assert note.label == "avoid" and note.text == "先问用途"
    group = load_group([group_dir])
    [li] = [t for t in group.trainees if t.label == "小李"]
    assert li.notes_on(0) == (note,)


def test_replay_cli_refuses_mixed_scenarios(group_dir: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "replay",
            str(group_dir),
            str(DATA / "retail_undo.jsonl"),
        ],
        capture_output=True,
        text=True,
        env={"PARLEY_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "different scenarios" in result.stderr and "Traceback" not in result.stderr


# -- Pilot ------------------------------------------------------------------------------------


def _body(app, index: int) -> str:
    from textual.widgets import Static

    from simulator.tui.replay import ReplayScreen

    screen = next(x for x in app.screen_stack if isinstance(x, ReplayScreen))
    return str(screen.query_one(f"#answer-{index}", Static).content)


async def test_answers_stay_hidden_until_space_reveals_them(group_dir: Path) -> None:
    from simulator.tui.replay import ReplayApp

    group = load_group([group_dir])
    said = group.steps[0].turns[0][0].turn.said
    app = ReplayApp(group)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert "按空格揭晓" in _body(app, 0) and said not in _body(app, 0)
        await pilot.press("space")
        assert said in _body(app, 0)
        await pilot.press("right")
        assert app.screen.step == 1 and not app.screen.revealed
        assert "按空格揭晓" in _body(app, 0)
        await pilot.press("left")
        assert app.screen.step == 0 and "按空格揭晓" in _body(app, 0)
        await pilot.press("s")
        assert app.screen.at_summary
        summary = str(app.screen.query_one("#replay-summary-body").content)
        # Endings by title, where trust was lost by step number: no ids for the room to read.
        assert "客户失去耐心" in summary and "end_walkout" not in summary
        assert "第 10 步:共失 −30" in summary and "closing" not in summary


async def test_note_is_saved_and_shown_in_a_later_replay(group_dir: Path) -> None:
    from simulator.tui.replay import ReplayApp

    app = ReplayApp(load_group([group_dir]))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "tab")  # select the third trainee (小王)
        await pilot.press("n")
        await pilot.pause()
        await pilot.click("#label-try")
        await pilot.click("#note-text")
        await pilot.press(*"先核实再说")
        await pilot.press("enter")
        await pilot.pause()
        assert "[尝试] 先核实再说" in _body(app, 2)
        await pilot.press("enter")  # zoom in: the note's text is on the card
        assert "先核实再说" in str(app.screen.query_one("#replay-zoom-body").content)

    saved = json.loads(notes_path(group_dir / "wang.jsonl").read_text("utf-8"))
    assert saved["notes"][0]["label"] == "try" and saved["notes"][0]["text"] == "先核实再说"
    assert not notes_path(group_dir / "li.jsonl").exists()

    later = ReplayApp(load_group([group_dir]))
    async with later.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        body = _body(later, 2)
        assert "先核实再说" in body and LABELS["try"].zh in body


async def test_a_note_typed_after_tab_lands_in_the_note(group_dir: Path) -> None:
    # Tab moves the focus off the text; the coach's next letters still go into the note.
    from simulator.tui.replay import ReplayApp

    app = ReplayApp(load_group([group_dir]))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.press(*"check first")
        await pilot.pause()
        assert app.screen.query_one("#note-text").value == "check first"


async def test_a_note_pasted_in_several_lines_is_kept_whole(group_dir: Path) -> None:
    # Textual's Input keeps the first line of a paste only: a coach's note lost the rest.
    from textual import events

    from simulator.tui.replay import ReplayApp

    app = ReplayApp(load_group([group_dir]))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        note = app.screen.query_one("#note-text")
        note.post_message(events.Paste("先核实\n再谈额度"))
        await pilot.pause()
        assert note.value == "先核实 再谈额度"


def test_replay_open_benchmark_reads_every_turn(tmp_path: Path) -> None:
    from simulator.bench_history import bench_replay_open, write_synthetic_transcript

    figures = bench_replay_open(turns=300, repeats=1)
    assert figures["turns"] == 300 and "open_ms_best" in figures
    group = load_group([write_synthetic_transcript(tmp_path / "t.jsonl", 300)])
    assert len(group.steps) == 300


async def test_q_ends_the_replay_app_instead_of_leaving_a_blank_screen(group_dir: Path) -> None:
    from simulator.tui.replay import ReplayApp

    app = ReplayApp(load_group([group_dir]))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0, "q must end parley replay"


def _room_file(path: Path, trainee: str, started: str, trusts: list[tuple[str, int]]) -> Path:
    """A transcript of `trainee` visiting (node, trust after) in order, trust starting at 45."""
    lines = (DATA / "six" / "t1.jsonl").read_text("utf-8").splitlines()
    header, turn = json.loads(lines[0]), json.loads(lines[1])
    header.update(trainee=trainee, started_at=started)
    out = [header]
    for index, (node, trust) in enumerate(trusts):
        out.append(dict(turn, index=index, node=node, variables={"trust": trust}, hits=[]))
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in out), "utf-8")
    return path


def test_trust_lost_is_ranked_by_points_not_head_count(tmp_path: Path) -> None:
    # Everyone loses 1 at "opening"; two trainees lose 10 each at "closing".
    for n in range(5):
        steep = n < 2
        _room_file(
            tmp_path / f"{n}.jsonl",
            f"学员{n}",
            "2025-03-07T14:00:00+08:00",
            [("opening", 44), ("closing", 34 if steep else 44)],
        )
    losses = load_group([tmp_path]).summary().trust_losses
    assert [(x.node, x.points, x.trainees, x.reached) for x in losses] == [
        ("closing", 20, 2, 5),
        ("opening", 5, 5, 5),
    ]
    assert losses[0].mean == 4.0  # per trainee who reached the step


def test_order_is_by_name_then_start_whether_files_or_a_folder(tmp_path: Path) -> None:
    made = [
        _room_file(tmp_path / "c.jsonl", "小王", "2025-03-07T15:00:00+08:00", [("opening", 44)]),
        _room_file(tmp_path / "a.jsonl", "小王", "2025-03-07T14:00:00+09:00", [("opening", 44)]),
        _room_file(tmp_path / "b.jsonl", "Bea", "2025-03-07T16:00:00+08:00", [("opening", 44)]),
    ]
    by_folder = [t.transcript.path.name for t in load_group([tmp_path]).trainees]
    by_files = [t.transcript.path.name for t in load_group(list(reversed(made))).trainees]
    # 14:00+09:00 is 13:00+08:00: earlier than 15:00+08:00 though "a" sorts after as text.
    assert by_folder == by_files == ["b.jsonl", "a.jsonl", "c.jsonl"]
    assert [t.label for t in load_group([tmp_path]).trainees] == ["Bea", "小王", "小王 (2)"]


def test_each_trainee_hears_their_own_line(tmp_path: Path) -> None:
    group = load_group([DATA / "six"])
    step = group.steps[1]  # office_chat: the client's mood differed
    assert step.common_line() is None
    heard = {t.label: step.heard(i) for i, t in enumerate(group.trainees) if step.turns[i]}
    assert len({lines for lines in heard.values()}) > 1


async def test_answers_the_client_did_not_understand_are_replayed(
    played_with_an_unheard_answer: Path,
) -> None:
    # An overpromise the client "did not follow" took no turn, but it counted, and it
    # vanished from replay: the coach could not see the worst thing said.
    from simulator.tui.replay import ReplayApp

    transcript, words = played_with_an_unheard_answer, UNHEARD
    app = ReplayApp(load_group([transcript]))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        assert "另有 1 句没对上任何一步" in _body(app, 0)
        await pilot.press("enter")  # zoomed: the words themselves, before the turn taken
        card = str(app.screen.query_one("#replay-zoom-body").content)
        assert words in card and "没对上任何一步，未算一轮" in card
        assert card.index(words) < card.index("您打算用什么来还款")
