"""YAML files → model objects, collecting every problem of a file rather than the first.

Each `load_*` returns the object (None when the file has errors) and the diagnostics. The
`*_from_document` builders return a best-effort object even when there are errors, so the
checker can go on to graph and reference checks and report everything in one run.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from simulator import expressions
from simulator.diagnostics import Diagnostic, diagnostic
from simulator.expressions import Expression, ExpressionError, ValueType
from simulator.model import (
    DEFAULT_MOODS,
    ENDING_KINDS,
    FAMILIES,
    RETURN,
    Area,
    Branch,
    Catalog,
    Detector,
    Dialogue,
    Ending,
    HotButton,
    LineVariant,
    Location,
    Mood,
    Node,
    Option,
    Persona,
    Principle,
    Rule,
    Scenario,
    SeedSource,
    Text,
    Variable,
    with_titles,
)
from simulator.yamlsource import Document, YList, YMap, read_document

_ID = re.compile(r"[a-z][a-z0-9_]*")
_IMPLICIT_VARS = ("trust", "patience")
_EMPTY = Text("", "")


def _kind(value: Any) -> str:
    """How a value's type reads in a message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if value is None:
        return "nothing"
    return type(value).__name__


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean 'x'?" hint, or "" when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


class _Reader:
    """Reads one file's mappings field by field, recording every problem it meets."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: str, message: str, loc: Location, hint: str = "") -> None:
        self.diagnostics.append(diagnostic(code, message, loc, hint))

    # -- structure -----------------------------------------------------------------------------

    def keys(
        self, m: YMap, where: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> None:
        """Report unknown keys (with a did-you-mean hint) and missing required ones."""
        allowed = (*required, *optional)
        for key in m:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed) or f"allowed here: {', '.join(allowed)}"
                self.report(
                    "PAR022", f"unknown key '{key}' in {where} / 未知的键", m.key_loc(key), hint
                )
        for key in required:
            if key not in m:
                self.report(
                    "PAR020",
                    f"{where} is missing required field '{key}' / 缺少必填字段",
                    m.loc,
                    f"add `{key}:` (see docs/authoring.md)",
                )

    def typed(self, m: YMap, key: str, want: type | tuple[type, ...], what: str, where: str) -> Any:
        """The value of `key` if present and of type `want`, else None (reporting a wrong type)."""
        if key not in m:
            return None
        value = m[key]
        ok = isinstance(value, want) and not (isinstance(value, bool) and want is int)
        if not ok:
            self.report(
                "PAR021",
                f"'{key}' in {where} must be {what}, not {_kind(value)} / 类型错误",
                m.value_loc(key),
                f"write {what} here",
            )
            return None
        return value

    def string(self, m: YMap, key: str, where: str) -> str | None:
        value = self.typed(m, key, str, "text", where)
        if value is not None and not value.strip():
            self.report("PAR025", f"'{key}' in {where} is empty / 不能为空", m.value_loc(key))
            return None
        return value

    def integer(self, m: YMap, key: str, where: str) -> int | None:
        return self.typed(m, key, int, "a whole number", where)

    def boolean(self, m: YMap, key: str, where: str, default: bool) -> bool:
        value = self.typed(m, key, bool, "true or false", where)
        return default if value is None else value

    def mapping(self, m: YMap, key: str, where: str) -> YMap | None:
        return self.typed(m, key, YMap, "a mapping (key: value lines)", where)

    def listing(self, m: YMap, key: str, where: str) -> YList | None:
        return self.typed(m, key, YList, "a list", where)

    def ident(self, m: YMap, key: str, where: str) -> str | None:
        value = self.string(m, key, where)
        if value is not None and not _ID.fullmatch(value):
            self.check_id(value, m.value_loc(key), where)
        return value

    def check_id(self, value: str, loc: Location, where: str) -> None:
        if not _ID.fullmatch(value):
            self.report(
                "PAR075",
                f"id '{value}' in {where} is not lower_snake_case",
                loc,
                "use lower-case letters, digits and underscores, starting with a letter",
            )

    def choice(self, m: YMap, key: str, where: str, allowed: Sequence[str]) -> str | None:
        value = self.string(m, key, where)
        if value is not None and value not in allowed:
            hint = did_you_mean(value, allowed) or f"one of: {', '.join(allowed)}"
            self.report(
                "PAR025",
                f"'{key}' in {where} cannot be '{value}' / 取值无效",
                m.value_loc(key),
                hint,
            )
            return None
        return value

    def text_value(self, value: Any, loc: Location, label: str, need_en: bool) -> Text | None:
        """A `{zh, en}` text (plain text counts as Chinese only)."""
        if isinstance(value, str):
            zh, en, zh_loc = value, "", loc
        elif isinstance(value, YMap):
            for key in value:
                if key not in ("zh", "en"):
                    self.report(
                        "PAR022",
                        f"unknown key '{key}' in {label} / 未知的键",
                        value.key_loc(key),
                        "only `zh:` and `en:` belong here; inside {…} a comma ends the text, "
                        "so quote text with commas or use the Chinese comma ，",
                    )
            zh = self.typed(value, "zh", str, "text", label) or ""
            en = self.typed(value, "en", str, "text", label) or ""
            zh_loc = value.value_loc("zh")
        else:
            self.report(
                "PAR021",
                f"{label} must be a text {{zh: …, en: …}}, not {_kind(value)} / 类型错误",
                loc,
                "write `{zh: 中文, en: English}`",
            )
            return None
        self.text_languages(zh, en, zh_loc, loc, label, need_en)
        return Text(zh, en)

    def text_languages(
        self, zh: str, en: str, zh_loc: Location, loc: Location, label: str, need_en: bool
    ) -> None:
        if not zh.strip():
            self.report(
                "PAR024", f"{label} has no Chinese text (zh) / 缺少中文", zh_loc, "add `zh: …`"
            )
        if not en.strip():
            code = "PAR023" if need_en else "PAR074"
            self.report(
                code,
                f"missing translation: {label} has no English text (en) / 缺少英文翻译",
                loc,
                "add `en: …` beside `zh:`",
            )

    def text(self, m: YMap, key: str, where: str, need_en: bool = False) -> Text | None:
        if key not in m:
            return None
        value = m[key]
        # The usual complete {zh, en} pair needs no location and no message: build neither.
        if type(value) is YMap and len(value) == 2:
            zh, en = value.get("zh"), value.get("en")
            if type(zh) is str and type(en) is str and zh.strip() and en.strip():
                return Text(zh, en)
        return self.text_value(value, m.value_loc(key), f"'{key}' of {where}", need_en)

    # -- expressions ---------------------------------------------------------------------------

    def expression(self, value: Any, loc: Location, where: str) -> Expression | None:
        """Parse a condition or assignment, reporting a syntax error at its column."""
        if value is None or not isinstance(value, str | int | bool) or isinstance(value, float):
            self.report(
                "PAR021",
                f"{where} must be an expression such as `trust >= 50`, not {_kind(value)}",
                loc,
                "write the condition as text, e.g. `if: trust >= 50 and not asked_why`",
            )
            return None
        try:
            return expressions.parse(value)
        except ExpressionError as exc:
            self.report(
                "PAR026",
                f"{where}: {exc.message} / 表达式语法错误",
                _shift(loc, exc.column),
                "use numbers, true/false, variable names, + -, < <= > >= == !=, and/or/not",
            )
            return None

    def typecheck(
        self,
        expr: Expression,
        loc: Location,
        where: str,
        types: dict[str, ValueType],
        want: ValueType | None,
    ) -> ValueType | None:
        """Check names and types of `expr`; report and return None on a problem."""
        missing = sorted(expr.names() - types.keys())
        for name in missing:
            found = re.search(rf"\b{re.escape(name)}\b", expr.text)
            self.report(
                "PAR029",
                f"{where} uses undeclared variable '{name}' / 未声明的变量",
                _shift(loc, found.start() + 1 if found else 1),
                did_you_mean(name, types) or "declare it under `variables:`",
            )
        if missing:
            return None
        try:
            got = expr.result_type(types)
        except ExpressionError as exc:
            self.report(
                "PAR030", f"{where}: {exc.message} / 表达式类型错误", _shift(loc, exc.column)
            )
            return None
        if want is not None and got != want:
            need = "true or false" if want == "bool" else "a number"
            self.report(
                "PAR030",
                f"{where} must give {need}, but `{expr.text}` gives "
                f"{'true/false' if got == 'bool' else 'a number'} / 表达式类型错误",
                loc,
                "a condition compares, e.g. `trust >= 50`; a flag is set to true or false",
            )
            return None
        return got

    def condition(self, m: YMap, key: str, where: str, types: dict[str, ValueType]) -> str | None:
        """The text of a true/false condition at `m[key]`, checked."""
        if key not in m:
            return None
        loc = m.value_loc(key)
        expr = self.expression(m[key], loc, where)
        if expr is None:
            return None
        self.typecheck(expr, loc, where, types, "bool")
        return expr.text

    def each(
        self, items: YList | None, build: Callable[[YMap, Location, int], Any], label: str
    ) -> list[Any]:
        """Build every mapping item of a list, reporting items of another type."""
        built: list[Any] = []
        if items is None:
            return built
        for index, item in enumerate(items):
            loc = items.item_loc(index)
            if not isinstance(item, YMap):
                self.report(
                    "PAR021",
                    f"item {index + 1} of {label} must be a mapping, not {_kind(item)} / 类型错误",
                    loc,
                    "each item is a set of `key: value` lines under a `- `",
                )
                continue
            result = build(item, loc, index)
            if result is not None:
                built.append(result)
        return built

    def unique(self, seen: dict[str, Location], ident: str, loc: Location, what: str) -> None:
        if ident in seen:
            first = seen[ident]
            self.report(
                "PAR028",
                f"duplicate {what} id '{ident}' (first at line {first.line}) / 重复的 id",
                loc,
                "give each one its own id",
            )
        else:
            seen[ident] = loc


def _shift(loc: Location, column: int) -> Location:
    """The location `column - 1` characters to the right of `loc` (an expression's column)."""
    return Location(loc.path, loc.line, loc.column + max(column, 1) - 1)


def _has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def _content_hash(doc: Document) -> str:
    return hashlib.sha256(doc.raw).hexdigest()


# ---------------------------------------------------------------------------------------------
# Scenario

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
)
#: Free-text matching thresholds a scenario may tune (docs/understanding.md).
UNDERSTANDING_KEYS = ("take", "confirm", "margin")
_OPTION_REQUIRED = ("id", "text", "next")
_OPTION_OPTIONAL = (
    "examples",
    "principles",
    "effects",
    "set",
    "feedback",
    "trap",
    "red_line",
)


