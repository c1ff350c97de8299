"""Misunderstandings are part of the transcript: written, read back, replayed on resume."""

from __future__ import annotations

from pathlib import Path

from simulator.content import load_content
from simulator.engine import Session
from simulator.transcript import TranscriptWriter, read_transcript
from tests.conftest import DATA


def test_clarifications_round_trip_through_the_transcript(tmp_path: Path) -> None:
    content = load_content(
        [DATA / "engine", DATA / "valid" / "principles.yaml"],
        include_bundled=False,
        include_local=False,
    )
    scenario = content.scenarios["engine_demo"]
    persona = content.personas[scenario.persona]
    path = tmp_path / "t.jsonl"
    writer = TranscriptWriter(path)
    session = Session(scenario, persona, content.catalog, seed=3, recorder=writer)
    session.misunderstood("嗯")
    session.misunderstood("那个")  # -5
    session.respond("insult")
    session.misunderstood("a")
    session.misunderstood("b")  # -5, then taken back with the turn before it
    session.undo()
    session.respond("talk_amount")
    session.misunderstood("c")
    session.misunderstood("d")  # -5, stands
    writer.close()

    transcript = read_transcript(path)
    assert transcript.responses == session.responses
    rebuilt = Session.rebuild(scenario, persona, content.catalog, 3, transcript.responses)
    assert rebuilt.variables == session.variables
    assert rebuilt.variables["patience"] == 50 - 5 - 5
    assert rebuilt.state == session.state == "amount"
