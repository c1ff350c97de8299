"""Debrief export: a group replay as Markdown or as one self-contained, projector-ready HTML page.

Both carry the same content: the group summary (endings, grades, mean per principle, where
trust was lost), the conversation node by node with every trainee's answer, feedback, principle
hits and the coach's notes, and each trainee's scorecard. Everything trainees, personas and
scenarios wrote is escaped for the target format: it is data, never markup. The output is
deterministic (no "generated at" stamp) so golden files can pin it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import lru_cache

from simulator.group import Group, Step, Summary, Trainee, principle_scores, trust_before
from simulator.model import Text
from simulator.notes import LABELS
from simulator.render import narrated
from simulator.scoring import PrincipleHit
from simulator.transcript import RecordedTurn

OUTCOME_NAMES: dict[str, Text] = {
    "success": Text("成功", "success"),
    "partial": Text("部分达成", "partial"),
    "fail": Text("失败", "fail"),
    "abandoned": Text("未完成", "unfinished"),
}


@lru_cache(maxsize=1)
def principle_names() -> Mapping[str, Text]:
    """Principle id -> name from the bundled catalog ({} when it cannot be read)."""
    try:
        from simulator.library import bundled_catalog_path
        from simulator.loader import load_catalog

        catalog, _ = load_catalog(bundled_catalog_path())
    except Exception:  # a report without names beats no report
        return {}
    if catalog is None:
        return {}
    return {pid: p.name for pid, p in catalog.principles.items()}


def _name(pid: str, names: Mapping[str, Text]) -> str:
    label = names.get(pid)
    return f"{label.zh} ({label.en})" if label and label.en else (label.zh if label else pid)


def _trust_change(trainee: Trainee, r: RecordedTurn) -> str:
    before = trust_before(trainee.transcript, r.turn.index)
    after = r.turn.variables.get("trust")
    if before is None or not isinstance(after, int) or before == after:
        return ""
    return f"{before} → {after}"


# ---------------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~])")


def md(text: str) -> str:
    """Text made inert in Markdown: specials escaped, newlines kept as line breaks."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\r", "").replace("\n", "  \n")


def _hit_md(hit: PrincipleHit, names: Mapping[str, Text]) -> str:
    mark = "✓" if hit.weight > 0 else "✗"
    evidence = f" — 「{md(hit.evidence)}」" if hit.source != "option" and hit.evidence else ""
    return f"{mark} {md(_name(hit.principle, names))} ({hit.weight:+d}){evidence}"


def render_markdown(group: Group, names: Mapping[str, Text] | None = None) -> str:
    """The debrief as Markdown."""
    names = principle_names() if names is None else names
    out: list[str] = []
    head = group.trainees[0].transcript.header
    title = group.title
    out.append(f"# {md(title.zh)} — 小组复盘 / Group debrief")
    out.append("")
    if title.en:
        out.append(f"*{md(title.en)}*")
        out.append("")
    out.append(f"- 场景 / scenario: `{group.scenario}`")
    out.append(
        f"- 内容版本 / content hash: `{head.content_hash}`"
        f" · 评分规则 / rubric v{head.rubric_version}"
    )
    out.append(f"- 学员 / trainees: {', '.join(md(t.label) for t in group.trainees)}")
    for warning in group.warnings:
        out.append(f"- ⚠ {md(warning)}")
    out.append("")
    out.extend(_summary_md(group, group.summary(), names))
    out.append("## 逐轮回顾 / Turn by turn")
    out.append("")
    for number, step in enumerate(group.steps, 1):
        out.extend(_step_md(group, number, step, names))
    out.append("## 成绩单 / Scorecards")
    out.append("")
    for trainee in group.trainees:
        out.extend(_scorecard_md(trainee, names))
    return "\n".join(out).rstrip() + "\n"