class _ScenarioReader(_Reader):
    """Builds a Scenario, keeping the declared variables at hand for expression checks."""

    types: dict[str, ValueType]
    variables: dict[str, Variable]
    in_dialogue = False

    def build(self, doc: Document) -> Scenario | None:
        top = doc.data
        if top is None:
            return None
        self.keys(top, "the scenario", _SCENARIO_REQUIRED, _SCENARIO_OPTIONAL)
        ident = self.ident(top, "id", "the scenario") or ""
        title = self.text(top, "title", "the scenario", need_en=True) or _EMPTY
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
        briefing = self.text(top, "briefing", "the scenario", need_en=True) or _EMPTY
        objective = self.text(top, "objective", "the scenario", need_en=True) or _EMPTY
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
            content_hash=_content_hash(doc),
            path=doc.path,
            location=top.loc,
        )

    def read_nodes(
        self, top: YMap, where: str, empty_zh: str, mood_ids: set[str]
    ) -> dict[str, Node]:
        """The `nodes:` mapping of a scenario or dialogue, node by node."""
        nodes: dict[str, Node] = {}
        raw_nodes = self.mapping(top, "nodes", where)
        if raw_nodes is None:
            return nodes
        if not raw_nodes:
            self.report("PAR025", f"{where} has no nodes / {empty_zh}", raw_nodes.loc, "add a node")
        for node_id, raw in raw_nodes.items():
            node = self.read_node(str(node_id), raw, raw_nodes, mood_ids)
            if node is not None:
                nodes[node.id] = node
        return nodes

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

    def string_list(self, m: YMap, key: str, where: str) -> tuple[str, ...]:
        items = self.listing(m, key, where)
        if items is None:
            return ()
        out: list[str] = []
        for index, item in enumerate(items):
            if isinstance(item, str):
                out.append(item)
            else:
                self.report(
                    "PAR021",
                    f"item {index + 1} of '{key}' must be text, not {_kind(item)} / 类型错误",
                    items.item_loc(index),
                )
        return tuple(out)

    # -- variables, moods, rules ---------------------------------------------------------------

    def read_variables(self, top: YMap) -> None:
        self.variables = {}
        raw = self.mapping(top, "variables", "the scenario")
        for name, spec in (raw or {}).items():
            assert raw is not None
            loc = raw.key_loc(name)
            where = f"variable '{name}'"
            if (
                not isinstance(name, str)
                or not _ID.fullmatch(name)
                or name
                in (
                    "true",
                    "false",
                    "and",
                    "or",
                    "not",
                )
            ):
                self.report(
                    "PAR025",
                    f"'{name}' cannot be a variable name / 变量名无效",
                    loc,
                    "use lower_snake_case letters, digits and underscores",
                )
                continue
            if not isinstance(spec, YMap):
                self.report(
                    "PAR021",
                    f"{where} must be a mapping like {{initial: 0, min: 0, max: 5}}, "
                    f"not {_kind(spec)} / 类型错误",
                    raw.value_loc(name),
                    "write `name: {initial: 0}` (or `{initial: false}` for a flag)",
                )
                continue
            implicit = name in _IMPLICIT_VARS
            self.keys(spec, where, () if implicit else ("initial",), ("initial", "min", "max"))
            initial = self.typed(spec, "initial", (int, bool), "a number or true/false", where)
            if initial is None and not implicit:
                continue
            is_flag = isinstance(initial, bool)
            if is_flag and implicit:
                self.report(
                    "PAR030",
                    f"{name} is a number 0–100, not a flag / {name} 必须是数字",
                    spec.value_loc("initial"),
                    f"give `{name}` a number",
                )
                continue
            minimum = self.integer(spec, "min", where)
            maximum = self.integer(spec, "max", where)
            if is_flag and ("min" in spec or "max" in spec):
                self.report(
                    "PAR025",
                    f"flag '{name}' cannot have min/max / 标志变量没有上下限",
                    spec.loc,
                    "remove min and max, or make the initial value a number",
                )
            lo = 0 if minimum is None else minimum
            hi = 100 if maximum is None else maximum
            if lo > hi:
                self.report(
                    "PAR031",
                    f"{where}: min {lo} is above max {hi} / 下限大于上限",
                    spec.value_loc("min"),
                    "swap them",
                )
            elif not is_flag and initial is not None and not lo <= initial <= hi:
                self.report(
                    "PAR031",
                    f"{where}: initial value {initial} is outside {lo}–{hi} / 初始值越界",
                    spec.value_loc("initial"),
                    f"choose a value between {lo} and {hi}, or widen the bounds",
                )
            self.variables[name] = Variable(
                name=name,
                initial=initial if initial is not None else 50,
                minimum=lo,
                maximum=hi,
                is_flag=is_flag,
                from_persona=initial is None,
                location=loc,
            )
        for name in _IMPLICIT_VARS:
            if name not in self.variables:
                self.variables[name] = Variable(
                    name, 50, 0, 100, from_persona=True, location=top.loc
                )
        self.types = {n: ("bool" if v.is_flag else "int") for n, v in self.variables.items()}

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
            return Mood(ident, cond, label or _EMPTY, loc)

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

    # -- nodes and options ---------------------------------------------------------------------

    def read_node(self, node_id: str, raw: Any, parent: YMap, moods: set[str]) -> Node | None:
        loc = parent.key_loc(node_id)
        where = f"node '{node_id}'"
        self.check_id(node_id, loc, "a node")
        if not isinstance(raw, YMap):
            self.report(
                "PAR021",
                f"{where} must be a mapping with `client:` and `options:`, not {_kind(raw)}",
                parent.value_loc(node_id),
                "indent `client:` and `options:` under the node id",
            )
            return None
        self.keys(raw, where, ("client", "options"), ("variants", "speaker"))
        client = self.text(raw, "client", where) or _EMPTY
        speaker = self.text(raw, "speaker", where)

        def variant(m: YMap, vloc: Location, index: int) -> LineVariant | None:
            vwhere = f"variant {index + 1} of {where}"
            self.keys(m, vwhere, ("zh",), ("en", "mood", "if"))
            mood = self.string(m, "mood", vwhere)
            if mood is not None and mood not in moods:
                self.report(
                    "PAR034",
                    f"{vwhere} names unknown mood '{mood}' / 未知的情绪",
                    m.value_loc("mood"),
                    did_you_mean(mood, moods) or f"moods: {', '.join(sorted(moods))}",
                )
            cond = self.condition(m, "if", f"the condition of {vwhere}", self.types)
            if "mood" not in m and "if" not in m:
                self.report(
                    "PAR020",
                    f"{vwhere} needs `mood:` or `if:` / 变体需要 mood 或 if",
                    vloc,
                    "say when this line replaces the node's `client` line",
                )
            zh = self.typed(m, "zh", str, "text", vwhere) or ""
            en = self.typed(m, "en", str, "text", vwhere) or ""
            self.text_languages(zh, en, m.value_loc("zh"), vloc, vwhere, False)
            return LineVariant(Text(zh, en), mood, cond, vloc)

        variants = self.each(self.listing(raw, "variants", where), variant, f"variants of {where}")
        seen: dict[str, Location] = {}
        options = self.each(
            self.listing(raw, "options", where),
            lambda m, oloc, i: self.read_option(m, oloc, i, where, seen),
            f"options of {where}",
        )
        return Node(node_id, client, tuple(options), tuple(variants), speaker, loc)

    def read_option(
        self, m: YMap, loc: Location, index: int, node_where: str, seen: dict[str, Location]
    ) -> Option | None:
        label = m.get("id") if isinstance(m.get("id"), str) else f"{index + 1}"
        where = f"option '{label}' of {node_where}"
        self.keys(m, where, _OPTION_REQUIRED, _OPTION_OPTIONAL)
        ident = self.ident(m, "id", where)
        if ident is not None:
            self.unique(seen, ident, m.value_loc("id"), f"option (in {node_where})")
        text = self.text(m, "text", where) or _EMPTY
        feedback = self.text(m, "feedback", where) or _EMPTY
        examples = self.read_examples(m, where)
        principles = self.read_weights(m, where)
        effects = self.read_effects(m, where)
        assign = self.read_assign(m, where)
        branches = self.read_next(m, where)
        return Option(
            id=ident or "",
            text=text,
            examples=examples,
            principles=principles,
            feedback=feedback,
            branches=branches,
            effects=effects,
            assign=assign,
            trap=self.boolean(m, "trap", where, False),
            red_line=self.boolean(m, "red_line", where, False),
            location=loc,
        )

    def read_examples(self, m: YMap, where: str) -> dict[str, tuple[str, ...]]:
        raw = self.mapping(m, "examples", where)
        out: dict[str, tuple[str, ...]] = {}
        if raw is None:
            return out
        self.keys(raw, f"the examples of {where}", (), ("zh", "en"))
        for lang in ("zh", "en"):
            items = self.listing(raw, lang, f"the examples of {where}")
            if items is None:
                continue
            phrases: list[str] = []
            for index, item in enumerate(items):
                if isinstance(item, str | int) and not isinstance(item, bool):
                    phrases.append(str(item))
                else:
                    self.report(
                        "PAR021",
                        f"example {index + 1} ({lang}) of {where} must be text, not {_kind(item)}",
                        items.item_loc(index),
                        "quote phrasings that contain ': ' or start with a symbol",
                    )
            out[lang] = tuple(phrases)
        return out

    def read_weights(self, m: YMap, where: str) -> dict[str, int]:
        raw = self.mapping(m, "principles", where)
        out: dict[str, int] = {}
        for key, weight in (raw or {}).items():
            assert raw is not None
            if not isinstance(weight, int) or isinstance(weight, bool):
                self.report(
                    "PAR021",
                    f"weight of principle '{key}' in {where} must be a whole number −3…+3, "
                    f"not {_kind(weight)}",
                    raw.value_loc(key),
                    "e.g. `principles: {empathy: 2, careful_promise: -3}`",
                )
            elif not -3 <= weight <= 3:
                self.report(
                    "PAR031",
                    f"weight {weight} of principle '{key}' in {where} is outside −3…+3 / 权重越界",
                    raw.value_loc(key),
                    "use −3 (breaks it badly) … +3 (upholds it strongly)",
                )
            else:
                out[str(key)] = weight
        return out

    def read_effects(self, m: YMap, where: str) -> dict[str, int]:
        raw = self.mapping(m, "effects", where)
        out: dict[str, int] = {}
        for key, delta in (raw or {}).items():
            assert raw is not None
            name = str(key)
            if not isinstance(delta, int) or isinstance(delta, bool):
                self.report(
                    "PAR021",
                    f"effect on '{name}' in {where} must be a whole number to add, "
                    f"not {_kind(delta)}",
                    raw.value_loc(key),
                    "e.g. `effects: {trust: 10, patience: -5}`; use `set:` for flags",
                )
                continue
            var = self.variables.get(name)
            if var is None:
                self.report(
                    "PAR029",
                    f"{where} changes undeclared variable '{name}' / 未声明的变量",
                    raw.key_loc(key),
                    did_you_mean(name, self.variables) or "declare it under `variables:`",
                )
                continue
            if var.is_flag:
                self.report(
                    "PAR030",
                    f"{where} adds a number to flag '{name}' / 标志变量不能加减",
                    raw.key_loc(key),
                    f"use `set: {{{name}: true}}` for flags",
                )
                continue
            if abs(delta) > var.maximum - var.minimum:
                self.report(
                    "PAR031",
                    f"effect {delta:+d} on '{name}' is larger than its whole range "
                    f"{var.minimum}–{var.maximum} / 效果超出范围",
                    raw.value_loc(key),
                    "use a smaller step",
                )
            out[name] = delta
        return out

    def read_assign(self, m: YMap, where: str) -> dict[str, str]:
        raw = self.mapping(m, "set", where)
        out: dict[str, str] = {}
        for key, value in (raw or {}).items():
            assert raw is not None
            name = str(key)
            loc = raw.value_loc(key)
            var = self.variables.get(name)
            if var is None:
                self.report(
                    "PAR029",
                    f"{where} sets undeclared variable '{name}' / 未声明的变量",
                    raw.key_loc(key),
                    did_you_mean(name, self.variables) or "declare it under `variables:`",
                )
                continue
            expr = self.expression(value, loc, f"`set` of '{name}' in {where}")
            if expr is None:
                continue
            want: ValueType = "bool" if var.is_flag else "int"
            if self.typecheck(expr, loc, f"`set` of '{name}' in {where}", self.types, want):
                if not var.is_flag and not expr.names():
                    constant = expr.evaluate({})
                    if not var.minimum <= int(constant) <= var.maximum:
                        self.report(
                            "PAR031",
                            f"{where} sets '{name}' to {constant}, outside "
                            f"{var.minimum}–{var.maximum} / 赋值越界",
                            loc,
                            "choose a value within the variable's bounds",
                        )
            out[name] = expr.text
        return out

    def read_next(self, m: YMap, where: str) -> tuple[Branch, ...]:
        if "next" not in m:
            return ()
        value = m["next"]
        loc = m.value_loc("next")
        if isinstance(value, str):
            self.check_return(value, loc, where)
            return (Branch(value, None, loc),)
        if isinstance(value, YMap):
            detour = self.read_detour(value, None, where)
            return () if detour is None else (detour,)
        if not isinstance(value, YList) or not value:
            self.report(
                "PAR021",
                f"`next` of {where} must be a node/ending id, a detour {{detour, then}} or a "
                f"list of {{if, goto}}, "
                f"not {_kind(value) if value != [] else 'an empty list'} / 类型错误",
                loc,
                "e.g. `next: explain` or `next: [{if: trust >= 40, goto: explain}, "
                "{goto: end_angry}]`",
            )
            return ()

        def arm(a: YMap, aloc: Location, index: int) -> Branch | None:
            awhere = f"branch {index + 1} of `next` in {where}"
            if "detour" in a:
                cond = self.condition(a, "if", f"the condition of {awhere}", self.types)
                return self.read_detour(a, cond, awhere)
            self.keys(a, awhere, ("goto",), ("if",))
            cond = self.condition(a, "if", f"the condition of {awhere}", self.types)
            target = self.string(a, "goto", awhere)
            if target is None:
                return None
            self.check_return(target, a.value_loc("goto"), awhere)
            return Branch(target, cond, a.value_loc("goto"))

        return tuple(self.each(value, arm, f"`next` of {where}"))

    def read_detour(self, m: YMap, cond: str | None, where: str) -> Branch | None:
        """`{detour: <dialogue>, then: <target>}`: run a dialogue, then go on to `then`."""
        self.keys(m, f"the detour of {where}", ("detour", "then"), ("if",) if cond else ())
        dialogue = self.string(m, "detour", f"the detour of {where}")
        then = self.string(m, "then", f"the detour of {where}")
        if dialogue is None or then is None:
            return None
        self.check_return(then, m.value_loc("then"), where)
        return Branch(then, cond, m.value_loc("detour"), detour=dialogue)

    def check_return(self, target: str, loc: Location, where: str) -> None:
        """`return` means something only inside a dialogue file."""
        if target == RETURN and not self.in_dialogue:
            self.report(
                "PAR055",
                f"`return` in {where} is outside a dialogue / return 只能用在对话文件中",
                loc,
                "`return` goes back to the caller of a dialogue file (`dialogue: <id>`); "
                "in a scenario, jump to a node or ending",
            )

    def read_ending(self, end_id: str, raw: Any, loc: Location) -> Ending | None:
        where = f"ending '{end_id}'"
        self.check_id(end_id, loc, "an ending")
        if not isinstance(raw, YMap):
            self.report(
                "PAR021",
                f"{where} must be a mapping with kind, title and debrief, not {_kind(raw)}",
                loc,
                "indent `kind:`, `title:` and `debrief:` under the ending id",
            )
            return None
        self.keys(raw, where, ("kind", "title", "debrief"), ("client",))
        kind = self.choice(raw, "kind", where, ENDING_KINDS) or "fail"
        title = self.text(raw, "title", where, need_en=True) or _EMPTY
        debrief = self.text(raw, "debrief", where, need_en=True) or _EMPTY
        client = self.text(raw, "client", where)
        return Ending(end_id, kind, title, debrief, client, loc)  # type: ignore[arg-type]


