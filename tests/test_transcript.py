"""Transcripts: writer/reader round trip, undo, torn lines, versions, malformed lines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from simulator.model import Ending, Persona, Scenario, Text
from simulator.scoring import PrincipleHit, Scorecard, TurnResult
from simulator.transcript import (
    FORMAT,
    VERSION,
    TranscriptError,
    TranscriptWriter,
    default_transcript_path,
    read_transcript,
)


def _scenario() -> Scenario:
    return Scenario(
        id="demo",
        title=Text("演示", "Demo"),
        family="retail",
        difficulty=1,
        persona="wang",
        briefing=Text("b"),
        objective=Text("o"),
        principles_in_focus=("empathy",),
        variables={},
        start="a",
        nodes={},
        endings={},
        rubric_version=3,
        content_hash="abc123",
    )


def _persona() -> Persona:
    return Persona(
        id="wang",
        name=Text("王姐", "Mrs Wang"),
        role=Text("r"),
        background=Text("b"),
        speaking_style=Text("s"),
        wants=Text("w"),
        fears=Text("f"),
        trust=30,
        patience=60,
    )


@dataclass
class FakeSession:
    scenario: Scenario = field(default_factory=_scenario)
    persona: Persona = field(default_factory=_persona)
    seed: int = 7
    mode: str = "practice"
    trainee: str = "小李"
    started_at: str = "2025-01-03T14:25:01+08:00"
    ending: Ending | None = None
    variables: dict[str, object] = field(default_factory=lambda: {"trust": 30, "patience": 60})


def _turn(index: int, option: str = "listen", typed: str | None = None) -> TurnResult:
    return TurnResult(
        index=index,
        node_id=f"n{index}",
        client_line=Text("你来干什么?", "What do you want?"),
        mood="annoyed",
        option_id=option,
        option_text=Text("我先听听", "Let me listen"),
        typed=typed,
        hits=(
            PrincipleHit(
                "empathy", 2, "我先听听", "option", Text("符合「换位思考」", "upholds 'Empathy'")
            ),
        ),
        feedback=Text("好", "Good"),
        quality=0.75,
        variables={"trust": 40, "asked": True},
        next_id=f"n{index + 1}",
        reactions=(Text("哼", "Hmph"),),
    )


def _scorecard() -> Scorecard:
    return Scorecard(
        scenario_id="demo",
        outcome="success",
        ending_id="good",
        grade=81,
        turns=2,
        principles={},
        areas={},
        trajectory=((30, 60), (40, 60)),
        best_moments=(),
        worst_moments=(),
    )


def test_round_trip_with_undo_and_end(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    session = FakeSession(ending=Ending("good", "success", Text("成交", "Deal"), Text("d", "d")))
    writer = TranscriptWriter(path)
    writer.session_started(session)
    writer.turn_recorded(session, _turn(0))
    writer.turn_recorded(session, _turn(1, "promise"))
    writer.turn_undone(session, _turn(1, "promise"))
    writer.turn_recorded(session, _turn(1, "explain", typed="我解释一下政策"))
    writer.session_ended(session, _scorecard())
    assert writer.closed

    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["type"] for x in lines] == [
        "header",
        "turn",
        "turn",
        "undo",
        "turn",
        "end",
    ]
    head = json.loads(lines[0])
    assert head["format"] == FORMAT and head["version"] == VERSION
    assert head["content_hash"] == "abc123" and head["rubric_version"] == 3
    assert "小李" in lines[0]  # Chinese kept readable, not \u-escaped

    t = read_transcript(path)
    assert t.header.scenario == "demo" and t.header.seed == 7 and t.header.trainee == "小李"
    assert t.header.persona_name == Text("王姐", "Mrs Wang")
    assert [r.turn.option_id for r in t.turns] == ["listen", "explain"]
    assert [r.turn.option_id for r in t.undone] == ["promise"]
    assert t.responses == [("listen", None), ("explain", "我解释一下政策")]
    assert t.turns[0].turn == _turn(0)  # every field survives the trip
    assert t.end is not None and t.end.grade == 81 and t.end.ending == "good"
    assert t.end.ending_title == Text("成交", "Deal")
    assert t.finished and not t.warnings and len(t.identity) == 64


def test_torn_last_line_is_skipped_with_warning_and_resume_cuts_it(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    session = FakeSession()
    writer = TranscriptWriter(path)
    writer.session_started(session)
    writer.turn_recorded(session, _turn(0))
    writer.close()
    with open(path, "ab") as f:
        f.write(b'{"type":"turn","index":1,"node":"n1","cli')
    t = read_transcript(path)
    assert len(t.turns) == 1 and not t.finished
    assert len(t.warnings) == 1 and ":3:" in t.warnings[0]

    resumed = TranscriptWriter.resume(path, t)
    resumed.session_started(session)  # ignored: the header is there
    resumed.turn_recorded(session, _turn(0))  # ignored: replayed while rebuilding
    resumed.turn_recorded(session, _turn(1, "explain"))
    resumed.session_ended(session, _scorecard())
    t2 = read_transcript(path)
    assert [r.turn.option_id for r in t2.turns] == ["listen", "explain"]
    assert t2.finished and not t2.warnings
    assert t2.identity == t.identity


def test_resume_of_finished_transcript_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    w = TranscriptWriter(path)
    w.session_started(FakeSession())
    w.session_ended(FakeSession(), _scorecard())
    with pytest.raises(TranscriptError, match="already ended"):
        TranscriptWriter.resume(path)


def _write_lines(path: Path, objs: list[object]) -> None:
    path.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")


def _header(**over: object) -> dict[str, object]:
    head: dict[str, object] = {
        "type": "header",
        "format": FORMAT,
        "version": VERSION,
        "scenario": "demo",
        "content_hash": "x",
        "rubric_version": 1,
        "persona": "wang",
        "seed": 1,
        "mode": "practice",
        "trainee": "a",
        "started_at": "2025-01-01T00:00:00+00:00",
    }
    head.update(over)
    return head


def test_newer_version_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    _write_lines(path, [_header(version=VERSION + 1)])
    with pytest.raises(TranscriptError, match="newer") as info:
        read_transcript(path)
    assert f"{path}:1" in str(info.value) and "upgrade" in str(info.value)


def test_unsupported_old_version_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    _write_lines(path, [_header(version=0)])
    with pytest.raises(TranscriptError, match="no longer supported"):
        read_transcript(path)


def test_not_a_transcript(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    _write_lines(path, [{"hello": 1}])
    with pytest.raises(TranscriptError, match="not a Parley transcript"):
        read_transcript(path)
    path.write_bytes(b"\x00\xff binary junk\n")
    with pytest.raises(TranscriptError, match="not a Parley transcript"):
        read_transcript(path)


def test_malformed_middle_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    good_turn = json.loads(json.dumps({"type": "turn", **_turn_fields(0)}))
    path.write_text(
        json.dumps(_header()) + "\n{not json\n" + json.dumps(good_turn) + "\n", encoding="utf-8"
    )
    with pytest.raises(TranscriptError) as info:
        read_transcript(path)
    assert str(info.value).startswith(f"{path}:2:")


def _turn_fields(index: int) -> dict[str, object]:
    return {
        "index": index,
        "node": "a",
        "option": "x",
        "typed": None,
        "hits": [],
        "quality": 0.5,
        "variables": {},
        "next": "b",
    }


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ({"type": "turn", **{k: v for k, v in _turn_fields(0).items() if k != "node"}}, "'node'"),
        ({"type": "turn", **_turn_fields(0), "index": "0"}, "'index'"),
        ({"type": "turn", **_turn_fields(3)}, "turn index 3"),
        ({"type": "undo", "index": 0}, "undo of turn 0"),
        ({"type": "chat"}, "unknown line type"),
    ],
)
def test_bad_lines_are_errors(tmp_path: Path, line: dict[str, object], needle: str) -> None:
    path = tmp_path / "t.jsonl"
    _write_lines(path, [_header(), line, {"type": "turn", **_turn_fields(0)}])
    with pytest.raises(TranscriptError, match=needle) as info:
        read_transcript(path)
    assert f"{path}:2" in str(info.value)


def test_line_after_end_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    end = {"type": "end", "outcome": "fail", "grade": 1, "scorecard": {}}
    _write_lines(path, [_header(), end, {"type": "turn", **_turn_fields(0)}])
    with pytest.raises(TranscriptError, match="after the session's end"):
        read_transcript(path)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="not found"):
        read_transcript(tmp_path / "nope.jsonl")
    (tmp_path / "e.jsonl").write_text("")
    with pytest.raises(TranscriptError, match="empty"):
        read_transcript(tmp_path / "e.jsonl")


def test_default_path_sorts_by_time_and_never_collides(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PARLEY_HOME", str(tmp_path))
    first = default_transcript_path("demo", "2025-01-03T14:25:01+08:00")
    assert first == tmp_path / "transcripts" / "20250103-142501-demo.jsonl"
    first.parent.mkdir(parents=True)
    first.write_text("x")
    second = default_transcript_path("demo", "2025-01-03T14:25:01+08:00")
    assert second.name == "20250103-142501-demo-2.jsonl"
    # Who played is in the name, so a room's files gathered into one folder never collide.
    named = default_transcript_path("demo", "2025-01-03T14:25:01+08:00", "小李 / Li?")
    assert named.name == "20250103-142501-demo-小李_Li.jsonl"


def test_quitting_writes_an_abandon_line_and_stays_resumable(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    session = FakeSession()
    writer = TranscriptWriter(path)
    writer.session_started(session)
    writer.turn_recorded(session, _turn(0))
    quit_card = Scorecard("demo", "abandoned", None, 30, 1, {}, {}, ((30, 60),), (), ())
    writer.session_ended(session, quit_card)
    t = read_transcript(path)
    assert not t.finished and t.abandoned is not None and t.abandoned["grade"] == 30

    resumed = TranscriptWriter.resume(path, t)
    resumed.turn_recorded(session, _turn(0))  # replayed: skipped
    resumed.turn_recorded(session, _turn(1))
    resumed.session_ended(session, _scorecard())
    t2 = read_transcript(path)
    assert t2.finished and t2.abandoned is None and len(t2.turns) == 2


def test_outline_keeps_every_field_the_history_tallies(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    session = FakeSession(ending=Ending("good", "success", Text("成交", "Deal"), Text("d", "d")))
    writer = TranscriptWriter(path)
    writer.session_started(session)
    ruled = replace(_turn(1), rule="r1", red_line=True, quality=None)
    writer.turn_recorded(session, replace(_turn(0, typed="我先听听您的难处"), trap=True))
    writer.turn_recorded(session, ruled)
    writer.session_ended(session, _scorecard())
    full, outline = read_transcript(path), read_transcript(path, outline=True)
    assert outline.identity == full.identity and outline.end == full.end
    for whole, brief in zip(full.turn_results, outline.turn_results, strict=True):
        assert (brief.index, brief.node_id, brief.option_id, brief.next_id) == (
            whole.index,
            whole.node_id,
            whole.option_id,
            whole.next_id,
        )
        assert (brief.quality, brief.rule, brief.red_line, brief.trap) == (
            whole.quality,
            whole.rule,
            whole.red_line,
            whole.trap,
        )
        assert (brief.typed is None) == (whole.typed is None)
        assert [(h.principle, h.weight) for h in brief.hits] == [
            (h.principle, h.weight) for h in whole.hits
        ]
        assert brief.client_line == Text("", "") and not brief.variables  # texts left out
    assert outline.turn_results[1].rule == "r1" and outline.turn_results[1].red_line
    assert outline.turn_results[0].trap and not outline.turn_results[0].red_line
    assert not outline.turn_results[1].trap and outline.turn_results[1].quality is None


@pytest.mark.parametrize(
    "line",
    [
        '{"type": "turn"} {"type": "turn"}',  # two values on one line
        '{"type": "turn"},',
        '{"type": "turn", }',
        '{"type": "turn"',
        '{"type": "tu\x01rn"}',  # a control character inside a string
    ],
)
def test_a_line_json_refuses_is_refused(tmp_path: Path, line: str) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(_header()) + "\n" + line + "\n" + json.dumps(_header()) + "\n")
    with pytest.raises(TranscriptError, match="not valid JSON") as info:
        read_transcript(path)
    assert str(info.value).startswith(f"{path}:2:")


def test_json_spacing_around_a_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    turn = json.dumps({"type": "turn", **_turn_fields(0)})
    path.write_bytes((json.dumps(_header()) + "\r\n  " + turn + " \t\r\n").encode())
    assert [r.turn.node_id for r in read_transcript(path).turns] == ["a"]


@pytest.mark.parametrize(
    ("field_name", "value"), [("index", True), ("quality", False), ("typed", 3), ("hits", {})]
)
def test_a_json_value_of_the_wrong_kind_is_named(
    tmp_path: Path, field_name: str, value: object
) -> None:
    path = tmp_path / "t.jsonl"
    _write_lines(path, [_header(), {"type": "turn", **_turn_fields(0), field_name: value}])
    with pytest.raises(TranscriptError, match=f"field '{field_name}' should be"):
        read_transcript(path, outline=True)