def _summary_md(group: Group, summary: Summary, names: Mapping[str, Text]) -> list[str]:
    out = ["## 小组总结 / Group summary", ""]
    out.append("| 学员 / trainee | 结局 / ending | 得分 / grade |")
    out.append("| --- | --- | --- |")
    for trainee in group.trainees:
        t = trainee.transcript
        ending = _ending_label(trainee)
        grade = "-" if t.end is None else str(t.end.grade)
        out.append(f"| {md(trainee.label)} | {md(ending)} | {grade} |")
    out.append("")
    out.append("**结局分布 / Endings reached**")
    out.append("")
    for key, who in summary.endings.items():
        out.append(f"- {md(key)}: {len(who)} — {', '.join(md(w) for w in who)}")
    out.append("")
    if summary.principle_means:
        out.append("| 原则 / principle | 平均 / mean | 人数 / n |")
        out.append("| --- | --- | --- |")
        for pid, mean in sorted(summary.principle_means.items(), key=lambda kv: (kv[1], kv[0])):
            count = summary.principle_counts[pid]
            out.append(f"| {md(_name(pid, names))} | {mean:.0f} | {count} |")
        out.append("")
    worst = summary.worst_node
    if worst is not None:
        line = _client_line_at(group, worst.node)
        out.append(
            f"**信任流失最多的节点 / Where most trainees lost trust**: `{worst.node}` — "
            f"{worst.trainees} 人 / trainees, −{worst.points}"
        )
        if line:
            out.append(f"> {md(line)}")
        out.append("")
    return out


def _client_line_at(group: Group, node: str) -> str:
    for step in group.steps:
        if step.node == node:
            first = step.first()
            if first is not None:
                return first.turn.client_line.zh
    return ""


def _ending_label(trainee: Trainee) -> str:
    end = trainee.transcript.end
    if end is None:
        return "未完成 / unfinished"
    outcome = OUTCOME_NAMES.get(end.outcome, Text(end.outcome, end.outcome))
    title = end.ending_title.zh if end.ending_title else (end.ending or "")
    return f"{title} · {outcome.zh} / {outcome.en}"


def _step_md(group: Group, number: int, step: Step, names: Mapping[str, Text]) -> list[str]:
    out = [f"### {number}. `{step.node}`", ""]
    first = step.first()
    if first is not None:
        turn = first.turn
        if turn.narration is not None:
            # Narration is told by no one: no "client", no mood.
            out.append(f"> *{md(narrated(turn.narration.zh, 'zh'))}*")
            if turn.narration.en:
                out.append(f"> *{md(narrated(turn.narration.en, 'en'))}*")
            out.append(">")
        who = (
            f"**{md(turn.speaker.zh)} / {md(turn.speaker.en or turn.speaker.zh)}**"
            if turn.speaker is not None
            else f"**客户 / client** ({md(turn.mood)})"
        )
        if turn.client_line.zh:
            out.append(f"> {who}: {md(turn.client_line.zh)}")
            if turn.client_line.en:
                out.append(">")
                out.append(f"> *{md(turn.client_line.en)}*")
        out.append("")
    for trainee, turns in zip(group.trainees, step.turns, strict=True):
        if not turns:
            if len(group.trainees) > 1:
                out.append(f"- **{md(trainee.label)}**: 未到达 / did not reach this point")
            continue
        for r in turns:
            turn = r.turn
            said = md(turn.said)
            how = (
                "自己的话 / own words"
                if turn.typed is not None
                else f"选项 / option `{turn.option_id}`"
            )
            out.append(f"- **{md(trainee.label)}**: 「{said}」（{how}）")
            if turn.feedback.zh:
                out.append(f"  - 点评 / feedback: {md(turn.feedback.zh)}")
            for hit in turn.hits:
                out.append(f"  - {_hit_md(hit, names)}")
            change = _trust_change(trainee, r)
            if change:
                out.append(f"  - 信任 / trust: {change}")
            for note in trainee.notes_on(turn.index):
                label = LABELS[note.label]
                out.append(f"  - 批注 / note **[{label.zh} / {label.en}]** {md(note.text)}")
    out.append("")
    return out


