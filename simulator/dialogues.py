"""Reusable sub-dialogues: detours expanded into ordinary nodes at load time.

A scenario option with `next: {detour: <dialogue>, then: <target>}` enters a dialogue file; the
dialogue's `return` goes on to `then`. Like ink tunnels, but resolved before anything else runs:
each call site gets its own copy of the dialogue's nodes, named
`<dialogue>:<node>@<caller node>/<option>`, so the engine, the state machine, the validator, the
graph, Twee export and analysis only ever see ordinary nodes. Inside a dialogue, a target that is
not one of its nodes (nor `return`) names a node or ending of the calling scenario.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from simulator.diagnostics import Diagnostic, diagnostic
from simulator.model import RETURN, Branch, Dialogue, Location, Node, Option, Scenario

_IMPLICIT = ("trust", "patience")


def instance_id(dialogue: str, node: str, call: str) -> str:
    """The id of dialogue node `node` as copied for the call site `call` ("<node>/<option>")."""
    return f"{dialogue}:{node}@{call}"


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    from simulator.loader import did_you_mean

    return did_you_mean(name, known)


def uses_detours(scenario: Scenario) -> bool:
    """Whether any option of `scenario` enters a dialogue."""
    return any(
        branch.detour is not None
        for node in scenario.nodes.values()
        for option in node.options
        for branch in option.branches
    )


def check_dialogues(dialogues: Iterable[Dialogue]) -> tuple[dict[str, Dialogue], list[Diagnostic]]:
    """The dialogues by id (first wins) and the problems of each one alone (PAR056, PAR057)."""
    by_id: dict[str, Dialogue] = {}
    found: list[Diagnostic] = []
    for dialogue in dialogues:
        if not dialogue.id:
            continue
        first = by_id.get(dialogue.id)
        if first is not None:
            found.append(
                diagnostic(
                    "PAR057",
                    f"duplicate dialogue id '{dialogue.id}' (also {first.location}) / 对话 id 重复",
                    dialogue.location,
                    "dialogue ids are unique across the library; rename one",
                )
            )
            continue
        by_id[dialogue.id] = dialogue
        if dialogue.start in dialogue.nodes and not _can_return(dialogue):
            found.append(
                diagnostic(
                    "PAR056",
                    f"dialogue '{dialogue.id}' never reaches `return` from its start "
                    f"'{dialogue.start}' / 对话无法返回",
                    dialogue.location,
                    "give some path a `next: return`, or the caller's `then` is never reached",
                )
            )
    return by_id, found


def _can_return(dialogue: Dialogue) -> bool:
    """Whether some path from the dialogue's start reaches `return`."""
    seen = {dialogue.start}
    todo = [dialogue.start]
    while todo:
        node = dialogue.nodes[todo.pop()]
        for option in node.options:
            for branch in option.branches:
                if branch.target == RETURN:
                    return True
                if branch.target in dialogue.nodes and branch.target not in seen:
                    seen.add(branch.target)
                    todo.append(branch.target)
    return False


