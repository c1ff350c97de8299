"""Plain immutable data for scenarios, personas and the principle catalog.

The loader builds these from YAML; every other part of Parley reads them and never mutates
them. Nothing here knows about files, terminals or the state machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

Family = Literal["retail", "credit", "pitch"]
FAMILIES: tuple[Family, ...] = ("retail", "credit", "pitch")

EndingKind = Literal["success", "partial", "fail"]
ENDING_KINDS: tuple[EndingKind, ...] = ("success", "partial", "fail")

Polarity = Literal["upholds", "violates"]
POLARITIES: tuple[Polarity, ...] = ("upholds", "violates")

#: The response recorded when the client did not understand the trainee's words: a move in the
#: session's history that is not an option (option ids are lower_snake_case, so never "?").
CLARIFY = "?"

#: The competency areas of seed 001, keyed by the ids used in YAML.
AREA_IDS: tuple[str, ...] = ("basic", "professional", "character", "business")

#: The principle ids fixed by DESIGN.md; catalogs may add more, never rename these.
PRINCIPLE_IDS: tuple[str, ...] = (
    "careful_promise",
    "authority_boundary",
    "honesty",
    "empathy",
    "active_listening",
    "respect_competitors",
    "respect_client",
    "partner_not_master",
    "clarify_brief",
    "tactful_refusal",
    "composure",
    "risk_thinking",
    "information_gathering",
    "integrity",
    "confidentiality",
    "indirect_selling",
    "stay_out_of_politics",
    "reason_and_warmth",
)


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of content in Chinese (first) and English (second)."""

    zh: str
    en: str = ""

    def get(self, lang: Lang = "zh") -> str:
        """The text in `lang`, falling back to the other language when it is missing."""
        if lang == "en":
            return self.en or self.zh
        return self.zh or self.en


@dataclass(frozen=True, slots=True)
class Location:
    """Where a piece of data came from, for messages that point a coach at the line."""

    path: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


NOWHERE = Location("<memory>", 0, 0)


# ---------------------------------------------------------------------------------------------
# Principle catalog


@dataclass(frozen=True, slots=True)
class Area:
    """A competency area of seed 001 (基本能力, 专业能力, 意识与品质, 业务思维)."""

    id: str
    name: Text


@dataclass(frozen=True, slots=True)
class SeedSource:
    """The seed passage a principle is drawn from."""

    file: str
    quote: str
    title: Text = Text("", "")  # the seed document's title, from the catalog's `sources` table

    def cited(self, lang: Lang) -> str:
        """How a trainee sees the source: its title (《…》), else the file name."""
        title = self.title.get(lang)
        if not title:
            return self.file
        return f"《{title}》" if lang == "zh" else title


@dataclass(frozen=True, slots=True)
class Detector:
    """Regex patterns that, found in a trainee's words, uphold or violate a principle.

    `negated` says what a match means when a negation word governs it in the same clause:
    "flip" turns a violation into upholding (and back), "ignore" drops the hit, "keep" keeps
    it as it is, "deny" records the words as saying it is not so: no hit, and the classifier
    does not read the breach in them either ("他们不是骗子" is no insult).
    """

    id: str
    polarity: Polarity
    patterns: tuple[str, ...]
    weight: int = 1
    negated: Literal["flip", "ignore", "keep", "deny"] = "ignore"
    explanation: Text = Text("", "")
    location: Location = NOWHERE
    # A commitment the trainee makes (a promise, a claim, taking something): it counts only
    # when the trainee says it of themselves, not in a question and not in an "if" clause.
    commitment: bool = False
    # Patterns that, anywhere in the sentence, say the match is another move: "坐下慢慢说"
    # calms the talk, but "先别哭，坐下来慢慢说" comforts (empathy), not composure.
    unless: tuple[str, ...] = ()
    # Only where nothing follows: "这事我可办不了。" alone is a blunt no; followed by a question
    # or an alternative ("…司机一个月跑多少流量？") it is where a tactful answer starts.
    last: bool = False


