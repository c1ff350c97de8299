"""Principle catalog files: areas, principles, detectors (and the regex safety check)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from simulator.diagnostics import Diagnostic
from simulator.loader.fields import (
    EMPTY_TEXT,
    FieldReader,
    did_you_mean,
    has_errors,
    kind_of,
    shift,
)
from simulator.model import (
    FAMILIES,
    POLARITIES,
    Area,
    Catalog,
    Detector,
    Location,
    Principle,
    SeedSource,
    Text,
    with_titles,
)
from simulator.patterns import problem as patterns_problem
from simulator.punctuation import half_width_spots
from simulator.yamlsource import Document, YList, YMap, read_document

_CATALOG_REQUIRED = ("catalog", "areas", "principles")
_CATALOG_OPTIONAL = ("version", "negation_words", "sources")


def catalog_from_document(doc: Document) -> tuple[Catalog | None, list[Diagnostic]]:
    """A best-effort Catalog from a parsed file, and every problem found in it."""
    r = FieldReader(doc.path)
    r.diagnostics.extend(doc.diagnostics)
    top = doc.data
    if top is None:
        return None, r.diagnostics
    r.keys(top, "the catalog", _CATALOG_REQUIRED, _CATALOG_OPTIONAL)
    r.string(top, "catalog", "the catalog")
    version = r.integer(top, "version", "the catalog") or 1
    words: list[str] = []
    raw_words = r.listing(top, "negation_words", "the catalog")
    for index, word in enumerate(raw_words or ()):
        assert raw_words is not None
        if isinstance(word, str) and word:
            words.append(word)
        else:
            r.report(
                "PAR021",
                f"negation word {index + 1} must be text, not {kind_of(word)}",
                raw_words.item_loc(index),
                'quote it, e.g. "no"',
            )
    areas: dict[str, Area] = {}
    raw_areas = r.mapping(top, "areas", "the catalog")
    for key, value in (raw_areas or {}).items():
        assert raw_areas is not None
        name = r.text_value(value, raw_areas.value_loc(key), f"area '{key}'", False)
        areas[str(key)] = Area(str(key), name or EMPTY_TEXT)
    # The seed documents' titles, shown to trainees instead of file names.
    sources: dict[str, Text] = {}
    raw_sources = r.mapping(top, "sources", "the catalog") if "sources" in top else None
    for key, value in (raw_sources or {}).items():
        assert raw_sources is not None
        title = r.text_value(value, raw_sources.value_loc(key), f"source '{key}'", False)
        if title is not None:
            sources[str(key)] = title
    seen: dict[str, Location] = {}

    def source(m: YMap, loc: Location, index: int) -> SeedSource | None:
        where = f"source {index + 1}"
        r.keys(m, where, ("file", "quote"))
        file = r.string(m, "file", where)
        quote = r.string(m, "quote", where)
        return SeedSource(file or "", quote or "")

    def checked(m: YMap, key: str, what: str, where: str) -> tuple[list[str], YList | None]:
        """The valid patterns listed under `key` (bad ones reported, located)."""
        patterns: list[str] = []
        raw = r.listing(m, key, where)
        for pindex, pattern in enumerate(raw or ()):
            assert raw is not None
            ploc = raw.item_loc(pindex)
            if not isinstance(pattern, str) or not pattern:
                r.report("PAR021", f"{what} {pindex + 1} of {where} must be text", ploc)
                continue
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                r.report(
                    "PAR027",
                    f"{what} {pindex + 1} of {where} is not a valid regular expression: "
                    f"{exc.msg} / 正则表达式无效",
                    shift(ploc, (exc.pos or 0) + 1),
                    "check brackets and escape special characters with a backslash "
                    "(in double quotes write \\\\)",
                )
                continue
            slow = patterns_problem(pattern)
            if slow is not None:
                r.report(
                    "PAR058",
                    f"{what} {pindex + 1} of {where} {slow}: it could freeze a session on a "
                    "long answer / 正则可能在长回答上卡死",
                    ploc,
                    "patterns must run in linear time: bound every repeat (`好+` → `好{1,10}`, "
                    "`[^,]*` → `[^,]{0,20}`), keep alternatives inside a repeat few "
                    "(`(哈|哈哈)+` → `哈{1,10}`), and spell out backreferences",
                )
                continue
            patterns.append(pattern)
        return patterns, raw

    def detector(m: YMap, loc: Location, index: int, pwhere: str, dseen: dict) -> Detector | None:
        # Named by its id, as a principle is: "pattern 2 of detector 'flat_guarantee' of
        # principle 'careful_promise'" is found by a search, "detector 3 of …" by counting.
        did = r.ident(m, "id", f"detector {index + 1} of {pwhere}")
        where = f"detector '{did or index + 1}' of {pwhere}"
        r.keys(
            m,
            where,
            ("id", "polarity", "patterns"),
            ("weight", "negated", "explanation", "commitment", "unless", "last"),
        )
        if did is not None:
            r.unique(dseen, did, m.value_loc("id"), "detector")
        polarity = r.choice(m, "polarity", where, ("upholds", "violates"))
        weight = r.integer(m, "weight", where)
        if weight is not None and not 1 <= weight <= 3:
            r.report(
                "PAR031",
                f"{where}: weight {weight} is outside 1–3",
                m.value_loc("weight"),
                "use 1–3",
            )
        negated = r.choice(m, "negated", where, ("flip", "ignore", "keep", "deny")) or "ignore"

        patterns, raw = checked(m, "patterns", "pattern", where)
        unless, _ = checked(m, "unless", "unless pattern", where)
        if raw is not None and not raw:
            r.report("PAR025", f"{where} has no patterns", m.value_loc("patterns"), "add one")
        explanation = r.text(m, "explanation", where) or EMPTY_TEXT
        if did is None or polarity is None:
            return None
        return Detector(
            did,
            polarity,
            tuple(patterns),
            weight or 1,
            negated,
            explanation,
            loc,  # type: ignore[arg-type]
            r.boolean(m, "commitment", where, False),
            tuple(unless),
            r.boolean(m, "last", where, False),
        )

    def principle(m: YMap, loc: Location, index: int) -> Principle | None:
        pid = r.ident(m, "id", f"principle {index + 1}")
        where = f"principle '{pid or index + 1}'"
        r.keys(
            m,
            where,
            ("id", "name", "area", "description", "source"),
            ("looks_like", "looks_like_in", "detectors", "examples", "unless"),
        )
        if pid is not None:
            r.unique(seen, pid, m.value_loc("id"), "principle")
        name = r.text(m, "name", where, need_en=True) or EMPTY_TEXT
        area = r.string(m, "area", where)
        if area is not None and raw_areas is not None and area not in areas:
            r.report(
                "PAR033",
                f"{where} names unknown area '{area}' / 未知的能力领域",
                m.value_loc("area"),
                did_you_mean(area, areas) or f"areas: {', '.join(areas)}",
            )
        description = r.text(m, "description", where) or EMPTY_TEXT
        looks_like = r.text(m, "looks_like", where) or EMPTY_TEXT
        looks_like_in: dict[str, Text] = {}
        raw_in = r.mapping(m, "looks_like_in", where) if "looks_like_in" in m else None
        for family, value in (raw_in or {}).items():
            assert raw_in is not None
            if family not in FAMILIES:
                r.report(
                    "PAR025",
                    f"{where}: looks_like_in names unknown family '{family}' / 未知的场景类别",
                    raw_in.key_loc(family),
                    did_you_mean(str(family), FAMILIES) or f"families: {', '.join(FAMILIES)}",
                )
                continue
            text = r.text_value(value, raw_in.value_loc(family), f"{where} in {family}", False)
            if text is not None:
                looks_like_in[str(family)] = text
        sources = r.each(r.listing(m, "source", where), source, f"source of {where}")
        dseen: dict[str, Location] = {}
        detectors = r.each(
            r.listing(m, "detectors", where),
            lambda d, dloc, i: detector(d, dloc, i, where, dseen),
            f"detectors of {where}",
        )
        examples, threshold, learn = examples_of(m, where)
        if pid is None:
            return None
        # The principle's own `unless` ("你的猫我肯定帮你喂" is an errand, not an overpromise)
        # holds for every detector that breaks it, after the detector's own.
        shared, _ = checked(m, "unless", "unless pattern", where)
        if shared:
            detectors = [
                replace(d, unless=d.unless + tuple(shared)) if d.polarity == "violates" else d
                for d in detectors
            ]
        return Principle(
            pid,
            name,
            area or "",
            description,
            tuple(sources),
            looks_like,
            tuple(detectors),
            loc,
            examples,
            threshold,
            looks_like_in,
            learn,
            unless=tuple(shared),
        )

    def examples_of(
        m: YMap, where: str
    ) -> tuple[dict[str, tuple[str, ...]], float | None, tuple[str, ...]]:
        """`examples: {upholds: [...], violates: [...], threshold: 0.45, learn: [...]}` of one
        principle."""
        raw = r.mapping(m, "examples", where)
        if raw is None:
            return {}, None, POLARITIES
        ewhere = f"'examples' of {where}"
        r.keys(raw, ewhere, (), ("upholds", "violates", "threshold", "learn"))
        found: dict[str, tuple[str, ...]] = {}
        for polarity in ("upholds", "violates"):
            items = r.listing(raw, polarity, ewhere)
            texts: list[str] = []
            for eindex, text in enumerate(items or ()):
                assert items is not None
                if isinstance(text, str) and text.strip():
                    texts.append(text)
                    if half_width_spots(text):
                        r.punctuation(
                            text, items.item_loc(eindex), f"example {eindex + 1} of {ewhere}"
                        )
                else:
                    r.report(
                        "PAR021",
                        f"example {eindex + 1} of {polarity} in {ewhere} must be text / 应为文本",
                        items.item_loc(eindex),
                        "write a short answer a trainee might type, e.g. 我理解您的难处",
                    )
            if texts:
                found[polarity] = tuple(texts)
        threshold = r.typed(raw, "threshold", (int, float), "a number between 0 and 1", ewhere)
        if isinstance(threshold, bool):
            threshold = None
        if threshold is not None and not 0 < threshold <= 1:
            r.report(
                "PAR025",
                f"examples.threshold = {threshold} of {where} is outside 0–1 / 阈值应在 0–1 之间",
                raw.value_loc("threshold"),
                "it is the lowest similarity that counts as a hit (default 0.45)",
            )
            threshold = None
        return (
            found,
            None if threshold is None else float(threshold),
            learned_polarities(raw, ewhere),
        )

    def learned_polarities(raw: YMap, ewhere: str) -> tuple[str, ...]:
        """`learn: [upholds]`: the polarities the library's options lend the bank (default both)."""
        if "learn" not in raw:
            return POLARITIES
        items = r.listing(raw, "learn", ewhere)
        kept: list[str] = []
        for lindex, value in enumerate(items or ()):
            assert items is not None
            if value in POLARITIES:
                if value not in kept:
                    kept.append(value)
                continue
            r.report(
                "PAR025",
                f"learn {lindex + 1} of {ewhere} cannot be {value!r} / 应为 upholds 或 violates",
                items.item_loc(lindex),
                "list the polarities the options may teach: [upholds], [violates], [] or both",
            )
        return tuple(kept) if items is not None else POLARITIES

    principles = r.each(r.listing(top, "principles", "the catalog"), principle, "principles")
    catalog = Catalog(
        areas=areas,
        principles={p.id: p for p in principles},
        version=version,
        negation_words=tuple(words),
        sources=sources,
    )
    return with_titles(catalog), r.diagnostics


def load_catalog(path: str | Path) -> tuple[Catalog | None, list[Diagnostic]]:
    """Load one principle catalog file; None when it has errors (all of them are in the list)."""
    catalog, diags = catalog_from_document(read_document(path))
    return (None if has_errors(diags) else catalog), diags