class _Expander:
    """Copies dialogues into one scenario, collecting the problems of its call sites."""

    def __init__(self, scenario: Scenario, dialogues: Mapping[str, Dialogue]) -> None:
        self.scenario = scenario
        self.dialogues = dialogues
        self.ids = set(scenario.nodes) | set(scenario.endings)
        self.nodes: dict[str, Node] = {}
        self.diagnostics: list[Diagnostic] = []
        self.checked_vars: set[tuple[str, str]] = set()

    def node(
        self,
        node: Node,
        new_id: str,
        resolve: Mapping[str, str],
        returns_to: str | None,
        stack: tuple[str, ...],
    ) -> Node:
        """`node` with every target resolved and every detour expanded."""
        options = tuple(
            self.option(option, new_id, resolve, returns_to, stack) for option in node.options
        )
        return dataclasses.replace(node, id=new_id, options=options)

    def option(
        self,
        option: Option,
        node_id: str,
        resolve: Mapping[str, str],
        returns_to: str | None,
        stack: tuple[str, ...],
    ) -> Option:
        def target(name: str) -> str:
            if name == RETURN and returns_to is not None:
                return returns_to
            return resolve.get(name, name)

        detours = sum(b.detour is not None for b in option.branches)
        branches: list[Branch] = []
        for index, branch in enumerate(option.branches):
            then = target(branch.target)
            if branch.detour is None:
                branches.append(dataclasses.replace(branch, target=then))
                continue
            call = f"{node_id}/{option.id}" + (f"/{index + 1}" if detours > 1 else "")
            entry = self.call(branch.detour, then, call, branch.location, stack)
            branches.append(Branch(entry, branch.condition, branch.location))
        return dataclasses.replace(option, branches=tuple(branches))

    def call(self, name: str, then: str, call: str, loc: Location, stack: tuple[str, ...]) -> str:
        """Copy dialogue `name` for the call site `call`; the id to jump to (`then` on errors)."""
        dialogue = self.dialogues.get(name)
        if dialogue is None:
            self.report(
                "PAR052",
                f"unknown dialogue '{name}' / 找不到对话",
                loc,
                _did_you_mean(name, self.dialogues)
                or f"add a file whose top level is `dialogue: {name}`, or fix the id",
            )
            return then
        if name in stack:
            chain = " → ".join((*stack, name))
            self.report(
                "PAR054",
                f"recursive detour: {chain} / 对话不能递归调用自己",
                loc,
                "dialogues may nest but not call themselves; jump to a node instead",
            )
            return then
        if then not in self.ids:
            return then  # the validator reports the unknown target at the call site
        self.check_variables(dialogue, loc)
        if dialogue.start not in dialogue.nodes:
            return then  # the dialogue file's own error says why
        resolve = {nid: instance_id(name, nid, call) for nid in dialogue.nodes}
        self.ids.update(resolve.values())
        for nid, node in dialogue.nodes.items():
            new_id = resolve[nid]
            self.nodes[new_id] = self.node(node, new_id, resolve, then, (*stack, name))
        return resolve[dialogue.start]

    def check_variables(self, dialogue: Dialogue, loc: Location) -> None:
        """PAR053 for each variable the dialogue uses that the scenario lacks or types apart."""
        for name, var in dialogue.variables.items():
            if name in _IMPLICIT or (dialogue.id, name) in self.checked_vars:
                continue
            self.checked_vars.add((dialogue.id, name))
            mine = self.scenario.variables.get(name)
            kind = "a flag" if var.is_flag else "a number"
            if mine is None:
                problem = "does not declare it"
            elif mine.is_flag != var.is_flag:
                problem = f"declares it as {'a flag' if mine.is_flag else 'a number'}"
            else:
                continue
            initial = "false" if var.is_flag else str(var.initial)
            self.report(
                "PAR053",
                f"dialogue '{dialogue.id}' uses variable '{name}' ({kind}) but scenario "
                f"'{self.scenario.id}' {problem} / 场景未声明对话使用的变量",
                loc,
                f"declare `{name}: {{initial: {initial}}}` under the scenario's `variables:`",
            )

    def report(self, code: str, message: str, loc: Location, hint: str) -> None:
        self.diagnostics.append(diagnostic(code, message, loc, hint))


def expand(
    scenario: Scenario, dialogues: Mapping[str, Dialogue]
) -> tuple[Scenario, list[Diagnostic]]:
    """`scenario` with every detour replaced by copies of the dialogue's nodes, and problems."""
    if not uses_detours(scenario):
        return scenario, []
    expander = _Expander(scenario, dialogues)
    nodes: dict[str, Node] = {}
    for node in scenario.nodes.values():
        nodes[node.id] = expander.node(node, node.id, {}, None, ())
    nodes.update(expander.nodes)
    return dataclasses.replace(scenario, nodes=nodes), expander.diagnostics
