"""The cohort as plain text for terminals (`parley cohort` and the TUI's cohort screen):
bars per principle, a sparkline per trainee and principle, the next scenario, untried ones."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from simulator.cohort import STATE_NAMES, CohortView, TraineeView
from simulator.sparkline import bar, sparkline

#: One mark per state, used in the legend, the principle rows and the trainee rows.
ARROWS = {"improving": "↑", "slipping": "↓", "stuck": "■", "steady": "·", "new": "∘"}


@lru_cache(maxsize=4096)
def width(text: str) -> int:
    """Terminal cells `text` takes: wide (CJK) characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cells: int) -> str:
    """`text` padded with spaces to `cells` terminal cells."""
    return text + " " * max(0, cells - width(text))


def cohort_lines(view: CohortView) -> list[str]:
    """The cohort as lines of text: principles across it, then each trainee."""

    title = f"学员组 {view.group} / cohort {view.group}" if view.group else "全部学员 / everyone"
    since = f" · 自 {view.since} 起 / since {view.since}" if view.since else ""
    out = [f"{title} · {len(view.trainees)} 名学员 / trainees{since}", ""]
    out.append("按原则（最弱在前）/ by principle, weakest first")
    legend = "  ".join(f"{a} {_state_name(s)}" for s, a in ARROWS.items())
    out.append(f"  {legend}")
    name_cells = max((width(r.name.zh) for r in view.principles), default=8) + 2
    for row in view.principles:
        states = " ".join(f"{ARROWS[s]}{n}" for s, n in sorted(row.states.items()))
        out.append(
            f"  {pad(row.name.zh, name_cells)}{bar(row.mean, 12)} {row.mean:>3.0f}"
            f"  {row.trainees:>3} 人  {states}"
        )
    for trainee in view.trainees:
        out.append("")
        out += _trainee_lines(trainee, view)
    return out


def _state_name(state: str) -> str:
    name = STATE_NAMES[state]
    return f"{name.zh} {name.en}"


def _trainee_lines(trainee: TraineeView, view: CohortView) -> list[str]:
    s = trainee.summary
    if s is None:
        head = "还没有会话 / no sessions yet"
    else:
        mean = "-" if s.mean_grade is None else f"{s.mean_grade:.0f}"
        head = (
            f"{s.sessions} 次会话（完成 {s.finished}，未完成 {s.abandoned}），平均分 {mean}"
            f" / {s.sessions} sessions, mean {mean}"
        )
    out = [f"══ {trainee.trainee} — {head}"]
    ordered = sorted(trainee.trends.items(), key=lambda kv: (kv[1].weighted, kv[0]))
    cells = max((width(view.names[p].zh) for p, _ in ordered if p in view.names), default=8) + 2
    for pid, trend in ordered:
        name = view.names.get(pid)
        label = name.zh if name else pid
        state = trainee.states[pid]
        scores = " → ".join(str(x) for x in trend.recent[-3:])
        out.append(
            f"   {pad(label, cells)}{pad(sparkline(trend.recent), 9)}{trend.weighted:>4.0f}"
            f"  {ARROWS[state]} {pad(_state_name(state), 20)}{scores}"
        )
    if trainee.suggestion is not None:
        sug = trainee.suggestion
        title = view.titles.get(sug.scenario, sug.title)
        out.append(f"   ▶ 下一个 next: {sug.scenario}《{title.zh}》 — {sug.reason.zh}")
    if trainee.untried:
        shown = ", ".join(trainee.untried[:8]) + (" …" if len(trainee.untried) > 8 else "")
        out.append(f"   未试过 untried ({len(trainee.untried)}): {shown}")
    return out