def scenario_from_document(doc: Document) -> tuple[Scenario | None, list[Diagnostic]]:
    """A best-effort Scenario from a parsed file, and every problem found in it."""
    reader = _ScenarioReader(doc.path)
    reader.diagnostics.extend(doc.diagnostics)
    scenario = reader.build(doc)
    return scenario, reader.diagnostics


def load_scenario(path: str | Path) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load one scenario file; None when it has errors (all of them are in the list)."""
    scenario, diags = scenario_from_document(read_document(path))
    return (None if _has_errors(diags) else scenario), diags


# ---------------------------------------------------------------------------------------------
# Dialogue (a reusable sub-dialogue, expanded into its callers by simulator/dialogues.py)

_DIALOGUE_REQUIRED = ("dialogue", "title", "start", "nodes")
_DIALOGUE_OPTIONAL = ("variables",)


class _DialogueReader(_ScenarioReader):
    """Reads a dialogue file with the scenario reader's node code; `return` is allowed."""

    in_dialogue = True

    def build_dialogue(self, doc: Document) -> Dialogue | None:
        top = doc.data
        if top is None:
            return None
        self.keys(top, "the dialogue", _DIALOGUE_REQUIRED, _DIALOGUE_OPTIONAL)
        ident = self.ident(top, "dialogue", "the dialogue") or ""
        title = self.text(top, "title", "the dialogue", need_en=True) or _EMPTY
        self.read_variables(top)
        start = self.string(top, "start", "the dialogue") or ""
        mood_ids = {m.id for m in DEFAULT_MOODS}
        nodes = self.read_nodes(top, "the dialogue", "对话没有节点", mood_ids)
        if start and "nodes" in top and nodes and start not in nodes:
            self.report(
                "PAR040",
                f"start '{start}' of the dialogue is not one of its nodes / 起点不存在",
                top.value_loc("start"),
                did_you_mean(start, nodes) or "start at one of the dialogue's nodes",
            )
        return Dialogue(
            id=ident,
            title=title,
            variables=self.variables,
            start=start,
            nodes=nodes,
            content_hash=_content_hash(doc),
            path=doc.path,
            location=top.loc,
        )


