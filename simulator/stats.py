"""Choice analytics for coaches: how trainees actually moved through each scenario.

From the tallies the history store keeps when it records a session (it never reads a
transcript here, so it stays fast at 100,000 sessions): per node, how many sessions
reached it, which options were chosen and how often, and how good those choices were (the mean
turn quality); where sessions ended (each ending, or the node a trainee quit at); the
principles most often broken. Nodes where nearly everyone takes the best option are flagged as
too easy, nodes where the mean choice is poor as hard — the places to rewrite or to coach.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from simulator.model import Scenario
from simulator.store import HistoryStore

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
    grade_sum: int = 0  # over finished sessions (an abandoned session has no grade)
    graded: int = 0
    nodes: dict[str, NodeStats] = field(default_factory=dict)
    broken: dict[str, int] = field(default_factory=dict)  # principle -> sessions breaking it
    broken_times: dict[str, int] = field(default_factory=dict)  # principle -> turns breaking it
    #: Sessions recorded before tallies were kept whose transcript was gone by then: counted in
    #: outcomes, but their turns are unknown.
    untallied: int = 0
    other_versions: int = 0  # sessions played on another version of the scenario file

    @property
    def mean_grade(self) -> float | None:
        """Mean grade of the finished sessions."""
        return self.grade_sum / self.graded if self.graded else None

    def most_broken(self, limit: int = 5) -> list[tuple[str, int, int]]:
        """(principle, sessions, turns) most often broken, most sessions first."""
        ranked = sorted(
            self.broken.items(), key=lambda kv: (-kv[1], -self.broken_times[kv[0]], kv[0])
        )
        return [(p, n, self.broken_times[p]) for p, n in ranked[:limit]]


def collect(
    store: HistoryStore,
    scenarios: Mapping[str, Scenario],
    *,
    scenario: str | None = None,
    trainee: str | None = None,
) -> dict[str, ScenarioStats]:
    """Stats per scenario id from the tallies the history keeps (no transcript is read)."""
    result: dict[str, ScenarioStats] = {}

    def of(sid: str) -> ScenarioStats:
        if sid not in result:
            result[sid] = ScenarioStats(sid)
        return result[sid]

    for row in store.outcome_tallies(scenario=scenario, trainee=trainee):
        stats = of(row.scenario)
        known = scenarios.get(row.scenario)
        stats.sessions += row.sessions
        stats.outcomes[row.outcome] = stats.outcomes.get(row.outcome, 0) + row.sessions
        stats.grade_sum += row.grade_sum
        stats.graded += row.graded
        stats.untallied += row.untallied
        if row.ending:
            stats.endings[row.ending] = stats.endings.get(row.ending, 0) + row.sessions
        if known is not None and row.content_hash != known.content_hash:
            stats.other_versions += row.sessions
        if row.quit_at is not None:  # None: it reached an ending, or its turns are unknown
            where = row.quit_at or (known.start if known else "?")
            stats.quit_at[where] = stats.quit_at.get(where, 0) + row.sessions
    for tally in store.node_tallies(scenario=scenario, trainee=trainee):
        stats = of(tally.scenario)
        known = scenarios.get(tally.scenario)
        node = stats.nodes.get(tally.node)
        if node is None:
            node = NodeStats(tally.node, known=known is None or tally.node in known.nodes)
            stats.nodes[tally.node] = node
        node.sessions += tally.reached
        node.turns += tally.turns
        node.choices[tally.choice] = node.choices.get(tally.choice, 0) + tally.turns
        node.typed += tally.typed
        node.graded += tally.graded
        node.quality_sum += tally.quality_sum
        node.best_taken += tally.best
    for sid, pid, sessions, turns in store.break_tallies(scenario=scenario, trainee=trainee):
        stats = of(sid)
        stats.broken[pid] = stats.broken.get(pid, 0) + sessions
        stats.broken_times[pid] = stats.broken_times.get(pid, 0) + turns
    for stats in result.values():
        # most chosen first, as a coach reads them
        for node in stats.nodes.values():
            node.choices = dict(sorted(node.choices.items(), key=lambda kv: (-kv[1], kv[0])))
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
