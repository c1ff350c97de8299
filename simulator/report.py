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
from simulator.safetext import safe_line, safe_text
from simulator.scoring import PrincipleHit, TurnResult
from simulator.transcript import RecordedTurn

MODE_NAMES: dict[str, Text] = {
    "practice": Text("练习", "practice"),
    "assessment": Text("考核", "assessment"),
}

OUTCOME_NAMES: dict[str, Text] = {
    "success": Text("成功", "success"),
    "partial": Text("部分达成", "partial"),
    "fail": Text("失败", "fail"),
    "abandoned": Text("未完成", "unfinished"),
}


@lru_cache(maxsize=1)
def _catalog_names() -> tuple[Mapping[str, Text], Mapping[str, Text]]:
    try:
        from simulator.library import bundled_catalog_path
        from simulator.loader import load_catalog

        catalog, _ = load_catalog(bundled_catalog_path())
    except Exception:  # a report without names beats no report
        return {}, {}
    if catalog is None:
        return {}, {}
    return (
        {pid: p.name for pid, p in catalog.principles.items()},
        {aid: a.name for aid, a in catalog.areas.items()},
    )


def principle_names() -> Mapping[str, Text]:
    """Principle id -> name from the bundled catalog ({} when it cannot be read)."""
    return _catalog_names()[0]


def area_names() -> Mapping[str, Text]:
    """Competency area id -> name from the bundled catalog ({} when it cannot be read)."""
    return _catalog_names()[1]


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

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~&])")


def md(text: str) -> str:
    """Text made inert in Markdown: controls shown, specials escaped (`&` too, or `&lt;` would
    become `<`), newlines kept as line breaks."""
    return _MD_SPECIAL.sub(r"\\\1", safe_text(text)).replace("\n", "  \n")


def md_cell(text: str) -> str:
    """`md` for a table cell, where a line break would end the row."""
    return _MD_SPECIAL.sub(r"\\\1", safe_line(text))


def _hit_md(hit: PrincipleHit, names: Mapping[str, Text]) -> str:
    mark = "✓" if hit.weight > 0 else "✗"
    evidence = f" — 「{md(hit.evidence)}」" if hit.source != "option" and hit.evidence else ""
    return f"{mark} {md(_name(hit.principle, names))} ({hit.weight:+d}){evidence}"


def _how(turn_typed: str | None) -> tuple[str, str]:
    # Picked or typed, in words: an option's internal id means nothing to the room.
    return ("自己的话", "own words") if turn_typed is not None else ("选项", "picked option")


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
    persona = head.persona_name
    out.append(
        f"- 客户 / client: {md(persona.zh)}" + (f" ({md(persona.en)})" if persona.en else "")
    )
    out.append(f"- 学员 / trainees: {', '.join(md_cell(t.label) for t in group.trainees)}")
    for warning in group.warnings:
        out.append(f"- ⚠ {md(warning)}")
    for path, why in group.skipped:
        out.append(f"- ⚠ 未纳入 / left out: {md(path)} — {md(why)}")
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
    out.append("---")
    out.append("")
    out.append(
        f"<sub>记录信息 / for the record: 场景 / scenario {md(group.scenario)} · "
        f"内容版本 / content hash {md(head.content_hash)} · 评分规则 / rubric "
        f"v{head.rubric_version}</sub>"
    )
    return "\n".join(out).rstrip() + "\n"


