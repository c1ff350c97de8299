"""Dialogue files: reusable sub-dialogues, expanded into their callers by simulator.dialogues."""

from __future__ import annotations

from simulator.diagnostics import Diagnostic
from simulator.loader.fields import EMPTY_TEXT, content_hash, did_you_mean
from simulator.loader.nodes import NodeReader
from simulator.model import DEFAULT_MOODS, Dialogue
from simulator.yamlsource import Document

_DIALOGUE_REQUIRED = ("dialogue", "title", "start", "nodes")
_DIALOGUE_OPTIONAL = ("variables",)


class DialogueReader(NodeReader):
    """Reads a dialogue file with the scenario reader's node code; `return` is allowed."""

    in_dialogue = True

    def build_dialogue(self, doc: Document) -> Dialogue | None:
        top = doc.data
        if top is None:
            return None
        self.keys(top, "the dialogue", _DIALOGUE_REQUIRED, _DIALOGUE_OPTIONAL)
        ident = self.ident(top, "dialogue", "the dialogue") or ""
        title = self.text(top, "title", "the dialogue", need_en=True) or EMPTY_TEXT
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
            content_hash=content_hash(doc),
            path=doc.path,
            location=top.loc,
        )


def dialogue_from_document(doc: Document) -> tuple[Dialogue | None, list[Diagnostic]]:
    """A best-effort Dialogue from a parsed file, and every problem found in it."""
    reader = DialogueReader(doc.path)
    reader.diagnostics.extend(doc.diagnostics)
    dialogue = reader.build_dialogue(doc)
    return dialogue, reader.diagnostics


# ---------------------------------------------------------------------------------------------
