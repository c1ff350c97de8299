"""Twine round trip: a scenario as a Twee 3 story, and a Twee 3 story back as scenario YAML.

Export writes one passage per node and per ending (named by its id), links for every option
branch and scenario rule so Twine draws the map, and a `parley-scenario` passage with the
scenario-wide fields. Twine's importer keeps only the position and size of a passage's metadata
block, so everything Parley needs lives in the passage itself: tags (`parley-node`,
`parley-ending`, the ending kind, `parley-trap`, `parley-red-line`, the principles its options
touch) for finding and colouring passages in Twine, and a fenced block (```` ```parley ````) in
the body holding the passage's YAML exactly as in a scenario file. The fenced block is the
source of truth on import; the prose and links above it are regenerated on every export.
Harlowe (Twine's default story format) shows a backtick block verbatim, so the YAML is safe
there too.

Spec: iftechfoundation/twine-specs, twee-3-specification.md.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from simulator.model import DEFAULT_MOODS, Ending, Node, Option, Scenario, Text
from simulator.yamlsource import YList, YMap, parse_bytes

META_PASSAGE = "parley-scenario"
NODE_TAG = "parley-node"
ENDING_TAG = "parley-ending"
META_TAG = "parley-scenario"
FENCE_INFO = "parley"
#: Story format named in StoryData; Twine opens the story with it (any format imports fine).
STORY_FORMAT = ("Harlowe", "3.3.9")
TAG_COLORS = {
    NODE_TAG: "blue",
    "parley-success": "green",
    "parley-partial": "yellow",
    "parley-fail": "red",
    "parley-trap": "orange",
    "parley-red-line": "red",
    META_TAG: "purple",
}
_IFID_NAMESPACE = uuid.UUID("6f1d3a52-8a43-4c41-9a55-7e3b2f0c9d10")
_HEADER = re.compile(r"^::(?P<rest>.*)$")


class TweeError(ValueError):
    """A Twee file that cannot be turned back into a scenario, with the line at fault."""

    def __init__(self, path: str, line: int, message: str, hint: str = "") -> None:
        self.path, self.line, self.message, self.hint = path, line, message, hint
        text = f"{path}:{line}: {message}"
        if hint:
            text += f"\n    hint: {hint}"
        super().__init__(text)


# ---------------------------------------------------------------------------------------------
# The model as YAML-ready data (the same shape as a scenario file)


def _text(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en} if text.en else {"zh": text.zh}


def _constant(source: str) -> Any:
    """An assignment as YAML writes it: `true`, `false` and numbers as themselves, so a
    round trip gives `set: {asked: true}` back and not the string 'true'."""
    if source in ("true", "false"):
        return source == "true"
    if re.fullmatch(r"-?\d+", source.strip()):
        return int(source)
    return source


def _option_data(option: Option) -> dict[str, Any]:
    data: dict[str, Any] = {"id": option.id, "text": _text(option.text)}
    if option.condition is not None:
        data["if"] = option.condition
    if option.examples:
        data["examples"] = {lang: list(items) for lang, items in option.examples.items()}
    if option.unlike:
        data["unlike"] = {lang: list(items) for lang, items in option.unlike.items()}
    if option.principles:
        data["principles"] = dict(option.principles)
    if option.effects:
        data["effects"] = dict(option.effects)
    if option.assign:
        data["set"] = {name: _constant(src) for name, src in option.assign.items()}
    if option.feedback.zh or option.feedback.en:
        data["feedback"] = _text(option.feedback)
    if option.trap:
        data["trap"] = True
    if option.red_line:
        data["red_line"] = True
    if option.reply is not None:
        data["reply"] = _text(option.reply)
    branches = option.branches
    if len(branches) == 1 and branches[0].condition is None:
        data["next"] = branches[0].target
    else:
        data["next"] = [
            {"if": b.condition, "goto": b.target} if b.condition is not None else {"goto": b.target}
            for b in branches
        ]
    return data


def node_data(node: Node) -> dict[str, Any]:
    """A node as it is written in a scenario file."""
    data: dict[str, Any] = {"client": _text(node.client)}
    if node.speaker is not None:
        data["speaker"] = _text(node.speaker)
    if node.narration is not None:
        data["narration"] = _text(node.narration)
    if node.variants:
        variants = []
        for variant in node.variants:
            item: dict[str, Any] = {}
            if variant.mood is not None:
                item["mood"] = variant.mood
            if variant.condition is not None:
                item["if"] = variant.condition
            for key in ("after", "chose", "avoided"):
                if getattr(variant, key):
                    item[key] = list(getattr(variant, key))
            if variant.speaker is not None:
                item["speaker"] = _text(variant.speaker)
            if variant.narration is not None:
                item["narration"] = _text(variant.narration)
            item.update(_text(variant.text))
            variants.append(item)
        data["variants"] = variants
    data["options"] = [_option_data(o) for o in node.options]
    return data


def ending_data(ending: Ending) -> dict[str, Any]:
    """An ending as it is written in a scenario file."""
    data: dict[str, Any] = {"kind": ending.kind, "title": _text(ending.title)}
    if ending.narration is not None:
        data["narration"] = _text(ending.narration)
    if ending.speaker is not None:
        data["speaker"] = _text(ending.speaker)
    if ending.client is not None:
        data["client"] = _text(ending.client)
    if ending.paragraphs:
        paragraphs = []
        for paragraph in ending.paragraphs:
            item: dict[str, Any] = {}
            if paragraph.condition is not None:
                item["if"] = paragraph.condition
            for key in ("chose", "avoided", "kept", "broke"):
                if getattr(paragraph, key):
                    item[key] = list(getattr(paragraph, key))
            item.update(_text(paragraph.text))
            paragraphs.append(item)
        data["debrief"] = paragraphs
    else:
        data["debrief"] = _text(ending.debrief)
    return data


def header_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario-wide fields (everything but nodes and endings)."""
    data: dict[str, Any] = {
        "id": scenario.id,
        "title": _text(scenario.title),
        "family": scenario.family,
        "difficulty": scenario.difficulty,
        "persona": scenario.persona,
        "briefing": _text(scenario.briefing),
        "objective": _text(scenario.objective),
        "principles_in_focus": list(scenario.principles_in_focus),
    }
    variables: dict[str, Any] = {}
    for name, var in scenario.variables.items():
        spec: dict[str, Any] = {}
        if not var.from_persona:
            spec["initial"] = var.initial
        if not var.is_flag and (var.minimum, var.maximum) != (0, 100):
            spec["min"], spec["max"] = var.minimum, var.maximum
        if spec or not var.from_persona:
            variables[name] = spec
    if variables:
        data["variables"] = variables
    if scenario.rules:
        data["rules"] = [{"id": r.id, "if": r.condition, "goto": r.target} for r in scenario.rules]
    if tuple(scenario.moods) != DEFAULT_MOODS:
        data["moods"] = [
            {"id": m.id, "if": m.condition, "label": _text(m.label)} for m in scenario.moods
        ]
    if not scenario.shuffle_options:
        data["shuffle_options"] = False
    if scenario.understanding:
        data["understanding"] = dict(scenario.understanding)
    if scenario.rubric_version != 1:
        data["rubric_version"] = scenario.rubric_version
    if scenario.looks_like:
        data["looks_like"] = {pid: _text(text) for pid, text in scenario.looks_like.items()}
    data["start"] = scenario.start
    return data


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# ---------------------------------------------------------------------------------------------
# Export


