"""The client's profile: who they are, what they want and fear, how they talk."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from simulator.i18n import label, t
from simulator.model import Lang, Persona
from simulator.safetext import safe_text


def persona_content(persona: Persona, lang: Lang) -> Content:
    """The persona as labelled lines; every value is the coach's text, shown literally."""
    head = safe_text(persona.name.get(lang))
    if persona.age:
        head += " · " + t("briefing.age", lang, age=persona.age)
    parts: list[Content | str | tuple[str, str]] = [
        (head, "bold"),
        "\n",
        (safe_text(persona.role.get(lang)), "italic"),
    ]
    fields = [
        ("briefing.business", persona.business),
        ("briefing.background", persona.background),
        ("briefing.history", persona.history),
        ("briefing.wants", persona.wants),
        ("briefing.fears", persona.fears),
        ("briefing.style", persona.speaking_style),
    ]
    for key, text in fields:
        value = safe_text(text.get(lang))
        if value:
            parts += ["\n", (label(key, lang), "bold"), value]
    return Content.assemble(*parts)


class PersonaCard(Static):
    """A bordered card with the persona's profile."""

    def __init__(self, persona: Persona, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(persona_content(persona, lang), id=id)
        self.border_title = Content(t("briefing.persona", lang))
