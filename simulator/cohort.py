"""A cohort at a glance: per trainee and per principle, who is improving and who is stuck, which
scenarios each has not tried, and the scenario to play next.

Everything is computed from what the history database groups (`trends_by_trainee`,
`trainee_summaries`, `tried`) and from the library (which principles each scenario exercises),
so it stays quick with a few hundred trainees. The faces (`parley cohort`, its HTML export, the
TUI's cohort screen and the library's "next for you" mark) only lay it out.

How a principle's state is read, over a trainee's finished sessions (oldest first):
- "new": fewer than MIN_SESSIONS scores, too few to say;
- "improving": the mean of the last RECENT scores is at least STEP above the mean of the ones
  before (up to RECENT * 2 of them);
- "slipping": that difference is STEP or more below;
- "stuck": neither, and the recency-weighted mean is below STUCK_BELOW;
- "steady": neither, at or above STUCK_BELOW.

The suggested next scenario is the one that exercises the trainee's weakest principles most
(a principle in a scenario's focus counts FOCUS_WEIGHT, an option tagged with it counts 1 per
node); among those that aim at least NEAR_BEST as well as the best, one not tried yet wins,
then the one played least, then the better aimed, then the gentler one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from simulator.listing import FOCUS_WEIGHT, Listed, Listing, exercised
from simulator.model import Text
from simulator.store import HistoryStore, TraineeSummary, Trend

__all__ = ["FOCUS_WEIGHT", "exercised"]  # re-exported: part of what a suggestion is made of

State = Literal["new", "improving", "slipping", "stuck", "steady"]

MIN_SESSIONS = 3
RECENT = 3
STEP = 5.0
STUCK_BELOW = 60.0
#: How many of a trainee's weakest principles the suggestion aims at.
WEAKEST = 2
#: A principle scored this or more in the latest session is not suggested for practice.
KEPT_LAST = 80
#: A scenario aiming at least this share as well as the best one counts as nearly as good.
NEAR_BEST = 0.75

STATE_NAMES: dict[str, Text] = {
    "new": Text("刚开始", "new"),
    "improving": Text("进步中", "improving"),
    "slipping": Text("在退步", "slipping"),
    "stuck": Text("停滞", "stuck"),
    "steady": Text("稳定", "steady"),
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The scenario a trainee should play next, and why."""

    scenario: str
    title: Text
    principles: tuple[str, ...]  # the weak principles it exercises
    reason: Text  # e.g. 练风险思维：最近三次 48 → 52 → 45
    tried: int  # times the trainee played it already


@dataclass(frozen=True, slots=True)
class TraineeView:
    """One trainee in the cohort."""

    trainee: str
    summary: TraineeSummary | None
    trends: Mapping[str, Trend]
    states: Mapping[str, State]
    untried: tuple[str, ...]
    suggestion: Suggestion | None

    def with_state(self, state: State) -> list[str]:
        """The principles in `state`, weakest first."""
        return sorted(
            (p for p, s in self.states.items() if s == state),
            key=lambda p: (self.trends[p].weighted, p),
        )


@dataclass(frozen=True, slots=True)
class PrincipleRow:
    """One principle across the cohort."""

    principle: str
    name: Text
    trainees: int  # trainees with a score
    mean: float  # mean of the trainees' recency-weighted means
    states: Mapping[str, int]  # state -> trainees


@dataclass(frozen=True)
class CohortView:
    """The whole cohort: trainees, then principles across them."""

    group: str | None
    since: str | None
    trainees: tuple[TraineeView, ...]
    principles: tuple[PrincipleRow, ...]
    names: Mapping[str, Text] = field(default_factory=dict)
    titles: Mapping[str, Text] = field(default_factory=dict)


def state_of(trend: Trend) -> State:
    """How a principle is going for a trainee (see the module's docstring)."""
    scores = trend.recent
    if trend.sessions < MIN_SESSIONS or len(scores) < MIN_SESSIONS:
        return "new"
    last = scores[-RECENT:]
    before = scores[-RECENT * 3 : -RECENT]
    if before:
        diff = sum(last) / len(last) - sum(before) / len(before)
        if diff >= STEP:
            return "improving"
        if diff <= -STEP:
            return "slipping"
    return "stuck" if trend.weighted < STUCK_BELOW else "steady"


def reason_text(principle: str, name: Text, trend: Trend) -> Text:
    """'练风险思维：最近三次 48 → 52 → 45' / 'Practise Risk thinking: last 3 48 → 52 → 45'."""
    recent = trend.recent[-3:]
    scores = " → ".join(str(s) for s in recent)
    count_zh = {1: "最近一次", 2: "最近两次", 3: "最近三次"}[len(recent)]
    count_en = "last session" if len(recent) == 1 else f"last {len(recent)}"
    return Text(
        f"练{name.zh or principle}：{count_zh} {scores}",
        f"Practise {name.en or principle}: {count_en} {scores}",
    )


