"""Reference and graph checks over a loaded library: scenarios, personas and the catalog.

The loader checks each file on its own (fields, types, expressions against the file's own
variables); this module checks what needs several files or the whole graph: references to
personas, principles, nodes and endings, duplicate ids across files, reachability, dead ends,
red lines. Locations come from the model; when the YAML mappings the model was built from are
given (`sources`, keyed by path), field-level places such as the `persona:` line are exact.

The loader and the YAML reader are imported only once there is a problem to report: a clean
library, loaded from the cache, is checked without them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from simulator.diagnostics import Diagnostic, diagnostic
from simulator.model import PRINCIPLE_IDS, Catalog, Location, Node, Persona, Scenario

if TYPE_CHECKING:
    from simulator.yamlsource import YMap


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    """The loader's "did you mean" hint for an unknown id."""
    from simulator.loader import did_you_mean as suggest

    return suggest(name, known)


def _locate(sources: Mapping[str, YMap], scenario: Scenario, *steps: Any) -> Location:
    """The location reached by walking `steps` (keys, indices) into the scenario's YAML.

    A final step of ("key", k) gives where the key k is written rather than its value.
    """
    from simulator.yamlsource import YList, YMap

    node: Any = sources.get(scenario.path)
    loc = scenario.location
    for step in steps:
        if isinstance(step, tuple) and isinstance(node, YMap):
            return node.key_loc(step[1]) if step[1] in node else loc
        if isinstance(node, YMap) and step in node:
            loc = node.value_loc(step)
            node = node[step]
        elif isinstance(node, YList) and isinstance(step, int) and 0 <= step < len(node):
            loc = node.item_loc(step)
            node = node[step]
        else:
            break
    return loc


def validate(
    scenarios: Sequence[Scenario],
    personas: Sequence[Persona],
    catalog: Catalog | None,
    *,
    catalog_location: Location | None = None,
    sources: Mapping[str, YMap] | None = None,
) -> list[Diagnostic]:
    """Every cross-file and graph problem in the given library, errors and warnings."""
    found: list[Diagnostic] = []
    sources = sources or {}
    if catalog is None and (scenarios or personas):
        found.append(
            diagnostic(
                "PAR051",
                "no principle catalog found / 找不到原则目录",
                catalog_location or (scenarios[0].location if scenarios else Location("", 0, 0)),
                "include a catalog file (top-level key `catalog:`), e.g. scenarios/principles.yaml",
            )
        )
    elif catalog is not None:
        found.extend(check_catalog(catalog, catalog_location))
    found.extend(_duplicates(personas, "PAR044", "persona"))
    found.extend(_duplicates(scenarios, "PAR043", "scenario"))
    persona_ids = {p.id for p in personas}
    principle_ids = set(catalog.principles) if catalog is not None else None
    if principle_ids is not None:
        for persona in personas:
            for button in persona.hot_buttons:
                if button.principle not in principle_ids:
                    found.append(
                        _unknown_principle(button.principle, button.location, principle_ids)
                    )
    for scenario in scenarios:
        found.extend(check_scenario(scenario, persona_ids, principle_ids, sources))
    return found


def check_catalog(catalog: Catalog, location: Location | None = None) -> list[Diagnostic]:
    """The fixed principle ids of DESIGN.md must all be in the catalog."""
    missing = [pid for pid in PRINCIPLE_IDS if pid not in catalog.principles]
    if not missing:
        return []
    return [
        diagnostic(
            "PAR050",
            f"the catalog lacks fixed principle '{pid}' / 原则目录缺少固定原则",
            location or Location("<catalog>", 0, 0),
            "every principle id listed in DESIGN.md must be in the catalog; add it",
        )
        for pid in missing
    ]


def _duplicates(items: Iterable[Scenario | Persona], code: str, what: str) -> list[Diagnostic]:
    seen: dict[str, Location] = {}
    found: list[Diagnostic] = []
    for item in items:
        if not item.id:
            continue
        if item.id in seen:
            found.append(
                diagnostic(
                    code,
                    f"duplicate {what} id '{item.id}', also defined at {seen[item.id]} / "
                    f"{what} id 重复",
                    item.location,
                    "ids must be unique across the library; rename one",
                )
            )
        else:
            seen[item.id] = item.location
    return found