def _source_blocks(scenario: Scenario) -> dict[str, str]:
    """The YAML text of each node and ending, and of the header ("" key), as written in the
    scenario's file — comments and all — when the file is there and unchanged since loading.

    A node's text is the lines under its key up to the next node (dedented); a node written on
    its key's line (`a: {…}`) or not in the file (copied from a dialogue) is left out, and its
    block is generated from the model instead.
    """
    import hashlib
    from pathlib import Path

    from simulator.yamlsource import document_from_bytes

    try:
        raw = Path(scenario.path).read_bytes() if scenario.path else b""
    except OSError:
        return {}
    if not raw or hashlib.sha256(raw).hexdigest() != scenario.content_hash:
        return {}
    doc = document_from_bytes(scenario.path, raw)
    top = doc.data
    if top is None:
        return {}
    lines = raw.decode("utf-8-sig").splitlines()
    top_keys = list(top)
    starts = [top.key_loc(k).line for k in top_keys]
    blocks: dict[str, str] = {}

    def end_of(section: str) -> int:
        index = top_keys.index(section)
        return starts[index + 1] - 1 if index + 1 < len(starts) else len(lines)

    for section in ("nodes", "endings"):
        items = top.get(section)
        if not isinstance(items, YMap):
            continue
        keys = list(items)
        for index, key in enumerate(keys):
            first = items.key_loc(key).line
            last = (
                items.key_loc(keys[index + 1]).line - 1
                if index + 1 < len(keys)
                else end_of(section)
            )
            head = lines[first - 1]
            if head.split("#", 1)[0].rstrip().endswith(":") is False:
                continue  # the value is on the key's line
            body = lines[first:last]
            while body and not body[-1].strip():
                body.pop()
            indent = min((len(b) - len(b.lstrip(" ")) for b in body if b.strip()), default=0)
            blocks[str(key)] = "\n".join(b[indent:] for b in body) + "\n"
    header = [
        lines[starts[i] - 1 : (starts[i + 1] - 1 if i + 1 < len(starts) else len(lines))]
        for i, key in enumerate(top_keys)
        if key not in ("nodes", "endings")
    ]
    text = "\n".join(line for part in header for line in part).strip("\n")
    if text and not text.startswith("# yaml-language-server"):
        blocks[""] = text + "\n"
    elif text:
        blocks[""] = text.split("\n", 1)[1] + "\n" if "\n" in text else ""
    return blocks


