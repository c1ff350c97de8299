"""A group replay: several trainees' transcripts of one scenario, lined up node by node.

Coaches replay a session to a room one node at a time. Trainees take different paths, so the
steps are the nodes anyone visited, in the order they were first reached; at each step every
trainee's turn there (if any) sits side by side. The summary says which endings were reached,
the mean score per principle, and the node where most trainees lost trust.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.model import Text
from simulator.notes import Note, NotesError, load_notes
from simulator.transcript import (
    RecordedTurn,
    Transcript,
    TranscriptError,
    find_transcripts,
    read_sessions,
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

    def unheard(self, turn: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What the trainee said that the client did not understand just before turn `turn`
        (0-based), and, for the last turn, after it. Those answers took no turn, but a coach
        should see them: they may be the worst thing said, and what they broke still counts."""
        clarified = self.transcript.clarified
        last = len(self.transcript.turns) - 1
        before = tuple(words for position, words in clarified if position == turn)
        after = tuple(words for position, words in clarified if turn == last and position > last)
        return before, after


@dataclass(frozen=True, slots=True)
class Step:
    """One node of the replay and each trainee's turns there (empty: did not reach it)."""

    node: str
    turns: tuple[tuple[RecordedTurn, ...], ...]  # one tuple per trainee, in group order

    def first(self) -> RecordedTurn | None:
        """The first turn anyone took here."""
        for turns in self.turns:
            if turns:
                return turns[0]
        return None

    def heard(self, index: int) -> tuple[Text, ...]:
        """The client's lines trainee `index` heard here (mood variants differ by trainee)."""
        lines: list[Text] = []
        for r in self.turns[index]:
            if r.turn.client_line not in lines:
                lines.append(r.turn.client_line)
        return tuple(lines)

    def common_line(self) -> RecordedTurn | None:
        """The turn whose client line everyone here heard alike; None when the lines differ."""
        first = self.first()
        if first is None:
            return None
        line = first.turn.client_line
        same = all(r.turn.client_line == line for turns in self.turns for r in turns)
        return first if same else None


@dataclass(frozen=True, slots=True)
class TrustLoss:
    """A node where trainees lost trust: how much in all, by how many, out of how many there."""

    node: str
    trainees: int  # how many lost trust here
    points: int  # trust lost here, all trainees together
    reached: int = 0  # how many took a turn here

    @property
    def mean(self) -> float:
        """Trust lost here per trainee who reached the node."""
        return self.points / self.reached if self.reached else float(self.points)


@dataclass(frozen=True, slots=True)
class EndingReached:
    """One ending (or "unfinished") and the trainees who reached it."""

    ending: str | None  # ending id; None for sessions not finished
    outcome: str  # success / partial / fail / abandoned
    title: Text  # the ending's title as recorded (the id when none was)
    trainees: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    """The group's endings, per-principle means and where trust was lost."""

    endings: tuple[EndingReached, ...]  # most trainees first
    principle_means: Mapping[str, float]
    principle_counts: Mapping[str, int]
    grades: Mapping[str, int | None]  # trainee label -> grade (None while unfinished)
    trust_losses: tuple[TrustLoss, ...]  # most trust lost in all first

    @property
    def worst_node(self) -> TrustLoss | None:
        """The node where the group lost most trust in all (ties: more trainees, then id)."""
        return self.trust_losses[0] if self.trust_losses else None

    @property
    def grade_mean(self) -> float | None:
        """The mean grade of the finished sessions (None when none finished)."""
        done = [g for g in self.grades.values() if g is not None]
        return sum(done) / len(done) if done else None


