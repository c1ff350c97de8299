"""The library's search: words match anything shown about a scenario, and a few `key:value`
terms narrow by family, difficulty and principle.

    信贷 风险            words: each must appear (title, id, persona, principles, family)
    family:credit        类:信贷   — a family, by id or by its name in either language
    difficulty:3         难度:3-4  — a difficulty or a range (★3 also works)
    principle:risk       原则:风险 — a principle in the scenario's focus, by id or name
    title:逾期           标题:逾期 — only the title

Terms of the same key are alternatives (family:credit family:retail); different keys all
apply. An unknown key is read as a plain word, so nothing a trainee types is an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from simulator.listing import Listed
from simulator.model import Text

_KEYS = {
    "family": "family",
    "f": "family",
    "类": "family",
    "类别": "family",
    "difficulty": "difficulty",
    "d": "difficulty",
    "难度": "difficulty",
    "principle": "principle",
    "p": "principle",
    "原则": "principle",
    "title": "title",
    "t": "title",
    "标题": "title",
}
#: What a family is called, besides its id (the family names the UI shows, and short forms).
FAMILY_WORDS: Mapping[str, tuple[str, ...]] = {
    "retail": ("retail", "零售", "零售客户", "retail clients"),
    "credit": ("credit", "信贷", "信贷客户", "credit clients"),
    "pitch": ("pitch", "提报", "方案提报", "提案", "方案提案", "pitch rehearsal"),
}


@dataclass(frozen=True)
class Query:
    """A parsed search: words plus the narrowing terms."""

    words: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    difficulties: frozenset[int] = field(default_factory=frozenset)
    principles: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when the query keeps every scenario."""
        return not (
            self.words or self.families or self.difficulties or self.principles or self.titles
        )


def parse(text: str) -> Query:
    """Read what the trainee typed (full-width colons and spaces are fine)."""
    words: list[str] = []
    families: list[str] = []
    difficulties: set[int] = set()
    principles: list[str] = []
    titles: list[str] = []
    for token in text.replace("：", ":").replace("\u3000", " ").split():
        star = re.fullmatch(r"[★☆*](\d)(?:-(\d))?", token)
        if star:
            difficulties |= _levels(star.group(1), star.group(2))
            continue
        key, sep, value = token.partition(":")
        kind = _KEYS.get(key.casefold()) if sep and value else None
        if kind is None:
            words.append(token.casefold())
        elif kind == "family":
            families.append(value.casefold())
        elif kind == "difficulty":
            levels = re.fullmatch(r"(\d)(?:-(\d))?", value)
            if levels:
                difficulties |= _levels(levels.group(1), levels.group(2))
            else:
                words.append(token.casefold())
        elif kind == "principle":
            principles.append(value.casefold())
        else:
            titles.append(value.casefold())
    return Query(
        tuple(words), tuple(families), frozenset(difficulties), tuple(principles), tuple(titles)
    )


def _levels(low: str, high: str | None) -> set[int]:
    a, b = int(low), int(high or low)
    return set(range(min(a, b), max(a, b) + 1))


def family_matches(family: str, wanted: str) -> bool:
    """Whether a typed family (id, name, or the start of one) means `family`."""
    return any(word.startswith(wanted) for word in FAMILY_WORDS.get(family, (family,)))


def principle_words(pid: str, names: Mapping[str, Text]) -> list[str]:
    """A principle's id and names, folded for matching."""
    name = names.get(pid)
    return [w.casefold() for w in (pid, *((name.zh, name.en) if name else ()))]


def matches(scenario: Listed, query: Query, names: Mapping[str, Text]) -> bool:
    """Whether the listed `scenario` is kept by `query`; `names` are the principles' names."""
    if query.families and not any(family_matches(scenario.family, f) for f in query.families):
        return False
    if query.difficulties and scenario.difficulty not in query.difficulties:
        return False
    title = [scenario.title.zh.casefold(), scenario.title.en.casefold()]
    if query.titles and not all(any(t in x for x in title) for t in query.titles):
        return False
    focus = [w for pid in scenario.principles_in_focus for w in principle_words(pid, names)]
    if query.principles and not any(p in w for p in query.principles for w in focus):
        return False
    if not query.words:
        return True
    haystack = [scenario.id.casefold(), *title, *focus]
    haystack += [w.casefold() for w in FAMILY_WORDS.get(scenario.family, (scenario.family,))]
    persona, role = scenario.persona_name, scenario.persona_role
    haystack += [persona.zh.casefold(), persona.en.casefold()]
    haystack += [role.zh.casefold(), role.en.casefold()]
    return all(any(word in item for item in haystack) for word in query.words)
