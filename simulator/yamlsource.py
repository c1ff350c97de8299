"""Safe YAML → plain Python values that remember where in the file they came from.

The file is read as a stream of parser events (libyaml when available) and the values are built
here, never by PyYAML's constructors: no tags, no Python objects, no anchors or aliases (an alias
bomb is refused at its first `*`), no duplicate keys, bounded size and nesting depth. Mappings and
lists come back as `YMap`/`YList` (dict and list subclasses) that carry the positions of their
keys and items; scalars are plain `str`, `int`, `float`, `bool` or `None`.

Booleans follow YAML 1.2: only `true`/`false` are booleans, so `no`, `on` or `yes` in a list of
words stay words (a catalog's negation words include "no").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulator.diagnostics import Diagnostic, diagnostic
from simulator.model import Location

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64


class PurePythonParser(yaml.SafeLoader):
    """PyYAML's pure-Python parser, made to read plain text as libyaml does.

    PyYAML's Python scanner ends a plain scalar at `?` inside `{…}` or `[…]` (a YAML 1.1
    restriction); libyaml and YAML 1.2 do not. So `{zh: 你这是什么态度?, en: …}` loaded with
    libyaml and failed without it: whether a file parsed depended on how PyYAML was installed.
    `scan_plain` below is PyYAML 6's own (MIT licence) with `?` removed from the flow-context
    stop characters; everything else is unchanged.
    """

    def scan_plain(self) -> Any:
        chunks: list[str] = []
        start_mark = self.get_mark()
        end_mark = start_mark
        indent = self.indent + 1  # type: ignore[attr-defined]
        spaces: list[str] = []
        breaks = "\0 \t\r\n\x85\u2028\u2029"
        while True:
            length = 0
            if self.peek() == "#":
                break
            while True:
                ch = self.peek(length)
                if (
                    ch in breaks
                    or (
                        ch == ":"
                        and self.peek(length + 1) in breaks + (",[]{}" if self.flow_level else "")  # type: ignore[attr-defined]
                    )
                    or (self.flow_level and ch in ",[]{}")  # type: ignore[attr-defined]
                ):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if (
                not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent)  # type: ignore[attr-defined]
            ):
                break
        return yaml.tokens.ScalarToken("".join(chunks), True, start_mark, end_mark)


#: libyaml when PyYAML was built with it (fast), else the pure-Python parser above; the two
#: accept the same files (tests/test_yamlsource.py runs the bundled library through both).
_Parser: Any = getattr(yaml, "CSafeLoader", PurePythonParser)
#: The plain safe loader, libyaml's where PyYAML was built with it, for files read as data with
#: no locations needed: the labelled sets (tens of thousands of lines: the pure-Python parser
#: spent half a minute of each evaluation on them) and the catalog's names for `parley history`.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_INT_OTHER = re.compile(r"[-+]?0(x[0-9a-fA-F_]+|o[0-7_]+|b[01_]+)")
_FLOAT = re.compile(
    r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))


class YMap(dict):  # type: ignore[type-arg]
    """A YAML mapping with the location of itself, of each key and of each value."""

    __slots__ = ("_path", "_place", "key_locs", "value_locs")

    def __init__(self, path: str, place: tuple[int, int]) -> None:
        super().__init__()
        # Locations are built only when asked: most are never needed, and a file has thousands.
        self._path = path
        self._place = place
        self.key_locs: dict[Any, tuple[int, int]] = {}
        self.value_locs: dict[Any, tuple[int, int]] = {}

    @property
    def loc(self) -> Location:
        """Where the mapping starts."""
        return Location(self._path, *self._place)

    def key_loc(self, key: Any) -> Location:
        """Where `key` is written (the mapping itself when the key is absent)."""
        place = self.key_locs.get(key)
        return Location(self._path, *(self._place if place is None else place))

    def value_loc(self, key: Any) -> Location:
        """Where the value of `key` starts (the mapping itself when the key is absent)."""
        place = self.value_locs.get(key)
        return Location(self._path, *(self._place if place is None else place))


class YList(list):  # type: ignore[type-arg]
    """A YAML sequence with the location of itself and of each item."""

    __slots__ = ("_path", "_place", "item_locs")

    def __init__(self, path: str, place: tuple[int, int]) -> None:
        super().__init__()
        self._path = path
        self._place = place
        self.item_locs: list[tuple[int, int]] = []

    @property
    def loc(self) -> Location:
        """Where the list starts."""
        return Location(self._path, *self._place)

    def item_loc(self, index: int) -> Location:
        """Where item `index` starts."""
        if 0 <= index < len(self.item_locs):
            return Location(self._path, *self.item_locs[index])
        return self.loc


@dataclass(slots=True)
class Document:
    """One YAML file read: its top-level mapping (None if unusable), raw bytes and problems."""

    path: str
    data: YMap | None
    raw: bytes = b""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _scalar(value: str, plain: bool) -> Any:
    """The Python value of a scalar: quoted ones are always text."""
    if not plain:
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.fullmatch(value):
            return int(value.replace("_", ""))
        if _INT_OTHER.fullmatch(value):
            return int(value.replace("_", ""), 0)
        if _FLOAT.fullmatch(value):
            low = value.lower()
            if low.endswith(".inf"):
                return float("-inf") if low.startswith("-") else float("inf")
            if low.endswith(".nan"):
                return float("nan")
            return float(value.replace("_", ""))
    return value


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index` in `text`."""
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return line, index - start + 1