@dataclass(frozen=True, slots=True)
class Principle:
    """One communication principle the scorer judges answers against."""

    id: str
    name: Text
    area: str
    description: Text
    source: tuple[SeedSource, ...]
    looks_like: Text = Text("", "")
    detectors: tuple[Detector, ...] = ()
    location: Location = NOWHERE
    # polarity -> short typical answers; the example-bank detector reads by nearest neighbour
    examples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    example_threshold: float | None = None  # None: the detectors' default
    # family -> what upholding it sounds like in that family's conversations (`looks_like_in`)
    looks_like_in: Mapping[str, Text] = field(default_factory=dict)
    # The polarities the library's options teach the example bank (`exemplars`): a principle of
    # tone rides on options whose words are mostly about something else.
    learn: tuple[str, ...] = POLARITIES
    # Patterns that make a sentence another move for every detector that breaks the principle
    # (the loader adds them to this file's detectors; a catalog that extends this one adds its
    # own to these).
    unless: tuple[str, ...] = ()

    def looks_like_for(self, family: str) -> Text:
        """The example for a scenario of `family`: a tobacco briefing never quotes a wealth
        product's line. Falls back to the general `looks_like`."""
        return self.looks_like_in.get(family) or self.looks_like


@dataclass(frozen=True, slots=True)
class Catalog:
    """The principle catalog: areas and principles, in file order."""

    areas: Mapping[str, Area]
    principles: Mapping[str, Principle]
    version: int = 1
    negation_words: tuple[str, ...] = ()
    sources: Mapping[str, Text] = field(default_factory=dict)  # seed file name -> its title
    #: Phrasings learned from the loaded library's options, by principle id and polarity: an
    #: option's text and examples, under the one principle its tags weigh most (`exemplars`).
    learned: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    #: Phrasings of options that weigh this principle as much as another: they do not make a
    #: hit, but a sentence as close to them as to an example of the other polarity makes none.
    learned_also: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)


def citation(principle: Principle) -> Text:
    """ "（依据《title》）" / " (source: title)" for the principle's first seed, or empty."""
    if not principle.source:
        return Text("", "")
    seed = principle.source[0]
    zh = seed.cited("zh") if seed.title.zh else " " + seed.file  # "依据《…》", "依据 a.txt"
    return Text(f"（依据{zh}）", f" (source: {seed.cited('en')})")


def with_titles(catalog: Catalog) -> Catalog:
    """`catalog` with every seed source that has no title given one from its `sources`."""
    if not catalog.sources:
        return catalog
    principles = {}
    for pid, principle in catalog.principles.items():
        sources = tuple(
            replace(s, title=catalog.sources[s.file])
            if not s.title.zh and s.file in catalog.sources
            else s
            for s in principle.source
        )
        principles[pid] = replace(principle, source=sources)
    return replace(catalog, principles=principles)


# ---------------------------------------------------------------------------------------------
# Persona


@dataclass(frozen=True, slots=True)
class HotButton:
    """A persona-wide reaction: whenever a turn hits `principle` with `polarity`, whatever the
    node, the effects apply and the client says `reaction` before their next line."""

    id: str
    principle: str
    polarity: Polarity
    effects: Mapping[str, int]
    reaction: Text
    location: Location = NOWHERE
    #: Every way the client voices it (`reaction` is the first). A session says each at most
    #: once, in an order drawn from its seed; once all are said the effects still apply, silently.
    reactions: tuple[Text, ...] = ()

    def lines(self) -> tuple[Text, ...]:
        """The reactions the client can voice, in file order."""
        return self.reactions or (self.reaction,)