def _summary_md(group: Group, summary: Summary, names: Mapping[str, Text]) -> list[str]:
    out = ["## 小组总结 / Group summary", ""]
    out.append("| 学员 / trainee | 结局 / ending | 得分 / grade |")
    out.append("| --- | --- | --- |")
    for trainee in group.trainees:
        t = trainee.transcript
        ending = _ending_label(trainee)
        grade = "-" if t.end is None else str(t.end.grade)
        out.append(f"| {md_cell(trainee.label)} | {md_cell(ending)} | {grade} |")
    mean = summary.grade_mean
    if mean is not None:
        out.append(f"| **平均 / mean** | | **{mean:.0f}** |")
    out.append("")
    out.append("**结局分布 / Endings reached**")
    out.append("")
    for reached in summary.endings:
        who = ", ".join(md(w) for w in reached.trainees)
        out.append(
            f"- {md(ending_name(reached.title, reached.outcome))}: {len(reached.trainees)} — {who}"
        )
    out.append("")
    if summary.principle_means:
        out.append("| 原则 / principle | 平均 / mean | 人数 / n |")
        out.append("| --- | --- | --- |")
        for pid, mean in sorted(summary.principle_means.items(), key=lambda kv: (kv[1], kv[0])):
            count = summary.principle_counts[pid]
            out.append(f"| {md_cell(_name(pid, names))} | {mean:.0f} | {count} |")
        out.append("")
    if summary.trust_losses:
        out.append("**信任流失最多的地方 / Where trust was lost most**")
        out.append("")
        out.append(
            "| 步 / step | 客户说 / the client said | 共失 / lost in all "
            "| 人均 / mean | 失分人数 / who lost |"
        )
        out.append("| --- | --- | --- | --- | --- |")
        for loss in summary.trust_losses[:TRUST_LOSSES_SHOWN]:
            number, line = _step_at(group, loss.node)
            out.append(
                f"| {number} | {md_cell(line)} | −{loss.points} | −{loss.mean:.1f} | "
                f"{loss.trainees}/{loss.reached} |"
            )
        out.append("")
    return out


#: How many of the nodes where trust was lost the summaries list.
TRUST_LOSSES_SHOWN = 3


def _step_at(group: Group, node: str) -> tuple[int, str]:
    """The step number of `node` and the client's line there (Chinese)."""
    for number, step in enumerate(group.steps, 1):
        if step.node == node:
            first = step.first()
            return number, first.turn.client_line.zh if first is not None else ""
    return 0, ""


def ending_name(title: Text, outcome: str) -> str:
    """An ending as people read it: its title and the outcome, both languages."""
    named = OUTCOME_NAMES.get(outcome, Text(outcome, outcome))
    if outcome == "abandoned":
        return f"{named.zh} / {named.en}"
    en = f" ({title.en})" if title.en and title.en != title.zh else ""
    return f"{title.zh}{en} · {named.zh} / {named.en}"


def _ending_label(trainee: Trainee) -> str:
    end = trainee.transcript.end
    if end is None:
        return "未完成 / unfinished"
    title = end.ending_title or Text(end.ending or "", end.ending or "")
    return ending_name(title, end.outcome)


def _step_md(group: Group, number: int, step: Step, names: Mapping[str, Text]) -> list[str]:
    out = [f"### 第 {number} 步 / Step {number}", ""]
    common = step.common_line()
    if common is not None:
        out.extend(_client_md(common.turn))
    for trainee, turns in zip(group.trainees, step.turns, strict=True):
        if not turns:
            if len(group.trainees) > 1:
                out.append(f"- **{md(trainee.label)}**: 未到达 / did not reach this point")
            continue
        for r in turns:
            turn = r.turn
            zh, en = _how(turn.typed)
            before, after = trainee.unheard(turn.index)
            out += [f"- **{md(trainee.label)}**: 「{md(said)}」 ({UNHEARD_MD})" for said in before]
            out.append(f"- **{md(trainee.label)}**: 「{md(turn.said)}」 ({zh} / {en})")
            if common is None:
                heard = turn.client_line
                out.append(f"  - 客户对 TA 说 / the client said to them: 「{md(heard.zh)}」")
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
            out += [f"- **{md(trainee.label)}**: 「{md(said)}」 ({UNHEARD_MD})" for said in after]
    out.append("")
    return out


#: How an answer the client did not understand is marked: it took no turn.
UNHEARD_MD = "没对上任何一步，未算一轮 / answered no move; no turn"