def _fenced_text(body: str) -> str:
    fence = "```"
    while fence in body:
        fence += "`"
    return f"{fence}{FENCE_INFO}\n{body}{fence}"


def _block_for(blocks: Mapping[str, str], key: str, data: Mapping[str, Any]) -> str:
    """The fenced block of a passage: the file's own text when it says the same as `data`."""
    text = blocks.get(key)
    if text:
        parsed, problem = parse_bytes(text.encode("utf-8"), "<block>")
        if problem is None and _plain(parsed) == _plain(json.loads(json.dumps(dict(data)))):
            return _fenced_text(text)
    return _fenced(data)


def _fenced(data: Mapping[str, Any]) -> str:
    body = _dump(dict(data))
    fence = "```"
    while fence in body:  # a longer fence than any run of backticks inside
        fence += "`"
    return f"{fence}{FENCE_INFO}\n{body}{fence}"


def _escape(name: str) -> str:
    return re.sub(r"([\\\[\]{}])", r"\\\1", name)


def _layout(scenario: Scenario) -> dict[str, tuple[int, int]]:
    """Passage positions: columns by distance from the start, so Twine's map reads left to right."""
    depth = {scenario.start: 0}
    queue = [scenario.start]
    while queue:
        current = queue.pop(0)
        node = scenario.nodes.get(current)
        if node is None:
            continue
        for option in node.options:
            for branch in option.branches:
                if branch.target not in depth:
                    depth[branch.target] = depth[current] + 1
                    queue.append(branch.target)
    last = max(depth.values(), default=0) + 1
    rows: dict[int, int] = {}
    places = {}
    for ident in (*scenario.nodes, *scenario.endings):
        column = depth.get(ident, last)
        row = rows.get(column, 0)
        rows[column] = row + 1
        places[ident] = (150 + 250 * column, 100 + 175 * row)
    return places


def _passage(name: str, tags: list[str], place: tuple[int, int], body: str) -> str:
    meta = json.dumps({"position": f"{place[0]},{place[1]}", "size": "100,100"})
    tag_block = f" [{' '.join(tags)}]" if tags else ""
    return f":: {_escape(name)}{tag_block} {meta}\n{body}\n"


def export_twee(scenario: Scenario) -> str:
    """The scenario as a Twee 3 story that Twine 2.6+ imports, one passage per node and ending."""
    ifid = str(uuid.uuid5(_IFID_NAMESPACE, scenario.id)).upper()
    story_data = {
        "ifid": ifid,
        "format": STORY_FORMAT[0],
        "format-version": STORY_FORMAT[1],
        "start": scenario.start,
        "tag-colors": TAG_COLORS,
        "zoom": 1,
    }
    places = _layout(scenario)
    blocks = _source_blocks(scenario)
    title = scenario.title.zh + (f" / {scenario.title.en}" if scenario.title.en else "")
    parts = [
        f":: StoryTitle\n{title}\n",
        f":: StoryData\n{json.dumps(story_data, ensure_ascii=False, indent=2)}\n",
        _passage(
            META_PASSAGE,
            [META_TAG],
            (150, 20),
            "Parley 场景设置（勿删）/ Parley scenario settings (keep this passage).\n\n"
            + _block_for(blocks, "", header_data(scenario)),
        ),
    ]
    rule_links = [f"[[⟲ {r.id}->{r.target}]]" for r in scenario.rules]
    for node in scenario.nodes.values():
        tags = [NODE_TAG]
        if any(o.trap for o in node.options):
            tags.append("parley-trap")
        if any(o.red_line for o in node.options):
            tags.append("parley-red-line")
        principles = dict.fromkeys(p for o in node.options for p in o.principles)
        tags += [f"principle-{p}" for p in principles]
        links = []
        for option in node.options:
            mark = "⛔ " if option.red_line else "⚠ " if option.trap else ""
            if option.condition is not None:
                mark += "◇ "  # offered only while its `if:` holds
            for branch in option.branches:
                cond = " ?" if branch.condition is not None else ""
                links.append(f"[[{mark}{option.id}{cond}->{branch.target}]]")
        prose = node.client.zh + (f"\n{node.client.en}" if node.client.en else "")
        block = _block_for(blocks, node.id, node_data(node))
        body = "\n".join([prose, "", *links, *rule_links, "", block])
        parts.append(_passage(node.id, tags, places[node.id], body))
    for ending in scenario.endings.values():
        tags = [ENDING_TAG, f"parley-{ending.kind}"]
        prose = f"{ending.title.zh} / {ending.title.en} ({ending.kind})"
        body = "\n".join([prose, "", _block_for(blocks, ending.id, ending_data(ending))])
        parts.append(_passage(ending.id, tags, places[ending.id], body))
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Import