@dataclass(frozen=True, slots=True)
class Persona:
    """A client the trainee talks to."""

    id: str
    name: Text
    role: Text
    background: Text
    speaking_style: Text
    wants: Text
    fears: Text
    trust: int
    patience: int
    age: int | None = None
    business: Text = Text("", "")
    history: Text = Text("", "")
    hot_buttons: tuple[HotButton, ...] = ()
    location: Location = NOWHERE
    #: What this client says to small talk, to get back to business (one chosen by the words
    #: said: the same words, the same line; none: the library's own, `understanding.STEER_LINES`).
    back_to_business: tuple[Text, ...] = ()


# ---------------------------------------------------------------------------------------------
# Scenario


@dataclass(frozen=True, slots=True)
class Variable:
    """A declared scenario variable: an integer (trust, patience…) or a boolean flag."""

    name: str
    initial: int | bool
    minimum: int = 0
    maximum: int = 100
    is_flag: bool = False
    from_persona: bool = False  # trust/patience not declared: the persona's traits give `initial`
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Branch:
    """One arm of a conditional `next`: go to `target` when `condition` holds (None = else).

    A detour arm (only before dialogues.expand rewrites it) runs the dialogue `detour` first.
    """

    target: str
    condition: str | None = None
    location: Location = NOWHERE
    detour: str | None = None  # enter this dialogue first; `target` is where it returns to