@dataclass(frozen=True, slots=True)
class Group:
    """Transcripts of one scenario, ready to replay side by side."""

    scenario: str
    trainees: tuple[Trainee, ...]
    steps: tuple[Step, ...]
    warnings: tuple[str, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()  # (file, why) of files left out: unreadable

    @property
    def title(self) -> Any:
        """The scenario title as the first transcript recorded it."""
        return self.trainees[0].transcript.header.title

    def summary(self) -> Summary:
        """The group summary."""
        return summarize(self)


def load_group(paths: Sequence[Path | str]) -> Group:
    """Read transcripts (files or folders) and their notes into a group.

    A file that cannot be read does not stop the group: it is left out and named, with the
    reason, in `Group.skipped`. A file holding several sessions gives each its place. Raises
    GroupError when no file is readable or when they are of different scenarios (the message
    lists which file plays which).
    """
    files = find_transcripts(paths)
    if not files:
        raise GroupError("没有找到记录文件 / no transcripts found in the paths given")
    transcripts: list[Transcript] = []
    skipped: list[tuple[str, str]] = []
    for path in files:
        try:
            transcripts.extend(read_sessions(path))
        except TranscriptError as exc:
            skipped.append((str(path), exc.message + (f" ({exc.hint})" if exc.hint else "")))
    if not transcripts:
        listing = "; ".join(f"{p}: {why}" for p, why in skipped)
        raise GroupError(f"没有可读的记录 / none of the transcripts can be read — {listing}")
    return build_group(transcripts, skipped)


def build_group(
    transcripts: Sequence[Transcript], skipped: Sequence[tuple[str, str]] = ()
) -> Group:
    """Line up already-read transcripts; GroupError when they mix scenarios.

    Trainees are ordered by name, then by when they started, so the columns come out the same
    whether the coach names the files or the folder.
    """
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
    transcripts = sorted(transcripts, key=_order)
    warnings = [w for t in transcripts for w in t.warnings]
    # The same session copied twice into the folder (files gathered from a room) is one
    # trainee, not two: the identity is the hash of the header line, the same in every copy.
    seen_identity: dict[str, Transcript] = {}
    unique: list[Transcript] = []
    for t in transcripts:
        first = seen_identity.setdefault(t.identity, t)
        if first is t or not t.identity:
            unique.append(t)
        else:
            warnings.append(
                f"{t.path}: 与 {first.path.name} 是同一次会话,只显示一次 / the same session as "
                f"{first.path.name}; shown once"
            )
    transcripts = unique
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
            notes = tuple(load_notes(t.path, t.identity, t.part))
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
        skipped=tuple(skipped),
    )


def _order(t: Transcript) -> tuple[str, str, str, str, int]:
    name = t.header.trainee or t.path.stem
    return (name.casefold(), name, _instant(t.header.started_at), str(t.path), t.part)


def _instant(started_at: str) -> str:
    # ISO stamps with different offsets do not sort as text; UTC ones do.
    try:
        moment = datetime.fromisoformat(started_at)
    except ValueError:
        return started_at
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


def with_notes(group: Group, index: int, notes: Sequence[Note]) -> Group:
    """The same group with trainee `index`'s notes replaced."""
    trainees = list(group.trainees)
    old = trainees[index]
    trainees[index] = Trainee(old.transcript, tuple(notes), old.label)
    return Group(group.scenario, tuple(trainees), group.steps, group.warnings, group.skipped)


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
    endings: dict[tuple[str | None, str], tuple[Text, list[str]]] = {}
    grades: dict[str, int | None] = {}
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    losses: dict[str, list[int]] = {}  # node -> [trainees, points]
    reached: dict[str, int] = {}
    for trainee in group.trainees:
        t = trainee.transcript
        if t.end is not None:
            key: tuple[str | None, str] = (t.end.ending, t.end.outcome)
            title = t.end.ending_title or Text(t.end.ending or "", t.end.ending or "")
            grades[trainee.label] = t.end.grade
        else:
            key = (None, "abandoned")
            title = Text("未完成", "unfinished")
            grades[trainee.label] = None
        endings.setdefault(key, (title, []))[1].append(trainee.label)
        for pid, score in principle_scores(t).items():
            if score is not None:
                sums[pid] = sums.get(pid, 0.0) + score
                counts[pid] = counts.get(pid, 0) + 1
        lost_here: dict[str, int] = {}
        for node in {r.turn.node_id for r in t.turns}:
            reached[node] = reached.get(node, 0) + 1
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
    # Ranked by the trust lost in all: two trainees losing 10 each cost the room more than
    # five losing 1 each, though fewer people stumbled there.
    trust_losses = tuple(
        TrustLoss(node, n, pts, reached.get(node, n))
        for node, (n, pts) in sorted(losses.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]))
    )
    ordered = sorted(endings.items(), key=lambda kv: (-len(kv[1][1]), kv[0][1], kv[0][0] or ""))
    return Summary(
        endings=tuple(
            EndingReached(ending, outcome, title, tuple(who))
            for (ending, outcome), (title, who) in ordered
        ),
        principle_means={pid: sums[pid] / counts[pid] for pid in sums},
        principle_counts=counts,
        grades=grades,
        trust_losses=trust_losses,
    )