_ORDINARY = frozenset((*_NULLS, *_TRUE, *_FALSE))
_NUMBERISH = frozenset("0123456789+-.")


class _Builder:
    """Turns parser events into located values, stopping at the first structural problem."""

    def __init__(self, path: str) -> None:
        self.path = path

    def loc(self, mark: Any, offset: int = 0) -> Location:
        return Location(self.path, mark.line + 1, mark.column + 1 + offset)

    def fail(self, code: str, message: str, mark: Any, hint: str = "") -> Diagnostic:
        return diagnostic(code, message, self.loc(mark), hint)

    def refuse(self, event: Any) -> Diagnostic | None:
        """The problem with an event's anchor or tag, if it has one."""
        if event.anchor is not None:
            return self.fail(
                "PAR006",
                f"anchor '&{event.anchor}' is not allowed / 不支持锚点",
                event.start_mark,
                "write the text out in full instead of using &anchors and *aliases",
            )
        tag = event.tag
        if tag is not None and tag != "!":
            return self.fail(
                "PAR008",
                f"YAML tag '{tag}' is not allowed / 不支持 YAML 标签",
                event.start_mark,
                "remove the tag; write plain values (quote text that looks like a number)",
            )
        return None

    def build(self, text: str) -> tuple[Any, Diagnostic | None]:
        """The single document in `text` as located values, or the problem that stopped it."""
        # This loop runs once per YAML event (thousands per file), so it keeps the state of the
        # open container in locals and pushes it on `stack` only when a new one opens.
        parser = _Parser(text)
        try:
            return self._events(parser.get_event)
        finally:
            parser.dispose()

    def _events(self, next_event: Any) -> tuple[Any, Diagnostic | None]:
        path = self.path
        scalar_event = yaml.ScalarEvent
        mapping_start = yaml.MappingStartEvent
        sequence_start = yaml.SequenceStartEvent
        mapping_end = yaml.MappingEndEvent
        sequence_end = yaml.SequenceEndEvent
        stream_end = yaml.StreamEndEvent
        ordinary = _ORDINARY
        numberish = _NUMBERISH
        nothing = object()
        stack: list[tuple[Any, bool, Any, Any]] = []
        container: Any = None  # the open mapping or list; None at the top level
        is_map = False
        key: Any = nothing  # the mapping's key waiting for its value
        key_place: Any = None
        root: Any = nothing
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    problem = self.refuse(event)
                    if problem is not None:
                        return None, problem
                mark = event.start_mark
                value = event.value
                style = event.style
                if style:
                    # Point inside quotes so expression columns line up with the text.
                    offset = 2 if style == '"' or style == "'" else 1
                    place = (mark.line + 1, mark.column + offset)
                else:
                    place = (mark.line + 1, mark.column + 1)
                    if not value or (
                        event.implicit[0] and (value[0] in numberish or value in ordinary)
                    ):
                        value = _scalar(value, bool(event.implicit[0]))
                if is_map:
                    if key is nothing:
                        if isinstance(value, float):
                            value = event.value
                        if value in container:
                            first = container.key_locs[value]
                            return None, self.fail(
                                "PAR005",
                                f"duplicate key '{value}' (first at line {first[0]}) / 重复的键",
                                mark,
                                "keep one of them: a repeated key would silently replace the first",
                            )
                        key, key_place = value, place
                        continue
                    container[key] = value
                    container.key_locs[key] = key_place
                    container.value_locs[key] = place
                    key = nothing
                elif container is not None:
                    container.append(value)
                    container.item_locs.append(place)
                elif root is nothing:
                    root = value
                else:
                    return None, self._second_document(mark)
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    problem = self.refuse(event)
                    if problem is not None:
                        return None, problem
                mark = event.start_mark
                if len(stack) >= MAX_DEPTH:
                    return None, self.fail(
                        "PAR007",
                        f"nesting deeper than {MAX_DEPTH} levels / 嵌套层数超过 {MAX_DEPTH}",
                        mark,
                        "flatten the structure; Parley files need only a few levels",
                    )
                place = (mark.line + 1, mark.column + 1)
                value = YMap(path, place) if kind is mapping_start else YList(path, place)
                if is_map:
                    if key is nothing:
                        return None, self.fail(
                            "PAR010",
                            "a mapping key must be plain text / 键必须是文本",
                            mark,
                            "write the key as a single word, e.g. `id:`",
                        )
                    container[key] = value
                    container.key_locs[key] = key_place
                    container.value_locs[key] = place
                    key = nothing
                elif container is not None:
                    container.append(value)
                    container.item_locs.append(place)
                elif root is nothing:
                    root = value
                else:
                    return None, self._second_document(mark)
                stack.append((container, is_map, key, key_place))
                container, is_map, key = value, kind is mapping_start, nothing
            elif kind is mapping_end or kind is sequence_end:
                container, is_map, key, key_place = stack.pop()
            elif kind is yaml.AliasEvent:
                return None, self.fail(
                    "PAR006",
                    f"alias '*{event.anchor}' is not allowed / 不支持别名",
                    event.start_mark,
                    "write the text out in full instead of using &anchors and *aliases",
                )
            elif kind is stream_end or event is None:
                return (None if root is nothing else root), None

    def _second_document(self, mark: Any) -> Diagnostic:
        return self.fail(
            "PAR004",
            "more than one YAML document in the file / 一个文件只能有一个文档",
            mark,
            "remove the extra '---' line, or split the file in two",
        )


