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


def needed_characters(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of characters such that every match of `pattern` holds at least one of each,
    smallest first; empty when none is known (a cased letter, whose other forms IGNORECASE
    would match, makes a set unknown). A text missing one of them cannot match: the detectors
    pass such a pattern over without running it."""
    try:
        needs = _needed(list(sre_parse.parse(pattern)))
    except (re.error, RecursionError, OverflowError):
        return ()
    return tuple(sorted(set(needs), key=lambda need: (len(need), sorted(need))))


def _needed(items: list[Any]) -> list[frozenset[str]]:
    """What each of the sequence's mandatory items needs."""
    needs: list[frozenset[str]] = []
    for op, av in items:
        needs.extend(_item_needs(op, av))
    return needs


def _item_needs(op: Any, av: Any) -> list[frozenset[str]]:
    if op == sre.LITERAL:
        return _uncased({chr(av)})
    if op == sre.IN:
        chars: set[str] = set()
        for sub_op, sub_av in av:
            if sub_op != sre.LITERAL:
                return []  # a range, a class, a negation: not a short list of characters
            chars.add(chr(sub_av))
        return _uncased(chars)
    if op == sre.SUBPATTERN:
        return _needed(list(av[3]))
    if op in _REPEATS:
        least, _most, sub = av
        return _needed(list(sub)) if least >= 1 else []
    if op == sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            needs = _needed(list(branch))
            if not needs:
                return []
            union |= min(needs, key=len)
        return [frozenset(union)]
    return []  # a lookaround, an anchor, any character: nothing certain


def _uncased(chars: set[str]) -> list[frozenset[str]]:
    """The characters as a set, with the other forms IGNORECASE matches for an ASCII letter;
    none if one is another letter with case."""
    out: set[str] = set()
    for c in chars:
        if c.isascii() and c.isalpha():
            out |= {c.lower(), c.upper(), *_ALSO_MATCHES.get(c.lower(), "")}
        elif c.lower() != c.upper() or c.casefold() != c:
            return []
        else:
            out.add(c)
    return [frozenset(out)]


#: What else `re.IGNORECASE` matches an ASCII letter with: the Kelvin sign, the long s, the
#: dotted and dotless i.
_ALSO_MATCHES = {"k": "\u212a", "s": "\u017f", "i": "\u0130\u0131"}
