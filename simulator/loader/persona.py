"""Persona files: the client a scenario's trainee talks to."""

from __future__ import annotations

from pathlib import Path

from simulator.diagnostics import Diagnostic
from simulator.loader.fields import EMPTY_TEXT, FieldReader, has_errors, kind_of
from simulator.model import (
    HotButton,
    Location,
    Persona,
)
from simulator.yamlsource import Document, YMap, read_document

_PERSONA_REQUIRED = (
    "id",
    "name",
    "role",
    "background",
    "wants",
    "fears",
    "speaking_style",
    "traits",
)
_PERSONA_OPTIONAL = ("age", "business", "history", "hot_buttons", "back_to_business")


def persona_from_document(doc: Document) -> tuple[Persona | None, list[Diagnostic]]:
    """A best-effort Persona from a parsed file, and every problem found in it."""
    r = FieldReader(doc.path)
    r.diagnostics.extend(doc.diagnostics)
    top = doc.data
    if top is None:
        return None, r.diagnostics
    r.keys(top, "the persona", _PERSONA_REQUIRED, _PERSONA_OPTIONAL)
    ident = r.ident(top, "id", "the persona") or ""
    texts = {
        key: r.text(top, key, "the persona") or EMPTY_TEXT
        for key in (
            "name",
            "role",
            "background",
            "wants",
            "fears",
            "speaking_style",
            "business",
            "history",
        )
    }
    traits = r.mapping(top, "traits", "the persona")
    values = {"trust": 50, "patience": 50}
    if traits is not None:
        r.keys(traits, "traits", ("trust", "patience"))
        for key in values:
            got = r.integer(traits, key, "traits")
            if got is None:
                continue
            if not 0 <= got <= 100:
                r.report(
                    "PAR032",
                    f"trait '{key}' is {got}, outside 0–100 / 特质超出 0–100",
                    traits.value_loc(key),
                    "use a value from 0 (none) to 100 (full)",
                )
            values[key] = got
    age = r.integer(top, "age", "the persona")
    if age is not None and not 0 < age < 130:
        r.report("PAR025", f"age {age} is not a plausible age / 年龄无效", top.value_loc("age"))
    seen: dict[str, Location] = {}

    def hot_button(m: YMap, loc: Location, index: int) -> HotButton | None:
        where = f"hot button {index + 1}"
        r.keys(m, where, ("id", "principle", "polarity", "effects", "reaction"))
        hid = r.ident(m, "id", where)
        if hid is not None:
            r.unique(seen, hid, m.value_loc("id"), "hot button")
        principle = r.string(m, "principle", where)
        polarity = r.choice(m, "polarity", where, ("upholds", "violates"))
        effects: dict[str, int] = {}
        raw = r.mapping(m, "effects", where)
        for key, delta in (raw or {}).items():
            assert raw is not None
            if not isinstance(delta, int) or isinstance(delta, bool):
                r.report(
                    "PAR021",
                    f"effect on '{key}' in {where} must be a whole number, not {kind_of(delta)}",
                    raw.value_loc(key),
                )
            else:
                effects[str(key)] = delta
        reactions = r.text_list(m, "reaction", where)
        if hid is None or principle is None or polarity is None:
            return None
        return HotButton(
            hid,
            principle,
            polarity,  # type: ignore[arg-type]
            effects,
            reactions[0] if reactions else EMPTY_TEXT,
            loc,
            reactions if len(reactions) > 1 else (),
        )

    buttons = r.each(r.listing(top, "hot_buttons", "the persona"), hot_button, "hot_buttons")
    steer = r.text_list(top, "back_to_business", "the persona")
    persona = Persona(
        id=ident,
        name=texts["name"],
        role=texts["role"],
        background=texts["background"],
        speaking_style=texts["speaking_style"],
        wants=texts["wants"],
        fears=texts["fears"],
        trust=values["trust"],
        patience=values["patience"],
        age=age,
        business=texts["business"],
        history=texts["history"],
        hot_buttons=tuple(buttons),
        location=top.loc,
        back_to_business=tuple(steer),
    )
    return persona, r.diagnostics


def load_persona(path: str | Path) -> tuple[Persona | None, list[Diagnostic]]:
    """Load one persona file; None when it has errors (all of them are in the list)."""
    persona, diags = persona_from_document(read_document(path))
    return (None if has_errors(diags) else persona), diags
