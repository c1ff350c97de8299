"""A catalog's detectors compiled once: each detector's patterns with the characters a sentence
must hold for them to match, the catalog's negation words, and the example bank (every
principle's examples, and the small-talk phrasings, as TF-IDF vectors over understanding's
features). Kept per catalog, least recently used dropped first."""

from __future__ import annotations

import math
import re
import threading
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simulator import classifier
from simulator.detectors.text import normalise
from simulator.model import Catalog, Detector, Principle
from simulator.patterns import needed_characters, needed_pairs
from simulator.patterns import problem as linear_problem
from simulator.smalltalk import SMALL_TALK
from simulator.wording import features, polar_terms

EXAMPLE_THRESHOLD = 0.45

EXAMPLE_MARGIN = 0.1

#: Weight of a sentence's features that no example has (as in understanding: they cannot point
#: to any principle, and at full weight a long sentence would hide the move it contains).
EXAMPLE_UNKNOWN_WEIGHT = 0.5

#: A sentence that has less than this share of an example's weight is not read as its move.
EXAMPLE_COVERAGE = 0.45

#: A sentence's move is that of the examples nearest to it: an example this much further from
#: it than the nearest example of any option or principle is not what it says ("有消息我第一时间
#: 告诉您" is nearer an honest closing line than the tip-off "有风声我第一时间告诉您").
EXAMPLE_NEAREST_GAP = 0.15

#: Features in more than this share of the bank's examples are not searched (see `_bank`).
BANK_COMMON_SHARE = 0.02


@dataclass(frozen=True, slots=True)
class _Compiled:
    """One detector of one principle with its patterns compiled."""

    principle: Principle
    detector: Detector
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()  # a sentence matching one is another move
    # Per pattern, sets of characters a sentence must hold one of each of for it to match
    # (`patterns.needed_characters`); and one set for the detector, from every pattern's
    # first: a sentence holding none of it is passed over (None: no such set for one pattern).
    needs: tuple[tuple[frozenset[str], ...], ...] = ()
    gate: frozenset[str] | None = None
    # The same with two characters side by side (`patterns.needed_pairs`), held against a
    # sentence's pairs: far fewer sentences hold 保证 than hold 保 and 证.
    pair_needs: tuple[tuple[frozenset[str], ...], ...] = ()
    pair_gate: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class _Label:
    """What one example sentence is an example of."""

    principle: Principle | None  # None: everyday small talk, which engages no principle
    polarity: str
    fires: bool = True  # False: it only stops the other polarity (`Catalog.learned_also`)


@dataclass(frozen=True, slots=True)
class _Example:
    """One example sentence, weighed once for the nearest-neighbour search, with every
    principle and polarity it is an example of (an option's phrasing serves several)."""

    text: str
    said: frozenset[str]  # polarity terms it says plainly ("保证")
    denied: frozenset[str]  # polarity terms it says negated ("不能保证")
    labels: tuple[_Label, ...]
    everyday: bool = False  # one of the small-talk phrasings: an example of no principle


@dataclass(frozen=True, slots=True)
class _Bank:
    """Every principle's examples as TF-IDF vectors over understanding's features."""

    examples: tuple[_Example, ...]
    #: feature -> (examples, weights): compact arrays, as the bank holds the whole library
    postings: Mapping[str, tuple[array[int], array[float]]]
    idf: Mapping[str, float]
    default_idf: float
    thresholds: Mapping[str, float]  # principle -> its threshold


@dataclass(frozen=True, slots=True)
class _Prepared:
    """Everything compiled for one catalog."""

    catalog: Catalog
    detectors: tuple[_Compiled, ...]
    negation: re.Pattern[str] | None
    bank: _Bank | None
    # (principle, detector) -> the polarity the detector reads when nothing turns it round
    polarity: Mapping[tuple[str, str], str]
    # (principle, detector) of the detectors whose negated matches only deny (`negated: deny`)
    denying: frozenset[tuple[str, str]]


_CACHE: dict[int, _Prepared] = {}

_BUILDING = threading.Lock()

#: Catalogs kept compiled, least recently used dropped first (advice compiles one per
#: principle: they must not push out the session's own, whose example bank is costly).
_CACHE_SIZE = 48

_BANKS_KEPT = 2


def prepare(catalog: Catalog) -> None:
    """Compile `catalog`'s detectors and index its example bank now, not on the first answer.

    The bank holds the library's option phrasings (`exemplars`), a few thousand sentences: a
    face calls this in the background while the trainee reads the first line, so the first
    typed answer does not wait for it. The fitted classifier is read then too.
    """
    _prepare(catalog)
    classifier.load()


def _prepare(catalog: Catalog) -> _Prepared:
    """The compiled detectors of `catalog`, built on first use and kept while it lives."""
    held = _CACHE.get(id(catalog))
    if held is not None and held.catalog is catalog:
        _CACHE[id(catalog)] = _CACHE.pop(id(catalog), held)  # most recently used last
        return held
    with _BUILDING:  # a face may be warming the same catalog in a thread: build it once
        held = _CACHE.get(id(catalog))
        if held is not None and held.catalog is catalog:
            return held
        return _build(catalog)