def _client_md(turn: TurnResult) -> list[str]:
    """What the trainee heard at a step: narration as narration, then who spoke and what."""
    out: list[str] = []
    if turn.narration is not None:
        # Narration is told by no one: no "client", no mood.
        out.append(f"> *{md(narrated(turn.narration.zh, 'zh'))}*")
        if turn.narration.en:
            out.append(f"> *{md(narrated(turn.narration.en, 'en'))}*")
        out.append(">")
    line = turn.client_line
    if line.zh:
        who = (
            f"**{md(turn.speaker.zh)} / {md(turn.speaker.en or turn.speaker.zh)}**"
            if turn.speaker is not None
            else "**客户 / client**"
        )
        out.append(f"> {who}: {md(line.zh)}")
        if line.en and line.en != line.zh:
            out.append(">")
            out.append(f"> *{md(line.en)}*")
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
    mode = MODE_NAMES.get(t.header.mode, Text(t.header.mode, t.header.mode))
    out.append(f"- 轮数 / turns: {len(t.turns)} · 模式 / mode: {mode.zh} / {mode.en}")
    scores = principle_scores(t)
    if scores:
        out.append("")
        out.append("| 原则 / principle | 得分 / score |")
        out.append("| --- | --- |")
        for pid, score in scores.items():
            out.append(f"| {md_cell(_name(pid, names))} | {'-' if score is None else score} |")
    card = t.end.scorecard if t.end else None
    areas = card.get("areas") if card else None
    if isinstance(areas, dict) and areas:
        out.append("")
        out.append("| 能力领域 / area | 得分 / score |")
        out.append("| --- | --- |")
        area_label = area_names()
        for aid, area in areas.items():
            score = area.get("score") if isinstance(area, dict) else None
            out.append(f"| {md_cell(_name(aid, area_label))} | {'-' if score is None else score} |")
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
/* A long unbroken token (a pasted URL, a row of digits) wraps inside its card. */
td, .answer, .client, .said, .note, .feedback, .meta, .warn, h1, h3 { overflow-wrap: anywhere;
        word-break: break-word; min-width: 0; }
.client.heard { font-size: .9em; margin: 8px 0; }
tr.mean td { font-weight: 700; border-top: 2px solid var(--line); }
footer { margin-top: 48px; }
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
.answer.unheard { border-style: dashed; }
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
    """Text escaped for HTML (quotes too), control characters shown."""
    return html.escape(safe_text(str(text)), quote=True)


def render_html(group: Group, names: Mapping[str, Text] | None = None) -> str:
    """The debrief as one self-contained HTML page: inline CSS, no scripts, no network."""
    names = principle_names() if names is None else names
    head = group.trainees[0].transcript.header
    title = group.title
    summary = group.summary()
    persona = head.persona_name
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(title.zh)} — 小组复盘</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>{h(title.zh)} · 小组复盘</h1>",
        f'<p class="sub">{h(title.en)} — group debrief</p>' if title.en else "",
        f'<p class="meta">客户 client: {h(persona.zh)}'
        + (f" ({h(persona.en)})" if persona.en and persona.en != persona.zh else "")
        + f" · 学员 trainees: {h(', '.join(t.label for t in group.trainees))}</p>",
    ]
    for warning in group.warnings:
        parts.append(f'<p class="warn">⚠ {h(warning)}</p>')
    for path, why in group.skipped:
        parts.append(f'<p class="warn">⚠ 未纳入 left out: {h(path)} — {h(why)}</p>')
    parts.extend(_summary_html(group, summary, names))
    parts.append("<h2>逐轮回顾 · Turn by turn</h2>")
    for number, step in enumerate(group.steps, 1):
        parts.extend(_step_html(group, number, step, names))
    parts.append("<h2>成绩单 · Scorecards</h2>")
    for trainee in group.trainees:
        parts.extend(_scorecard_html(trainee, names))
    parts.append(
        f'<footer class="meta">记录信息 for the record: 场景 scenario {h(group.scenario)} · '
        f"内容版本 content {h(head.content_hash[:12])} · 评分规则 rubric "
        f"v{h(head.rubric_version)}</footer>"
    )
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
    mean = summary.grade_mean
    if mean is not None:
        out.append(
            f'<tr class="mean"><td>平均 mean</td><td></td><td>{mean:.0f}</td>'
            f"<td>{_bar(mean)}</td></tr>"
        )
    out.append("</table>")
    out.append("<table><tr><th>结局分布 endings reached</th><th>人数 n</th><th>学员 who</th></tr>")
    for reached in summary.endings:
        out.append(
            f"<tr><td>{h(ending_name(reached.title, reached.outcome))}</td>"
            f"<td>{len(reached.trainees)}</td><td>{h(', '.join(reached.trainees))}</td></tr>"
        )
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
    if summary.trust_losses:
        out.append(
            '<div class="worst"><b>信任流失最多的地方 · Where trust was lost most</b><table>'
            "<tr><th>步 step</th><th>客户说 the client said</th><th>共失 lost in all</th>"
            "<th>人均 mean</th><th>失分人数 who lost</th></tr>"
        )
        for loss in summary.trust_losses[:TRUST_LOSSES_SHOWN]:
            number, line = _step_at(group, loss.node)
            out.append(
                f"<tr><td>{number}</td><td>「{h(line)}」</td><td>−{loss.points}</td>"
                f"<td>−{loss.mean:.1f}</td><td>{loss.trainees}/{loss.reached}</td></tr>"
            )
        out.append("</table></div>")
    return out


