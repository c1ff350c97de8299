"""The cohort as one self-contained HTML page: inline CSS and inline SVG charts, no network asset.

Every name and text from trainees, scenarios or the catalog is escaped: it is data, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from simulator.cohort import STATE_NAMES, CohortView, TraineeView
from simulator.model import Text

_STATE_COLOURS = {
    "improving": "#2e7d32",
    "slipping": "#c62828",
    "stuck": "#ef6c00",
    "steady": "#546e7a",
    "new": "#9e9e9e",
}

_CSS = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2rem auto; max-width: 64rem; color: #222; line-height: 1.5; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2rem; font-size: 1.25rem; }
.meta { color: #666; } table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eee;
         vertical-align: middle; }
th { font-weight: 600; background: #fafafa; }
.trainee { border: 1px solid #ddd; border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0; }
.state { display: inline-block; padding: 0 .4rem; border-radius: 4px; color: #fff;
         font-size: .85rem; }
.next { background: #f1f8e9; border-left: 4px solid #7cb342; padding: .3rem .6rem; }
.untried { color: #555; font-size: .9rem; }
"""


def _t(text: Text) -> str:
    if text.en and text.en != text.zh:
        return f"{escape(text.zh)} <small>{escape(text.en)}</small>"
    return escape(text.zh)


def sparkline_svg(scores: Sequence[int], width: int = 120, height: int = 32) -> str:
    """A line of scores as an inline SVG, last point marked; the scale spans the scores ±10
    (within 0…100) so a few points of change can be seen."""
    if not scores:
        return ""
    low = max(0, min(scores) - 10)
    high = min(100, max(scores) + 10)
    span = (high - low) or 1
    step = (width - 6) / max(1, len(scores) - 1)
    points = [(3 + i * step if len(scores) > 1 else width / 2,
               height - 3 - ((s - low) / span) * (height - 6))
              for i, s in enumerate(scores)]  # fmt: skip
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    lx, ly = points[-1]
    label = escape(" → ".join(str(s) for s in scores))
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        f' role="img" aria-label="{label}"><title>{label}</title>'
        f'<line x1="0" x2="{width}" y1="{height / 2:.1f}" y2="{height / 2:.1f}"'
        ' stroke="#eee" stroke-width="1"/>'
        f'<polyline fill="none" stroke="#1565c0" stroke-width="1.5" points="{path}"/>'
        f'<circle cx="{lx:.1f}" cy="{ly:.1f}" r="2.5" fill="#1565c0"/></svg>'
    )


def bar_svg(value: float, width: int = 160, height: int = 14, colour: str = "#1565c0") -> str:
    """A horizontal bar of value/100 as an inline SVG."""
    filled = max(0.0, min(1.0, value / 100)) * width
    return (
        f'<svg class="bar" width="{width}" height="{height}" role="img"'
        f' aria-label="{value:.0f}"><rect width="{width}" height="{height}" fill="#eceff1"/>'
        f'<rect width="{filled:.1f}" height="{height}" fill="{colour}"/></svg>'
    )


def _state(state: str) -> str:
    colour = _STATE_COLOURS.get(state, "#777")
    name = STATE_NAMES.get(state, Text(state, state))
    label = f"{escape(name.zh)} {escape(name.en)}"
    return f'<span class="state" style="background:{colour}">{label}</span>'


def _trainee(view: TraineeView, cohort: CohortView) -> str:
    s = view.summary
    if s is None:
        counts = "还没有会话 / no sessions yet"
    else:
        mean = "-" if s.mean_grade is None else f"{s.mean_grade:.0f}"
        counts = (
            f"{s.sessions} 次会话（完成 {s.finished}，未完成 {s.abandoned}），平均分 {mean}"
            f" / {s.sessions} sessions ({s.finished} finished,"
            f" {s.abandoned} abandoned), mean {mean}"
        )
    rows = []
    for pid, trend in sorted(view.trends.items(), key=lambda kv: (kv[1].weighted, kv[0])):
        name = cohort.names.get(pid, Text(pid, pid))
        rows.append(
            f"<tr><td>{_t(name)}</td><td>{sparkline_svg(list(trend.recent))}</td>"
            f"<td>{trend.weighted:.0f}</td><td>{_state(view.states[pid])}</td></tr>"
        )
    table = (
        "<table><tr><th>原则 principle</th><th>最近 recent</th><th>近期均分 recent mean</th>"
        "<th>状态 state</th></tr>" + "".join(rows) + "</table>"
        if rows
        else ""
    )
    nxt = ""
    if view.suggestion is not None:
        sug = view.suggestion
        title = cohort.titles.get(sug.scenario, sug.title)
        nxt = (
            f'<p class="next">下一个 next: <b>{escape(sug.scenario)}</b> {_t(title)}'
            f" — {escape(sug.reason.zh)} / {escape(sug.reason.en)}</p>"
        )
    untried = ""
    if view.untried:
        untried = (
            f'<p class="untried">未试过 untried ({len(view.untried)}): '
            + ", ".join(escape(u) for u in view.untried)
            + "</p>"
        )
    return (
        f'<section class="trainee"><h3>{escape(view.trainee)}</h3>'
        f'<p class="meta">{escape(counts)}</p>{table}{nxt}{untried}</section>'
    )


def cohort_html(cohort: CohortView) -> str:
    """The page."""
    title = f"学员组 {cohort.group}" if cohort.group else "全部学员"
    title_en = f"Cohort {cohort.group}" if cohort.group else "All trainees"
    since = f" · 自 {cohort.since} 起 / since {cohort.since}" if cohort.since else ""
    principle_rows = []
    for row in cohort.principles:
        states = " ".join(
            f"{_state(state)}&nbsp;{n}" for state, n in sorted(row.states.items()) if n
        )
        principle_rows.append(
            f"<tr><td>{_t(row.name)}</td><td>{bar_svg(row.mean)}</td><td>{row.mean:.0f}</td>"
            f"<td>{row.trainees}</td><td>{states}</td></tr>"
        )
    principles = (
        "<table><tr><th>原则 principle</th><th></th><th>均分 mean</th><th>学员 trainees</th>"
        "<th>状态 states</th></tr>" + "".join(principle_rows) + "</table>"
    )
    trainees = "".join(_trainee(v, cohort) for v in cohort.trainees)
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{escape(title)} · Parley</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)} <small>{escape(title_en)}</small></h1>"
        f'<p class="meta">{len(cohort.trainees)} 名学员 / trainees{escape(since)}</p>'
        "<h2>按原则 / by principle <small>(最弱在前 / weakest first)</small></h2>"
        f"{principles}<h2>按学员 / by trainee</h2>{trainees}</body></html>\n"
    )