@dataclass(frozen=True, slots=True)
class _Passage:
    name: str
    tags: tuple[str, ...]
    line: int  # of the header, 1-based
    body: list[str]  # content lines


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _split_header(rest: str) -> tuple[str, tuple[str, ...]]:
    """Name and tags of a header line (after `::`); the metadata block is ignored."""
    text = rest.strip()
    name_end = len(text)
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char in "[{":
            name_end = index
            break
        index += 1
    name = _unescape(text[:name_end].strip())
    tags: tuple[str, ...] = ()
    after = text[name_end:].lstrip()
    if after.startswith("["):
        close = re.search(r"(?<!\\)\]", after)
        if close is not None:
            tags = tuple(_unescape(t) for t in after[1 : close.start()].split())
    return name, tags


def _passages(text: str) -> list[_Passage]:
    found: list[_Passage] = []
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header is not None:
            name, tags = _split_header(header.group("rest"))
            found.append(_Passage(name, tags, number, []))
        elif found:
            found[-1].body.append(line)
    return found


def _plain(value: Any) -> Any:
    """YMap/YList (dict/list subclasses with locations) as plain dicts and lists."""
    if isinstance(value, YMap | dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, YList | list):
        return [_plain(v) for v in value]
    return value


def _block(passage: _Passage, path: str) -> dict[str, Any]:
    """The YAML mapping in the passage's ```parley fenced block."""
    return _block_and_text(passage, path)[0]


def _block_and_text(passage: _Passage, path: str) -> tuple[dict[str, Any], str]:
    """The YAML mapping in the passage's ```parley fenced block, and the block's text."""
    start = None
    fence = ""
    for index, line in enumerate(passage.body):
        stripped = line.strip()
        if start is None:
            match = re.fullmatch(r"(`{3,})" + FENCE_INFO, stripped)
            if match:
                start, fence = index, match.group(1)
        elif stripped == fence:
            raw = "\n".join(passage.body[start + 1 : index]) + "\n"
            data, problem = parse_bytes(raw.encode("utf-8"), path)
            if problem is not None or data is None:
                where = passage.line + 1 + start + (problem.location.line if problem else 1)
                reason = problem.message if problem else "the block is empty"
                raise TweeError(
                    path,
                    where,
                    f"passage '{passage.name}': {reason}",
                    problem.hint if problem and problem.hint else "",
                )
            return dict(_plain(data)), raw
    if start is None:
        raise TweeError(
            path,
            passage.line,
            f"passage '{passage.name}' has no ```{FENCE_INFO} block / 段落缺少 parley 数据块",
            "the YAML between ```parley and ``` is what Parley reads; re-export from Parley "
            "or copy the block back",
        )
    raise TweeError(
        path,
        passage.line + 1 + start,
        f"passage '{passage.name}': the ```{FENCE_INFO} block is not closed / 数据块没有结束",
        f"end the block with a line holding only {fence}",
    )


_LINK = re.compile(r"\[\[(?P<link>.*?)\]\]")


def _link_target(link: str) -> str:
    """The passage a Twine link goes to: `[[a->b]]`, `[[b<-a]]`, `[[a|b]]` or `[[b]]`."""
    if "->" in link:
        return link.rsplit("->", 1)[1].strip()
    if "<-" in link:
        return link.split("<-", 1)[0].strip()
    if "|" in link:
        return link.rsplit("|", 1)[1].strip()
    return link.strip()