def _scorecard_md(trainee: Trainee, names: Mapping[str, Text]) -> list[str]:
    t = trainee.transcript
    out = [f"### {md(trainee.label)}", ""]
    out.append(f"- 结局 / ending: {md(_ending_label(trainee))}")
    if t.end is not None:
        out.append(f"- 得分 / grade: **{t.end.grade}** / 100")
        if t.end.debrief is not None and t.end.debrief.zh:
            out.append(f"- 复盘 / debrief: {md(t.end.debrief.zh)}")
    out.append(f"- 回合 / turns: {len(t.turns)} · 模式 / mode: {t.header.mode}")
    scores = principle_scores(t)
    if scores:
        out.append("")
        out.append("| 原则 / principle | 得分 / score |")
        out.append("| --- | --- |")
        for pid, score in scores.items():
            out.append(f"| {md(_name(pid, names))} | {'-' if score is None else score} |")
    card = t.end.scorecard if t.end else None
    areas = card.get("areas") if card else None
    if isinstance(areas, dict) and areas:
        out.append("")
        out.append("| 能力领域 / area | 得分 / score |")
        out.append("| --- | --- |")
        for aid, area in areas.items():
            score = area.get("score") if isinstance(area, dict) else None
            out.append(f"| {md(aid)} | {'-' if score is None else score} |")
    out.append("")
    return out


# ---------------------------------------------------------------------------------------------
# HTML

_CSS = """
:root { --ink:#1d2330; --muted:#5b6475; --line:#d9dee7; --up:#1f7a3f; --down:#b3261e;
        --card:#ffffff; --bg:#f4f6fa; --accent:#2451a6; --note:#fff4d6; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink); font-size:22px; line-height:1.55;
       font-family: "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
       "Helvetica Neue",Arial,sans-serif; }
main { max-width: 1500px; margin: 0 auto; padding: 32px 40px 80px; }
h1 { font-size: 2em; margin: 0 0 4px; }
h2 { font-size: 1.45em; margin: 48px 0 16px; border-bottom: 3px solid var(--accent);
     padding-bottom: 6px; }
h3 { font-size: 1.1em; margin: 0 0 10px; color: var(--accent); }
.sub { color: var(--muted); margin: 0 0 18px; }
.meta { color: var(--muted); font-size: .8em; }
.warn { background:#fdecea; border-left:6px solid var(--down); padding:8px 14px; }
table { border-collapse: collapse; width: 100%; background: var(--card); margin: 8px 0 20px; }
th, td { text-align: left; padding: 8px 14px; border-bottom: 1px solid var(--line); }
th { background: #e9edf5; font-size: .85em; }
.bar { background:#e9edf5; height: 18px; border-radius: 9px; min-width: 200px; }
.bar > span { display:block; height:100%; border-radius:9px; background:var(--accent); }
.step { background: var(--card); border-radius: 12px; padding: 20px 24px; margin: 22px 0;
        box-shadow: 0 1px 3px rgba(0,0,0,.08); page-break-inside: avoid; }
.client { font-size: 1.15em; border-left: 6px solid #8a94a6; padding: 6px 16px; margin: 0 0 16px;
          background: #f7f8fb; }
.client .en { display:block; color: var(--muted); font-size: .78em; font-style: italic; }
.answers { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 16px; }
.answer { border: 2px solid var(--line); border-radius: 10px; padding: 12px 16px; }
.answer.absent { color: var(--muted); border-style: dashed; }
.who { font-weight: 700; }
.said { font-size: 1.05em; margin: 6px 0; }
.feedback { color: var(--muted); font-size: .9em; }
.hits { list-style: none; padding: 0; margin: 8px 0 0; font-size: .85em; }
.hits li { margin: 3px 0; }
.up { color: var(--up); } .down { color: var(--down); }
.note { background: var(--note); border-radius: 8px; padding: 6px 12px; margin-top: 8px;
        font-size: .9em; }
.label { font-weight: 700; }
.trust { font-size: .85em; color: var(--muted); }
.worst { background: #fdecea; border-radius: 10px; padding: 12px 18px; }
@media print { body { font-size: 14px; background: #fff; } .step { box-shadow: none; } }
"""