def dialogue_from_document(doc: Document) -> tuple[Dialogue | None, list[Diagnostic]]:
    """A best-effort Dialogue from a parsed file, and every problem found in it."""
    reader = _DialogueReader(doc.path)
    reader.diagnostics.extend(doc.diagnostics)
    dialogue = reader.build_dialogue(doc)
    return dialogue, reader.diagnostics


# ---------------------------------------------------------------------------------------------
# Persona

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
_PERSONA_OPTIONAL = ("age", "business", "history", "hot_buttons")


def persona_from_document(doc: Document) -> tuple[Persona | None, list[Diagnostic]]:
    """A best-effort Persona from a parsed file, and every problem found in it."""
    r = _Reader(doc.path)
    r.diagnostics.extend(doc.diagnostics)
    top = doc.data
    if top is None:
        return None, r.diagnostics
    r.keys(top, "the persona", _PERSONA_REQUIRED, _PERSONA_OPTIONAL)
    ident = r.ident(top, "id", "the persona") or ""
    texts = {
        key: r.text(top, key, "the persona") or _EMPTY
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
                    f"effect on '{key}' in {where} must be a whole number, not {_kind(delta)}",
                    raw.value_loc(key),
                )
            else:
                effects[str(key)] = delta
        reaction = r.text(m, "reaction", where) or _EMPTY
        if hid is None or principle is None or polarity is None:
            return None
        return HotButton(hid, principle, polarity, effects, reaction, loc)  # type: ignore[arg-type]

    buttons = r.each(r.listing(top, "hot_buttons", "the persona"), hot_button, "hot_buttons")
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
    )
    return persona, r.diagnostics


