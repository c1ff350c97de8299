"""The small, safe language of scenario conditions and assignments.

Coaches write `trust >= 50 and not asked_why` or `promises + 1`. The grammar is tiny on purpose:
integers, `true`/`false`, declared variable names, `+ -`, comparisons, `and or not`, parentheses.
Text is tokenised and parsed into a tree once, at load time; evaluation walks the tree. Nothing
here ever reaches `eval`.

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum     := unary (("+" | "-") unary)*
    unary   := "-" unary | atom
    atom    := INT | "true" | "false" | NAME | "(" expr ")"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Value = int | bool
ValueType = Literal["int", "bool"]

#: Longest accepted expression; conditions are one line, this stops pathological input early.
MAX_LENGTH = 500
#: Deepest nesting of parentheses and `not`, so the recursive parser cannot overflow.
MAX_DEPTH = 32

_TOKEN = re.compile(
    r"\s*(?:(?P<int>\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op><=|>=|==|!=|<|>|\+|-|\(|\)))"
)
_KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
_COMPARE = frozenset({"<", "<=", ">", ">=", "==", "!="})


class ExpressionError(Exception):
    """A condition or assignment that cannot be parsed or does not type-check."""

    def __init__(self, message: str, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.column = column  # 1-based, within the expression text


@dataclass(frozen=True, slots=True)
class _Node:
    op: str  # "int" | "bool" | "name" | "neg" | "not" | "+" | "-" | comparison | "and" | "or"
    args: tuple[_Node, ...] = ()
    value: int | bool | str = 0
    column: int = 1


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed expression, ready to type-check and evaluate."""

    text: str
    tree: _Node

    def names(self) -> frozenset[str]:
        """The variable names the expression reads."""
        found: set[str] = set()
        stack = [self.tree]
        while stack:
            node = stack.pop()
            if node.op == "name":
                found.add(str(node.value))
            stack.extend(node.args)
        return frozenset(found)

    def result_type(self, types: Mapping[str, ValueType]) -> ValueType:
        """The type the expression yields, given the declared variable types.

        Raises ExpressionError for an unknown name or a type mismatch.
        """
        return _type_of(self.tree, types)

    def evaluate(self, values: Mapping[str, Value]) -> Value:
        """The expression's value for the given variables (assumed type-checked)."""
        return _eval(self.tree, values)

    def can_be(self, outcome: bool, bounds: Mapping[str, tuple[int, int] | None]) -> bool:
        """Whether the condition could give `outcome` with each variable within its bounds.

        `bounds` maps a number variable to its (min, max) and a flag to None. The answer is
        safe one way: False means never (`trust >= 170` when trust is 0–100); True means
        perhaps (values are followed as ranges, not one by one). Assumed type-checked.
        """
        found = _range(self.tree, bounds)
        return isinstance(found, frozenset) and outcome in found


def parse(source: str | int | bool) -> Expression:
    """Parse `source` (YAML may hand over an int or bool for a constant)."""
    if isinstance(source, bool):
        text = "true" if source else "false"
    elif isinstance(source, int):
        text = str(source)
    else:
        text = source
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters", 1)
    parser = _Parser(text)
    tree = parser.parse()
    return Expression(text, tree)


def exclusive(a: str, b: str) -> bool:
    """Are conditions `a` and `b` never true together: is one of them `not` the other
    (`rigged_test` and `not rigged_test`)? False for anything it cannot parse."""
    try:
        first, second = _shape(parse(a).tree), _shape(parse(b).tree)
    except ExpressionError:
        return False
    return first == ("not", 0, (second,)) or second == ("not", 0, (first,))


