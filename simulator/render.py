"""Plain-text renderings of turn feedback and scorecards, shared by the line-mode faces.

These return lines; they never print. The TUI draws its own widgets from the same data.
"""

from __future__ import annotations

import re
import unicodedata

from simulator.i18n import label, t
from simulator.model import Catalog, Lang, Scenario, Text
from simulator.scoring import PrincipleHit, Scorecard, TurnResult

_BLOCKS = "▁▂▃▄▅▆▇█"
#: An option's number as people type it: "3", "３", "3.", "3、", "(3)", "（3）", "3)".
_NUMBER = re.compile(r"\(?(-?\d{1,3})[.、)]?")  # "-1" names no option: it is said so


def option_number(text: str) -> int | None:
    """The number `text` names as an option, whether or not such an option exists; None when it
    is words."""
    match = _NUMBER.fullmatch(unicodedata.normalize("NFKC", text).strip())
    return int(match.group(1)) if match is not None else None


def narrated(text: str, lang: Lang) -> str:
    """Narration as a reader sees it: in brackets, told by no one (no name, no mood)."""
    text = text.strip()
    if not text or text[0] in "（(":
        return text
    return f"（{text}）" if lang == "zh" else f"({text})"


def sparkline(values: list[int], low: int = 0, high: int = 100) -> str:
    """A one-line chart of `values` between `low` and `high`."""
    span = max(1, high - low)
    return "".join(
        _BLOCKS[min(len(_BLOCKS) - 1, max(0, (v - low) * len(_BLOCKS) // (span + 1)))]
        for v in values
    )


def bar(score: int | None, width: int = 20) -> str:
    """A horizontal bar for a 0–100 score (dots when the score is unknown)."""
    if score is None:
        return "·" * width
    filled = round(width * score / 100)
    return "█" * filled + "░" * (width - filled)


def said_in_lang(scenario: Scenario, said: str, lang: Lang) -> str:
    """`said` in `lang` when it is a picked option's text (recorded in Chinese); else as is."""
    if lang == "zh":
        return said
    for node in scenario.nodes.values():
        for option in node.options:
            if option.text.zh == said:
                return option.text.get(lang)
    return said


def turn_said(turn: TurnResult, lang: Lang) -> str:
    """What the trainee said on `turn`: their own words, or the picked option in `lang`."""
    return turn.typed if turn.typed is not None else turn.option_text.get(lang)


def hit_line(hit: PrincipleHit, catalog: Catalog, lang: Lang, *, typed: bool = False) -> str:
    """One principle hit: mark, name, weight, the evidence quoted, and why. On a typed turn
    (`typed`) an option's tag the words kept quotes the words too: its evidence is them."""
    principle = catalog.principles.get(hit.principle)
    name = principle.name.get(lang) if principle else hit.principle
    mark = "✓" if hit.weight > 0 else "✗"
    explanation = hit.explanation.get(lang)
    quoted = hit.source == "detector" or (typed and hit.source == "option" and hit.evidence)
    quote = f"「{hit.evidence}」" if quoted else ""
    said = t("render.you_said", lang, quote=quote) if quote else ""
    return f"  {mark} {name} {hit.weight:+d} {said}{explanation}".rstrip()


def coach_key(turn: TurnResult) -> str:
    """The i18n key of the coach's heading: typed words matched to an option get the option's
    comment, which may speak of things the words did not say, and the heading says so."""
    if turn.typed is not None and not turn.feedback.zh.startswith("你说「"):
        return "render.coach_closest"
    return "render.coach"


def render_turn_feedback(turn: TurnResult, catalog: Catalog, lang: Lang) -> list[str]:
    """The lines shown after a turn: the principle hits and the coach's feedback."""
    lines = [t("render.turn", lang, number=turn.index + 1, said=turn_said(turn, lang))]
    # (round twenty-eight's cold tryout: "✗ 不超越权限 -3 违反「不超越权限」" quoted nothing)
    lines += [hit_line(hit, catalog, lang, typed=turn.typed is not None) for hit in turn.hits]
    feedback = turn.feedback.get(lang)
    if feedback:
        lines.append(f"  {label(coach_key(turn), lang)}{feedback}")
    if turn.red_line:
        lines.append(f"  {t('render.red_line', lang)}")
    return lines


def render_scorecard(
    card: Scorecard, scenario: Scenario, catalog: Catalog, lang: Lang, debrief: Text | None = None
) -> list[str]:
    """The scorecard as lines of text (`debrief`: the session's own, else the ending's)."""
    ending = scenario.endings.get(card.ending_id or "")
    lines = ["══ " + t("render.scorecard", lang) + " ══"]
    outcome = t(f"outcome.{card.outcome}", lang)
    title = f" — {ending.title.get(lang)}" if ending else ""
    lines.append(f"{label('render.outcome', lang)}{outcome}{title}")
    lines.append(f"{label('render.grade', lang)}{card.grade}/100")
    if card.red_line:
        lines.append(t("render.red_line", lang))
    if ending is not None:
        text = (debrief or ending.debrief).get(lang)
        lines.append(label("render.debrief", lang) + "\n  ".join(text.splitlines()))
    lines.append(label("render.areas", lang).rstrip())
    for area in card.areas.values():
        score = "—" if area.score is None else f"{area.score:3d}"
        lines.append(f"  {bar(area.score)} {score}  {area.name.get(lang)}")
    lines.append(label("render.principles", lang).rstrip())
    for ps in card.principles.values():
        lines.append(f"  {ps.name.get(lang)}: +{ps.points_for} / -{ps.points_against}")
        # Every quote once, kept or broken, as in the TUI: the words a detector read and the
        # words a move's tags were counted on (typed, or the option picked).
        quoted: set[str] = set()
        for hit in ps.evidence:
            if not hit.evidence or hit.evidence in quoted:
                continue
            quoted.add(hit.evidence)
            sign = "＋" if hit.weight > 0 else "－"
            lines.append(f"      {sign}「{said_in_lang(scenario, hit.evidence, lang)}」")
    if card.session_hits:
        # The order of the moves, judged over the whole talk: under a heading of its own, not
        # loose under the last principle listed.
        lines.append(label("render.session_hits", lang).rstrip())
        for hit in card.session_hits:
            lines.append(hit_line(hit, catalog, lang))
    if card.worst_moments:
        lines.append(label("render.key_moments", lang).rstrip())
        for m in card.worst_moments:
            said = said_in_lang(scenario, m.said, lang).strip() or t("score.silent", lang)
            lines.append(t("render.moment", lang, number=m.turn + 1, said=said))
            if m.better_text is not None:
                key = "render.better_said" if m.same_move else "render.better"
                lines.append("    " + t(key, lang, text=m.better_text.get(lang)))
    if card.best_moments:
        lines.append(label("render.best_moments", lang).rstrip())
        for m in card.best_moments:
            said = said_in_lang(scenario, m.said, lang).strip() or t("score.silent", lang)
            lines.append(t("render.moment", lang, number=m.turn + 1, said=said))
    lines += advice_lines(card, lang)
    return lines


def advice_lines(card: Scorecard, lang: Lang) -> list[str]:
    """Keep, Start, Stop: one line per behaviour ("停止：对结果打包票（第 3 轮）"), "—" if none."""
    lines = []
    for kind in ("keep", "start", "stop"):
        name = label(f"render.{kind}", lang)
        items = [a for a in card.advice if a.kind == kind]
        lines += [f"{name}{a.line(lang)}" for a in items] or [f"{name}—"]
    return lines
