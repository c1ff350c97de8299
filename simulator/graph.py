"""A scenario as a state diagram, drawn by the `transitions` diagram extension.

Nodes and endings become the states of a GraphMachine, each option branch and each scenario rule
a labelled transition, just as the engine builds its Machine. The extension writes Mermaid
(needs nothing installed) or, through its graphviz backend, DOT (needs the `graphviz` Python
package). Endings are styled by kind and labelled with the grade range a trainee can finish with
there (simulator.analysis); trap options carry ⚠ and red-line options ⛔ in their labels, and in
DOT they are also coloured. A trainee's path is highlighted with the extension's own
"previous"/"active" styles, and its steps are numbered in the labels, since Mermaid state
diagrams cannot colour an edge. What the extension does not write (Mermaid's `--> [*]` for final
states of a flat machine) is added to its output afterwards.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from transitions import State
from transitions.extensions.diagrams import GraphMachine

from simulator.model import Scenario

GraphFormat = Literal["mermaid", "dot"]

KIND_MARK: Mapping[str, str] = {"success": "✔", "partial": "◐", "fail": "✘"}
TRAP_MARK = "⚠"
RED_LINE_MARK = "⛔"
RULE_MARK = "⟲"


class DotUnavailable(RuntimeError):
    """DOT output needs the `graphviz` Python package, which is not installed."""


class _LabelledState(State):
    """A state with a display label (the extension's markup reads a `label` attribute)."""

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label = label or self.name


class _ScenarioGraphMachine(GraphMachine):
    """A GraphMachine with Parley's styles for ending kinds, traps, red lines and rules."""

    state_cls = _LabelledState

    style_attributes = copy.deepcopy(GraphMachine.style_attributes)
    style_attributes["node"].update(
        {
            "success": {"fillcolor": "palegreen", "color": "darkgreen", "peripheries": "2"},
            "partial": {"fillcolor": "khaki", "color": "darkgoldenrod", "peripheries": "2"},
            "fail": {"fillcolor": "mistyrose", "color": "firebrick", "peripheries": "2"},
        }
    )
    style_attributes["edge"].update(
        {
            "trap": {"color": "darkorange", "fontcolor": "darkorange"},
            "red_line": {"color": "red", "fontcolor": "red", "penwidth": "2"},
            "rule": {"color": "gray50", "style": "dashed"},
            "previous": {"color": "blue", "penwidth": "3"},
        }
    )


class _Anchor:
    """The model the diagram machine is bound to; it only holds the current state."""

    state: str


def _condition_text(condition: str) -> str:
    # Mermaid sanitises "<…>" as HTML; the mathematical signs read the same and are safe.
    for plain, sign in (("<=", "≤"), (">=", "≥"), ("!=", "≠"), ("==", "=")):
        condition = condition.replace(plain, sign)
    return condition.replace("<", "‹").replace(">", "›").replace('"', "'")


def _ending_label(scenario: Scenario, eid: str, ranges: Mapping[str, tuple[int, int]]) -> str:
    kind = scenario.endings[eid].kind
    label = f"{eid} {KIND_MARK[kind]} {kind}"
    if eid in ranges:
        low, high = ranges[eid]
        label += f" {low}–{high}"
    return label


def build_machine(
    scenario: Scenario,
    fmt: GraphFormat = "mermaid",
    *,
    path: Sequence[tuple[str, str, str]] = (),
    ranges: Mapping[str, tuple[int, int]] | None = None,
    rules: bool = True,
) -> tuple[_ScenarioGraphMachine, _Anchor]:
    """The diagram machine of `scenario`; `path` is (node, option, reached) per step taken."""
    ranges = ranges or {}
    steps: dict[tuple[str, str], list[int]] = {}
    for number, (node_id, option_id, _) in enumerate(path, 1):
        steps.setdefault((node_id, option_id), []).append(number)
    states: list[dict[str, Any]] = [{"name": nid, "label": nid} for nid in scenario.nodes]
    states += [
        {"name": eid, "label": _ending_label(scenario, eid, ranges), "final": True}
        for eid in scenario.endings
    ]
    transitions: list[dict[str, Any]] = []
    for node in scenario.nodes.values():
        for option in node.options:
            mark = RED_LINE_MARK if option.red_line else TRAP_MARK if option.trap else ""
            taken = "".join(f"▶{n} " for n in steps.get((node.id, option.id), []))
            for branch in option.branches:
                label = f"{taken}{mark}{' ' if mark else ''}{option.id}"
                if option.condition is not None:
                    label += f" if {_condition_text(option.condition)}"
                if branch.condition is not None:
                    label += f" [{_condition_text(branch.condition)}]"
                transitions.append(
                    {
                        "trigger": f"{node.id}.{option.id}",
                        "source": node.id,
                        "dest": branch.target,
                        "label": label,
                    }
                )
        for rule in scenario.rules if rules else ():
            transitions.append(
                {
                    "trigger": f"{node.id}.rule.{rule.id}",
                    "source": node.id,
                    "dest": rule.target,
                    "label": f"{RULE_MARK} {rule.id} [{_condition_text(rule.condition)}]",
                }
            )
    if fmt == "dot":
        from transitions.extensions import diagrams_graphviz

        if diagrams_graphviz.pgv is None:
            raise DotUnavailable("pip install graphviz")
    anchor = _Anchor()
    # The extension logs a warning when it falls back from one backend to another; the choice
    # here is deliberate, so keep the log quiet.
    logging.getLogger("transitions.extensions.diagrams").setLevel(logging.ERROR)
    machine = _ScenarioGraphMachine(
        model=anchor,
        states=states,
        transitions=transitions,
        initial=scenario.start,
        auto_transitions=False,
        title=scenario.id,
        graph_engine="mermaid" if fmt == "mermaid" else "graphviz",
    )
    return machine, anchor


def render(
    scenario: Scenario,
    fmt: GraphFormat = "mermaid",
    *,
    path: Sequence[tuple[str, str, str]] = (),
    ranges: Mapping[str, tuple[int, int]] | None = None,
    rules: bool = True,
) -> str:
    """The diagram source (Mermaid or DOT) of `scenario`, with a trainee's path if given.

    `rules=False` leaves out the scenario rules' edges (one from every node), which crowd a
    large diagram; the path of a trainee a rule redirected still shows where they went.
    """
    machine, anchor = build_machine(scenario, fmt, path=path, ranges=ranges, rules=rules)
    machine.get_graph(force_new=True)  # type: ignore[attr-defined]
    graph = machine.model_graphs[id(anchor)]
    graph.reset_styling()
    for eid, ending in scenario.endings.items():
        graph.set_node_style(eid, ending.kind)
    for node in scenario.nodes.values():
        for option in node.options:
            style = "red_line" if option.red_line else "trap" if option.trap else ""
            if style:
                for branch in option.branches:
                    graph.custom_styles["edge"][node.id][branch.target] = style
        for rule in scenario.rules if rules else ():
            graph.custom_styles["edge"][node.id].setdefault(rule.target, "rule")
    for node_id, _, reached in path:
        graph.set_previous_transition(node_id, reached)
    if path:
        graph.set_node_style(path[-1][2], "active")
    drawn = machine.get_graph()  # type: ignore[attr-defined]
    if fmt == "dot":
        return str(drawn.source)
    source = str(drawn.draw(None))
    # The extension writes the title as bare front matter; Mermaid reads `title:` from it.
    source = source.replace(f"---\n{scenario.id}\n---", f"---\ntitle: {scenario.id}\n---", 1)
    # A flat machine's Mermaid output does not mark final states; Mermaid wants `x --> [*]`.
    finals = [f"  {eid} --> [*]" for eid in scenario.endings]
    source = source.rstrip("\n") + "\n" + "\n".join(finals) + "\n"
    return _mermaid_ids(source, scenario)


def _mermaid_id(node_id: str) -> str:
    """`node_id` with only letters, digits and underscores (real ids never hold `__at__`)."""
    return node_id.replace(":", "__").replace("@", "__at__").replace("/", "__")


def _mermaid_ids(source: str, scenario: Scenario) -> str:
    """Mermaid ids for the nodes a detour copied (`dialogue:node@caller/option`).

    Mermaid reads `:` as the start of a description and knows no `@` or `/` in an id; those
    states keep their full id as the label (`state "…" as …`) and get a plain id in the source.
    """
    unsafe = sorted((nid for nid in scenario.nodes if "@" in nid), key=len, reverse=True)
    if not unsafe:
        return source
    lines = []
    for line in source.split("\n"):
        head, quote, rest = line.partition('"')
        label, close, tail = rest.partition('"')
        parts = [head, tail] if quote and close else [line]
        for index, part in enumerate(parts):
            for nid in unsafe:
                part = part.replace(nid, _mermaid_id(nid))
            parts[index] = part
        lines.append(f'{parts[0]}"{label}"{parts[1]}' if quote and close else parts[0])
    return "\n".join(lines)


def transcript_path(scenario: Scenario, turns: Sequence[Any]) -> list[tuple[str, str, str]]:
    """(node, option, reached) for each recorded turn that fits `scenario`."""
    steps = []
    for turn in turns:
        node = scenario.nodes.get(turn.node_id)
        if node is None or node.option(turn.option_id) is None:
            raise ValueError(
                f"turn {turn.index + 1}: node '{turn.node_id}' option '{turn.option_id}' "
                f"is not in scenario '{scenario.id}'"
            )
        steps.append((turn.node_id, turn.option_id, turn.next_id))
    return steps
