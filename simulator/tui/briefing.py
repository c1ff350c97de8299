"""The briefing: the situation, the objective, the client and the rubric; pick a mode."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from simulator.i18n import t
from simulator.model import Catalog, Lang, Persona, Scenario
from simulator.safetext import safe_text
from simulator.tui.keys import localize
from simulator.tui.messages import ModeChosen
from simulator.tui.widgets.persona_card import PersonaCard
from simulator.tui.widgets.wrapped import Wrapped


def rubric_content(scenario: Scenario, catalog: Catalog, lang: Lang) -> Content:
    """The principles in focus, each with what good looks like."""
    parts: list[Content | str | tuple[str, str]] = []
    for pid in scenario.principles_in_focus:
        principle = catalog.principles.get(pid)
        if parts:
            parts.append("\n")
        if principle is None:
            parts.append(("•" + pid, "bold"))
            continue
        parts.append(("•" + principle.name.get(lang), "bold"))
        example = scenario.looks_like_for(principle)  # this family's line, never another's
        looks_like = example.get(lang) or principle.description.get(lang)
        if looks_like:
            parts += ["\n  ", looks_like]
    return Content.assemble(*parts)


class BriefingScreen(Screen[None]):
    """What the trainee reads before the conversation starts."""

    CSS_PATH = "briefing.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "start('practice')", "mode.practice"),
        Binding("a", "start('assessment')", "mode.assessment"),
        Binding("escape", "back", "app.back"),
    ]

    def __init__(
        self, scenario: Scenario, persona: Persona, catalog: Catalog, *, mode: str = "practice"
    ) -> None:
        super().__init__()
        self.mode = "assessment" if mode == "assessment" else "practice"
        """The mode offered first: its button has the focus, so Enter starts it."""
        self.scenario = scenario
        """The scenario being briefed."""
        self.persona = persona
        """Its client."""
        self.catalog = catalog
        """The principle catalog, for the rubric."""

    @property
    def lang(self) -> Lang:
        """The UI language."""
        return self.app.lang  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        """Title, situation and objective, persona card and rubric, the mode buttons."""
        lang = self.lang
        scenario = self.scenario
        yield Static(
            Wrapped(t("briefing.title", lang) + " · " + safe_text(scenario.title.get(lang))),
            id="title",
        )
        with VerticalScroll(id="sheet"):
            situation = Static(
                Wrapped(safe_text(scenario.briefing.get(lang))), id="situation", classes="box"
            )
            situation.border_title = Content(t("briefing.situation", lang))
            yield situation
            objective = Static(
                Wrapped(safe_text(scenario.objective.get(lang))), id="objective", classes="box"
            )
            objective.border_title = Content(t("briefing.objective", lang))
            yield objective
            with Horizontal(id="cards"):
                yield PersonaCard(self.persona, lang, id="persona")
                rubric = Static(Wrapped(rubric_content(scenario, self.catalog, lang)), id="rubric")
                rubric.border_title = Content(t("briefing.rubric", lang))
                yield rubric
        yield Static(Wrapped(t("briefing.choose", lang)), id="choose")
        with Horizontal(id="modes"):
            first = self.mode
            yield Button(
                Content(t("briefing.practice", lang)),
                id="practice",
                variant="primary" if first == "practice" else "default",
            )
            yield Button(
                Content(t("briefing.assessment", lang)),
                id="assessment",
                variant="primary" if first == "assessment" else "default",
            )
        yield Footer()

    def on_mount(self) -> None:
        """Label the keys and put the focus on the mode offered first."""
        localize(self, self.lang)
        self.query_one(f"#{self.mode}", Button).focus()

    async def relabel(self) -> None:
        """Redraw in the app's new language."""
        await self.recompose()
        localize(self, self.lang)
        self.query_one(f"#{self.mode}", Button).focus()

    @on(Button.Pressed, "#practice")
    def _practice(self) -> None:
        self.action_start("practice")

    @on(Button.Pressed, "#assessment")
    def _assessment(self) -> None:
        self.action_start("assessment")

    def action_start(self, mode: str) -> None:
        """Start the conversation in `mode`."""
        chosen = "assessment" if mode == "assessment" else "practice"
        self.post_message(ModeChosen(self.scenario.id, chosen))

    def action_back(self) -> None:
        """Back to the library."""
        self.app.pop_screen()