def h(text: object) -> str:
    """Text escaped for HTML (quotes too)."""
    return html.escape(str(text), quote=True)


def render_html(group: Group, names: Mapping[str, Text] | None = None) -> str:
    """The debrief as one self-contained HTML page: inline CSS, no scripts, no network."""
    names = principle_names() if names is None else names
    head = group.trainees[0].transcript.header
    title = group.title
    summary = group.summary()
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(title.zh)} — 小组复盘</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>{h(title.zh)} · 小组复盘</h1>",
        f'<p class="sub">{h(title.en)} — group debrief</p>' if title.en else "",
        f'<p class="meta">场景 scenario <code>{h(group.scenario)}</code> · '
        f"内容版本 content <code>{h(head.content_hash[:12])}</code> · "
        f"评分规则 rubric v{h(head.rubric_version)} · "
        f"学员 trainees: {h(', '.join(t.label for t in group.trainees))}</p>",
    ]
    for warning in group.warnings:
        parts.append(f'<p class="warn">⚠ {h(warning)}</p>')
    parts.extend(_summary_html(group, summary, names))
    parts.append("<h2>逐轮回顾 · Turn by turn</h2>")
    for number, step in enumerate(group.steps, 1):
        parts.extend(_step_html(group, number, step, names))
    parts.append("<h2>成绩单 · Scorecards</h2>")
    for trainee in group.trainees:
        parts.extend(_scorecard_html(trainee, names))
    parts.append("</main></body></html>")
    return "\n".join(p for p in parts if p) + "\n"


def _bar(value: float | None) -> str:
    width = 0 if value is None else max(0, min(100, round(value)))
    return f'<div class="bar"><span style="width:{width}%"></span></div>'


def _summary_html(group: Group, summary: Summary, names: Mapping[str, Text]) -> list[str]:
    out = ["<h2>小组总结 · Group summary</h2>", "<table><tr><th>学员 trainee</th>"]
    out.append("<th>结局 ending</th><th>得分 grade</th><th></th></tr>")
    for trainee in group.trainees:
        end = trainee.transcript.end
        grade = None if end is None else end.grade
        out.append(
            f"<tr><td>{h(trainee.label)}</td><td>{h(_ending_label(trainee))}</td>"
            f"<td>{'-' if grade is None else grade}</td><td>{_bar(grade)}</td></tr>"
        )
    out.append("</table>")
    out.append("<table><tr><th>结局分布 endings reached</th><th>人数 n</th><th>学员 who</th></tr>")
    for key, who in summary.endings.items():
        out.append(f"<tr><td>{h(key)}</td><td>{len(who)}</td><td>{h(', '.join(who))}</td></tr>")
    out.append("</table>")
    if summary.principle_means:
        out.append(
            "<table><tr><th>原则 principle</th><th>平均 mean</th><th></th><th>人数 n</th></tr>"
        )
        for pid, mean in sorted(summary.principle_means.items(), key=lambda kv: (kv[1], kv[0])):
            out.append(
                f"<tr><td>{h(_name(pid, names))}</td><td>{mean:.0f}</td><td>{_bar(mean)}</td>"
                f"<td>{summary.principle_counts[pid]}</td></tr>"
            )
        out.append("</table>")
    worst = summary.worst_node
    if worst is not None:
        line = _client_line_at(group, worst.node)
        out.append(
            f'<div class="worst"><b>信任流失最多的节点 · Where most trainees lost trust:</b> '
            f"<code>{h(worst.node)}</code> — {worst.trainees} 人 trainees, −{worst.points}"
            + (f"<br>「{h(line)}」" if line else "")
            + "</div>"
        )
    return out