def _unknown_principle(pid: str, loc: Location, known: set[str]) -> Diagnostic:
    return diagnostic(
        "PAR042",
        f"unknown principle '{pid}' / 未知的原则",
        loc,
        _did_you_mean(pid, known) or "use an id from the principle catalog",
    )


def _targets(node: Node) -> set[str]:
    return {branch.target for option in node.options for branch in option.branches}


def check_scenario(
    scenario: Scenario,
    persona_ids: set[str] | None = None,
    principle_ids: set[str] | None = None,
    sources: Mapping[str, YMap] | None = None,
) -> list[Diagnostic]:
    """Reference, graph and style checks of one scenario (None skips that reference check)."""
    src = sources or {}
    found: list[Diagnostic] = []

    def add(code: str, message: str, loc: Location, hint: str = "") -> None:
        found.append(diagnostic(code, message, loc, hint))

    if persona_ids is not None and scenario.persona and scenario.persona not in persona_ids:
        add(
            "PAR041",
            f"unknown persona '{scenario.persona}' / 未知的客户角色",
            _locate(src, scenario, "persona"),
            _did_you_mean(scenario.persona, persona_ids)
            or "add a persona file with this id under personas/",
        )
    if principle_ids is not None:
        for index, pid in enumerate(scenario.principles_in_focus):
            if pid not in principle_ids:
                loc = _locate(src, scenario, "principles_in_focus", index)
                found.append(_unknown_principle(pid, loc, principle_ids))
        for pid in scenario.looks_like:
            if pid not in principle_ids:
                loc = _locate(src, scenario, "looks_like", ("key", pid))
                found.append(_unknown_principle(pid, loc, principle_ids))
        for ending in scenario.endings.values():
            for index, paragraph in enumerate(ending.paragraphs):
                for key in ("kept", "broke"):
                    for pid in getattr(paragraph, key):
                        if pid not in principle_ids:
                            add(
                                "PAR042",
                                f"'{key}' of paragraph {index + 1} of the debrief of ending "
                                f"'{ending.id}' names unknown principle '{pid}' / 未知的原则",
                                paragraph.location,
                                _did_you_mean(pid, principle_ids) or "use an id from the catalog",
                            )
    ids = set(scenario.nodes) | set(scenario.endings)

    def check_target(target: str, loc: Location) -> None:
        if target not in ids:
            add(
                "PAR040",
                f"jump to undefined node or ending '{target}' / 跳转目标不存在",
                loc,
                _did_you_mean(target, ids) or "add a node or ending with this id",
            )

    if scenario.start:
        if scenario.start in scenario.endings:
            add(
                "PAR040",
                f"start '{scenario.start}' is an ending, not a node / 起点必须是节点",
                _locate(src, scenario, "start"),
                "start at a node with options",
            )
        elif scenario.start not in scenario.nodes:
            check_target(scenario.start, _locate(src, scenario, "start"))
    for rule in scenario.rules:
        check_target(rule.target, rule.location)
    touched: set[str] = set()
    for node in scenario.nodes.values():
        if not node.options:
            add(
                "PAR047",
                f"node '{node.id}' has no options / 节点没有选项",
                node.location,
                "give it at least one option, or make it an ending",
            )
        elif len(node.options) == 1:
            add(
                "PAR072",
                f"node '{node.id}' has a single option: the trainee has no choice / 只有一个选项",
                node.location,
                "add an alternative (a tempting wrong move teaches most)",
            )
        for index, option in enumerate(node.options):
            touched.update(option.principles)
            _check_option(scenario, node, index, add, check_target, principle_ids, src)
    for index, pid in enumerate(scenario.principles_in_focus):
        if pid not in touched:
            add(
                "PAR073",
                f"principle in focus '{pid}' is tagged on no option / 重点原则没有选项涉及",
                _locate(src, scenario, "principles_in_focus", index),
                "tag options that uphold or break it, or drop it from principles_in_focus",
            )
    if scenario.endings and not any(e.kind == "success" for e in scenario.endings.values()):
        add(
            "PAR076",
            "the scenario has no success ending / 没有成功结局",
            _locate(src, scenario, "endings"),
            "add an ending with `kind: success` so a trainee can win",
        )
    found.extend(_check_graph(scenario))
    found.extend(_never_true(scenario))
    found.extend(check_said(scenario))
    return found


