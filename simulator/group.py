"""A group replay: several trainees' transcripts of one scenario, lined up node by node.

Coaches replay a session to a room one node at a time. Trainees take different paths, so the
steps are the nodes anyone visited, in the order they were first reached; at each step every
trainee's turn there (if any) sits side by side. The summary says which endings were reached,
the mean score per principle, and the node where most trainees lost trust.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.notes import Note, NotesError, load_notes
from simulator.transcript import (
    RecordedTurn,
    Transcript,
    find_transcripts,
    read_transcript,
)


class GroupError(Exception):
    """Transcripts that cannot be replayed together (none, or of different scenarios)."""


@dataclass(frozen=True, slots=True)
class Trainee:
    """One transcript in the group and the coach notes kept beside it."""

    transcript: Transcript
    notes: tuple[Note, ...]
    label: str  # the trainee's name, made unique within the group

    def notes_on(self, turn: int) -> tuple[Note, ...]:
        """The notes on turn `turn`."""
        return tuple(n for n in self.notes if n.turn == turn)


@dataclass(frozen=True, slots=True)
class Step:
    """One node of the replay and each trainee's turns there (empty: did not reach it)."""

    node: str
    turns: tuple[tuple[RecordedTurn, ...], ...]  # one tuple per trainee, in group order

    def first(self) -> RecordedTurn | None:
        """The first turn anyone took here (for the client's line)."""
        for turns in self.turns:
            if turns:
                return turns[0]
        return None


@dataclass(frozen=True, slots=True)
class TrustLoss:
    """A node where trainees lost trust: how many and how much in all."""

    node: str
    trainees: int
    points: int


@dataclass(frozen=True, slots=True)
class Summary:
    """The group's endings, per-principle means and the node that cost most trust."""

    endings: Mapping[str, tuple[str, ...]]  # "ending id (outcome)" -> trainee labels
    principle_means: Mapping[str, float]
    principle_counts: Mapping[str, int]
    grades: Mapping[str, int | None]  # trainee label -> grade (None while unfinished)
    trust_losses: tuple[TrustLoss, ...]  # worst first

    @property
    def worst_node(self) -> TrustLoss | None:
        """The node where most trainees lost trust (ties: most points lost)."""
        return self.trust_losses[0] if self.trust_losses else None


@dataclass(frozen=True, slots=True)
class Group:
    """Transcripts of one scenario, ready to replay side by side."""

    scenario: str
    trainees: tuple[Trainee, ...]
    steps: tuple[Step, ...]
    warnings: tuple[str, ...] = ()

    @property
    def title(self) -> Any:
        """The scenario title as the first transcript recorded it."""
        return self.trainees[0].transcript.header.title

    def summary(self) -> Summary:
        """The group summary."""
        return summarize(self)


def load_group(paths: Sequence[Path | str]) -> Group:
    """Read transcripts (files or folders) and their notes into a group.

    Raises TranscriptError for an unreadable transcript and GroupError when there is none or
    when they are of different scenarios (the message lists which file plays which).
    """
    files = find_transcripts(paths)
    if not files:
        raise GroupError("没有找到记录文件 / no transcripts found in the paths given")
    return build_group([read_transcript(p) for p in files])


def build_group(transcripts: Sequence[Transcript]) -> Group:
    """Line up already-read transcripts; GroupError when they mix scenarios."""
    if not transcripts:
        raise GroupError("没有记录可回放 / no transcripts to replay")
    scenarios: dict[str, list[str]] = {}
    for t in transcripts:
        scenarios.setdefault(t.header.scenario, []).append(t.path.name)
    if len(scenarios) > 1:
        listing = "; ".join(f"{sid}: {', '.join(names)}" for sid, names in scenarios.items())
        raise GroupError(
            "不能把不同场景的记录放在一起回放或复盘 / transcripts of different scenarios cannot "
            f"be replayed or reported together — {listing}. 请每次只给一个场景的记录 / give one "
            "scenario's transcripts at a time"
        )
    warnings = [w for t in transcripts for w in t.warnings]
    hashes = {t.header.content_hash for t in transcripts}
    if len(hashes) > 1:
        warnings.append(
            "这些记录来自场景的不同版本 / these transcripts were played on different versions of "
            "the scenario (content hashes differ); node texts may not match"
        )
    trainees = []
    seen: dict[str, int] = {}
    for t in transcripts:
        try:
            notes = tuple(load_notes(t.path, t.identity))
        except NotesError as exc:
            warnings.append(str(exc))
            notes = ()
        name = t.header.trainee or t.path.stem
        seen[name] = seen.get(name, 0) + 1
        label = name if seen[name] == 1 else f"{name} ({seen[name]})"
        trainees.append(Trainee(t, notes, label))
    return Group(
        scenario=transcripts[0].header.scenario,
        trainees=tuple(trainees),
        steps=_steps(transcripts),
        warnings=tuple(warnings),
    )