def load_persona(path: str | Path) -> tuple[Persona | None, list[Diagnostic]]:
    """Load one persona file; None when it has errors (all of them are in the list)."""
    persona, diags = persona_from_document(read_document(path))
    return (None if _has_errors(diags) else persona), diags


# ---------------------------------------------------------------------------------------------
# Principle catalog

_CATALOG_REQUIRED = ("catalog", "areas", "principles")
_CATALOG_OPTIONAL = ("version", "negation_words", "sources")


def catalog_from_document(doc: Document) -> tuple[Catalog | None, list[Diagnostic]]:
    """A best-effort Catalog from a parsed file, and every problem found in it."""
    r = _Reader(doc.path)
    r.diagnostics.extend(doc.diagnostics)
    top = doc.data
    if top is None:
        return None, r.diagnostics
    r.keys(top, "the catalog", _CATALOG_REQUIRED, _CATALOG_OPTIONAL)
    r.string(top, "catalog", "the catalog")
    version = r.integer(top, "version", "the catalog") or 1
    words: list[str] = []
    raw_words = r.listing(top, "negation_words", "the catalog")
    for index, word in enumerate(raw_words or ()):
        assert raw_words is not None
        if isinstance(word, str) and word:
            words.append(word)
        else:
            r.report(
                "PAR021",
                f"negation word {index + 1} must be text, not {_kind(word)}",
                raw_words.item_loc(index),
                'quote it, e.g. "no"',
            )
    areas: dict[str, Area] = {}
    raw_areas = r.mapping(top, "areas", "the catalog")
    for key, value in (raw_areas or {}).items():
        assert raw_areas is not None
        name = r.text_value(value, raw_areas.value_loc(key), f"area '{key}'", False)
        areas[str(key)] = Area(str(key), name or _EMPTY)
    # The seed documents' titles, shown to trainees instead of file names.
    sources: dict[str, Text] = {}
    raw_sources = r.mapping(top, "sources", "the catalog") if "sources" in top else None
    for key, value in (raw_sources or {}).items():
        assert raw_sources is not None
        title = r.text_value(value, raw_sources.value_loc(key), f"source '{key}'", False)
        if title is not None:
            sources[str(key)] = title
    seen: dict[str, Location] = {}

    def source(m: YMap, loc: Location, index: int) -> SeedSource | None:
        where = f"source {index + 1}"
        r.keys(m, where, ("file", "quote"))
        file = r.string(m, "file", where)
        quote = r.string(m, "quote", where)
        return SeedSource(file or "", quote or "")

    def detector(m: YMap, loc: Location, index: int, pwhere: str, dseen: dict) -> Detector | None:
        where = f"detector {index + 1} of {pwhere}"
        r.keys(m, where, ("id", "polarity", "patterns"), ("weight", "negated", "explanation"))
        did = r.ident(m, "id", where)
        if did is not None:
            r.unique(dseen, did, m.value_loc("id"), "detector")
        polarity = r.choice(m, "polarity", where, ("upholds", "violates"))
        weight = r.integer(m, "weight", where)
        if weight is not None and not 1 <= weight <= 3:
            r.report(
                "PAR031",
                f"{where}: weight {weight} is outside 1–3",
                m.value_loc("weight"),
                "use 1–3",
            )
        negated = r.choice(m, "negated", where, ("flip", "ignore", "keep")) or "ignore"
        patterns: list[str] = []
        raw = r.listing(m, "patterns", where)
        for pindex, pattern in enumerate(raw or ()):
            assert raw is not None
            ploc = raw.item_loc(pindex)
            if not isinstance(pattern, str) or not pattern:
                r.report("PAR021", f"pattern {pindex + 1} of {where} must be text", ploc)
                continue
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                r.report(
                    "PAR027",
                    f"pattern {pindex + 1} of {where} is not a valid regular expression: "
                    f"{exc.msg} / 正则表达式无效",
                    _shift(ploc, (exc.pos or 0) + 1),
                    "check brackets and escape special characters with a backslash "
                    "(in double quotes write \\\\)",
                )
                continue
            if nested_repetition(pattern):
                r.report(
                    "PAR058",
                    f"pattern {pindex + 1} of {where} repeats something that itself repeats; "
                    "on a long answer it can take exponential time and freeze the session "
                    "/ 嵌套重复的正则可能卡死",
                    ploc,
                    "rewrite without a repeat inside a repeat, e.g. `(好+)+` → `好+`, "
                    "`(很|非常)*好*` → `(很|非常)?好*`",
                )
                continue
            patterns.append(pattern)
        if raw is not None and not raw:
            r.report("PAR025", f"{where} has no patterns", m.value_loc("patterns"), "add one")
        explanation = r.text(m, "explanation", where) or _EMPTY
        if did is None or polarity is None:
            return None
        return Detector(
            did,
            polarity,
            tuple(patterns),
            weight or 1,
            negated,
            explanation,
            loc,  # type: ignore[arg-type]
        )

    def principle(m: YMap, loc: Location, index: int) -> Principle | None:
        pid = r.ident(m, "id", f"principle {index + 1}")
        where = f"principle '{pid or index + 1}'"
        r.keys(
            m,
            where,
            ("id", "name", "area", "description", "source"),
            ("looks_like", "looks_like_in", "detectors", "examples"),
        )
        if pid is not None:
            r.unique(seen, pid, m.value_loc("id"), "principle")
        name = r.text(m, "name", where, need_en=True) or _EMPTY
        area = r.string(m, "area", where)
        if area is not None and raw_areas is not None and area not in areas:
            r.report(
                "PAR033",
                f"{where} names unknown area '{area}' / 未知的能力领域",
                m.value_loc("area"),
                did_you_mean(area, areas) or f"areas: {', '.join(areas)}",
            )
        description = r.text(m, "description", where) or _EMPTY
        looks_like = r.text(m, "looks_like", where) or _EMPTY
        looks_like_in: dict[str, Text] = {}
        raw_in = r.mapping(m, "looks_like_in", where) if "looks_like_in" in m else None
        for family, value in (raw_in or {}).items():
            assert raw_in is not None
            if family not in FAMILIES:
                r.report(
                    "PAR025",
                    f"{where}: looks_like_in names unknown family '{family}' / 未知的场景类别",
                    raw_in.key_loc(family),
                    did_you_mean(str(family), FAMILIES) or f"families: {', '.join(FAMILIES)}",
                )
                continue
            text = r.text_value(value, raw_in.value_loc(family), f"{where} in {family}", False)
            if text is not None:
                looks_like_in[str(family)] = text
        sources = r.each(r.listing(m, "source", where), source, f"source of {where}")
        dseen: dict[str, Location] = {}
        detectors = r.each(
            r.listing(m, "detectors", where),
            lambda d, dloc, i: detector(d, dloc, i, where, dseen),
            f"detectors of {where}",
        )
        examples, threshold = examples_of(m, where)
        if pid is None:
            return None
        return Principle(
            pid,
            name,
            area or "",
            description,
            tuple(sources),
            looks_like,
            tuple(detectors),
            loc,
            examples,
            threshold,
            looks_like_in,
        )

    def examples_of(m: YMap, where: str) -> tuple[dict[str, tuple[str, ...]], float | None]:
        """`examples: {upholds: [...], violates: [...], threshold: 0.45}` of one principle."""
        raw = r.mapping(m, "examples", where)
        if raw is None:
            return {}, None
        ewhere = f"'examples' of {where}"
        r.keys(raw, ewhere, (), ("upholds", "violates", "threshold"))
        found: dict[str, tuple[str, ...]] = {}
        for polarity in ("upholds", "violates"):
            items = r.listing(raw, polarity, ewhere)
            texts: list[str] = []
            for eindex, text in enumerate(items or ()):
                assert items is not None
                if isinstance(text, str) and text.strip():
                    texts.append(text)
                else:
                    r.report(
                        "PAR021",
                        f"example {eindex + 1} of {polarity} in {ewhere} must be text / 应为文本",
                        items.item_loc(eindex),
                        "write a short answer a trainee might type, e.g. 我理解您的难处",
                    )
            if texts:
                found[polarity] = tuple(texts)
        threshold = r.typed(raw, "threshold", (int, float), "a number between 0 and 1", ewhere)
        if isinstance(threshold, bool):
            threshold = None
        if threshold is not None and not 0 < threshold <= 1:
            r.report(
                "PAR025",
                f"examples.threshold = {threshold} of {where} is outside 0–1 / 阈值应在 0–1 之间",
                raw.value_loc("threshold"),
                "it is the lowest similarity that counts as a hit (default 0.45)",
            )
            threshold = None
        return found, None if threshold is None else float(threshold)

    principles = r.each(r.listing(top, "principles", "the catalog"), principle, "principles")
    catalog = Catalog(
        areas=areas,
        principles={p.id: p for p in principles},
        version=version,
        negation_words=tuple(words),
        sources=sources,
    )
    return with_titles(catalog), r.diagnostics