def read_document(path: str | Path) -> Document:
    """Read and parse one YAML file; the document's `data` is None when it cannot be used."""
    name = str(path)
    here = Location(name, 1, 1)
    doc = Document(name, None)
    try:
        p = Path(path)
        size = p.stat().st_size
        if not p.is_file():
            doc.diagnostics.append(
                diagnostic("PAR001", "not a regular file / 不是普通文件", here, "give a .yaml file")
            )
            return doc
        if size > MAX_BYTES:
            doc.diagnostics.append(
                diagnostic(
                    "PAR002",
                    f"file is {size / 1048576:.1f} MB, over the {MAX_BYTES // 1048576} MB limit "
                    f"/ 文件过大",
                    here,
                    "split it into several files; a scenario is usually a few kB",
                )
            )
            return doc
        with p.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        doc.diagnostics.append(
            diagnostic(
                "PAR001",
                f"cannot read file / 无法读取文件: {exc.strerror or exc}",
                here,
                "check the path and the file's permissions",
            )
        )
        return doc
    if len(raw) > MAX_BYTES:  # the file grew after stat
        doc.diagnostics.append(
            diagnostic("PAR002", "file is over the 5 MB limit / 文件过大", here, "split it")
        )
        return doc
    return document_from_bytes(name, raw)


