"""The scorecard: outcome and grade, areas, principles with evidence, trajectory, key
moments with the better option, Keep/Start/Stop, and where the transcript is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static

from simulator.i18n import label, t
from simulator.model import Lang
from simulator.render import said_in_lang
from simulator.safetext import safe_text
from simulator.scoring import RED_LINE_CAP, Scorecard
from simulator.tui.keys import localize
from simulator.tui.messages import LibraryAsked, ModeChosen
from simulator.tui.widgets.meter import Meter
from simulator.tui.widgets.wrapped import Wrapped

if TYPE_CHECKING:
    from simulator.engine import Session

Part = Content | str | tuple[str, str]


class ScorecardScreen(Screen[None]):
    """The end of a session, and what to learn from it."""

    CSS_PATH = "scorecard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "library", "score.library"),
        Binding("r", "again", "score.again"),
    ]

    def __init__(self, session: Session, transcript: Path | None) -> None:
        super().__init__()
        self.session = session
        """The finished session."""
        self.card: Scorecard = session.scorecard()
        """Its scorecard, computed once."""
        self.transcript = transcript
        """Where its transcript was saved."""

    @property
    def lang(self) -> Lang:
        """The UI language."""
        return self.app.lang  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        """Every part of the scorecard in one scrolling column."""
        lang = self.lang
        card = self.card
        yield Static(Wrapped(self._headline()), id="headline")
        with VerticalScroll(id="sheet"):
            debrief = self._debrief()
            if debrief is not None:
                yield Static(Wrapped(debrief), id="debrief", classes="box")
            with Horizontal(id="kss"):
                for key in ("keep", "start", "stop"):
                    box = Static(Wrapped(self._advice(key)), id=key, classes="kss")
                    box.border_title = Content(t(f"score.{key}", lang))
                    yield box
            areas = Vertical(id="areas", classes="box")
            areas.border_title = Content(t("score.areas", lang))
            with areas:
                width = max((cell_len(a.name.get(lang)) for a in card.areas.values()), default=0)
                for area in card.areas.values():
                    yield Meter(area.name.get(lang), area.score, label_width=width, bar_width=20)
            trajectory = Vertical(id="trajectory", classes="box")
            trajectory.border_title = Content(t("score.trajectory", lang))
            with trajectory:
                yield Static(Content(t("play.trust", lang)), classes="spark-label")
                yield Sparkline([float(p[0]) for p in card.trajectory], id="trust-spark")
                yield Static(Content(t("play.patience", lang)), classes="spark-label")
                yield Sparkline([float(p[1]) for p in card.trajectory], id="patience-spark")
                yield Static(self._trajectory_numbers(), classes="spark-numbers")
            moments = Static(Wrapped(self._moments()), id="moments", classes="box")
            moments.border_title = Content(t("score.moments", lang))
            yield moments
            principles = Static(Wrapped(self._principles()), id="principles", classes="box")
            principles.border_title = Content(t("score.principles", lang))
            yield principles
            yield Static(Wrapped(self._transcript_line()), id="transcript")
        yield Footer()

    def on_mount(self) -> None:
        """Label the keys."""
        localize(self, self.lang)

    async def relabel(self) -> None:
        """Redraw in the app's new language."""
        await self.recompose()
        localize(self, self.lang)

    # -- parts ---------------------------------------------------------------------------------

    def _headline(self) -> Content:
        lang, card, session = self.lang, self.card, self.session
        ending = session.ending
        parts: list[Part] = [
            (f"{t('score.grade', lang)} {card.grade}", "bold"),
            " / 100  ·  ",
            (t(f"outcome.{card.outcome}", lang), "bold"),
        ]
        if ending is not None:
            parts += ["：" if lang == "zh" else ": ", safe_text(ending.title.get(lang))]
        parts += ["  ·  ", t("score.turns", lang, n=card.turns)]
        parts += ["\n", (safe_text(session.scenario.title.get(lang)), "dim")]
        return Content.assemble(*parts)

    def _debrief(self) -> Content | None:
        lang, ending = self.lang, self.session.ending
        parts: list[Part] = []
        if ending is not None:
            if ending.client is not None and ending.client.get(lang):
                parts += [
                    (
                        (self.session.speaker() or self.session.persona.name).get(lang)
                        + ("：" if lang == "zh" else ": "),
                        "bold",
                    ),
                    safe_text(ending.client.get(lang)),
                    "\n",
                ]
            parts.append(safe_text(self.session.debrief().get(lang)))
        if self.card.red_line:
            parts += ["\n" if parts else "", (t("score.red_line", lang, cap=RED_LINE_CAP), "bold")]
        return Content.assemble(*parts) if parts else None

    def _advice(self, kind: str) -> Content:
        """One bullet per behaviour to keep, start or stop, with the turn it is drawn from."""
        lines = [a.line(self.lang) for a in self.card.advice if a.kind == kind]
        if not lines:
            return Content(t("score.none", self.lang))
        return Content("\n").join(Content("•" + line) for line in lines)

    def _trajectory_numbers(self) -> Content:
        points = self.card.trajectory
        trust = " → ".join(str(p[0]) for p in points)
        patience = " → ".join(str(p[1]) for p in points)
        lang = self.lang
        return Content.assemble(
            (label("play.trust", lang), "dim"),
            trust,
            "\n",
            (label("play.patience", lang), "dim"),
            patience,
        )

    def _in_lang(self, said: str) -> str:
        """`said` in the UI language when it is a picked option's (recorded Chinese) text."""
        return safe_text(said_in_lang(self.session.scenario, said, self.lang))

    def _moments(self) -> Content:
        lang, card = self.lang, self.card
        parts: list[Part] = []
        for title, moments in (
            (t("score.best", lang), card.best_moments),
            (t("score.worst", lang), card.worst_moments),
        ):
            if not moments:
                continue
            if parts:
                parts.append("\n\n")
            parts.append((title, "bold"))
            for moment in moments:
                said = self._in_lang(moment.said).strip()
                parts += ["\n", (t("score.turn_n", lang, n=moment.turn + 1) + " · ", "dim")]
                if said:
                    parts += [(label("score.you_said", lang), "dim"), "「", said, "」"]
                else:  # never "第 1 轮 ·" with nothing after it
                    parts.append((t("score.silent", lang), "dim"))
                if moment.better_text is not None:
                    parts += [
                        "\n  ",
                        (
                            label(
                                "score.better_said" if moment.same_move else "score.better", lang
                            ),
                            "bold $text-success",
                        ),
                        safe_text(moment.better_text.get(lang)),
                    ]
                    if moment.better_feedback is not None and moment.better_feedback.get(lang):
                        parts += ["\n  ", (safe_text(moment.better_feedback.get(lang)), "italic")]
        return Content.assemble(*parts) if parts else Content(t("score.none", lang))

    def _principles(self) -> Content:
        lang, card = self.lang, self.card
        if not card.principles:
            return Content(t("score.untouched", lang))
        rows: list[Content] = []
        width = max(cell_len(p.name.get(lang)) for p in card.principles.values())
        for score in card.principles.values():
            name = score.name.get(lang)
            mark = ("✓", "$text-success") if score.points_against == 0 else ("✗", "$text-error")
            pad = " " * (width - cell_len(name))
            rows.append(
                Content.assemble(
                    mark,
                    " ",
                    (name, "bold"),
                    pad,
                    f"  +{score.points_for} −{score.points_against}",
                )
            )
            quoted: set[str] = set()
            for hit in score.evidence:
                if hit.evidence in quoted:
                    continue
                quoted.add(hit.evidence)
                # No indent: Textual wraps only at spaces, so a space before a long Chinese
                # quote would push the whole quote below an empty line.
                sign = "＋" if hit.weight > 0 else "－"
                rows.append(
                    Content.assemble((sign, "dim"), "「", self._in_lang(hit.evidence), "」")
                )
        return Content("\n").join(rows)

    def _transcript_line(self) -> Content:
        lang = self.lang
        if self.transcript is None:
            return Content(t("score.no_transcript", lang))
        return Content.assemble((label("score.transcript", lang), "dim"), str(self.transcript))

    # -- actions -------------------------------------------------------------------------------

    def action_library(self) -> None:
        """Back to the library."""
        self.post_message(LibraryAsked())

    def action_again(self) -> None:
        """Play the same scenario again in the same mode."""
        self.post_message(ModeChosen(self.session.scenario.id, self.session.mode))
