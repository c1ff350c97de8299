"""Choice analytics for coaches: how trainees actually moved through each scenario.

From the history store's sessions and the transcripts they point to: per node, how many sessions
reached it, which options were chosen and how often, and how good those choices were (the mean
turn quality); where sessions ended (each ending, or the node a trainee quit at); the
principles most often broken. Nodes where nearly everyone takes the best option are flagged as
too easy, nodes where the mean choice is poor as hard — the places to rewrite or to coach.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from simulator.model import Scenario
from simulator.store import SessionRecord
from simulator.transcript import Transcript, TranscriptError, read_session

#: A node where at least this share of choices was the best option on offer is "too easy".
EASY_SHARE = 0.9
#: A node whose mean turn quality is below this is "hard" (trainees struggle there).
HARD_QUALITY = 0.4
#: Flags need at least this many turns at a node to mean anything.
MIN_TURNS_FOR_FLAGS = 5


@dataclass(slots=True)
class NodeStats:
    """What trainees did at one node."""

    node_id: str
    sessions: int = 0  # sessions that reached the node (each counted once)
    turns: int = 0  # times an option was chosen here (a session can come back)
    choices: dict[str, int] = field(default_factory=dict)  # option id -> times chosen
    typed: int = 0  # turns answered in the trainee's own words
    quality_sum: float = 0.0
    graded: int = 0
    best_taken: int = 0  # choices of an option with the node's highest quality (1.0)
    known: bool = True  # False: the node is no longer in the scenario

    @property
    def mean_quality(self) -> float | None:
        """Mean turn quality of the choices here (0 worst … 1 best), None when none graded."""
        return self.quality_sum / self.graded if self.graded else None

    @property
    def flag(self) -> str | None:
        """ "easy" when nearly every choice was the best, "hard" when choices were poor."""
        if self.graded < MIN_TURNS_FOR_FLAGS:
            return None
        if self.best_taken / self.graded >= EASY_SHARE:
            return "easy"
        mean = self.mean_quality
        if mean is not None and mean < HARD_QUALITY:
            return "hard"
        return None


@dataclass(slots=True)
class ScenarioStats:
    """Every recorded session of one scenario, summed up."""

    scenario_id: str
    sessions: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)  # success/partial/fail/abandoned
    endings: dict[str, int] = field(default_factory=dict)  # ending id -> sessions
    quit_at: dict[str, int] = field(default_factory=dict)  # node id -> abandoned sessions
    grades: list[int] = field(default_factory=list)
    nodes: dict[str, NodeStats] = field(default_factory=dict)
    broken: dict[str, int] = field(default_factory=dict)  # principle -> sessions breaking it
    broken_times: dict[str, int] = field(default_factory=dict)  # principle -> turns breaking it
    missing_transcripts: list[str] = field(default_factory=list)
    other_versions: int = 0  # sessions played on another version of the scenario file

    @property
    def mean_grade(self) -> float | None:
        """Mean grade of the sessions that have one."""
        return sum(self.grades) / len(self.grades) if self.grades else None

    def most_broken(self, limit: int = 5) -> list[tuple[str, int, int]]:
        """(principle, sessions, turns) most often broken, most sessions first."""
        ranked = sorted(
            self.broken.items(), key=lambda kv: (-kv[1], -self.broken_times[kv[0]], kv[0])
        )
        return [(p, n, self.broken_times[p]) for p, n in ranked[:limit]]


def _node(stats: ScenarioStats, node_id: str, scenario: Scenario | None) -> NodeStats:
    if node_id not in stats.nodes:
        known = scenario is None or node_id in scenario.nodes
        stats.nodes[node_id] = NodeStats(node_id, known=known)
    return stats.nodes[node_id]


def add_session(
    stats: ScenarioStats,
    record: SessionRecord,
    transcript: Transcript | None,
    scenario: Scenario | None,
) -> None:
    """Count one recorded session (its transcript, when readable, gives the turns)."""
    stats.sessions += 1
    stats.outcomes[record.outcome] = stats.outcomes.get(record.outcome, 0) + 1
    if record.grade is not None:
        stats.grades.append(record.grade)
    if record.ending:
        stats.endings[record.ending] = stats.endings.get(record.ending, 0) + 1
    if scenario is not None and record.content_hash != scenario.content_hash:
        stats.other_versions += 1
    if transcript is None:
        stats.missing_transcripts.append(record.transcript)
        return
    turns = transcript.turn_results
    reached: set[str] = set()
    broken: set[str] = set()
    for turn in turns:
        node = _node(stats, turn.node_id, scenario)
        if turn.node_id not in reached:
            reached.add(turn.node_id)
            node.sessions += 1
        node.turns += 1
        node.choices[turn.option_id] = node.choices.get(turn.option_id, 0) + 1
        node.typed += turn.typed is not None
        if turn.quality is not None:
            node.graded += 1
            node.quality_sum += turn.quality
            node.best_taken += turn.quality >= 1.0
        for hit in turn.hits:
            if hit.weight < 0:
                stats.broken_times[hit.principle] = stats.broken_times.get(hit.principle, 0) + 1
                broken.add(hit.principle)
    for pid in broken:
        stats.broken[pid] = stats.broken.get(pid, 0) + 1
    if record.outcome == "abandoned" or not record.ending:
        where = turns[-1].next_id if turns else (scenario.start if scenario else "?")
        stats.quit_at[where] = stats.quit_at.get(where, 0) + 1


def collect(
    records: Iterable[SessionRecord], scenarios: Mapping[str, Scenario]
) -> dict[str, ScenarioStats]:
    """Stats per scenario id from history records, reading each session's transcript."""
    result: dict[str, ScenarioStats] = {}
    for record in records:
        stats = result.setdefault(record.scenario, ScenarioStats(record.scenario))
        transcript: Transcript | None
        try:
            transcript = read_session(Path(record.transcript), record.identity)
        except (TranscriptError, OSError):
            transcript = None
        add_session(stats, record, transcript, scenarios.get(record.scenario))
    return result


def node_order(stats: ScenarioStats, scenario: Scenario | None) -> list[NodeStats]:
    """Node stats in the scenario's order (nodes never reached included), then unknown ones."""
    ordered: list[NodeStats] = []
    if scenario is not None:
        for node_id in scenario.nodes:
            ordered.append(stats.nodes.get(node_id, NodeStats(node_id)))
    ordered += [
        n for nid, n in stats.nodes.items() if scenario is None or nid not in scenario.nodes
    ]
    return ordered
