"""Variables, nodes and options: the part of a scenario a dialogue file shares."""

from __future__ import annotations

from typing import Any

from simulator.expressions import ValueType
from simulator.loader.fields import (
    EMPTY_TEXT,
    ID_PATTERN,
    IMPLICIT_VARS,
    FieldReader,
    did_you_mean,
    kind_of,
)
from simulator.model import (
    RETURN,
    Branch,
    LineVariant,
    Location,
    Node,
    Option,
    Text,
    Variable,
)
from simulator.punctuation import half_width_spots
from simulator.yamlsource import YList, YMap

_OPTION_REQUIRED = ("id", "text", "next")
#: The keys that tie a line or a debrief paragraph to what the trainee said.
WHEN_KEYS = ("after", "chose", "avoided")
_OPTION_OPTIONAL = (
    "if",
    "reply",
    "examples",
    "unlike",
    "principles",
    "effects",
    "set",
    "feedback",
    "trap",
    "red_line",
)


#: Words YAML 1.1 read as booleans (Parley reads YAML 1.2: they are text), and what they meant.
_YAML11_BOOLS = {"no": False, "yes": True, "off": False, "on": True, "n": False, "y": True}


class NodeReader(FieldReader):
    """Reads variables, nodes, options and branches, keeping the declared variables at hand."""

    types: dict[str, ValueType]
    variables: dict[str, Variable]
    in_dialogue = False

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
                    f"item {index + 1} of '{key}' must be text, not {kind_of(item)} / 类型错误",
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
                or not ID_PATTERN.fullmatch(name)
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
                    f"not {kind_of(spec)} / 类型错误",
                    raw.value_loc(name),
                    "write `name: {initial: 0}` (or `{initial: false}` for a flag)",
                )
                continue
            implicit = name in IMPLICIT_VARS
            self.keys(spec, where, () if implicit else ("initial",), ("initial", "min", "max"))
            said = spec.get("initial")
            if isinstance(said, str) and said.strip().lower() in _YAML11_BOOLS:
                # YAML 1.1 read `no`/`yes`/`on`/`off` as booleans; Parley reads YAML 1.2, where
                # only true/false are. Say so, and declare the flag the coach meant, so its every
                # use is not reported as undeclared as well.
                meant = _YAML11_BOOLS[said.strip().lower()]
                self.report(
                    "PAR021",
                    f"'initial' in {where} is the word '{said}', not true/false / "
                    f"类型错误:'{said}' 不是 true/false",
                    spec.value_loc("initial"),
                    f"write `initial: {'true' if meant else 'false'}` (only true and false are "
                    f"yes/no values in Parley's YAML)",
                )
                initial: Any = meant
            else:
                initial = self.typed(spec, "initial", (int, bool), "a number or true/false", where)
                if initial is None and "initial" in spec:
                    initial = 0  # reported; declared as a number so its uses are still checked
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
        for name in IMPLICIT_VARS:
            if name not in self.variables:
                self.variables[name] = Variable(
                    name, 50, 0, 100, from_persona=True, location=top.loc
                )
        self.types = {n: ("bool" if v.is_flag else "int") for n, v in self.variables.items()}

    # -- nodes and options ---------------------------------------------------------------------

    def read_node(self, node_id: str, raw: Any, parent: YMap, moods: set[str]) -> Node | None:
        loc = parent.key_loc(node_id)
        where = f"node '{node_id}'"
        self.check_id(node_id, loc, "a node")
        if not isinstance(raw, YMap):
            self.report(
                "PAR021",
                f"{where} must be a mapping with `client:` and `options:`, not {kind_of(raw)}",
                parent.value_loc(node_id),
                "indent `client:` and `options:` under the node id",
            )
            return None
        self.keys(raw, where, ("client", "options"), ("variants", "speaker", "narration"))
        client = self.text(raw, "client", where) or EMPTY_TEXT
        speaker = self.text(raw, "speaker", where)
        narration = self.text(raw, "narration", where)

        def variant(m: YMap, vloc: Location, index: int) -> LineVariant | None:
            vwhere = f"variant {index + 1} of {where}"
            self.keys(m, vwhere, ("zh",), ("en", "mood", "if", *WHEN_KEYS, "speaker", "narration"))
            mood = self.string(m, "mood", vwhere)
            if mood is not None and mood not in moods:
                self.report(
                    "PAR034",
                    f"{vwhere} names unknown mood '{mood}' / 未知的情绪",
                    m.value_loc("mood"),
                    did_you_mean(mood, moods) or f"moods: {', '.join(sorted(moods))}",
                )
            cond = self.condition(m, "if", f"the condition of {vwhere}", self.types)
            if not any(key in m for key in ("mood", "if", *WHEN_KEYS)):
                self.report(
                    "PAR020",
                    f"{vwhere} needs `mood:`, `if:`, `after:`, `chose:` or `avoided:` "
                    "/ 变体需要条件",
                    vloc,
                    "say when this line replaces the node's `client` line",
                )
            zh = self.typed(m, "zh", str, "text", vwhere) or ""
            en = self.typed(m, "en", str, "text", vwhere) or ""
            self.text_languages(zh, en, m.value_loc("zh"), vloc, vwhere, False)
            return LineVariant(
                Text(zh, en),
                mood,
                cond,
                vloc,
                after=self.option_ids(m, "after", vwhere),
                chose=self.option_ids(m, "chose", vwhere),
                avoided=self.option_ids(m, "avoided", vwhere),
                speaker=self.text(m, "speaker", vwhere),
                narration=self.text(m, "narration", vwhere),
            )

        variants = self.each(self.listing(raw, "variants", where), variant, f"variants of {where}")
        seen: dict[str, Location] = {}
        options = self.each(
            self.listing(raw, "options", where),
            lambda m, oloc, i: self.read_option(m, oloc, i, where, seen),
            f"options of {where}",
        )
        return Node(node_id, client, tuple(options), tuple(variants), speaker, loc, narration)

    def read_option(
        self, m: YMap, loc: Location, index: int, node_where: str, seen: dict[str, Location]
    ) -> Option | None:
        label = m.get("id") if isinstance(m.get("id"), str) else f"{index + 1}"
        where = f"option '{label}' of {node_where}"
        self.keys(m, where, _OPTION_REQUIRED, _OPTION_OPTIONAL)
        ident = self.ident(m, "id", where)
        if ident is not None:
            self.unique(seen, ident, m.value_loc("id"), f"option (in {node_where})")
        text = self.text(m, "text", where) or EMPTY_TEXT
        feedback = self.text(m, "feedback", where) or EMPTY_TEXT
        examples = self.read_examples(m, where)
        unlike = self.read_examples(m, where, "unlike")
        principles = self.read_weights(m, where)
        effects = self.read_effects(m, where)
        assign = self.read_assign(m, where)
        branches = self.read_next(m, where)
        condition = self.condition(m, "if", f"the condition of {where}", self.types)
        return Option(
            id=ident or "",
            text=text,
            examples=examples,
            unlike=unlike,
            principles=principles,
            feedback=feedback,
            branches=branches,
            effects=effects,
            assign=assign,
            trap=self.boolean(m, "trap", where, False),
            red_line=self.boolean(m, "red_line", where, False),
            location=loc,
            condition=condition,
            reply=self.text(m, "reply", where),
        )

    def read_examples(
        self, m: YMap, where: str, key: str = "examples"
    ) -> dict[str, tuple[str, ...]]:
        """`examples:` (or `unlike:`, the counter-examples): phrasings per language."""
        raw = self.mapping(m, key, where)
        out: dict[str, tuple[str, ...]] = {}
        if raw is None:
            return out
        self.keys(raw, f"the {key} of {where}", (), ("zh", "en"))
        for lang in ("zh", "en"):
            items = self.listing(raw, lang, f"the {key} of {where}")
            if items is None:
                continue
            phrases: list[str] = []
            for index, item in enumerate(items):
                if isinstance(item, str | int) and not isinstance(item, bool):
                    phrases.append(str(item))
                    if lang == "zh" and half_width_spots(str(item)):
                        self.punctuation(
                            str(item), items.item_loc(index), f"{key} {index + 1} of {where}"
                        )
                else:
                    self.report(
                        "PAR021",
                        f"{key} {index + 1} ({lang}) of {where} must be text, not {kind_of(item)}",
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
                    f"not {kind_of(weight)}",
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
                    f"not {kind_of(delta)}",
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
                f"not {kind_of(value) if value != [] else 'an empty list'} / 类型错误",
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