def _shape(node: _Node) -> tuple[object, ...]:
    """The node without its columns: two spellings of one expression have one shape."""
    return (node.op, node.value, tuple(_shape(arg) for arg in node.args))


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = self._tokenise(text)
        self.pos = 0
        self.depth = 0

    @staticmethod
    def _tokenise(text: str) -> list[tuple[str, str, int]]:
        tokens: list[tuple[str, str, int]] = []
        at = 0
        while at < len(text):
            if text[at:].strip() == "":
                break
            match = _TOKEN.match(text, at)
            if match is None or match.end() == at:
                col = at + len(text[at:]) - len(text[at:].lstrip()) + 1
                bad = text[col - 1] if col - 1 < len(text) else ""
                pair = text[col - 1 : col + 1]
                hint = {
                    "=>": " (did you mean '>='?)",
                    "=<": " (did you mean '<='?)",
                    "=": " (compare with '==')",
                    "!": " (use 'not', or '!=' to compare)",
                    "&": " (use 'and')",
                    "|": " (use 'or')",
                }.get(pair if pair in ("=>", "=<") else bad, "")
                raise ExpressionError(f"unexpected character {bad!r}{hint}", col)
            kind = match.lastgroup or ""
            token = match.group(kind)
            tokens.append((kind, token, match.start(kind) + 1))
            at = match.end()
        tokens.append(("end", "", len(text) + 1))
        return tokens

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.pos]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> _Node:
        if self.peek()[0] == "end":
            raise ExpressionError("empty expression", 1)
        tree = self.parse_or()
        kind, token, col = self.peek()
        if kind != "end":
            raise ExpressionError(f"unexpected {token!r} after a complete expression", col)
        return tree

    def _nest(self, col: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"expression nested deeper than {MAX_DEPTH} levels", col)

    def parse_or(self) -> _Node:
        left = self.parse_and()
        while self.peek()[1] == "or" and self.peek()[0] == "name":
            col = self.take()[2]
            left = _Node("or", (left, self.parse_and()), column=col)
        return left

    def parse_and(self) -> _Node:
        left = self.parse_not()
        while self.peek()[1] == "and" and self.peek()[0] == "name":
            col = self.take()[2]
            left = _Node("and", (left, self.parse_not()), column=col)
        return left

    def parse_not(self) -> _Node:
        kind, token, col = self.peek()
        if kind == "name" and token == "not":
            self.take()
            self._nest(col)
            operand = self.parse_not()
            self.depth -= 1
            return _Node("not", (operand,), column=col)
        return self.parse_compare()

    def parse_compare(self) -> _Node:
        left = self.parse_sum()
        kind, token, col = self.peek()
        if kind == "op" and token in _COMPARE:
            self.take()
            right = self.parse_sum()
            node = _Node(token, (left, right), column=col)
            nxt_kind, nxt, nxt_col = self.peek()
            if nxt_kind == "op" and nxt in _COMPARE:
                raise ExpressionError(
                    "chained comparison; join two comparisons with 'and'", nxt_col
                )
            return node
        return left

    def parse_sum(self) -> _Node:
        left = self.parse_unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("+", "-"):
            _, token, col = self.take()
            left = _Node(token, (left, self.parse_unary()), column=col)
        return left

    def parse_unary(self) -> _Node:
        kind, token, col = self.peek()
        if kind == "op" and token == "-":
            self.take()
            self._nest(col)
            operand = self.parse_unary()
            self.depth -= 1
            return _Node("neg", (operand,), column=col)
        return self.parse_atom()

    def parse_atom(self) -> _Node:
        kind, token, col = self.take()
        if kind == "int":
            return _Node("int", value=int(token), column=col)
        if kind == "name":
            if token == "true":
                return _Node("bool", value=True, column=col)
            if token == "false":
                return _Node("bool", value=False, column=col)
            if token in _KEYWORDS:
                raise ExpressionError(f"'{token}' needs something before it", col)
            return _Node("name", value=token, column=col)
        if kind == "op" and token == "(":
            self._nest(col)
            inner = self.parse_or()
            self.depth -= 1
            _, close, close_col = self.take()
            if close != ")":
                raise ExpressionError("missing ')'", close_col)
            return inner
        if kind == "end":
            raise ExpressionError("expression ends too early", col)
        raise ExpressionError(f"unexpected {token!r}", col)