def suggest(
    trends: Mapping[str, Trend],
    tried: Mapping[str, int],
    scenarios: Mapping[str, Listed],
    names: Mapping[str, Text],
) -> Suggestion | None:
    """The scenario that exercises the weakest principles most (None with no scenarios)."""
    if not scenarios:
        return None
    # A principle kept in the latest session is not what to practise next, however low its
    # weighted mean still is ("倾听：最近两次 0 → 100" was suggested; round thirty-seven's
    # cold tryout).
    open_ = [t for t in trends.values() if t.last < KEPT_LAST] or list(trends.values())
    weakest = sorted(open_, key=lambda t: (t.weighted, t.principle))[:WEAKEST]
    weak_ids = [t.principle for t in weakest]
    scored = []
    for scenario in scenarios.values():
        weights = scenario.exercises
        # the weakest principle counts double the second, so "weakest first" decides
        aim = sum(weights.get(pid, 0) * (WEAKEST - i) for i, pid in enumerate(weak_ids))
        hits = [pid for pid in weak_ids if weights.get(pid)]
        scored.append((aim, scenario, hits))
    top = max(aim for aim, _, _ in scored)
    # Among the scenarios that aim nearly as well as the best, a new one beats a replay.
    near = [item for item in scored if item[0] >= NEAR_BEST * top]
    _, scenario, hits = min(
        near,
        key=lambda item: (
            tried.get(item[1].id, 0) > 0,
            tried.get(item[1].id, 0),
            -item[0],
            item[1].difficulty,
            item[1].id,
        ),
    )
    if hits:
        first = hits[0]
        reason = reason_text(first, names.get(first, Text(first, first)), trends[first])
    else:
        reason = Text(
            f"从这里开始：难度 {scenario.difficulty}，还没练过",
            f"Start here: difficulty {scenario.difficulty}, not tried yet",
        )
    return Suggestion(
        scenario=scenario.id,
        title=scenario.title,
        principles=tuple(hits),
        reason=reason,
        tried=tried.get(scenario.id, 0),
    )


def short_name(name: Text) -> Text:
    """A principle's name up to its first comma or bracket: 风险思维,未贷先想收 → 风险思维."""
    return Text(
        re.split(r"[,，、(（;；]", name.zh, maxsplit=1)[0].strip() or name.zh,
        re.split(r"[,(;]", name.en, maxsplit=1)[0].strip() or name.en,
    )


def names_of(library: Listing) -> dict[str, Text]:
    """Principle id -> short name, from the library's catalog."""
    return {pid: short_name(name) for pid, name in library.principles.items()}


def build(
    store: HistoryStore,
    library: Listing,
    *,
    group: str | None = None,
    since: str | None = None,
    members: Sequence[str] | None = None,
) -> CohortView:
    """The cohort view of `members` (a group's trainees; None: everyone in the history)."""
    filters: dict[str, object] = {"since": since}
    if members is not None:
        filters["trainees"] = list(members)
    trends = store.trends_by_trainee(**filters)
    summaries = {s.trainee: s for s in store.trainee_summaries(**filters)}
    tried = store.tried(**filters)
    names = names_of(library)
    scenarios = library.scenarios
    everyone = sorted(set(members) if members is not None else set(summaries))
    views = []
    for trainee in everyone:
        mine = trends.get(trainee, {})
        played = tried.get(trainee, {})
        views.append(
            TraineeView(
                trainee=trainee,
                summary=summaries.get(trainee),
                trends=mine,
                states={pid: state_of(t) for pid, t in mine.items()},
                untried=tuple(sorted(sid for sid in scenarios if sid not in played)),
                suggestion=suggest(mine, played, scenarios, names),
            )
        )
    return CohortView(
        group=group,
        since=since,
        trainees=tuple(views),
        principles=_principle_rows(views, names),
        names=names,
        titles={sid: s.title for sid, s in scenarios.items()},
    )


def _principle_rows(
    views: Sequence[TraineeView], names: Mapping[str, Text]
) -> tuple[PrincipleRow, ...]:
    collected: dict[str, list[tuple[float, State]]] = {}
    for view in views:
        for pid, trend in view.trends.items():
            collected.setdefault(pid, []).append((trend.weighted, view.states[pid]))
    rows = []
    for pid, values in collected.items():
        states: dict[str, int] = {}
        for _, state in values:
            states[state] = states.get(state, 0) + 1
        rows.append(
            PrincipleRow(
                principle=pid,
                name=names.get(pid, Text(pid, pid)),
                trainees=len(values),
                mean=sum(v for v, _ in values) / len(values),
                states=states,
            )
        )
    return tuple(sorted(rows, key=lambda r: (r.mean, r.principle)))


def next_for(store: HistoryStore, library: Listing, trainee: str) -> Suggestion | None:
    """The suggested next scenario for one trainee (the TUI library's mark)."""
    trends = store.trends_by_trainee(trainee=trainee).get(trainee, {})
    played = store.tried(trainee=trainee).get(trainee, {})
    if not trends and not played:
        return None  # a trainee with no history yet: the library shows no mark
    return suggest(trends, played, library.scenarios, names_of(library))
