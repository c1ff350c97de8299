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

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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

    __slots__ = ("key_locs", "loc", "value_locs")

    def __init__(self, loc: Location) -> None:
        super().__init__()
        self.loc = loc
        # (line, column) pairs, turned into Locations only when asked: most are never needed.
        self.key_locs: dict[Any, tuple[int, int]] = {}
        self.value_locs: dict[Any, tuple[int, int]] = {}

    def key_loc(self, key: Any) -> Location:
        """Where `key` is written (the mapping itself when the key is absent)."""
        place = self.key_locs.get(key)
        return self.loc if place is None else Location(self.loc.path, *place)

    def value_loc(self, key: Any) -> Location:
        """Where the value of `key` starts (the mapping itself when the key is absent)."""
        place = self.value_locs.get(key)
        return self.loc if place is None else Location(self.loc.path, *place)


class YList(list):  # type: ignore[type-arg]
    """A YAML sequence with the location of itself and of each item."""

    __slots__ = ("item_locs", "loc")

    def __init__(self, loc: Location) -> None:
        super().__init__()
        self.loc = loc
        self.item_locs: list[tuple[int, int]] = []

    def item_loc(self, index: int) -> Location:
        """Where item `index` starts."""
        if 0 <= index < len(self.item_locs):
            return Location(self.loc.path, *self.item_locs[index])
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


class _Builder:
    """Turns parser events into located values, stopping at the first structural problem."""

    def __init__(self, path: str) -> None:
        self.path = path

    def loc(self, mark: Any, offset: int = 0) -> Location:
        return Location(self.path, mark.line + 1, mark.column + 1 + offset)

    def fail(self, code: str, message: str, mark: Any, hint: str = "") -> Diagnostic:
        return diagnostic(code, message, self.loc(mark), hint)

    def build(self, text: str) -> tuple[Any, Diagnostic | None]:
        """The single document in `text` as located values, or the problem that stopped it."""
        # Each frame: [container, pending_key, pending_key_loc, is_map]
        stack: list[list[Any]] = []
        root: Any = None
        have_root = False
        path = self.path
        scalar_event = yaml.ScalarEvent
        mapping_start = yaml.MappingStartEvent
        sequence_start = yaml.SequenceStartEvent
        mapping_end = yaml.MappingEndEvent
        sequence_end = yaml.SequenceEndEvent
        nothing = object()
        for event in yaml.parse(text, Loader=_Parser):
            kind = type(event)
            if kind is scalar_event or kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                if event.anchor is not None:
                    return None, self.fail(
                        "PAR006",
                        f"anchor '&{event.anchor}' is not allowed / 不支持锚点",
                        mark,
                        "write the text out in full instead of using &anchors and *aliases",
                    )
                tag = event.tag
                if tag is not None and tag != "!":
                    return None, self.fail(
                        "PAR008",
                        f"YAML tag '{tag}' is not allowed / 不支持 YAML 标签",
                        mark,
                        "remove the tag; write plain values (quote text that looks like a number)",
                    )
                if kind is scalar_event:
                    plain = not event.style
                    value = _scalar(event.value, plain and event.implicit[0])
                    # Point inside quotes so expression columns line up with the text.
                    offset = 1 if event.style in ('"', "'") else 0
                    place = (mark.line + 1, mark.column + 1 + offset)
                else:
                    if len(stack) >= MAX_DEPTH:
                        return None, self.fail(
                            "PAR007",
                            f"nesting deeper than {MAX_DEPTH} levels / 嵌套层数超过 {MAX_DEPTH}",
                            mark,
                            "flatten the structure; Parley files need only a few levels",
                        )
                    place = (mark.line + 1, mark.column + 1)
                    loc = Location(path, *place)
                    value = YMap(loc) if kind is mapping_start else YList(loc)
                if not stack:
                    if have_root:
                        return None, self.fail(
                            "PAR004",
                            "more than one YAML document in the file / 一个文件只能有一个文档",
                            mark,
                            "remove the extra '---' line, or split the file in two",
                        )
                    root, have_root = value, True
                else:
                    frame = stack[-1]
                    container = frame[0]
                    if frame[3]:
                        if frame[1] is nothing:
                            if kind is not scalar_event:
                                return None, self.fail(
                                    "PAR010",
                                    "a mapping key must be plain text / 键必须是文本",
                                    mark,
                                    "write the key as a single word, e.g. `id:`",
                                )
                            if isinstance(value, float):
                                value = event.value
                            if value in container:
                                first = container.key_locs[value]
                                return None, self.fail(
                                    "PAR005",
                                    f"duplicate key '{value}' (first at line {first[0]}) "
                                    f"/ 重复的键",
                                    mark,
                                    "keep one of them: a repeated key would silently replace "
                                    "the first",
                                )
                            frame[1], frame[2] = value, place
                            continue
                        key = frame[1]
                        container[key] = value
                        container.key_locs[key] = frame[2]
                        container.value_locs[key] = place
                        frame[1] = nothing
                    else:
                        container.append(value)
                        container.item_locs.append(place)
                if kind is not scalar_event:
                    stack.append([value, nothing, None, kind is mapping_start])
            elif kind is mapping_end or kind is sequence_end:
                stack.pop()
            elif kind is yaml.AliasEvent:
                return None, self.fail(
                    "PAR006",
                    f"alias '*{event.anchor}' is not allowed / 不支持别名",
                    event.start_mark,
                    "write the text out in full instead of using &anchors and *aliases",
                )
        return root, None


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
    doc.raw = raw
    doc.data, problem = parse_bytes(raw, name)
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