def load_catalog(path: str | Path) -> tuple[Catalog | None, list[Diagnostic]]:
    """Load one principle catalog file; None when it has errors (all of them are in the list)."""
    catalog, diags = catalog_from_document(read_document(path))
    return (None if _has_errors(diags) else catalog), diags


def nested_repetition(pattern: str) -> bool:
    """Whether a regular expression has an unbounded repeat inside another one, like `(a+)+`.

    Such patterns backtrack exponentially on text that almost matches; Python's `re` has no
    time limit, so a coach's pattern of this shape could freeze a session. The check walks the
    parsed pattern (the `re` module's own parser); a pattern it cannot parse is left to the
    compile check.
    """
    import re._constants as sre
    import re._parser as sre_parse

    try:
        tree = sre_parse.parse(pattern)
    except (re.error, RecursionError):
        return False
    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT}
    if hasattr(sre, "POSSESSIVE_REPEAT"):
        repeats.add(sre.POSSESSIVE_REPEAT)

    def walk(items: Any, inside: bool) -> bool:
        for op, av in items:
            if op in repeats:
                _, most, sub = av
                unbounded = most == sre.MAXREPEAT or most > 100
                if (unbounded and inside) or walk(sub, inside or unbounded):
                    return True
            elif op == sre.SUBPATTERN:
                if walk(av[3], inside):
                    return True
            elif op == sre.BRANCH:
                if any(walk(branch, inside) for branch in av[1]):
                    return True
            elif op in (sre.ASSERT, sre.ASSERT_NOT) and walk(av[1], inside):
                return True
        return False

    return walk(tree, False)
