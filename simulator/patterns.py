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
from typing import Any, NamedTuple

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
        # The count stops being worked out past a thousand times the limit: a figure of ninety
        # digits told the coach nothing more than "far too many".
        many = f"{ways:,}" if ways <= MAX_WAYS * 1000 else f"more than {MAX_WAYS * 1000:,}"
        return (
            f"can try the text {many} ways at each position (limit {MAX_WAYS:,}); "
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


#: Most two-character strings one set of `needed_pairs` may list (classes multiply).
MAX_PAIRS = 64


class _Shape(NamedTuple):
    """What every match of a piece of a pattern looks like, as far as it is certain."""

    first: frozenset[str] | None  # one of these characters opens it (None: not known)
    last: frozenset[str] | None  # one of these closes it
    needs: tuple[frozenset[str], ...]  # sets of two-character strings it holds one of each of
    empty: bool  # it may match no character at all (or is zero-width)


_UNKNOWN = _Shape(None, None, (), False)  # one or more characters, which not known
_NOTHING = _Shape(None, None, (), True)  # may be empty, or a zero-width test


def needed_pairs(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of two-character strings such that every match of `pattern` holds at least one of
    each, smallest first; empty when none is known. Two characters side by side are far rarer
    in a sentence than either alone: a sentence holding none of a set is passed over without
    running the pattern (`needed_characters` is the fallback, one character at a time)."""
    try:
        shape = _sequence(list(sre_parse.parse(pattern)))
    except (re.error, RecursionError, OverflowError):
        return ()
    return tuple(sorted(set(shape.needs), key=lambda need: (len(need), sorted(need))))


def _pairs(before: frozenset[str] | None, after: frozenset[str] | None) -> frozenset[str] | None:
    if before is None or after is None or len(before) * len(after) > MAX_PAIRS:
        return None
    return frozenset(a + b for a in before for b in after)


def _sequence(items: list[Any]) -> _Shape:
    needs: list[frozenset[str]] = []
    first: frozenset[str] | None = None
    opened = False  # a character-taking item seen (first is then settled)
    last: frozenset[str] | None = None
    for op, av in items:
        shape = _shape(op, av)
        if shape.empty:
            # may take nothing (or is a zero-width test): its own sets are not certain, and
            # the items either side of it are not certainly side by side
            if not opened:
                opened, first = True, None
            last = None
            continue
        needs.extend(shape.needs)
        pair = _pairs(last, shape.first)
        if pair is not None:
            needs.append(pair)
        if not opened:
            opened, first = True, shape.first
        last = shape.last
    if not opened:
        return _NOTHING
    return _Shape(first, last, tuple(needs), False)


def _shape(op: Any, av: Any) -> _Shape:
    if op == sre.LITERAL:
        chars = _uncased({chr(av)})
        return _Shape(chars[0], chars[0], (), False) if chars else _UNKNOWN
    if op == sre.IN:
        found: set[str] = set()
        for sub_op, sub_av in av:
            if sub_op != sre.LITERAL:
                return _UNKNOWN
            found.add(chr(sub_av))
        chars = _uncased(found)
        return _Shape(chars[0], chars[0], (), False) if chars else _UNKNOWN
    if op in (sre.ANY, sre.NOT_LITERAL):
        return _UNKNOWN
    if op == sre.SUBPATTERN:
        return _sequence(list(av[3]))
    if hasattr(sre, "ATOMIC_GROUP") and op == sre.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in _REPEATS:
        least, _most, sub = av
        return _sequence(list(sub)) if least >= 1 else _NOTHING
    if op == sre.BRANCH:
        shapes = [_sequence(list(branch)) for branch in av[1]]
        if any(shape.empty for shape in shapes):
            return _NOTHING
        firsts = [shape.first for shape in shapes]
        lasts = [shape.last for shape in shapes]
        first = None if None in firsts else frozenset().union(*firsts)
        last = None if None in lasts else frozenset().union(*lasts)
        # every branch must hold one of its own sets: the union of each one's smallest is a
        # set every match holds one of (a branch with none leaves the union unknown)
        own: set[str] = set()
        for shape in shapes:
            if not shape.needs:
                own = set()
                break
            own |= min(shape.needs, key=len)
        needs = (frozenset(own),) if own and len(own) <= MAX_PAIRS * len(shapes) else ()
        return _Shape(first, last, needs, False)
    return _NOTHING  # an anchor, a lookaround, a category: nothing certain, maybe no character


#: What else `re.IGNORECASE` matches an ASCII letter with: the Kelvin sign, the long s, the
#: dotted and dotless i.
_ALSO_MATCHES = {"k": "\u212a", "s": "\u017f", "i": "\u0130\u0131"}
