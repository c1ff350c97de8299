"""A scenario made of the bundled scenarios' longest lines, to lay them out in a real terminal.

Node k says the k-th bundled scenario's longest client line (and its second longest), and
offers its three longest options; every option leads on, so pressing 1 walks through all of
them. Used by the tmux pass and the Pilot tests of Chinese line breaking at 80×24.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from simulator.content import load_content
from simulator.model import Scenario

SCENARIO_ID = "longest_lines"


def client_lines(scenario: Scenario) -> list[str]:
    """Every client line of `scenario` in Chinese, variants included."""
    lines = []
    for node in scenario.nodes.values():
        lines.append(node.client.zh)
        lines += [v.text.zh for v in node.variants if getattr(v, "text", None) is not None]
    return [line for line in lines if line]


def option_texts(scenario: Scenario) -> list[str]:
    """Every option text of `scenario` in Chinese."""
    return [o.text.zh for node in scenario.nodes.values() for o in node.options if o.text.zh]


def longest_scenario() -> dict[str, Any]:
    """The scenario document (a dict ready for YAML)."""
    content = load_content(include_local=False)
    nodes: dict[str, Any] = {}
    order = sorted(content.scenarios)
    ids = [f"n{k}_{which}" for k in range(len(order)) for which in ("a", "b")]
    for k, scenario_id in enumerate(order):
        scenario = content.scenarios[scenario_id]
        lines = sorted(client_lines(scenario), key=len, reverse=True)[:2]
        options = sorted(set(option_texts(scenario)), key=len, reverse=True)[:3]
        for which, line in zip(("a", "b"), lines, strict=False):
            node_id = f"n{k}_{which}"
            position = ids.index(node_id)
            after = ids[position + 1] if position + 1 < len(ids) else "end_done"
            nodes[node_id] = {
                "client": {"zh": line, "en": scenario_id},
                "options": [
                    {
                        "id": f"o{i}",
                        "text": {"zh": text, "en": f"option {i}"},
                        "principles": {"empathy": 1 if i == 1 else -1},
                        "feedback": {"zh": text, "en": "feedback"},
                        "next": after,
                    }
                    for i, text in enumerate(options, start=1)
                ],
            }
    return {
        "id": SCENARIO_ID,
        "title": {"zh": "最长的句子", "en": "The longest lines"},
        "family": "retail",
        "difficulty": 1,
        "persona": "engine_client",
        "briefing": {"zh": "每个自带场景里最长的台词和选项。", "en": "The longest lines."},
        "objective": {"zh": "看排版。", "en": "Check the layout."},
        "principles_in_focus": ["empathy"],
        "shuffle_options": False,
        "start": ids[0],
        "nodes": nodes,
        "endings": {
            "end_done": {
                "kind": "success",
                "title": {"zh": "看完了", "en": "Done"},
                "debrief": {"zh": "所有最长的句子都排过了。", "en": "All laid out."},
            }
        },
    }


def write_longest_scenario(folder: Path) -> Path:
    """Write the scenario (and the persona it needs) into `folder`; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{SCENARIO_ID}.yaml"
    path.write_text(yaml.safe_dump(longest_scenario(), allow_unicode=True), encoding="utf-8")
    persona = Path(__file__).parent / "data" / "engine" / "engine_client.yaml"
    (folder / persona.name).write_text(persona.read_text(encoding="utf-8"), encoding="utf-8")
    return folder