def _never_true(scenario: Scenario) -> list[Diagnostic]:
    """Conditions no values within the variables' bounds can make true (PAR083).

    `if: trust >= 170` on an option, a variant, a branch, a rule or a mood, when trust is
    0–100: what it guards can never happen. The check follows values as ranges, so it misses
    some (`x and not x`) but never reports a condition that can hold.
    """
    from simulator.engine import compiled
    from simulator.expressions import ExpressionError

    bounds: dict[str, tuple[int, int] | None] = {
        name: None if var.is_flag else (var.minimum, var.maximum)
        for name, var in scenario.variables.items()
    }
    found: list[Diagnostic] = []

    def check(condition: str | None, what: str, loc: Location) -> None:
        if condition is None:
            return
        try:
            expr = compiled(condition)
            if expr.names() - bounds.keys() or expr.can_be(True, bounds):
                return
        except (ExpressionError, KeyError, TypeError, ValueError):
            return  # the loader reports broken expressions
        found.append(
            diagnostic(
                "PAR083",
                f"the condition `{condition}` of {what} can never hold with the variables' "
                f"bounds / 条件永远不成立",
                loc,
                "compare within the variable's min–max (trust and patience are 0–100), "
                "or remove what it guards",
            )
        )

    for rule in scenario.rules:
        check(rule.condition, f"rule '{rule.id}'", rule.location)
    for mood in scenario.moods:
        check(mood.condition, f"mood '{mood.id}'", mood.location)
    for node in scenario.nodes.values():
        for index, variant in enumerate(node.variants):
            check(variant.condition, f"variant {index + 1} of node '{node.id}'", variant.location)
        for option in node.options:
            label = f"option '{option.id}' of node '{node.id}'"
            check(option.condition, label, option.location)
            for index, branch in enumerate(option.branches):
                check(branch.condition, f"branch {index + 1} of {label}", branch.location)
    return found


def check_said(scenario: Scenario) -> list[Diagnostic]:
    """`after:`/`chose:`/`avoided:` name options of the scenario (PAR061), and a line keyed on
    the answer just given is keyed on an answer that leads to its node (PAR062)."""
    found: list[Diagnostic] = []
    options = {o.id for n in scenario.nodes.values() for o in n.options}
    leads_to: dict[str, set[str]] = {}
    for node in scenario.nodes.values():
        for option in node.options:
            for branch in option.branches:
                leads_to.setdefault(branch.target, set()).add(option.id)
    ruled = {rule.target for rule in scenario.rules}

    def known(ids: tuple[str, ...], key: str, where: str, loc: Location) -> None:
        for ident in ids:
            if ident not in options:
                found.append(
                    diagnostic(
                        "PAR061",
                        f"'{key}' of {where} names option '{ident}', which the scenario does not "
                        "have / 选项不存在",
                        loc,
                        _did_you_mean(ident, options) or "use the id of an option in this scenario",
                    )
                )

    for node in scenario.nodes.values():
        for index, variant in enumerate(node.variants):
            where = f"variant {index + 1} of node '{node.id}'"
            for key in ("after", "chose", "avoided"):
                known(getattr(variant, key), key, where, variant.location)
            useful = [i for i in variant.after if i in options]
            if useful and node.id not in ruled and not leads_to.get(node.id, set()) & set(useful):
                found.append(
                    diagnostic(
                        "PAR062",
                        f"{where} is for the answer just given being "
                        f"{', '.join(useful)}, but none of them leads to '{node.id}': the line is "
                        "never said / 这句台词永远不会出现",
                        variant.location,
                        "key it on options whose `next` is this node, or use `chose:` "
                        "(taken at any earlier turn)",
                    )
                )
    for ending in scenario.endings.values():
        for index, paragraph in enumerate(ending.paragraphs):
            where = f"paragraph {index + 1} of the debrief of ending '{ending.id}'"
            for key in ("chose", "avoided"):
                known(getattr(paragraph, key), key, where, paragraph.location)
    return found