def _type_of(node: _Node, types: Mapping[str, ValueType]) -> ValueType:
    op = node.op
    if op == "int":
        return "int"
    if op == "bool":
        return "bool"
    if op == "name":
        name = str(node.value)
        if name not in types:
            raise ExpressionError(f"undeclared variable '{name}'", node.column)
        return types[name]
    arg_types = [_type_of(arg, types) for arg in node.args]
    if op in ("neg", "+", "-"):
        _expect(node, arg_types, "int", f"'{'-' if op == 'neg' else op}' needs numbers")
        return "int"
    if op in ("not", "and", "or"):
        _expect(node, arg_types, "bool", f"'{op}' needs true/false conditions")
        return "bool"
    if op in ("<", "<=", ">", ">="):
        _expect(node, arg_types, "int", f"'{op}' compares numbers")
        return "bool"
    # == and != compare two values of one type
    if arg_types[0] != arg_types[1]:
        raise ExpressionError(
            f"'{op}' compares a {arg_types[0]} with a {arg_types[1]}", node.column
        )
    return "bool"


def _expect(node: _Node, got: list[ValueType], want: ValueType, message: str) -> None:
    for arg, kind in zip(node.args, got, strict=True):
        if kind != want:
            raise ExpressionError(message, arg.column)


def _eval(node: _Node, values: Mapping[str, Value]) -> Value:
    op = node.op
    if op in ("int", "bool"):
        return node.value  # type: ignore[return-value]
    if op == "name":
        return values[str(node.value)]
    if op == "not":
        return not _eval(node.args[0], values)
    if op == "and":
        return bool(_eval(node.args[0], values)) and bool(_eval(node.args[1], values))
    if op == "or":
        return bool(_eval(node.args[0], values)) or bool(_eval(node.args[1], values))
    if op == "neg":
        return -int(_eval(node.args[0], values))
    left = _eval(node.args[0], values)
    right = _eval(node.args[1], values)
    if op == "+":
        return int(left) + int(right)
    if op == "-":
        return int(left) - int(right)
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    if op == "==":
        return left == right
    return left != right


#: What `_range` knows of a value: a number's (lowest, highest) or the booleans it can be.
_Range = tuple[int, int] | frozenset[bool]
_BOTH: frozenset[bool] = frozenset({True, False})


def _range(node: _Node, bounds: Mapping[str, tuple[int, int] | None]) -> _Range:
    """The values `node` can take, for Expression.can_be (an over-approximation)."""
    op = node.op
    if op == "int":
        return (int(node.value), int(node.value))
    if op == "bool":
        return frozenset({bool(node.value)})
    if op == "name":
        span = bounds.get(str(node.value))
        return _BOTH if span is None else span
    args = [_range(arg, bounds) for arg in node.args]
    if op == "neg":
        lo, hi = args[0]  # type: ignore[misc]
        return (-hi, -lo)
    if op in ("+", "-"):
        (alo, ahi), (blo, bhi) = args  # type: ignore[misc]
        return (alo + blo, ahi + bhi) if op == "+" else (alo - bhi, ahi - blo)
    if op == "not":
        return frozenset(not v for v in args[0])  # type: ignore[union-attr]
    if op in ("and", "or"):
        a, b = args
        combine = (lambda x, y: x and y) if op == "and" else (lambda x, y: x or y)
        return frozenset(combine(x, y) for x in a for y in b)  # type: ignore[union-attr]
    a, b = args
    if isinstance(a, frozenset) or isinstance(b, frozenset):
        pairs = [(x, y) for x in a for y in b]  # type: ignore[union-attr]
        return frozenset((x == y) if op == "==" else (x != y) for x, y in pairs)
    (alo, ahi), (blo, bhi) = a, b
    possible: set[bool] = set()
    if op == "<":
        possible |= {True} if alo < bhi else set()
        possible |= {False} if ahi >= blo else set()
    elif op == "<=":
        possible |= {True} if alo <= bhi else set()
        possible |= {False} if ahi > blo else set()
    elif op == ">":
        possible |= {True} if ahi > blo else set()
        possible |= {False} if alo <= bhi else set()
    elif op == ">=":
        possible |= {True} if ahi >= blo else set()
        possible |= {False} if alo < bhi else set()
    else:
        overlap = alo <= bhi and blo <= ahi
        same_point = alo == ahi == blo == bhi
        equal = {True} if overlap else set()
        differ = set() if same_point else {False}
        possible = equal | differ if op == "==" else {not v for v in equal | differ}
    return frozenset(possible)
