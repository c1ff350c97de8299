"""The command palette's Parley commands: library, help, language, quit, open a scenario."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch

from simulator.i18n import t
from simulator.model import Lang
from simulator.tui.messages import LibraryAsked, ScenarioChosen


class ParleyCommands(Provider):
    """The main actions of Parley, in the UI language."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        # Messages up and actions by name: the palette never calls into the app's code.
        app = self.app
        lang: Lang = app.lang  # type: ignore[attr-defined]
        commands: list[tuple[str, str, Callable[[], object]]] = [
            (
                t("cmd.library", lang),
                t("cmd.library_help", lang),
                partial(app.post_message, LibraryAsked()),
            ),
            (t("cmd.help", lang), t("cmd.help_help", lang), partial(app.run_action, "help")),
            (
                t("cmd.language", lang),
                t("cmd.language_help", lang),
                partial(app.run_action, "toggle_language"),
            ),
            (t("cmd.quit", lang), t("cmd.quit_help", lang), partial(app.run_action, "quit")),
            (t("cmd.cohort", lang), t("cmd.cohort_help", lang), app.open_cohort),
        ]
        shelf = getattr(app, "shelf", None)
        if shelf is not None:
            for scenario in shelf.listing.scenarios.values():
                commands.append(
                    (
                        t("cmd.open", lang, title=scenario.title.get(lang)),
                        t("cmd.open_help", lang),
                        partial(app.post_message, ScenarioChosen(scenario.id)),
                    )
                )
        return commands

    async def discover(self) -> Hits:
        """The main actions, shown before anything is typed."""
        for name, help_text, callback in self._commands()[:4]:
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        """Every command whose name matches `query`."""
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(name, query), callback, text=name, help=help_text)


def _highlight(name: str, query: str) -> Content:
    """`name` as literal text with the matched letters underlined.

    Textual's `Matcher.highlight` parses the candidate as markup, and scenario titles are
    coach-written text, so the offsets are applied to a literal Content instead.
    """
    _score, offsets = FuzzySearch().match(query, name)
    content = Content(name)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content