def _step_html(group: Group, number: int, step: Step, names: Mapping[str, Text]) -> list[str]:
    out = [f'<section class="step"><h3>{number}. <code>{h(step.node)}</code></h3>']
    first = step.first()
    if first is not None:
        line = first.turn.client_line
        if first.turn.narration is not None:
            told = narrated(first.turn.narration.zh, "zh")
            out.append(f'<div class="narration"><em>{h(told)}</em></div>')
        who = first.turn.speaker
        name = f'<span class="who">{h(who.zh)}</span> ' if who is not None else ""
        en = f'<span class="en">{h(line.en)}</span>' if line.en else ""
        if line.zh:
            out.append(f'<div class="client">{name}「{h(line.zh)}」{en}</div>')
    out.append('<div class="answers">')
    for trainee, turns in zip(group.trainees, step.turns, strict=True):
        if not turns:
            if len(group.trainees) > 1:
                out.append(
                    f'<div class="answer absent"><span class="who">{h(trainee.label)}</span>'
                    "<br>未到达 · did not reach this point</div>"
                )
            continue
        for r in turns:
            out.append(_answer_html(trainee, r, names))
    out.append("</div></section>")
    return out


def _answer_html(trainee: Trainee, r: RecordedTurn, names: Mapping[str, Text]) -> str:
    turn = r.turn
    how = "自己的话 own words" if turn.typed is not None else f"选项 option {turn.option_id}"
    parts = [
        f'<div class="answer"><span class="who">{h(trainee.label)}</span> '
        f'<span class="meta">{h(how)}</span>',
        f'<div class="said">「{h(turn.said)}」</div>',
    ]
    if turn.feedback.zh:
        parts.append(f'<div class="feedback">{h(turn.feedback.zh)}</div>')
    if turn.hits:
        parts.append('<ul class="hits">')
        for hit in turn.hits:
            cls, mark = ("up", "✓") if hit.weight > 0 else ("down", "✗")
            evidence = (
                f" — 「{h(hit.evidence)}」" if hit.source != "option" and hit.evidence else ""
            )
            parts.append(
                f'<li class="{cls}">{mark} {h(_name(hit.principle, names))} '
                f"({hit.weight:+d}){evidence}</li>"
            )
        parts.append("</ul>")
    change = _trust_change(trainee, r)
    if change:
        parts.append(f'<div class="trust">信任 trust {h(change)}</div>')
    for note in trainee.notes_on(turn.index):
        label = LABELS[note.label]
        parts.append(
            f'<div class="note"><span class="label">批注 · {h(label.zh)} {h(label.en)}</span> '
            f"{h(note.text)}</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def _scorecard_html(trainee: Trainee, names: Mapping[str, Text]) -> list[str]:
    t = trainee.transcript
    out = [f'<section class="step"><h3>{h(trainee.label)}</h3>']
    out.append(f"<p>结局 ending: <b>{h(_ending_label(trainee))}</b>")
    if t.end is not None:
        out.append(f" · 得分 grade: <b>{t.end.grade}</b> / 100")
    out.append(f' · <span class="meta">{len(t.turns)} 回合 turns · {h(t.header.mode)}</span></p>')
    if t.end is not None and t.end.debrief is not None and t.end.debrief.zh:
        out.append(f'<p class="feedback">{h(t.end.debrief.zh)}</p>')
    scores = principle_scores(t)
    if scores:
        out.append("<table><tr><th>原则 principle</th><th>得分 score</th><th></th></tr>")
        for pid, score in scores.items():
            out.append(
                f"<tr><td>{h(_name(pid, names))}</td><td>{'-' if score is None else score}</td>"
                f"<td>{_bar(score)}</td></tr>"
            )
        out.append("</table>")
    out.append("</section>")
    return out