def _build(catalog: Catalog) -> _Prepared:
    compiled = []
    for principle in catalog.principles.values():
        for detector in principle.detectors:
            patterns = _compiled(detector.patterns)
            if patterns:
                unless = _compiled(detector.unless)
                needs = tuple(needed_characters(p.pattern) for p in patterns)
                gate = None if not all(needs) else frozenset().union(*(n[0] for n in needs))
                pairs = tuple(needed_pairs(p.pattern) for p in patterns)
                pair_gate = None if not all(pairs) else frozenset().union(*(n[0] for n in pairs))
                compiled.append(
                    _Compiled(principle, detector, patterns, unless, needs, gate, pairs, pair_gate)
                )
    prepared = _Prepared(
        catalog,
        tuple(compiled),
        _negation_pattern(catalog.negation_words),
        _bank(catalog),
        {(c.principle.id, c.detector.id): c.detector.polarity for c in compiled},
        frozenset(
            (c.principle.id, c.detector.id) for c in compiled if c.detector.negated == "deny"
        ),
    )
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    if prepared.bank is not None:  # a bank is tens of MB: keep the two used last
        banked = [key for key, held in list(_CACHE.items()) if held.bank is not None]
        for key in banked[: max(0, len(banked) - (_BANKS_KEPT - 1))]:
            del _CACHE[key]
    _CACHE[id(catalog)] = prepared
    return prepared


def _compiled(sources: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    """The patterns compiled; one that could freeze a session (PAR058) or does not compile is
    left out: the loader reports it, and a face should not crash on one."""
    patterns = []
    for source in sources:
        if linear_problem(source) is not None:
            continue
        try:
            patterns.append(re.compile(source, re.IGNORECASE))
        except re.error:
            continue
    return tuple(patterns)


def _negation_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern for all negation words, longest first; Latin words match whole words."""
    parts = []
    for word in sorted({normalise(w) for w in words if w.strip()}, key=lambda w: (-len(w), w)):
        piece = re.escape(word)
        if word.isascii() and word.isalpha():  # "no" must not match inside "know"; "n't" may
            piece = rf"\b{piece}\b"
        parts.append(piece)
    return re.compile("|".join(parts)) if parts else None


def _bank(catalog: Catalog) -> _Bank | None:
    """The catalog's example answers indexed once; None when no principle has any."""
    labels: dict[str, list[_Label]] = {}  # text -> labels, in catalog order
    thresholds: dict[str, float] = {}
    for principle in catalog.principles.values():
        learned = catalog.learned.get(principle.id, {})
        also = catalog.learned_also.get(principle.id, {})
        for polarity in ("upholds", "violates"):
            firing = (*principle.examples.get(polarity, ()), *learned.get(polarity, ()))
            for fires, texts in ((True, firing), (False, also.get(polarity, ()))):
                for text in texts:
                    labels.setdefault(text, []).append(_Label(principle, polarity, fires))
        threshold = principle.example_threshold
        thresholds[principle.id] = EXAMPLE_THRESHOLD if threshold is None else threshold
    if not labels:
        return None
    # Everyday small talk and fillers are examples of no principle: a sentence closer to one of
    # them than to a principle's example ("嗯……我想想啊") engages none.
    for text in SMALL_TALK:
        labels.setdefault(text, []).append(_Label(None, "", False))
    examples: list[_Example] = []
    counts: list[dict[str, float]] = []
    for text, its in labels.items():
        said, denied = polar_terms(text)
        everyday = any(label.principle is None for label in its)
        examples.append(_Example(text, frozenset(said), frozenset(denied), tuple(its), everyday))
        counts.append(features(_without_address(text)))
    df: dict[str, int] = {}
    for bag in counts:
        for key in bag:
            df[key] = df.get(key, 0) + 1
    total = len(counts)
    idf = {k: math.log((total + 1) / (v + 1)) + 1.0 for k, v in df.items()}
    default_idf = math.log(total + 1) + 1.0
    # A feature most examples have ("我", "您") moves every cosine a little and costs a pass
    # over most of the bank for each sentence: it is left out of the search.
    common = max(2, BANK_COMMON_SHARE * total)
    postings: dict[str, tuple[array[int], array[float]]] = {}
    for i, bag in enumerate(counts):
        for key, weight in _weigh(bag, idf, default_idf).items():
            if df[key] <= common:
                held = postings.get(key)
                if held is None:
                    held = postings[key] = (array("i"), array("d"))
                held[0].append(i)
                held[1].append(weight)
    return _Bank(
        tuple(examples),
        postings,
        idf,
        default_idf,
        thresholds,
    )


def _weigh(
    counts: Mapping[str, float], idf: Mapping[str, float], default_idf: float
) -> dict[str, float]:
    """L2-normalised TF-IDF (sublinear term frequency), as understanding weighs phrasings."""
    vector = {
        k: ((1.0 + math.log(c)) if c >= 1 else c) * idf.get(k, default_idf)
        for k, c in counts.items()
    }
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {k: v / norm for k, v in vector.items()}


#: Common surnames: with a title after them ("钱总", "王姐", "陈叔") they name whom the words
#: address, which says nothing about the principle ("谢谢钱总" is not "谢谢钱总，我收下了").
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤"
)

_ADDRESS = re.compile(
    f"[老小]?[{_SURNAMES}](?:总|姐|哥|叔|姨|老师|行长|经理|主任|师傅|老板|厂长|科长|处长|局长|大爷|阿姨|叔叔|大姐|大哥)"
)


def _without_address(text: str) -> str:
    """`text` with forms of address ("钱总", "王姐", "老陈") blanked out, for the example bank."""
    return _ADDRESS.sub(" ", text)