def _check_option(
    scenario: Scenario,
    node: Node,
    index: int,
    add: Any,
    check_target: Any,
    principle_ids: set[str] | None,
    src: Mapping[str, YMap],
) -> None:
    option = node.options[index]
    label = f"option '{option.id}' of node '{node.id}'"
    for branch in option.branches:
        check_target(branch.target, branch.location)
    if option.branches and option.branches[-1].condition is not None:
        add(
            "PAR049",
            f"the last branch of `next` in {label} has a condition: when none holds the "
            f"conversation is stuck / 条件分支缺少兜底",
            option.branches[-1].location,
            "end the list with a branch without `if:` (just `- goto: …`)",
        )
    if option.red_line:
        for branch in option.branches:
            ending = scenario.endings.get(branch.target)
            if branch.target in scenario.nodes or (ending is not None and ending.kind != "fail"):
                add(
                    "PAR048",
                    f"{label} is a red line but leads to '{branch.target}', not a fail ending "
                    f"/ 红线选项必须进入失败结局",
                    branch.location,
                    "send every branch of a red-line option to an ending with `kind: fail`",
                )
    if principle_ids is not None:
        for pid in option.principles:
            if pid not in principle_ids:
                loc = _locate(
                    src, scenario, "nodes", node.id, "options", index, "principles", ("key", pid)
                )
                add(
                    "PAR042",
                    f"{label} is tagged with unknown principle '{pid}' / 未知的原则",
                    loc,
                    _did_you_mean(pid, principle_ids) or "use an id from the catalog",
                )
    if not option.principles:
        add(
            "PAR070",
            f"{label} has no principle tags / 选项没有原则标签",
            option.location,
            "add `principles: {id: weight}` so the scorer can judge it",
        )
    if not (option.feedback.zh or option.feedback.en):
        add(
            "PAR071",
            f"{label} has no feedback / 选项没有教练点评",
            option.location,
            "add `feedback: {zh: …, en: …}` saying which principle and why",
        )
    if not option.all_examples():
        add(
            "PAR077",
            f"{label} has no example phrasings / 选项没有示例说法",
            option.location,
            "add `examples: {zh: [...], en: [...]}` so typed answers can match it",
        )


def _check_graph(scenario: Scenario) -> list[Diagnostic]:
    """Unreachable nodes and endings; nodes from which no ending can be reached."""
    found: list[Diagnostic] = []
    if scenario.start not in scenario.nodes:
        return found
    rule_targets = {rule.target for rule in scenario.rules}
    edges: dict[str, set[str]] = {}
    moves: dict[str, set[str]] = {}
    for node in scenario.nodes.values():
        moves[node.id] = out = _targets(node)
        if node.options:
            out = out | rule_targets  # rules are checked after every turn, from any node
        edges[node.id] = out
    reached = {scenario.start}
    todo = [scenario.start]
    while todo:
        for target in edges.get(todo.pop(), ()):
            if target not in reached:
                reached.add(target)
                todo.append(target)
    for item in (*scenario.nodes.values(), *scenario.endings.values()):
        if item.id not in reached:
            what = "node" if item.id in scenario.nodes else "ending"
            found.append(
                diagnostic(
                    "PAR045",
                    f"{what} '{item.id}' cannot be reached from start '{scenario.start}' "
                    f"/ 从起点无法到达",
                    item.location,
                    f"point some option's `next` at '{item.id}', or remove it",
                )
            )
    # Walk backwards from the endings: whatever is not met can never finish. Only the options'
    # own `next` counts: a rule (the client walks out at patience 0) is a safety net, and a
    # loop that only a walkout can leave is a loop the scenario has no way out of.
    incoming: dict[str, set[str]] = {}
    for source, targets in moves.items():
        for target in targets:
            incoming.setdefault(target, set()).add(source)
    finishing = set(scenario.endings)
    todo = list(finishing)
    while todo:
        for source in incoming.get(todo.pop(), ()):
            if source not in finishing:
                finishing.add(source)
                todo.append(source)
    for node in scenario.nodes.values():
        if node.options and node.id not in finishing:
            found.append(
                diagnostic(
                    "PAR046",
                    f"no ending can be reached from node '{node.id}' / 此节点无法到达任何结局",
                    node.location,
                    "make some path from here lead to an ending",
                )
            )
    return found
