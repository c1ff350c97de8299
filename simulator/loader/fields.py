"""Shared field readers: one file's mappings read key by key, every problem recorded."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from simulator import expressions
from simulator.diagnostics import Diagnostic, diagnostic
from simulator.expressions import Expression, ExpressionError, ValueType
from simulator.model import Location, Text
from simulator.punctuation import excerpt, full_width, half_width_spots, spaced_spots
from simulator.yamlsource import Document, YList, YMap

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
IMPLICIT_VARS = ("trust", "patience")
EMPTY_TEXT = Text("", "")


def kind_of(value: Any) -> str:
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


#: Other names a coach may give the two languages, and the key each means.
_LANGUAGE_KEYS = {
    key: f"did you mean '{lang}'?"
    for lang, keys in (
        ("zh", ("cn", "ch", "chinese", "zh-cn", "zh_cn")),
        ("en", ("eng", "english")),
    )
    for key in keys
}


class FieldReader:
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
                f"'{key}' in {where} must be {what}, not {kind_of(value)} / 类型错误",
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
        if value is not None and not ID_PATTERN.fullmatch(value):
            self.check_id(value, m.value_loc(key), where)
        return value

    def check_id(self, value: str, loc: Location, where: str) -> None:
        if not ID_PATTERN.fullmatch(value):
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
                    # "eng:", "cn:": a misspelt language first; else the usual cause, a comma
                    # inside {…} that ended the text
                    meant = did_you_mean(str(key), ("zh", "en")) or _LANGUAGE_KEYS.get(str(key))
                    self.report(
                        "PAR022",
                        f"unknown key '{key}' in {label} / 未知的键",
                        value.key_loc(key),
                        meant
                        or "only `zh:` and `en:` belong here; inside {…} a comma ends the text, "
                        "so quote text with commas or use the Chinese comma ，",
                    )
            zh = self.typed(value, "zh", str, "text", label) or ""
            en = self.typed(value, "en", str, "text", label) or ""
            zh_loc = value.value_loc("zh")
        else:
            self.report(
                "PAR021",
                f"{label} must be a text {{zh: …, en: …}}, not {kind_of(value)} / 类型错误",
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
        self.punctuation(zh, zh_loc, label)

    def punctuation(self, zh: str, loc: Location, label: str) -> None:
        """Warn about half-width punctuation in Chinese text (PAR060), showing the fixed text,
        and about a space after full-width punctuation (PAR064)."""
        spaced = spaced_spots(zh)
        if spaced:
            self.report(
                "PAR064",
                f"a space after Chinese punctuation in the Chinese text of {label} "
                f"(«{excerpt(zh, spaced[0])}») / 中文标点后多了空格",
                loc,
                "in a folded `>-` block a line break becomes a space: end the line at an English "
                "word, or keep the Chinese sentence on one line",
            )
        spots = half_width_spots(zh)
        if not spots:
            return
        marks = " ".join(dict.fromkeys(f"'{zh[i]}'" for i in spots))
        first = spots[0]
        self.report(
            "PAR060",
            f"half-width punctuation {marks} in the Chinese text of {label} "
            f"({len(spots)}×, first at «{excerpt(zh, first)}») / 中文里用了半角标点",
            loc,
            f"write full-width marks ， ： ？ ！ ； （ ）: «{full_width(excerpt(zh, first))}»",
        )

    def text(self, m: YMap, key: str, where: str, need_en: bool = False) -> Text | None:
        if key not in m:
            return None
        value = m[key]
        # The usual complete {zh, en} pair needs no location and no message: build neither.
        if type(value) is YMap and len(value) == 2:
            zh, en = value.get("zh"), value.get("en")
            if type(zh) is str and type(en) is str and zh.strip() and en.strip():
                if half_width_spots(zh) or spaced_spots(zh):
                    self.punctuation(zh, value.value_loc("zh"), f"'{key}' of {where}")
                return Text(zh, en)
        return self.text_value(value, m.value_loc(key), f"'{key}' of {where}", need_en)

    # -- expressions ---------------------------------------------------------------------------

    def expression(self, value: Any, loc: Location, where: str) -> Expression | None:
        """Parse a condition or assignment, reporting a syntax error at its column."""
        if value is None or not isinstance(value, str | int | bool) or isinstance(value, float):
            self.report(
                "PAR021",
                f"{where} must be an expression such as `trust >= 50`, not {kind_of(value)}",
                loc,
                "write the condition as text, e.g. `if: trust >= 50 and not asked_why`",
            )
            return None
        try:
            return expressions.parse(value)
        except ExpressionError as exc:
            said = re.search(r"\((did you mean [^)]*|compare with [^)]*|use [^)]*)\)", exc.message)
            self.report(
                "PAR026",
                f"{where}: {exc.message} / 表达式语法错误",
                shift(loc, exc.column),
                said.group(1)
                if said
                else "use numbers, true/false, variable names, + -, < <= > >= == !=, and/or/not",
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
                shift(loc, found.start() + 1 if found else 1),
                did_you_mean(name, types) or "declare it under `variables:`",
            )
        if missing:
            return None
        try:
            got = expr.result_type(types)
        except ExpressionError as exc:
            self.report(
                "PAR030",
                f"{where}: {exc.message} / 表达式类型错误",
                shift(loc, exc.column),
                "compare numbers with < <= > >= == !=; combine true/false with and/or/not; "
                "a flag is tested by its name (`asked_why`, `not asked_why`)",
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

    def option_ids(
        self, m: YMap, key: str, where: str, noun: str = "an option id"
    ) -> tuple[str, ...]:
        """`after:`/`chose:`/`avoided:`: one option id or a list of them (checked later against
        the scenario's options, PAR061); `kept:`/`broke:` name principles (`noun`, PAR042)."""
        if key not in m:
            return ()
        value = m[key]
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            self.report(
                "PAR021",
                f"'{key}' in {where} must be {noun} or a list of them, not {kind_of(value)}",
                m.value_loc(key),
                f"write `{key}: [{noun.split()[-2]}_id, …]`",
            )
            return ()
        out: list[str] = []
        for index, item in enumerate(items):
            if isinstance(item, str) and item.strip():
                out.append(item)
            else:
                loc = items.item_loc(index) if isinstance(items, YList) else m.value_loc(key)
                self.report("PAR021", f"item {index + 1} of '{key}' in {where} must be {noun}", loc)
        return tuple(out)

    def text_list(self, m: YMap, key: str, where: str) -> tuple[Text, ...]:
        """A text, or a list of texts (`reaction:` with several ways of saying it)."""
        if key not in m:
            return ()
        value = m[key]
        if not isinstance(value, YList | YMap):
            self.report(
                "PAR021",
                f"'{key}' of {where} must be a text {{zh: …, en: …}} or a list of them, "
                f"not {kind_of(value)} / 类型错误",
                m.value_loc(key),
                f"write `{key}: {{zh: 中文, en: English}}`, or a list: one `- {{zh: …, en: …}}` "
                "per line under it",
            )
            return ()
        if not isinstance(value, YList):
            found = self.text(m, key, where)
            return (found,) if found is not None else ()
        if not value:
            self.report(
                "PAR025",
                f"'{key}' in {where} is an empty list / 不能为空",
                m.value_loc(key),
                f"give at least one `{{zh: …, en: …}}` in the list, or delete the `{key}:` line",
            )
        out = []
        for index, item in enumerate(value):
            found = self.text_value(
                item, value.item_loc(index), f"{key} {index + 1} of {where}", False
            )
            if found is not None:
                out.append(found)
        return tuple(out)

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
                    f"item {index + 1} of {label} must be a mapping, "
                    f"not {kind_of(item)} / 类型错误",
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


def shift(loc: Location, column: int) -> Location:
    """The location `column - 1` characters to the right of `loc` (an expression's column)."""
    return Location(loc.path, loc.line, loc.column + max(column, 1) - 1)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def content_hash(doc: Document) -> str:
    return hashlib.sha256(doc.raw).hexdigest()