def document_from_bytes(path: str, raw: bytes) -> Document:
    """The document in `raw`, the bytes of the file `path` (already read, within the limit)."""
    doc = Document(path, None, raw)
    doc.data, problem = parse_bytes(raw, path)
    if problem is not None:
        doc.diagnostics.append(problem)
    return doc


def parse_bytes(raw: bytes, path: str) -> tuple[YMap | None, Diagnostic | None]:
    """Parse `raw` as one YAML mapping; return it, or None and the problem."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        return None, diagnostic(
            "PAR003",
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}) / 不是 UTF-8 文本",
            Location(path, line, col),
            "save the file as UTF-8; if it is not a YAML file, leave it out of the folder",
        )
    bad = _CONTROL.search(text)
    if bad is not None:
        line, col = _line_col(text, bad.start())
        return None, diagnostic(
            "PAR003",
            f"control character U+{ord(bad.group()):04X} in text / 文件含有控制字符 (binary?)",
            Location(path, line, col),
            "save the file as plain UTF-8 text; binary files cannot be scenarios",
        )
    try:
        value, problem = _Builder(path).build(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1, 1)
        what = exc.problem or "invalid YAML"
        if "nesting depth" in what:  # libyaml's own limit (1000) met before ours
            return None, diagnostic(
                "PAR007",
                f"nesting deeper than {MAX_DEPTH} levels / 嵌套层数超过 {MAX_DEPTH}",
                loc,
                "flatten the structure; Parley files need only a few levels",
            )
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            # PyYAML's own words ("cannot start any token") do not say the culprit is a tab
            return None, diagnostic(
                "PAR004",
                "a tab character here: YAML indents with spaces only "
                "/ YAML 只能用空格缩进，不能用 Tab",
                loc,
                "replace the tab with spaces (set your editor to insert spaces for Tab)",
            )
        opened = exc.context_mark
        if opened is not None and "quoted scalar" in (exc.context or "") and "end of" in what:
            # PyYAML finds out at the end of the file; the coach's mistake is where the quote
            # opens (a cold tryout was sent to line 8 of a 7-line file for a quote on line 2)
            q = text[opened.index : opened.index + 1] or '"'
            return None, diagnostic(
                "PAR004",
                f"the quote {q} opened here is never closed / 这里的引号 {q} 没有闭合",
                Location(path, opened.line + 1, opened.column + 1),
                f"add the closing {q} at the end of this text, or use Chinese quotes “” "
                "which need no quoting",
            )
        plain = _in_coach_words(text, mark, what) if mark is not None else None
        if plain is not None:
            return None, diagnostic("PAR004", plain[0], loc, plain[1])
        context = f" ({exc.context})" if exc.context else ""
        return None, diagnostic(
            "PAR004",
            f"YAML syntax error / YAML 语法错误: {what}{context}",
            loc,
            "check indentation, colons and quotes near this place; text containing ': ' or "
            "starting with a symbol needs quotes",
        )
    except yaml.YAMLError as exc:
        return None, diagnostic(
            "PAR004", f"YAML error / YAML 错误: {exc}", Location(path, 1, 1), "fix the YAML"
        )
    except RecursionError:
        return None, diagnostic(
            "PAR007", "nesting too deep / 嵌套过深", Location(path, 1, 1), "flatten the structure"
        )
    if problem is not None:
        return None, problem
    if not isinstance(value, YMap):
        what = {YList: "a list", type(None): "empty"}.get(type(value), "a single value")
        return None, diagnostic(
            "PAR009",
            f"the file is {what}, not a mapping of keys / 文件顶层必须是键值映射",
            value.loc if isinstance(value, YList) else Location(path, 1, 1),
            "start the file with keys such as `id: …` (see docs/authoring.md)",
        )
    return value, None


def _unclosed_bracket(lines: list[str]) -> tuple[int, str] | None:
    """The last line (1-based) whose [ or { is still open at the end of `lines`, and that
    bracket; brackets inside quotes and after a comment mark do not count."""
    stack: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        quote = ""
        for i, c in enumerate(line):
            if quote:
                if c == quote:
                    quote = ""
            elif c in "\"'" and (i == 0 or line[i - 1] in " [{,:"):
                quote = c
            elif c == "#" and (i == 0 or line[i - 1] == " "):
                break
            elif c in "[{":
                stack.append((number, c))
            elif c in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


_QUOTED_START = re.compile(r"^\s*(?:-\s+)?(?:[^\s:#][^:#]*:\s+)?(?P<q>[\"'])")


def _in_coach_words(text: str, mark: Any, what: str) -> tuple[str, str] | None:
    """PyYAML's "did not find expected key / '-' indicator", said as what the coach did.

    Three mistakes give those words: text after a closing quote (`zh: "好" 的说法`: the value
    ended at the second `"`), a list or mapping in brackets left open above (`[a, b` with no `]`),
    and a line indented differently from the keys or items above it.
    """
    if "did not find expected" not in what and "expected ',' or" not in what:
        return None
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return None
    line = lines[mark.line]
    before = line[: mark.column]
    quoted = _QUOTED_START.match(line)
    if quoted is not None and quoted.end() <= mark.column and before.count(quoted.group("q")) >= 2:
        q = quoted.group("q")
        other = "'" if q == '"' else '"'
        return (
            f"text after a closing quote: a value that starts with {q} ends at the next {q}, "
            f"so '{line[mark.column :].strip()}' is left over / 引号后面还有文字",
            f"quote the whole text with the other kind of quote ({other}{q}好{q} 的说法{other}), "
            "or use Chinese quotes “” which need no quoting",
        )
    opened = _unclosed_bracket(lines[: mark.line])
    if opened is not None:
        number, bracket = opened
        closing = "]" if bracket == "[" else "}"
        return (
            f"the {bracket} opened on line {number} is never closed, so the lines after it are "
            f"read as part of it / 第 {number} 行的 {bracket} 没有配对的 {closing}",
            f"add the missing {closing} at the end of line {number}'s list",
        )
    indent = len(line) - len(line.lstrip(" "))
    if mark.column == indent:
        above = next(
            (
                len(prev) - len(prev.lstrip(" "))
                for prev in reversed(lines[: mark.line])
                if prev.strip() and not prev.lstrip().startswith("#")
            ),
            0,
        )
        if above == indent:
            return _list_and_keys_mixed(lines, mark.line, indent)
        return (
            f"this line is indented {indent} spaces and does not line up with the lines above "
            f"(the previous line: {above}) / 缩进与上文不一致",
            "a key starts in the same column as the other keys of its mapping, a list item's "
            "`- ` in the same column as the other items; use spaces only",
        )
    return None


def _list_and_keys_mixed(lines: list[str], at: int, indent: int) -> tuple[str, str] | None:
    """A key among list items, or a list item among keys, in the same column: one block is
    either a list or a mapping (`examples:` then `- 好的` then `en: […]`, a coach's cold tryout:
    PyYAML said only "did not find expected '-' indicator", a line below the mistake)."""
    line = lines[at].strip()
    above = next(
        (
            (number + 1, prev.strip())
            for number, prev in reversed(list(enumerate(lines[:at])))
            if prev.strip()
            and not prev.lstrip().startswith("#")
            and len(prev) - len(prev.lstrip(" ")) == indent
        ),
        None,
    )
    if above is None:
        return None
    number, prev = above
    item_above = prev.startswith("- ") or prev == "-"
    item_here = line.startswith("- ") or line == "-"
    if item_above == item_here:
        return None
    if item_above:
        return (
            f"'{line.split(':')[0]}:' is a key, but the line {number} above it in the same column "
            "is a list item (`- …`): one block is either a list or keys, not both "
            f"/ 第 {number} 行是列表项，这一行却是键，同一层不能混用",
            "turn the list item back into what the block holds (for an option's examples: "
            "`zh: [说法一, 说法二]`), or indent the list under a key of its own",
        )
    return (
        f"a list item (`- …`) where the line {number} above it in the same column is a key: "
        "one block is either a list or keys, not both "
        f"/ 第 {number} 行是键，这一行却是列表项，同一层不能混用",
        "put the item under the key it belongs to, indented (`zh:` then `  - 说法`), or write "
        "it as a key",
    )