@dataclass(frozen=True, slots=True)
class LineVariant:
    """A client line used instead of the node's default when all its conditions match.

    `after` keys the line on the answer just given (one of these option ids), `chose` on any
    answer given earlier in the session, `avoided` on answers never given: so a client can
    react to what the trainee actually said, not to what the author expected.
    """

    text: Text
    mood: str | None = None
    condition: str | None = None
    location: Location = NOWHERE
    after: tuple[str, ...] = ()
    chose: tuple[str, ...] = ()
    avoided: tuple[str, ...] = ()
    speaker: Text | None = None  # someone other than the node's speaker says this line
    narration: Text | None = None  # what happens, told before the line (replaces the node's)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of an ending's debrief, shown when its conditions hold for the session.

    `condition` reads the variables at the ending; `chose` needs one of these options to have
    been taken, `avoided` none of them; `kept` needs none of these principles to have been
    broken in the session (by a move or by the trainee's own words), `broke` one of them to
    have been. A paragraph without conditions is always shown.
    """

    text: Text
    condition: str | None = None
    chose: tuple[str, ...] = ()
    avoided: tuple[str, ...] = ()
    location: Location = NOWHERE
    kept: tuple[str, ...] = ()
    broke: tuple[str, ...] = ()

    @property
    def conditional(self) -> bool:
        """True when the paragraph depends on the session."""
        return bool(self.condition or self.chose or self.avoided or self.kept or self.broke)


@dataclass(frozen=True, slots=True)
class Option:
    """A move the trainee can make at a node."""

    id: str
    text: Text
    examples: Mapping[str, tuple[str, ...]]  # lang -> example phrasings for free text
    principles: Mapping[str, int]  # principle id -> signed weight
    feedback: Text
    branches: tuple[Branch, ...]  # ordered; the first whose condition holds is taken
    effects: Mapping[str, int] = field(default_factory=dict)  # deltas, clamped to bounds
    assign: Mapping[str, str] = field(default_factory=dict)  # var -> expression, set after effects
    # lang -> phrasings that say what this option is NOT (its negation, its opposite move):
    # an answer closer to one of these than to the option's own phrasings is never this option
    unlike: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    trap: bool = False  # sounds helpful but breaks a principle
    red_line: bool = False  # crossing it ends the session in a fail ending, whatever the points
    location: Location = NOWHERE
    # `if:` — shown (and open to typed answers) only while this holds; None: always
    condition: str | None = None
    reply: Text | None = None  # the client's answer to this very move, before the next line

    def all_examples(self) -> tuple[str, ...]:
        """Every example phrasing in every language."""
        return tuple(e for lang in sorted(self.examples) for e in self.examples[lang])

    def all_unlike(self) -> tuple[str, ...]:
        """Every counter-example phrasing in every language."""
        return tuple(e for lang in sorted(self.unlike) for e in self.unlike[lang])


@dataclass(frozen=True, slots=True)
class Node:
    """A point in the conversation: the client speaks, the trainee picks or types a move."""

    id: str
    client: Text
    options: tuple[Option, ...]
    variants: tuple[LineVariant, ...] = ()
    speaker: Text | None = None  # someone other than the persona speaking here
    location: Location = NOWHERE
    narration: Text | None = None  # what happens, told before the line: no speaker, no mood

    def option(self, option_id: str) -> Option | None:
        """The option with `option_id`, or None."""
        for opt in self.options:
            if opt.id == option_id:
                return opt
        return None


@dataclass(frozen=True, slots=True)
class Ending:
    """A final state of the conversation."""

    id: str
    kind: EndingKind
    title: Text
    debrief: Text  # the paragraphs without conditions (what every session at this ending reads)
    client: Text | None = None  # the client's last words, if any
    location: Location = NOWHERE
    paragraphs: tuple[Paragraph, ...] = ()  # the whole debrief; empty: `debrief` alone
    narration: Text | None = None  # what happens at the end, told before the last words
    speaker: Text | None = None  # who says the last words when it is not the persona


@dataclass(frozen=True, slots=True)
class Rule:
    """A scenario-wide rule checked after every turn before the option's own branches
    (e.g. patience at 0 → the client walks out)."""

    id: str
    condition: str
    target: str
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class Mood:
    """A named mood of the client, the first whose condition holds (in order) is current."""

    id: str
    condition: str
    label: Text
    location: Location = NOWHERE


DEFAULT_MOODS: tuple[Mood, ...] = (
    Mood("hostile", "patience <= 15 or trust <= 15", Text("恼火", "hostile")),
    Mood("annoyed", "patience <= 35 or trust <= 30", Text("不耐烦", "annoyed")),
    Mood("warm", "trust >= 70", Text("融洽", "warm")),
    Mood("neutral", "true", Text("平静", "neutral")),
)


@dataclass(frozen=True, slots=True)
class Scenario:
    """A branching conversation with one persona."""

    id: str
    title: Text
    family: Family
    difficulty: int  # 1 (gentle) … 5 (hard)
    persona: str
    briefing: Text
    objective: Text
    principles_in_focus: tuple[str, ...]
    variables: Mapping[str, Variable]
    start: str
    nodes: Mapping[str, Node]
    endings: Mapping[str, Ending]
    rules: tuple[Rule, ...] = ()
    moods: tuple[Mood, ...] = DEFAULT_MOODS
    shuffle_options: bool = True
    understanding: Mapping[str, float] = field(default_factory=dict)  # free-text thresholds
    rubric_version: int = 1
    content_hash: str = ""
    path: str = ""
    location: Location = NOWHERE
    # principle id -> what upholding it sounds like in this very conversation (`looks_like`):
    # a telecom scenario among the tobacco ones of its family says it in its own trade's words
    looks_like: Mapping[str, Text] = field(default_factory=dict)

    def node(self, node_id: str) -> Node:
        """The node with `node_id` (KeyError if there is none)."""
        return self.nodes[node_id]

    def looks_like_for(self, principle: Principle) -> Text:
        """The example line of `principle` for this scenario: its own, else its family's, else
        the general one."""
        return self.looks_like.get(principle.id) or principle.looks_like_for(self.family)


#: Inside a dialogue, the target that goes back to where the dialogue was entered.
RETURN = "return"


@dataclass(frozen=True, slots=True)
class Dialogue:
    """A reusable sub-dialogue (like an ink tunnel): entered by a detour, left by `return`.

    dialogues.expand copies its nodes into each calling scenario at load time, so nothing
    downstream of the loader ever sees a Dialogue.
    """

    id: str
    title: Text
    variables: Mapping[str, Variable]  # what it reads and writes (trust/patience implicit)
    start: str
    nodes: Mapping[str, Node]
    content_hash: str = ""
    path: str = ""
    location: Location = NOWHERE