def with_notes(group: Group, index: int, notes: Sequence[Note]) -> Group:
    """The same group with trainee `index`'s notes replaced."""
    trainees = list(group.trainees)
    old = trainees[index]
    trainees[index] = Trainee(old.transcript, tuple(notes), old.label)
    return Group(group.scenario, tuple(trainees), group.steps, group.warnings)


def _steps(transcripts: Sequence[Transcript]) -> tuple[Step, ...]:
    # A node's place is the earliest turn index at which anyone reached it; ties keep the
    # order in which the transcripts met them, so one transcript replays in its own order.
    first_seen: dict[str, tuple[int, int]] = {}
    order = 0
    for t in transcripts:
        for r in t.turns:
            if r.turn.node_id not in first_seen:
                first_seen[r.turn.node_id] = (r.turn.index, order)
                order += 1
            else:
                index, seq = first_seen[r.turn.node_id]
                first_seen[r.turn.node_id] = (min(index, r.turn.index), seq)
    nodes = sorted(first_seen, key=lambda n: first_seen[n])
    if len(transcripts) == 1:
        # One trainee: replay their turns exactly in order, revisits included.
        return tuple(Step(r.turn.node_id, ((r,),)) for r in transcripts[0].turns)
    per_node: list[Step] = []
    for node in nodes:
        per_node.append(
            Step(
                node,
                tuple(tuple(r for r in t.turns if r.turn.node_id == node) for t in transcripts),
            )
        )
    return tuple(per_node)


def trust_before(transcript: Transcript, index: int) -> int | None:
    """Trust just before turn `index` (the header's start value for the first turn)."""
    if index == 0:
        value = transcript.header.variables.get("trust")
    else:
        value = transcript.turns[index - 1].turn.variables.get("trust")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def principle_scores(transcript: Transcript) -> dict[str, int | None]:
    """A transcript's 0–100 score per principle: its scorecard's, else tallied from its hits."""
    card = transcript.end.scorecard if transcript.end else transcript.abandoned
    if card and isinstance(card.get("principles"), dict):
        return {pid: p.get("score") for pid, p in card["principles"].items()}
    tally: dict[str, list[int]] = {}
    for r in transcript.turns:
        for hit in r.turn.hits:
            pair = tally.setdefault(hit.principle, [0, 0])
            pair[0 if hit.weight > 0 else 1] += abs(hit.weight)
    return {pid: round(100 * f / (f + a)) if f + a else None for pid, (f, a) in tally.items()}


def summarize(group: Group) -> Summary:
    """Endings reached, mean score per principle, and where trust was lost."""
    endings: dict[str, list[str]] = {}
    grades: dict[str, int | None] = {}
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    losses: dict[str, list[int]] = {}  # node -> [trainees, points]
    for trainee in group.trainees:
        t = trainee.transcript
        if t.end is not None:
            key = f"{t.end.ending} ({t.end.outcome})"
            grades[trainee.label] = t.end.grade
        else:
            key = "未完成（unfinished）"
            grades[trainee.label] = None
        endings.setdefault(key, []).append(trainee.label)
        for pid, score in principle_scores(t).items():
            if score is not None:
                sums[pid] = sums.get(pid, 0.0) + score
                counts[pid] = counts.get(pid, 0) + 1
        lost_here: dict[str, int] = {}
        for r in t.turns:
            before = trust_before(t, r.turn.index)
            after = r.turn.variables.get("trust")
            if before is None or not isinstance(after, int):
                continue
            if after < before:
                lost_here[r.turn.node_id] = lost_here.get(r.turn.node_id, 0) + before - after
        for node, points in lost_here.items():
            entry = losses.setdefault(node, [0, 0])
            entry[0] += 1
            entry[1] += points
    trust_losses = tuple(
        TrustLoss(node, n, pts)
        for node, (n, pts) in sorted(losses.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    )
    return Summary(
        endings={k: tuple(v) for k, v in endings.items()},
        principle_means={pid: sums[pid] / counts[pid] for pid in sums},
        principle_counts=counts,
        grades=grades,
        trust_losses=trust_losses,
    )
