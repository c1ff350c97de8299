"""Detector patterns that run in linear time, whatever a coach writes.

Python's `re` backtracks and has no time limit: `(哈|哈哈)+吗` took 55 s on 41 characters. A
pattern is therefore accepted only when the work it can do at one position of the text is
bounded by a constant, which makes a whole search linear in the text's length:

- no unbounded repeat (`*`, `+`, `{n,}`): write a bound, `{0,20}`;
- no backreference (`\\1`, `(?P=name)`);
- the number of ways the pattern can try to match at one position — repeats multiply,
  alternatives and lookarounds add — stays under `MAX_WAYS`.

`problem(pattern)` says what is wrong with a pattern (None when it is fine); the loader
reports it as PAR058 and the detectors never run a pattern that has one.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from typing import Any

#: Most ways a pattern may try to match at one position (a bound on its backtracking).
MAX_WAYS = 100_000
#: Longest bounded repeat accepted (`{0,50}`).
MAX_REPEAT = 50

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT} | (
    {sre.POSSESSIVE_REPEAT} if hasattr(sre, "POSSESSIVE_REPEAT") else set()
)


class _Refused(Exception):
    pass


def problem(pattern: str) -> str | None:
    """Why `pattern` could run in more than linear time, or None when it cannot."""
    try:
        tree = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None  # the compile check reports it
    try:
        ways = _ways(list(tree))
    except _Refused as exc:
        return str(exc)
    if ways > MAX_WAYS:
        return (
            f"can try the text {ways:,} ways at each position (limit {MAX_WAYS:,}); "
            "shorten its bounds or its alternatives"
        )
    return None


def _ways(items: list[Any]) -> int:
    total = 1
    # A lookaround is atomic in `re`: tried once each time the match reaches it, it leaves one
    # way on, so its work adds to what follows instead of multiplying it ("a sentence with no
    # X in it and a Y somewhere": `^(?!.{0,40}X)(?=.{0,40}Y)`).
    looked = 0
    for op, av in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            looked += total * max(1, _ways(list(av[1])))
        else:
            total *= _item_ways(op, av)
        if total + looked > MAX_WAYS * 1000:
            break
    return total + looked


def _item_ways(op: Any, av: Any) -> int:
    if op in _REPEATS:
        least, most, sub = av
        if most == sre.MAXREPEAT or most > MAX_REPEAT:
            raise _Refused(
                "has an unbounded repeat (*, + or {n,}); write a bound such as {0,20}"
                if most == sre.MAXREPEAT
                else f"repeats up to {most} times (limit {MAX_REPEAT})"
            )
        inner = _ways(list(sub))
        if inner <= 1:
            return max(1, most - least + 1)
        return sum(inner**k for k in range(least, most + 1))
    if op == sre.SUBPATTERN:
        return _ways(list(av[3]))
    if op == sre.ATOMIC_GROUP if hasattr(sre, "ATOMIC_GROUP") else False:
        return _ways(list(av))
    if op == sre.BRANCH:
        return sum(_ways(list(branch)) for branch in av[1])
    if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
        raise _Refused("uses a backreference (\\1 or (?P=name)); spell the text out instead")
    return 1
