"""Scenario files: the top level, moods, rules and endings (nodes are in loader.nodes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.diagnostics import Diagnostic
from simulator.loader.fields import EMPTY_TEXT, content_hash, has_errors, kind_of
from simulator.loader.nodes import NodeReader
from simulator.model import (
    DEFAULT_MOODS,
    ENDING_KINDS,
    FAMILIES,
    Ending,
    Location,
    Mood,
    Paragraph,
    Rule,
    Scenario,
    Text,
)
from simulator.yamlsource import Document, YList, YMap, read_document

_SCENARIO_REQUIRED = (
    "id",
    "title",
    "family",
    "difficulty",
    "persona",
    "briefing",
    "objective",
    "principles_in_focus",
    "start",
    "nodes",
    "endings",
)
_SCENARIO_OPTIONAL = (
    "variables",
    "rules",
    "moods",
    "shuffle_options",
    "understanding",
    "rubric_version",
    "looks_like",
)
#: Free-text matching thresholds a scenario may tune (docs/understanding.md).
UNDERSTANDING_KEYS = ("take", "confirm", "margin")


class ScenarioReader(NodeReader):
    """Builds a Scenario from its top-level mapping."""

    def build(self, doc: Document) -> Scenario | None:
        top = doc.data
        if top is None:
            return None
        self.keys(top, "the scenario", _SCENARIO_REQUIRED, _SCENARIO_OPTIONAL)
        ident = self.ident(top, "id", "the scenario") or ""
        title = self.text(top, "title", "the scenario", need_en=True) or EMPTY_TEXT
        family = self.choice(top, "family", "the scenario", FAMILIES) or "retail"
        difficulty = self.integer(top, "difficulty", "the scenario")
        if difficulty is not None and not 1 <= difficulty <= 5:
            self.report(
                "PAR025",
                f"difficulty {difficulty} is outside 1–5 / 难度应为 1–5",
                top.value_loc("difficulty"),
                "1 is gentle, 5 is hard",
            )
        persona = self.string(top, "persona", "the scenario") or ""
        briefing = self.text(top, "briefing", "the scenario", need_en=True) or EMPTY_TEXT
        objective = self.text(top, "objective", "the scenario", need_en=True) or EMPTY_TEXT
        focus = self.string_list(top, "principles_in_focus", "the scenario")
        self.read_variables(top)
        moods = self.read_moods(top)
        mood_ids = {m.id for m in moods}
        rules = tuple(
            self.each(self.listing(top, "rules", "the scenario"), self.read_rule, "rules")
        )
        start = self.string(top, "start", "the scenario") or ""
        nodes = self.read_nodes(top, "the scenario", "场景没有节点", mood_ids)
        endings: dict[str, Ending] = {}
        raw_endings = self.mapping(top, "endings", "the scenario")
        if raw_endings is not None:
            if not raw_endings:
                self.report(
                    "PAR025",
                    "the scenario has no endings / 场景没有结局",
                    raw_endings.loc,
                    "add at least one ending",
                )
            for end_id, raw in raw_endings.items():
                loc = raw_endings.key_loc(end_id)
                if end_id in nodes:
                    self.report(
                        "PAR028",
                        f"ending id '{end_id}' is also a node id (first at line "
                        f"{nodes[end_id].location.line}) / 节点与结局 id 重复",
                        loc,
                        "node and ending ids share one namespace; rename one",
                    )
                ending = self.read_ending(str(end_id), raw, loc)
                if ending is not None:
                    endings[ending.id] = ending
        return Scenario(
            id=ident,
            title=title,
            family=family,  # type: ignore[arg-type]
            difficulty=difficulty or 1,
            persona=persona,
            briefing=briefing,
            objective=objective,
            principles_in_focus=focus,
            variables=self.variables,
            start=start,
            nodes=nodes,
            endings=endings,
            rules=rules,
            moods=moods,
            shuffle_options=self.boolean(top, "shuffle_options", "the scenario", True),
            understanding=self.read_understanding(top),
            rubric_version=self.integer(top, "rubric_version", "the scenario") or 1,
            content_hash=content_hash(doc),
            path=doc.path,
            location=top.loc,
            looks_like=self.read_looks_like(top),
        )

    def read_looks_like(self, top: YMap) -> dict[str, Text]:
        """`looks_like: {principle_id: {zh, en}}`: the scenario's own example lines (the
        principle ids are checked against the catalog by the validator)."""
        raw = self.mapping(top, "looks_like", "the scenario")
        out: dict[str, Text] = {}
        for pid, _value in (raw or {}).items():
            assert raw is not None
            text = self.text(raw, pid, "looks_like", need_en=True)
            if text is not None:
                out[str(pid)] = text
        return out

    def read_understanding(self, top: YMap) -> dict[str, float]:
        """The free-text thresholds: numbers between 0 and 1, `confirm` not above `take`."""
        raw = self.mapping(top, "understanding", "the scenario")
        if raw is None:
            return {}
        self.keys(raw, "'understanding'", (), UNDERSTANDING_KEYS)
        values: dict[str, float] = {}
        for key in UNDERSTANDING_KEYS:
            value = self.typed(
                raw, key, (int, float), "a number between 0 and 1", "'understanding'"
            )
            if value is None or isinstance(value, bool):
                continue
            if not 0 <= value <= 1:
                self.report(
                    "PAR025",
                    f"understanding.{key} = {value} is outside 0–1 / 阈值应在 0–1 之间",
                    raw.value_loc(key),
                    "thresholds are similarity scores between 0 and 1",
                )
                continue
            values[key] = float(value)
        if values.get("confirm", 0.0) > values.get("take", 1.0):
            self.report(
                "PAR025",
                "understanding.confirm is above understanding.take / 确认阈值高于采纳阈值",
                raw.value_loc("confirm"),
                "`confirm` is the lower bar: between it and `take` the trainee is asked",
            )
        return values

    def read_moods(self, top: YMap) -> tuple[Mood, ...]:
        if "moods" not in top:
            return DEFAULT_MOODS
        seen: dict[str, Location] = {}

        def build(m: YMap, loc: Location, index: int) -> Mood | None:
            where = f"mood {index + 1}"
            self.keys(m, where, ("id", "if", "label"))
            ident = self.ident(m, "id", where)
            cond = self.condition(m, "if", f"the condition of {where}", self.types)
            label = self.text(m, "label", where)
            if ident is None or cond is None:
                return None
            self.unique(seen, ident, m.value_loc("id"), "mood")
            return Mood(ident, cond, label or EMPTY_TEXT, loc)

        return tuple(self.each(self.listing(top, "moods", "the scenario"), build, "moods"))

    def read_rule(self, m: YMap, loc: Location, index: int) -> Rule | None:
        where = f"rule {index + 1}"
        self.keys(m, where, ("id", "if", "goto"))
        ident = self.ident(m, "id", where)
        cond = self.condition(m, "if", f"the condition of {where}", self.types)
        target = self.string(m, "goto", where)
        if ident is None or cond is None or target is None:
            return None
        return Rule(ident, cond, target, m.value_loc("goto"))

    def read_ending(self, end_id: str, raw: Any, loc: Location) -> Ending | None:
        where = f"ending '{end_id}'"
        self.check_id(end_id, loc, "an ending")
        if not isinstance(raw, YMap):
            self.report(
                "PAR021",
                f"{where} must be a mapping with kind, title and debrief, not {kind_of(raw)}",
                loc,
                "indent `kind:`, `title:` and `debrief:` under the ending id",
            )
            return None
        self.keys(raw, where, ("kind", "title", "debrief"), ("client", "narration", "speaker"))
        kind = self.choice(raw, "kind", where, ENDING_KINDS) or "fail"
        title = self.text(raw, "title", where, need_en=True) or EMPTY_TEXT
        paragraphs: tuple[Paragraph, ...] = ()
        if isinstance(raw.get("debrief"), YList):
            paragraphs = tuple(
                self.each(raw["debrief"], self.read_paragraph(where), f"the debrief of {where}")
            )
            always = [p.text for p in paragraphs if not p.conditional]
            debrief = Text("\n".join(t.zh for t in always), "\n".join(t.en for t in always if t.en))
            if not paragraphs:
                self.report(
                    "PAR025",
                    f"the debrief of {where} is an empty list / 复盘不能为空",
                    raw.value_loc("debrief"),
                    "write at least one paragraph",
                )
        else:
            debrief = self.text(raw, "debrief", where, need_en=True) or EMPTY_TEXT
        client = self.text(raw, "client", where)
        narration = self.text(raw, "narration", where)
        return Ending(
            end_id,
            kind,  # type: ignore[arg-type]
            title,
            debrief,
            client,
            loc,
            paragraphs=paragraphs,
            narration=narration,
            speaker=self.text(raw, "speaker", where),
        )

    def read_paragraph(self, where: str) -> Callable[[YMap, Location, int], Paragraph | None]:
        """A reader of one debrief paragraph: `{zh, en}` with `if:`, `chose:`, `avoided:`,
        `kept:`, `broke:`."""

        def read(m: YMap, loc: Location, index: int) -> Paragraph | None:
            pwhere = f"paragraph {index + 1} of the debrief of {where}"
            self.keys(m, pwhere, ("zh",), ("en", "if", "chose", "avoided", "kept", "broke"))
            zh = self.typed(m, "zh", str, "text", pwhere) or ""
            en = self.typed(m, "en", str, "text", pwhere) or ""
            self.text_languages(zh, en, m.value_loc("zh"), loc, pwhere, True)
            return Paragraph(
                Text(zh, en),
                self.condition(m, "if", f"the condition of {pwhere}", self.types),
                self.option_ids(m, "chose", pwhere),
                self.option_ids(m, "avoided", pwhere),
                loc,
                kept=self.option_ids(m, "kept", pwhere, "a principle id"),
                broke=self.option_ids(m, "broke", pwhere, "a principle id"),
            )

        return read


def scenario_from_document(doc: Document) -> tuple[Scenario | None, list[Diagnostic]]:
    """A best-effort Scenario from a parsed file, and every problem found in it."""
    reader = ScenarioReader(doc.path)
    reader.diagnostics.extend(doc.diagnostics)
    scenario = reader.build(doc)
    return scenario, reader.diagnostics


def load_scenario(path: str | Path) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load one scenario file; None when it has errors (all of them are in the list)."""
    scenario, diags = scenario_from_document(read_document(path))
    return (None if has_errors(diags) else scenario), diags


# ---------------------------------------------------------------------------------------------