def _step_html(group: Group, number: int, step: Step, names: Mapping[str, Text]) -> list[str]:
    out = [f'<section class="step"><h3>第 {number} 步 · Step {number}</h3>']
    common = step.common_line()
    if common is not None:
        out.append(_client_html(common.turn))
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
            before, after = trainee.unheard(r.turn.index)
            out += [_unheard_html(trainee, said) for said in before]
            out.append(_answer_html(trainee, r, names, heard=common is None))
            out += [_unheard_html(trainee, said) for said in after]
    out.append("</div></section>")
    return out


def _client_html(turn: TurnResult, css: str = "client") -> str:
    """The line a trainee heard, with its narration and its speaker when not the client."""
    out: list[str] = []
    if turn.narration is not None:
        told = narrated(turn.narration.zh, "zh")
        out.append(f'<div class="narration"><em>{h(told)}</em></div>')
    line = turn.client_line
    if line.zh:
        who = turn.speaker
        name = f'<span class="who">{h(who.zh)}</span> ' if who is not None else ""
        en = f'<span class="en">{h(line.en)}</span>' if line.en and line.en != line.zh else ""
        out.append(f'<div class="{css}">{name}「{h(line.zh)}」{en}</div>')
    return "".join(out)


def _unheard_html(trainee: Trainee, said: str) -> str:
    """An answer the client did not understand: it took no turn, but the coach sees it."""
    return (
        f'<div class="answer unheard"><span class="who">{h(trainee.label)}</span> '
        f'<span class="meta">没对上任何一步，未算一轮 · answered no move; no turn</span>'
        f'<div class="said">「{h(said)}」</div></div>'
    )


def _answer_html(
    trainee: Trainee, r: RecordedTurn, names: Mapping[str, Text], *, heard: bool = False
) -> str:
    turn = r.turn
    zh, en = _how(turn.typed)
    parts = [
        f'<div class="answer"><span class="who">{h(trainee.label)}</span> '
        f'<span class="meta">{zh} {en}</span>',
    ]
    if heard:
        parts.append(_client_html(turn, "client heard"))
    parts.append(f'<div class="said">「{h(turn.said)}」</div>')
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
    mode = MODE_NAMES.get(t.header.mode, Text(t.header.mode, t.header.mode))
    out.append(
        f' · <span class="meta">{len(t.turns)} 轮 turns · {h(mode.zh)} {h(mode.en)}</span></p>'
    )
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