def link_edits(text: str) -> list[str]:
    """Links drawn or removed in Twine that the ```parley blocks do not have.

    Parley reads only the blocks (links are redrawn from them on every export), so a link a
    coach adds or deletes on Twine's map changes nothing; each such difference is named here so
    the import can say so instead of dropping the edit silently.
    """
    notes: list[str] = []
    for passage in _passages(text):
        if NODE_TAG not in passage.tags:
            continue
        try:
            block = _block(passage, "<twee>")
        except TweeError:
            continue
        wanted: set[str] = set()
        for option in block.get("options") or ():
            nxt = option.get("next") if isinstance(option, dict) else None
            arms = nxt if isinstance(nxt, list) else [nxt]
            for arm in arms:
                target = arm.get("goto") if isinstance(arm, dict) else arm
                if isinstance(target, str):
                    wanted.add(target)
        drawn: dict[str, int] = {}
        fence_at = next(
            (i for i, line in enumerate(passage.body) if line.strip().startswith("```")),
            len(passage.body),
        )
        for index, line in enumerate(passage.body[:fence_at]):
            for found in _LINK.finditer(line):
                link = found.group("link")
                if link.startswith("⟲"):
                    continue  # a scenario rule's link, redrawn from the settings passage
                drawn.setdefault(_link_target(link), passage.line + 1 + index)
        for target, line in sorted(drawn.items()):
            if target not in wanted:
                notes.append(
                    f"line {line}: passage '{passage.name}' has a link to '{target}' that no "
                    f"option's `next:` in its ```parley block has; Parley ignores the link "
                    f"(edit `next:` in the block) / 链接未写入数据块,已忽略"
                )
        for target in sorted(wanted - drawn.keys()):
            notes.append(
                f"line {passage.line}: passage '{passage.name}' has no link to '{target}' but "
                f"its ```parley block still goes there; the block wins (delete the option or "
                f"change its `next:` there) / 数据块仍指向该处"
            )
    return notes


def import_twee(text: str, path: str = "<twee>") -> dict[str, Any]:
    """The scenario data (the shape of a scenario file) held by a Twee story Parley exported."""
    passages = _passages(text)
    seen: dict[str, int] = {}
    for passage in passages:
        if passage.name in seen:
            raise TweeError(
                path,
                passage.line,
                f"passage '{passage.name}' appears twice (first at line {seen[passage.name]}) "
                f"/ 段落重名",
                "passage names are node and ending ids: rename or delete one",
            )
        seen[passage.name] = passage.line
    meta = [p for p in passages if META_TAG in p.tags]
    if not meta:
        raise TweeError(
            path,
            1,
            f"no passage tagged {META_TAG} / 找不到场景设置段落",
            f"this is not a story exported by `parley export --twee`, or the '{META_PASSAGE}' "
            "passage was deleted; export again",
        )
    data = _block(meta[0], path)
    nodes: dict[str, Any] = {}
    endings: dict[str, Any] = {}
    for passage in passages:
        if NODE_TAG in passage.tags:
            nodes[passage.name] = _block(passage, path)
        elif ENDING_TAG in passage.tags:
            endings[passage.name] = _block(passage, path)
    data["nodes"] = nodes
    data["endings"] = endings
    return data


def scenario_text(text: str, path: str = "<twee>", modeline: str = "") -> str:
    """The scenario file a Twee story holds, built from its blocks' own text, so comments and
    layout written in the YAML (or in the blocks in Twine) survive; when the pieces do not put
    together into the same data, the data is written out instead (scenario_yaml)."""
    data = import_twee(text, path)
    passages = _passages(text)
    meta = next(p for p in passages if META_TAG in p.tags)
    parts = [_block_and_text(meta, path)[1].rstrip("\n")]
    for section, tag in (("nodes", NODE_TAG), ("endings", ENDING_TAG)):
        parts.append(f"{section}:")
        for passage in passages:
            if tag in passage.tags:
                raw = _block_and_text(passage, path)[1].rstrip("\n")
                parts.append(f"  {_yaml_key(passage.name)}:")
                parts += ["    " + line if line.strip() else "" for line in raw.split("\n")]
    built = "\n".join(parts) + "\n"
    parsed, problem = parse_bytes(built.encode("utf-8"), path)
    if problem is not None or _plain(parsed) != _plain(json.loads(json.dumps(data))):
        return scenario_yaml(data, modeline)
    head = f"{modeline}\n" if modeline else ""
    return head + built


def _yaml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else json.dumps(name)


def scenario_yaml(data: Mapping[str, Any], modeline: str = "") -> str:
    """Scenario data as the text of a scenario file (with the editor's schema line, if given)."""
    head = f"{modeline}\n" if modeline else ""
    return head + _dump(dict(data))
