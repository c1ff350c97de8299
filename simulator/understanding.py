"""Free text → one of the node's options, with a confidence and a decision.

A `Matcher` indexes every option of a scenario (its text and example phrasings, both languages)
once, when first asked. Text is normalised (NFKC, casefold, punctuation and symbols dropped);
Chinese is cut into character 1–3-grams (no word segmentation), Latin text into words and word
pairs. Features are TF-IDF weighted over the scenario's phrasings and compared by cosine; an
option's score blends its closest phrasing with all its phrasings taken together.

The decision follows the two-stage fallback of docs/understanding.md: `take` when the best
option clears `take` and leads the runner-up by `margin`; `confirm` (ask "你是想表达……吗?"
with the one or two closest readings) when it clears `confirm`; otherwise `clarify` (the
client asks what the trainee means; the turn is not scored). A scenario may tune the three
thresholds in its `understanding:` mapping. Two fitted models (`simulator.calibration`) then
move a decision one step: a take that looks like past misreadings is confirmed, a reading just
under the confirm line that looks like past right ones is offered.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple, cast

from simulator import calibration, classifier, phrasings, stance
from simulator.calibration import Evidence, Reading
from simulator.model import Node, Option, Scenario, Text
from simulator.smalltalk import SMALL_TALK
from simulator.wording import (
    after_fillers,
    bare,
    feature_items,
    features,
    normalise,
    note_to_self,
    only_fillers,
    polar_terms,
    prepare_text,
    stance_grams,
)

Decision = Literal["take", "confirm", "clarify"]

#: Default thresholds (cosine-like scores between 0 and 1), tuned on the paraphrase dev set.
DEFAULT_THRESHOLDS: Mapping[str, float] = {"take": 0.09, "confirm": 0.07, "margin": 0.02}
#: Share of an option's score from its closest phrasing; the rest from all its phrasings.
BEST_SHARE = 0.3
#: Features found in more than this share of a node's phrasings say nothing about the choice.
COMMON_SHARE = 0.5
#: Readings scoring under this share of the best one are not offered.
READING_SHARE = 0.5
MAX_READINGS = 3
#: How many answers (or parts of one) a matcher keeps scored: a turn reads its words, what they
#: refuse and the rest alone, then credits the words.
RECENT_SCORED = 8
#: Answers with fewer letters than this (digits and emoji do not count) are not matched.
MIN_LETTERS = 2

#: A counter-example this close to the words (and closer than the option's own phrasings)
#: rules the option out.
UNLIKE_MIN = 0.2
#: Stance: when the words are at least STANCE_MIN close to an option with negation ignored,
#: and taking negation into account removes STANCE_DROP of that closeness, they say the
#: opposite of the option.
STANCE_MIN = 0.12
#: Words named only to refuse them refuse the option they come closest to when, read alone,
#: they hold at least this share of what the whole answer shares with it (stance dropped).
NAMED_SHARE = 0.6
#: … and when, read alone, they point to that option clearly: at least this many times as close
#: as to the next (2.0 let four refusals back in as the move they refuse; 1.25 missed
#: "说工行的坏话？犯不着", as close to the honest option that names 工行).
NAMED_LEAD = 1.5
STANCE_DROP = 0.35
#: Refusal: the words negate at least this share of what they share with the option's phrasing
#: nearest in content (n-grams weighed by rarity), and at least this much of it.
REFUSED_SHARE = 0.4
REFUSED_MIN = 3.0
#: Options with more than this share of phrasings that negate something are not tested so.
REFUSED_NEGATING = 0.0
#: A calibrated take whose words are at least this share as close to everyday small talk as to
#: the option's closest phrasing is small talk (`understand`; no take of the dev halves of
#: v26–v29 comes this close, round twenty-eight).
SMALL_TALK_RIVAL = 0.85
#: An option the words contradict that is this close to them, stance aside (as a share of the
#: best reading left), makes that reading one to offer, not to take: the words are about what
#: they refuse, not about the move that is left. Half: "一次过我保证不了，但我们陪你好好准备"
#: refuses the promise first, and the help it offers is confirmed, not credited.
REFUSED_SHADOW = 0.5
#: Words that refuse one thing and then say a move are read for the move, the refusal set
#: aside, when the rest is at least this long (Chinese characters and other words).
SET_ASIDE_REST = 10
#: Small talk this close to the words, and closer than every option's phrasing, means no
#: option was meant.
SMALL_TALK_MIN = 0.2
SMALL_TALK_SHARE = 0.8
#: Small talk this short ("不知道", "随便", "早上好") is matched only by an answer at most twice
#: its length: inside a longer answer it is one of its words.
SMALL_TALK_SHORT = 4
#: …or, weaker, small talk that is clearly closer than any option's phrasing.
SMALL_TALK_FLOOR = 0.1
SMALL_TALK_LEAD = 1.3
#: The best reading is taken only when its closest phrasing is at least this close.
TAKE_CLOSEST = 0.08
#: Words at least this close to one of an option's phrasings say its move, and earn the
#: virtues it is tagged with; further off, only those the words show themselves (measured:
#: four in five reworded answers taken right are this close, paraphrases nearly all).
CREDIT_CLOSEST = 0.2
#: The best reading is taken only when it scores this many times the runner-up.
LEAD_RATIO = 1.4
#: Weight of answer n-grams the client's line holds: echoing "江城渔村" or "明天订货" names the
#: topic, it does not choose among the moves.
CONTEXT_WEIGHT = 0.5
#: The best reading is offered only when, with the client's own words left out, its closest
#: phrasing keeps at least this share of its closeness: words that only echo the client ("江城
#: 渔村的鳜鱼确实好吃", "周一啊……周一好像要下雨") name the topic and answer nothing.
ECHO_SHARE = 0.4
#: Words that only ask are not read as an option that fewer than this share of phrasings
#: phrase as a question.
ASKING_OPTION = 0.2
_QUESTION_MARKS = ("?", "？", "吗")
#: A sentence of the words the best reading leaves unsaid: another reading scores at least
#: `PART_FLOOR` on it alone, and the best reading under `PART_SHARE` of that. A reading that
#: says every sentence (at least `PART_SHARE` of the sentence's best) is then offered first:
#: "额度能批多少我做不了主，要上贷审会。这多出来的八百万打算用在哪儿？" says who decides and
#: asks, which is the move that does both, not the one that only asks (round forty-two's
#: cold tryout).
PART_FLOOR = 0.03
PART_SHARE = 0.25
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
#: A sentence this long (`_length`) is read alone for the trap or red line it may make...
FAULTY_PART_LETTERS = 6
#: ...unless the whole answer is this close to a phrasing of its best reading: words a coach or
#: a labelled answer wrote for the move are the move ("…人情我记着，东西钱财一概不收。", a
#: heard answer of the honest move, read alone in its last sentence as going along).
WHOLE_PHRASING = 0.8
#: Weight of answer features no phrasing of the scenario has: they cannot point to any option,
#: and at full weight a long answer that contains the move would score as if it missed it.
UNKNOWN_WEIGHT = 0.5

CLARIFY_LINES: tuple[Text, ...] = (
    Text("你这话是什么意思？我没听明白。", "Sorry, what do you mean? I didn't follow."),
    Text("你说具体点，我没太听懂。", "Could you put that more plainly? I'm not sure I follow."),
    Text("啊？你到底想说什么？", "Hm? What are you actually trying to say?"),
)
SILENT_LINE = Text("你倒是说话呀？", "Well? Say something.")
#: What the client says to a long answer that answers no move (round thirty-six's cold tryout:
#: 316 characters met "你说具体点，我没太听懂", as if the trainee had mumbled): so much was
#: said that the point was lost; the trainee is asked for it.
LONG_LINES: tuple[Text, ...] = (
    Text(
        "你一下子说了这么多，我都听乱了。最要紧的是哪句？",
        "That's a lot at once, I've lost the thread. What's the main thing?",
    ),
    Text(
        "说了一大堆……你就直说吧，到底要我怎么样？",
        "That's a lot of words… just tell me straight: what do you want from me?",
    ),
)
#: An answer longer than this (Chinese characters, and words of other scripts) that answers no
#: move gets a `LONG_LINES` line.
LONG_ANSWER = 120
#: What the client says to a refusal that answers no move ("吃饭？这个我真去不了"): the "no"
#: was heard; what is wanted is what the trainee will do instead, not "what do you mean?"
#: (a new user's tryout: twenty plain refusals were met with "我没听明白").
REFUSED_LINES: tuple[Text, ...] = (
    Text("你的意思是不行？那你说说，你打算怎么办。", "So that's a no? Then tell me what you'd do."),
    Text("不行是吧……那你倒是给我个说法。", "A no, then… so give me something to go on."),
)
#: What the client says to words that answer no move but break a principle: they heard it
#: ("包在我身上，下周肯定批" met "啊？你到底想说什么？", as if nothing was said). By the
#: principle broken; `HEARD_LINE` for any other.
HEARD_LINES: Mapping[str, Text] = {
    "careful_promise": Text(
        "这话可是你说的，我记下了。那你具体打算怎么办？",
        "You said it, mind: I'll hold you to that. So what exactly will you do?",
    ),
    "authority_boundary": Text(
        "哦？你能做这个主？那你说说，具体怎么办。",
        "Oh? That's your call to make? Then tell me exactly how.",
    ),
    "honesty": Text(
        "真有这么好？你再说具体点。",
        "Is it really that good? Tell me more precisely.",
    ),
    "integrity": Text(
        "好说好说……那咱们的事，你看具体怎么弄？",
        "Well, that makes things easier… so how do we go about our business?",
    ),
    "respect_competitors": Text(
        "别家怎么样我不管，说说你们自己。",
        "I don't care about the others. Tell me about yourselves.",
    ),
    "confidentiality": Text(
        "哦，这样啊……那我的事你也会这么往外说？",
        "Oh, really… so you'd talk about my business like that too?",
    ),
    "respect_client": Text(
        "你这话听着可不太舒服。你到底想说什么？",
        "That doesn't sound too nice. What are you trying to say?",
    ),
    "empathy": Text(
        "你这话听着可不太舒服。你到底想说什么？",
        "That doesn't sound too nice. What are you trying to say?",
    ),
}
HEARD_LINE = Text("这话……我先记下了。你具体说说？", "Hm… noted. Could you be more specific?")
#: What the client says to small talk: it was understood, and it is not the matter at hand.
STEER_LINES: tuple[Text, ...] = (
    Text("这个回头再聊，咱们先说正事吧。", "Let's leave that for later and get back to business."),
    Text(
        "先不扯这个了，咱们说眼下这事。",
        "Let's not get into that now - back to the matter at hand.",
    ),
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of the trainee's words: an option and how well they match it."""

    option_id: str
    score: float  # 0…1
    matched: str  # the option text or example phrasing closest to the words


@dataclass(frozen=True, slots=True)
class Understanding:
    """What the trainee's words most likely mean at a node, and what to do about it."""

    text: str
    decision: Decision
    candidates: tuple[Candidate, ...]  # ranked, best first; the readings worth offering
    confidence: float  # the best score, 0…1
    margin: float  # best score minus the runner-up's
    clarify_line: Text | None = None  # what the client says when decision == "clarify"
    evidence: Evidence | None = None  # what the decision weighed (None: nothing to match)

    @property
    def best(self) -> Candidate | None:
        """The top reading, if any."""
        return self.candidates[0] if self.candidates else None

    @property
    def steered(self) -> bool:
        """Were the words small talk the client steers back from (`STEER_LINES`), rather than
        words they did not follow?"""
        return self.clarify_line in STEER_LINES


@dataclass(frozen=True, slots=True)
class _Phrasing:
    option_id: str
    text: str
    vector: Mapping[str, float]  # L2-normalised TF-IDF
    grams: Mapping[str, bool]  # its n-grams of two or more characters -> said negated?
    negates: bool  # it negates something itself
    asks: bool = False  # it asks something (a clause of it is a question)


Postings = Mapping[str, tuple[tuple[int, float], ...]]  # feature -> (row, weight)


@dataclass(frozen=True, slots=True)
class _NodeIndex:
    option_ids: tuple[str, ...]
    phrasings: tuple[_Phrasing, ...]
    phrasing_option: tuple[int, ...]  # phrasing -> position of its option in option_ids
    # feature -> (slot, weight), one list for three: a phrasing's slot is its position, an
    # option's (its phrasings pooled) follows them, a counter-example's follows the options.
    # One pass over the words' features fills all three (`Matcher._score`).
    postings: Postings
    bare_pooled: Postings  # the options pooled with stance dropped: feature -> (option, weight)
    unlike: tuple[str, ...]  # counter-example phrasings
    unlike_option: tuple[int, ...]  # counter-example -> position of its option
    asserted: Mapping[str, frozenset[str]]  # option -> polarity terms its phrasings say plainly
    denied: Mapping[str, frozenset[str]]  # option -> polarity terms its phrasings only negate
    known: frozenset[str]  # every feature of the node's phrasings
    context: frozenset[str] = frozenset()  # n-grams of the client's line: the premise
    # option id -> its phrasings, in index order (the refusal and echo tests read one option's)
    own: Mapping[str, tuple[_Phrasing, ...]] = field(default_factory=dict)
    # option id -> its phrasings normalised, one a line: what the calibration's words are not
    phrased: Mapping[str, str] = field(default_factory=dict)
    # options often said with a negation (refusals): words are never read as refusing them
    refusals: frozenset[str] = frozenset()
    # counter-example -> heard from a labelled negated answer (not written by a coach)
    unlike_heard: tuple[bool, ...] = ()
    # option position -> (first, end) of its phrasings' slots, when each option's are together
    # (the closest phrasing is then one `max` over a slice, not a loop over them all)
    spans: tuple[tuple[int, int], ...] | None = None


def _spans(phrasing_option: Sequence[int], n_options: int) -> tuple[tuple[int, int], ...] | None:
    """Each option's run of phrasing slots, or None when some option's are not together."""
    spans = [(0, 0)] * n_options
    start = 0
    for i in range(1, len(phrasing_option) + 1):
        if i == len(phrasing_option) or phrasing_option[i] != phrasing_option[start]:
            j = phrasing_option[start]
            if spans[j] != (0, 0):
                return None
            spans[j] = (start, i)
            start = i
    return tuple(spans)


#: A polarity term is the option's own (`_NodeIndex.asserted`, `.denied`) when its display
#: text says it, or at least this share of its phrasings do.
POLAR_SHARE = 0.2


class Scored(NamedTuple):
    """An option's evidence for one answer (what `understand` decides on).

    A named tuple, not a frozen dataclass: `_score` builds one per option of the node for
    every answer (50 at the bench's node, twice a turn), and a tuple is built in a third of
    the time."""

    option_id: str
    score: float  # stance-aware similarity, 0…1: the ranking score
    closest: float  # cosine with its closest phrasing
    bare: float  # similarity with the stance of both sides dropped
    unlike: float  # cosine with its closest counter-example
    matched: str  # the phrasing closest to the words
    written_unlike: float = 0.0  # …with its closest counter-example a coach wrote


#: What `Matcher.scored` is asked: the node, the words, the options on offer.
_ScoredKey = tuple[str, str, frozenset[str] | None]


class Matcher:
    """Every option phrasing of one scenario, indexed once; answers `understand` per node."""

    def __init__(
        self,
        scenario: Scenario,
        heard: phrasings.Phrasings = phrasings.NOTHING,
        leave_out: str | None = None,
    ) -> None:
        """Index the scenario's phrasings: each option's display text and examples, and what
        was `heard` for it (`simulator.phrasings`, but nothing from the set `leave_out`)."""
        self.scenario = scenario
        self.thresholds = {**DEFAULT_THRESHOLDS, **dict(scenario.understanding)}
        raw: dict[str, list[tuple[str, str, _Terms]]] = {}
        unlike: dict[str, list[tuple[str, str, _Terms]]] = {}
        self._heard_unlike: dict[str, frozenset[str]] = {}
        df: dict[str, int] = {}
        bare_df: dict[str, int] = {}
        total = 0
        for node in scenario.nodes.values():
            rows = []
            learned = {o.id: heard.of(scenario.id, node.id, o, leave_out) for o in node.options}
            for option in node.options:
                texts = [option.text.zh, option.text.en, *option.all_examples()]
                texts += learned[option.id][0]
                for phrasing in dict.fromkeys(t for t in texts if t and t.strip()):
                    terms = _terms(phrasing)
                    rows.append((option.id, phrasing, terms))
                    total += 1
                    for key in terms.keys:
                        df[key] = df.get(key, 0) + 1
                    for key in terms.bare_keys:
                        bare_df[key] = bare_df.get(key, 0) + 1
            raw[node.id] = rows
            unlike[node.id] = [
                (option.id, phrasing, _terms(phrasing))
                for option in node.options
                for phrasing in dict.fromkeys(
                    t for t in (*option.all_unlike(), *learned[option.id][1]) if t.strip()
                )
            ]
            self._heard_unlike[node.id] = frozenset(
                t
                for option in node.options
                for t in learned[option.id][1]
                if t not in option.all_unlike()
            )
        self._idf = {k: math.log((total + 1) / (v + 1)) + 1.0 for k, v in df.items()}
        self._bare_idf = {k: math.log((total + 1) / (v + 1)) + 1.0 for k, v in bare_df.items()}
        self._default_idf = math.log(total + 1) + 1.0
        # A node is indexed when first asked about: the first turn pays for one node, not all.
        self._raw = raw
        self._unlike_rows = unlike
        self._nodes: dict[str, _NodeIndex] = {}
        small: dict[str, list[tuple[int, float]]] = {}
        for i, counts in enumerate(_small_talk_features()):
            for k, w in self._weigh(counts).items():
                small.setdefault(k, []).append((i, w))
        self._small_talk = {k: tuple(v) for k, v in small.items()}
        # The last few words scored, oldest first: a turn reads its words to decide and then to
        # credit, and in between may read parts of them alone (what they refuse, the rest).
        self._recent: dict[_ScoredKey, tuple[Scored, ...]] = {}

    def _node_index(self, node_id: str) -> _NodeIndex | None:
        """The node's index, built on first use (None for a node the scenario lacks)."""
        index = self._nodes.get(node_id)
        if index is None and node_id in self._raw:
            index = self._index(
                self._raw[node_id], self._unlike_rows[node_id], self.scenario.nodes[node_id]
            )
            self._nodes[node_id] = index
        return index

    def small_talk(self, text: str) -> float:
        """Cosine of the words with the closest phrasing of everyday small talk or filler."""
        counts = features(text)
        by_phrasing: dict[int, float] = {}
        for k, q in self._weigh(counts).items():
            for i, w in self._small_talk.get(k, ()):
                by_phrasing[i] = by_phrasing.get(i, 0.0) + q * w
        letters = sum(1 for c in normalise(text) if c.isalpha())
        return max(
            (
                score
                for i, score in by_phrasing.items()
                # "不知道", "随便", "早上好" inside a longer answer ("检查我不管，也从来不晓得
                # 安排") are its words, not small talk: a short phrase counts only for an answer
                # not much longer than itself.
                if len(SMALL_TALK[i]) > SMALL_TALK_SHORT or letters <= 2 * len(SMALL_TALK[i])
            ),
            default=0.0,
        )

    def _weigh(
        self, counts: Mapping[str, float], idf: Mapping[str, float] | None = None
    ) -> dict[str, float]:
        # (Names bound locally: a scenario's matcher weighs hundreds of thousands of these.)
        get = (self._idf if idf is None else idf).get
        default, log = self._default_idf, math.log
        vector = {k: ((1.0 + log(c)) if c >= 1 else c) * get(k, default) for k, c in counts.items()}
        norm = math.sqrt(sum([v * v for v in vector.values()])) or 1.0
        return {k: v / norm for k, v in vector.items()}

    def _weigh_terms(self, terms: _Terms) -> dict[str, float]:
        """`_weigh` of a phrasing's counts, from its term weights read once (`_terms`): the
        same products in the same order, so the same floats."""
        get, default = self._idf.get, self._default_idf
        vector = {k: t * get(k, default) for k, t in zip(terms.keys, terms.tf, strict=True)}
        norm = math.sqrt(sum([v * v for v in vector.values()])) or 1.0
        return {k: v / norm for k, v in vector.items()}

    def _index(
        self,
        rows: list[tuple[str, str, _Terms]],
        unlike_rows: list[tuple[str, str, _Terms]],
        node: Node,
    ) -> _NodeIndex:
        phrasings = tuple(
            _Phrasing(oid, text, self._weigh_terms(terms), *_read_phrasing(text))
            for oid, text, terms in rows
        )
        said_before = " ".join((node.client.zh, *(v.text.zh for v in node.variants)))
        context = frozenset(stance_grams(features(said_before)))
        option_ids = tuple(o.id for o in node.options)
        position = {oid: j for j, oid in enumerate(option_ids)}
        pooled_counts: dict[str, dict[str, float]] = {oid: {} for oid in option_ids}
        for oid, _text, terms in rows:
            bag = pooled_counts[oid]
            for k, c in terms.counts:
                bag[k] = bag.get(k, 0.0) + c
        limit = max(2, COMMON_SHARE * len(phrasings))
        # (Counted and posted in bulk: `parley eval` indexes every node once per labelled set.)
        seen = Counter(itertools.chain.from_iterable(p.vector for p in phrasings))
        bare_seen: dict[str, int] = {}
        for k, n in seen.items():
            plain = k.replace("¬", "", 1)
            bare_seen[plain] = bare_seen.get(plain, 0) + n
        postings: dict[str, list[tuple[int, float]]] = {
            k: [] for k, n in seen.items() if n <= limit
        }
        for i, p in enumerate(phrasings):
            for k, w in p.vector.items():
                if k in postings:
                    postings[k].append((i, w))
        pooled: dict[str, list[tuple[int, float]]] = {}
        bare_pooled: dict[str, list[tuple[int, float]]] = {}
        for j, oid in enumerate(option_ids):
            for k, w in self._weigh(pooled_counts[oid]).items():
                if seen.get(k, 0) <= limit:
                    pooled.setdefault(k, []).append((j, w))
            for k, w in self._weigh(bare(pooled_counts[oid]), self._bare_idf).items():
                if bare_seen.get(k, 0) <= limit:
                    bare_pooled.setdefault(k, []).append((j, w))
        unlike_postings: dict[str, list[tuple[int, float]]] = {}
        for u, (_oid, _text, terms) in enumerate(unlike_rows):
            for k, w in self._weigh_terms(terms).items():
                unlike_postings.setdefault(k, []).append((u, w))
        plain: dict[str, set[str]] = {oid: set() for oid in option_ids}
        negated: dict[str, set[str]] = {oid: set() for oid in option_ids}
        # A term the option holds (a word the polarity guard reads against it) is one its
        # display text says, or a share of its phrasings (`POLAR_SHARE`): two heard answers'
        # "项目没问题（没毛病），关键是钱啥时候回来…" made 没问题 the asking move's own, and
        # "政府的项目我也不敢说就一定没问题…合同和回款明细能给我看看吗？" was read as refusing
        # it (round forty-four's cold tryout).
        times: dict[str, Counter[str]] = {oid: Counter() for oid in option_ids}
        for oid, text, _counts in rows:
            said, denied = _polar_terms(text)
            plain[oid] |= said
            negated[oid] |= denied
            times[oid].update((*said, *("¬" + t for t in denied)))
        # A bad move holds every term any of its phrasings says: offering a trap to words that
        # deny what one of its phrasings claims ("基本不会亏也是一种误导，不保本就是不保本"
        # against "基本上不会亏的…", heard once as "跟保本差不多") costs more than asking.
        phrased = Counter(oid for oid, _text, _counts in rows)
        held = {o.id: 1.0 if _faulty(o) else POLAR_SHARE * phrased[o.id] for o in node.options}
        for o in node.options:  # the display text's terms are the option's own
            said, denied = _polar_terms(o.text.zh)
            times[o.id].update({k: held[o.id] for k in (*said, *("¬" + t for t in denied))})
        own = {oid: tuple(p for p in phrasings if p.option_id == oid) for oid in option_ids}
        return _NodeIndex(
            option_ids=option_ids,
            phrasings=phrasings,
            phrasing_option=tuple(position[p.option_id] for p in phrasings),
            spans=_spans([position[p.option_id] for p in phrasings], len(option_ids)),
            own=own,
            refusals=frozenset(
                oid
                for oid, said in own.items()
                if sum(p.negates for p in said) > REFUSED_NEGATING * len(said)
            ),
            phrased={
                oid: "\n".join(terms.normalised for o, _t, terms in rows if o == oid)
                for oid in option_ids
            },
            postings=_slotted(postings, pooled, unlike_postings, len(phrasings), len(option_ids)),
            bare_pooled={k: tuple(v) for k, v in bare_pooled.items()},
            unlike=tuple(text for _oid, text, _c in unlike_rows),
            unlike_option=tuple(position[oid] for oid, _t, _c in unlike_rows),
            unlike_heard=tuple(
                text in self._heard_unlike.get(node.id, frozenset())
                for _oid, text, _c in unlike_rows
            ),
            asserted={
                oid: frozenset(t for t in plain[oid] - negated[oid] if times[oid][t] >= held[oid])
                for oid in option_ids
            },
            denied={
                oid: frozenset(
                    t for t in negated[oid] - plain[oid] if times[oid]["¬" + t] >= held[oid]
                )
                for oid in option_ids
            },
            known=frozenset(seen),
            context=context,
        )

    def scored(
        self, node: Node | str, text: str, offered: frozenset[str] | None = None
    ) -> list[Scored]:
        """Every option of the node with its evidence, best score first (ties in option order).

        `offered`: the ids of the options on offer (an option whose `if:` fails is not); None
        means all of them.
        """
        node_id = node if isinstance(node, str) else node.id
        key = (node_id, text, offered)
        recent = self._recent
        hit = recent.get(key)
        if hit is not None:
            return list(hit)
        ranked = self._score(node_id, text, offered)
        recent[key] = tuple(ranked)
        if len(recent) > RECENT_SCORED:
            # Threads of one server share a matcher: another may have dropped it first.
            with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                del recent[next(iter(recent))]
        return ranked

    def _score(self, node_id: str, text: str, offered: frozenset[str] | None) -> list[Scored]:
        index = self._node_index(node_id)
        if index is None:
            return []
        counts = self._weighted(features(text), index, CONTEXT_WEIGHT)
        query = self._weigh(counts)
        bare_query = self._weigh(bare(counts), self._bare_idf)
        # Lists indexed by slot: cheaper than dicts on the hot path (bench: 50 × 10).
        n_phrasings, n_options = len(index.phrasings), len(index.option_ids)
        summed = [0.0] * (n_phrasings + n_options + len(index.unlike))
        by_bare = [0.0] * n_options
        get = index.postings.get
        for k, q in query.items():
            for slot, w in get(k, ()):
                summed[slot] += q * w
        get = index.bare_pooled.get
        for k, q in bare_query.items():
            for j, w in get(k, ()):
                by_bare[j] += q * w
        by_phrasing = summed[:n_phrasings]
        by_option = summed[n_phrasings : n_phrasings + n_options]
        by_unlike = summed[n_phrasings + n_options :]
        top = [0.0] * n_options
        closest = [-1] * n_options
        if index.spans is not None:
            for j, (first, end) in enumerate(index.spans):
                if end > first:
                    best = max(summed[first:end])
                    if best > 0.0:  # the first phrasing at the best score, as the loop finds it
                        top[j], closest[j] = best, summed.index(best, first, end)
        else:
            for i, score in enumerate(by_phrasing):
                j = index.phrasing_option[i]
                if score > top[j]:
                    top[j], closest[j] = score, i
        worst_unlike = [0.0] * n_options
        worst_written = [0.0] * n_options
        heard = index.unlike_heard
        for u, score in enumerate(by_unlike):
            j = index.unlike_option[u]
            worst_unlike[j] = max(worst_unlike[j], score)
            if not heard[u]:
                worst_written[j] = max(worst_written[j], score)
        ranked = []
        for j, oid in enumerate(index.option_ids):
            score = round(min(1.0, BEST_SHARE * top[j] + (1 - BEST_SHARE) * by_option[j]), 4)
            bare_score = BEST_SHARE * top[j] + (1 - BEST_SHARE) * by_bare[j]
            matched = index.phrasings[closest[j]].text if closest[j] >= 0 else ""
            ranked.append(
                (
                    -score,
                    j,
                    Scored(
                        oid,
                        score,
                        round(top[j], 4),
                        round(min(1.0, bare_score), 4),
                        round(worst_unlike[j], 4),
                        matched,
                        round(worst_written[j], 4),
                    ),
                )
            )
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [r[2] for r in ranked if offered is None or r[2].option_id in offered]

    def scores(
        self, node: Node | str, text: str, offered: frozenset[str] | None = None
    ) -> list[Candidate]:
        """Every option of the node (of those `offered`, when given) with its score, best first
        (ties in option order)."""
        return [
            Candidate(s.option_id, s.score, s.matched) for s in self.scored(node, text, offered)
        ]

    def _weighted(
        self, counts: Mapping[str, float], index: _NodeIndex, context_weight: float
    ) -> dict[str, float]:
        """The answer's counts with features no phrasing has at `UNKNOWN_WEIGHT`, and the
        client's own n-grams (echoed, the premise of an answer, not its move) at
        `context_weight` (left out at 0)."""
        out: dict[str, float] = {}
        for k, c in counts.items():
            if k not in self._idf:
                c *= UNKNOWN_WEIGHT
            if k.lstrip("¬") in index.context:
                c *= context_weight
            if c:
                out[k] = c
        return out

    def _option(self, node: Node | str, option_id: str) -> Option | None:
        """The option of the scenario's node (None when either is not there)."""
        found = self.scenario.nodes.get(node if isinstance(node, str) else node.id)
        return found.option(option_id) if found is not None else None

    def _refusal_phrased(self, node: Node | str, option_id: str) -> bool:
        """Is the option ever phrased as a refusal (the trainee declining, a bare refusal or a
        verdict), in its text or an example?"""
        option = self._option(node, option_id)
        if option is None:
            return True
        return any(_a_refusal(p) for p in (option.text.zh, *option.examples.get("zh", ())))

    def _costly(self, node: Node | str, option_id: str) -> bool:
        """Is the option a trap or a red line?"""
        option = self._option(node, option_id)
        return option is not None and (option.trap or option.red_line)

    def _faulty(self, node: Node | str, option_id: str) -> bool:
        """Is the option a trap, a red line, or a move that only breaks principles (none kept)?"""
        option = self._option(node, option_id)
        return option is not None and _faulty(option)

    def _red_line(self, node: Node | str, option_id: str) -> bool:
        """Is the option a red line (taking it ends the session)?"""
        option = self._option(node, option_id)
        return option is not None and option.red_line

    def _echoes(self, index: _NodeIndex, text: str, best: Scored) -> bool:
        """Does the best reading hold only through the client's own words, echoed?"""
        if not index.context:
            return False
        said = features(text)
        if not any(k.lstrip("¬") in index.context for k in said):
            return False  # nothing of the client's said back: nothing to leave out
        query = self._weigh(self._weighted(said, index, 0.0))
        closest = 0.0
        for p in index.own.get(best.option_id, ()):
            closest = max(closest, sum(q * p.vector.get(k, 0.0) for k, q in query.items()))
        return closest < ECHO_SHARE * best.closest

    def _contradicted(
        self,
        node: Node | str,
        text: str,
        s: Scored,
        polar: tuple[set[str], set[str]] | None = None,
        grams: Mapping[str, bool] | None = None,
        plain: bool = False,
    ) -> bool:
        """The words negate what the option says, or say what it negates.

        Four signs, any one enough: a counter-example (`unlike:`) of the option is closer to
        the words than any of its own phrasings; the words are close to the option once stance
        is dropped but much further with it (negation is what sets them apart); a polarity
        word (保证, 答应 …) the option says plainly is negated in the words, or the reverse;
        or much of what the words share with the option's phrasing nearest in content, they
        negate where the phrasing says it plainly ("他批五百，我们也不会跟着抬到六百" against
        "他们批五百万，我们能批六百万": the premise agrees, the move is refused).

        Words that negate and ask nothing (`plain`) are weighed against the counter-examples a
        coach wrote only: one heard from a labelled refusal echoes the demand before refusing
        it ("周一交全套新稿？通宵赶出来的又得推翻…"), and the demand said plainly ("周一交全套新
        稿，没问题", round twenty-eight, once v29 was heard) is the option, not its refusal.
        """
        unlike = s.written_unlike if plain else s.unlike
        if unlike >= UNLIKE_MIN and unlike >= s.closest:
            return True
        if s.bare >= STANCE_MIN and s.bare - s.score >= STANCE_DROP * s.bare:
            return True
        index = self._node_index(node if isinstance(node, str) else node.id)
        if index is None:
            return False
        said, denied = polar if polar is not None else polar_terms(text)
        if bool(denied & index.asserted.get(s.option_id, frozenset())) or bool(
            said & index.denied.get(s.option_id, frozenset())
        ):
            return True
        return self._refuses(index, s.option_id, grams if grams is not None else text)

    def _names_to_refuse(self, node: Node | str, named: str, s: Scored) -> bool:
        """Is the option the move the words name only to refuse it ("我们行绝对不抽贷？这话我不能
        讲" against "我们绝对不会抽您的贷"): read alone, the refused words (`named`, the
        words' `stance.refused_moves`) come closest to it, and they hold most of what the whole
        answer shares with it?"""
        if not named or s.bare <= 0:
            return False
        alone = self._alone(node, named)
        if not alone or alone[0].score <= 0:
            return False
        if len(alone) > 1 and alone[0].score < NAMED_LEAD * alone[1].score:
            return False  # "说工行的坏话？" is as close to the honest option that names 工行
        # Read alone, the named words say the move plainly ("细支就伤害小"): the option that
        # says it too comes first, not the honest one that denies it in the same words.
        return alone[0].option_id == s.option_id and alone[0].bare >= NAMED_SHARE * s.bare

    def _alone(self, node: Node | str, text: str) -> tuple[Scored, ...]:
        """The options scored against `text` read alone (the refused words of an answer)."""
        return tuple(self.scored(node, text))

    def _refuses(self, index: _NodeIndex, option_id: str, words: Mapping[str, bool] | str) -> bool:
        """Do the words negate most of what they share with the option's phrasing that shares
        most with them (weighed by rarity), where the phrasing says it plainly?"""
        grams = stance_grams(features(words)) if isinstance(words, str) else words
        if not any(grams.values()):
            return False  # nothing negated in the words: nothing they refuse
        if option_id in index.refusals:
            return False  # an option often said with a negation (a refusal) is not refused so
        best_shared, best_refused = 0.0, 0.0
        own = index.own.get(option_id, ())
        idf, default = self._bare_idf, self._default_idf
        for p in own:
            if p.negates:
                continue  # a phrasing that itself negates may say so in other places
            shared = refused = 0.0
            for gram, negated in grams.items():
                said = p.grams.get(gram)
                if said is None or gram in index.context:
                    continue  # the client's own words are the premise, not the move
                weight = idf.get(gram, default)
                shared += weight
                if negated and not said:
                    refused += weight
            if shared > best_shared:
                best_shared, best_refused = shared, refused
        return best_refused >= REFUSED_MIN and best_refused >= REFUSED_SHARE * best_shared

    def understand(
        self,
        node: Node | str,
        text: str,
        offered: frozenset[str] | None = None,
        *,
        calibrated: bool = True,
    ) -> Understanding:
        """The trainee's words read against the node's options (those `offered`, when given),
        with the decision.

        `calibrated=False` decides by the lines alone, without the two models of
        `simulator.calibration` (what `parley eval --fit` fits them on)."""
        # Fewer than two letters (a digit, "嗯", an emoji) is no answer to match: ask instead.
        letters = sum(1 for c in normalise(text) if c.isalpha()) if text else 0
        if letters >= MIN_LETTERS and (only_fillers(normalise(text)) or note_to_self(text)):
            letters = 0  # "好的好的好的": an acknowledgement says nothing to match
        scored = self.scored(node, text, offered) if letters >= MIN_LETTERS else []
        # An option the words contradict is never taken and never offered as a reading.
        polar = polar_terms(text) if scored else (set(), set())
        # Only words that negate something can refuse an option: the n-grams are read for them.
        negates = bool(scored) and any(prepare_text(text)[1])
        grams = stance_grams(features(text)) if negates else {}
        # Words that negate nothing and ask nothing say what they say (see `_contradicted`).
        plain = bool(scored) and not negates and not any(c.question for c in _said_clauses(text))
        named = stance.refused_moves(text) if scored else ""  # words named only to be refused
        kept: list[Scored] = []
        refused = 0.0  # how close the words come to an option they contradict, stance aside
        for s in scored:
            if len(kept) > MAX_READINGS:
                # Only the first readings and the runner-up decide; past them, only an option
                # the words refuse that could overshadow the best reading matters.
                if s.bare > refused and s.bare >= REFUSED_SHADOW * kept[0].score:
                    if self._contradicted(node, text, s, polar, grams, plain):
                        refused = s.bare
                continue
            if s.score <= 0 and s.bare <= 0:
                continue
            if self._contradicted(node, text, s, polar, grams, plain):
                refused = max(refused, s.bare)
            elif self._names_to_refuse(node, named, s):
                # "细支就伤害小？没有这回事，抽烟就是伤身": the move named to be refused is no
                # reading; the rest of the words (the honest move) may still be taken.
                continue
            elif s.score > 0:
                kept.append(s)
        top = kept[0].score if kept else 0.0
        second = kept[1].score if len(kept) > 1 else 0.0
        margin = round(top - second, 4)
        readings = tuple(
            Candidate(s.option_id, s.score, s.matched)
            for s in kept[:MAX_READINGS]
            if s.score >= READING_SHARE * top
        )
        chatting = False  # small talk: the client steers back instead of asking
        chat = 0.0
        closest = kept[0].closest if kept else 0.0
        if scored:
            # Small talk or a filler closer to everyday chat than to any option: no reading.
            # A filler that opens the words ("嗯嗯，那我照流程来") is not what they say.
            chat = self.small_talk(after_fillers(text))
            if (chat >= SMALL_TALK_MIN and chat >= SMALL_TALK_SHARE * closest) or (
                chat >= SMALL_TALK_FLOOR and chat >= SMALL_TALK_LEAD * closest
            ):
                readings = ()
                chatting = True
        index = self._node_index(node if isinstance(node, str) else node.id)
        if readings and index is not None and self._echoes(index, text, kept[0]):
            readings = ()  # the client's words said back: a topic named, nothing answered
        if readings and index is not None and _only_asks(text):
            own = index.own.get(kept[0].option_id, ())
            if own and sum(p.asks for p in own) < ASKING_OPTION * len(own):
                # "隔壁华润万家的停车场收费吗？" asks about a name the move uses; a move never
                # phrased as a question is not what words that only ask make.
                readings = ()
        t = self.thresholds
        leads = second == 0 or top >= LEAD_RATIO * second
        # Taken only when some phrasing of the option is itself close to the words: a score
        # pooled from scattered common words ("这个", "周末") is not a reading to act on.
        near = bool(kept) and kept[0].closest >= TAKE_CLOSEST
        # Words that refuse an option about as close as the best reading left are about that
        # option: "两百万没问题这话，我说不出口" refuses the promise, and the honest option it
        # leaves is a reading to offer, not a move the words made.
        about_refused = refused > 0 and refused >= REFUSED_SHADOW * top
        # What the calibration weighs; only a reading left to offer has any.
        evidence = (
            self._evidence(index, text, kept[0], kept[1] if len(kept) > 1 else None, refused, chat)
            if readings
            else None
        )
        if readings and top >= t["take"] and margin >= t["margin"] and leads and near:
            decision: Decision = "confirm" if about_refused else "take"
        elif readings and top >= t["confirm"]:
            decision = "confirm"
        else:
            decision = "clarify"
        if calibrated and evidence is not None:
            asked = decision == "confirm"
            decision, readings = self._calibrated(decision, readings, evidence)
            if asked and decision == "take" and self._costly(node, readings[0].option_id):
                # TRUST takes what the lines would only offer; a trap or a red line the words
                # only may mean is still asked about ("这个折扣超出我能拍板的范围了…" ranks "我
                # 能做主。…我说了算" first): charging a move the trainee may not have made
                # costs more than asking.
                decision = "confirm"
            if decision == "take" and chat >= SMALL_TALK_RIVAL * kept[0].closest:
                # "王姐，我帮您把孩子接回来" (an everyday favour) is about as close to everyday
                # talk as to "我帮您把烟柜陈列重新理一理": once v29's "我帮您把…" answers were
                # heard, the calibration took it. Words that near small talk are small talk.
                decision, readings, chatting = "clarify", (), True
        if decision != "clarify" and len(readings) > 1:
            fuller = self._fuller(node, text, offered, readings)
            if fuller is not None:
                decision = "confirm"
                readings = (fuller, *(r for r in readings if r is not fuller))
        if decision == "confirm" and any(prepare_text(text)[1]):
            # "这卡我要是收了…您拿回去，茶也拿回去" was offered only "卡我不要，茶叶就收下了",
            # "掩护我不打，中华也不要" the deal it refuses: words that negate something are never
            # offered a red line, which a reflex "yes" would end the session on. What else they
            # may mean is offered; with nothing else, they are asked to say it again.
            safe = tuple(r for r in readings if not self._red_line(node, r.option_id))
            if len(safe) < len(readings):
                readings = safe
                if not readings:
                    decision = "clarify"
        if (
            decision == "confirm"
            and len(readings) == 1
            and _ends_refusing(text)
            and not self._refusal_phrased(node, readings[0].option_id)
        ):
            # "今天不签明天就没了这种话，我可不会拿来唬阿姨" was asked "您是想表达：额度紧张，
            # 今天不定下来明天就没了？": a refusal is never offered, as its only reading, a
            # move that no phrasing makes as a refusal.
            readings = ()
            decision = "clarify"
        if (
            decision != "clarify"
            and not self._faulty(node, readings[0].option_id)
            and kept[0].closest < WHOLE_PHRASING
        ):
            part = self._faulty_part(node, text, offered, calibrated, readings[0].option_id)
            if part is not None:
                # "…我给您拿个标识贴柜台上。上周那回就算了，咱们就当没发生过，谁也别往外说。"
                # was taken as the firm move its first sentences make, and the session ended a
                # success (round forty-five's cold tryout): a sentence that alone is taken as
                # a trap or a red line makes that move, whatever good the others say.
                rest = tuple(r for r in readings if r.option_id != part.option_id)
                readings = (part, *rest)[:MAX_READINGS]
                return Understanding(text, "take", readings, part.score, margin, None, evidence)
        if decision != "take" and not chatting and kept:
            aside = self._rest_taken(node, text, offered, kept[0], calibrated)
            if aside is not None:
                return aside
        line = None
        if decision == "clarify":
            # Words left unread that are nearer everyday talk than any phrasing of a move get
            # the client's steer back to business, not "what do you mean?" (round thirty-four's
            # cold tryout: "今天外面风挺大的吧？" was asked what it meant).
            steer = chatting or (
                chat >= SMALL_TALK_FLOOR and chat >= closest and not _ends_refusing(text)
            )
            line = _steer_line(text) if steer else _clarify_line(text)
            readings = ()
        return Understanding(text, decision, readings, top, margin, line, evidence)

    def _faulty_part(
        self,
        node: Node | str,
        text: str,
        offered: frozenset[str] | None,
        calibrated: bool,
        best: str,
    ) -> Candidate | None:
        """The trap or red line the last sentence of the words makes on its own, where the
        answer ends: a statement of at least `FAULTY_PART_LETTERS` letters, taken alone as that
        move at once and not also read as the whole answer's `best` move, where the whole refuses
        nothing by name (a demand said to be refused, "保本保收益？这话我可不敢说", is not the
        move). None for words of one sentence.
        Only the last: an earlier sentence is often what the next one answers ("年根底下请客是
        多。可每礼拜十条…" grants the excuse to question it; "先只还利息…看起来轻松，…更要命。
        还是按月还本付息" names the trap to turn from it): over every labelled set, reading
        every sentence so took 21 more answers wrong than reading the last, and none more right."""
        parts = [p for p in _SENTENCE_END.split(text) if _length(p) >= MIN_LETTERS]
        if len(parts) < 2 or _length(parts[-1]) < FAULTY_PART_LETTERS:
            return None
        last = parts[-1]
        if not classifier.reads(last) or _asked_sentence(text, last) or stance.refused_moves(text):
            return None  # English is read whole ("…; next week I'll bring…" is no trap)
        ranked = self.scored(node, last, offered)  # cached: the read below scores it again
        if not ranked or not self._faulty(node, ranked[0].option_id):
            return None  # most last sentences: no trap ranks first, nothing more to read
        alone = self.understand(node, last, offered, calibrated=calibrated)
        taken = alone.best
        if alone.decision != "take" or taken is None or not self._faulty(node, taken.option_id):
            return None
        if any(c.option_id == best for c in alone.candidates):
            return None  # read alone, it may still be the move the whole makes
        return taken

    def _fuller(
        self,
        node: Node | str,
        text: str,
        offered: frozenset[str] | None,
        readings: tuple[Candidate, ...],
    ) -> Candidate | None:
        """Another reading that says every sentence of the words where the best one leaves a
        sentence unsaid (see `PART_FLOOR`), or None. Read only for words of two sentences or
        more with two readings or more."""
        parts = [p for p in _SENTENCE_END.split(text) if _length(p) >= MIN_LETTERS]
        if len(parts) < 2:
            return None
        first = readings[0].option_id
        by_part = [{s.option_id: s.score for s in self.scored(node, p, offered)} for p in parts]
        # A sentence left unsaid is a statement: a question may be the client's demand echoed
        # before it is refused ("光看电费单子不进车间？那跟隔着门看病一样…").
        stated = [not _asked_sentence(text, p) for p in parts]
        for other in readings[1:]:
            if self._faulty(node, other.option_id):
                continue  # a bad move is not charged for saying part of the words
            said = [part.get(other.option_id, 0.0) for part in by_part]
            unsaid = any(
                plain and score >= PART_FLOOR and part.get(first, 0.0) < PART_SHARE * score
                for part, score, plain in zip(by_part, said, stated, strict=True)
            )
            if unsaid and all(
                score >= PART_SHARE * max(part.values(), default=0.0)
                for part, score in zip(by_part, said, strict=True)
            ):
                return other
        return None

    def _rest_taken(
        self,
        node: Node | str,
        text: str,
        offered: frozenset[str] | None,
        best: Scored,
        calibrated: bool,
    ) -> Understanding | None:
        """The words with what they refuse set aside, when the rest alone is a move to take.

        "报告往好了写这个我没法答应您，我只能照实写，写扎实了…" refuses the demand, then says the
        honest move; the refused clause, read with it, dilutes the move it says ("我只能照实写…"
        alone is taken at once, the whole was asked back). Not taken so: a trap, a red line
        or a move that keeps no principle (charging a move on part of the words costs more
        than asking: "你是护士又不是专家，这话我哪能说，你比我懂多了" refuses what it
        names); a move the refused words, read alone and stance aside, point to clearly
        (`NAMED_LEAD`: they refuse that move) unless it is a refusal the coach wrote; another
        move when the refused words point to the best reading of the whole and it is such a
        refusal (the refusal is then the move)."""
        parts = _set_aside(text)
        if parts is None:
            return None
        rest, aside = parts
        ranked = self.scored(node, rest, offered)  # cached: the read below scores it again
        if not ranked or ranked[0].score < self.thresholds["confirm"]:
            # Under the confirm line the lines only ask, and the calibration moves them a step
            # at most (to an offer): no reading of the rest could be taken. Not read again.
            return None
        alone = self.understand(node, rest, offered, calibrated=calibrated)
        taken = alone.best
        if alone.decision != "take" or taken is None or self._faulty(node, taken.option_id):
            return None
        refusal = self._refusal_phrased(node, taken.option_id)
        shadowed = best.option_id != taken.option_id and self._refusal_phrased(node, best.option_id)
        if refusal and not shadowed:
            return replace(alone, text=text)  # neither guard below can hold: nothing to weigh
        named = sorted(self._alone(node, aside), key=lambda s: s.bare, reverse=True)
        if shadowed and named and named[0].option_id == best.option_id:
            return None  # the refusal is the move ("这个信封我不收，…")
        if (
            not refusal
            and named
            and named[0].option_id == taken.option_id
            and named[0].bare > 0
            and (len(named) == 1 or named[0].bare >= NAMED_LEAD * named[1].bare)
        ):
            return None  # the refused words name the very move the rest is read as
        return replace(alone, text=text)

    def _calibrated(
        self, decision: Decision, readings: tuple[Candidate, ...], evidence: Evidence
    ) -> tuple[Decision, tuple[Candidate, ...]]:
        """The lines' decision moved one step by the fitted models (`simulator.calibration`).
        Near misses are offered only under the default confirm line, and offered readings taken
        only under the default take line: a scenario that moved a line asked for it."""
        line = self.thresholds["confirm"]
        moved, swapped = calibration.move(
            decision,
            evidence,
            calibration.shipped(),
            line,
            READING_SHARE,
            offer=line == DEFAULT_THRESHOLDS["confirm"],
            trusting=self.thresholds["take"] == DEFAULT_THRESHOLDS["take"],
        )
        if swapped and len(readings) > 1:
            readings = (readings[1], readings[0], *readings[2:])
        return cast(Decision, moved), readings

    def _evidence(
        self,
        index: _NodeIndex | None,
        text: str,
        best: Scored,
        runner: Scored | None,
        refused: float,
        chat: float,
    ) -> Evidence:
        """What the decision weighs about the best reading (see `simulator.calibration`)."""
        mask = prepare_text(text)[1]
        counts = features(text)
        total = sum(counts.values())
        unknown = sum(c for k, c in counts.items() if k not in self._idf)
        said = _said_clauses(text)
        phrased = index.phrased.get(best.option_id, "") if index is not None else ""
        return Evidence(
            best=self._reading(index, best),
            runner=self._reading(index, runner) if runner is not None else None,
            refused=refused,
            negated=sum(mask) / len(mask) if mask else 0.0,
            length=len(text),
            small_talk=chat,
            unknown=unknown / total if total else 0.0,
            asks=sum(c.question for c in said) / len(said) if said else 0.0,
            words=calibration.residual(normalise(text), phrased),
        )

    @staticmethod
    def _reading(index: _NodeIndex | None, s: Scored) -> Reading:
        own = index.own.get(s.option_id, ()) if index is not None else ()
        return Reading(
            option_id=s.option_id,
            score=s.score,
            closest=s.closest,
            bare=s.bare,
            unlike=s.unlike,
            negates=sum(p.negates for p in own) / len(own) if own else 0.0,
            asks=sum(p.asks for p in own) / len(own) if own else 0.0,
        )


def _faulty(option: Option) -> bool:
    """Is the option a trap, a red line, or a move that only breaks principles (none kept)?"""
    weights = option.principles.values()
    return option.trap or option.red_line or (any(weights) and max(weights) < 0)


def _said_clauses(text: str) -> list[stance.Clause]:
    """The clauses of the words that say something (not only spaces)."""
    return [c for c in stance.clauses(text) if c.text.strip()]


def _set_aside(text: str) -> tuple[str, str] | None:
    """The words without the clauses that refuse as the trainee, or that what follows refuses
    whole ("报告往好了写这个我没法答应您，我只能照实写，…" → "我只能照实写，…"), and those
    clauses. None when nothing is refused, when the rest is short (under `SET_ASIDE_REST`), or
    when some clause asks or was asked back to be refused ("报告往好了写？那我做不到，只能照
    实写"): such words are about what they refuse (`REFUSED_SHADOW`). Measured over every
    labelled set (round forty-one): with both limits, 110 readings better for 11 worse, every
    worse one a negated answer its writer labelled "none" now taken as the honest move; without
    them, 489 better for 101 worse."""
    said = _said_clauses(text)
    if any(c.question or c.refused for c in said):
        return None
    aside = [
        c
        for c in said
        if (c.negated and all(c.negated))
        or (any(c.negated) and not c.condition and stance.refusal_of(c.text.strip()))
    ]
    if not aside or len(aside) == len(said):
        return None
    rest = "，".join(c.text.strip() for c in said if c not in aside)
    if _length(rest) < SET_ASIDE_REST:
        return None
    return rest, "，".join(c.text.strip() for c in aside)


def _asked_sentence(text: str, part: str) -> bool:
    """Is `part` (a sentence of `text`) a question: ended by a question mark in `text`, or
    read as one?"""
    at = text.find(part)
    after = text[at + len(part) : at + len(part) + 1] if at >= 0 else ""
    return after in ("?", "？") or any(c.question for c in _said_clauses(part))


def _only_asks(text: str) -> bool:
    """Is every clause of the words a question, and is one marked as such (？, 吗)? A final
    呢 or a question word alone ("国家靠烟税办了好多事呢") is too weak a sign."""
    said = _said_clauses(text)
    marked = any(mark in text for mark in _QUESTION_MARKS)
    return marked and bool(said) and all(c.question for c in said)


def _steer_line(text: str, lines: Sequence[Text] = STEER_LINES) -> Text:
    """The client's "back to business" after small talk, the same for the same words."""
    return lines[zlib.crc32(text.encode("utf-8", "replace")) % len(lines)]


def steer_line(text: str, lines: Sequence[Text]) -> Text:
    """A persona's own "back to business" line for the small talk `text` (one of `lines`, the
    same for the same words), or the library's when it has none."""
    return _steer_line(text, lines or STEER_LINES)


def _clarify_line(text: str) -> Text:
    """The client's "what do you mean?", varied but the same for the same words."""
    if not text or not text.strip():
        return SILENT_LINE
    if _ends_refusing(text):
        lines = REFUSED_LINES
    elif _length(text) > LONG_ANSWER:
        lines = LONG_LINES
    else:
        lines = CLARIFY_LINES
    return lines[zlib.crc32(text.encode("utf-8", "replace")) % len(lines)]


def _length(text: str) -> int:
    """How long the words are: their Chinese characters and their other words."""
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return han + len(_WORD.findall(text))


_WORD = re.compile(r"[^\W\u4e00-\u9fff]+")


@functools.lru_cache(maxsize=4096)
def _a_refusal(phrasing: str) -> bool:
    """Does some clause of a phrasing refuse as the trainee ("东西我不能收", "那可不行", "这不现
    实")? A negation of something else ("明天就没了") is not a refusal."""
    for clause in stance.clauses(phrasing):
        body = clause.text.strip()
        if not body or clause.question or clause.condition or not any(clause.negated):
            continue
        if stance.refusal_of(body):
            return True
    return False


def _ends_refusing(text: str) -> bool:
    """Do the words end by refusing as the trainee ("…，我可不会拿来唬阿姨")?"""
    said = [c for c in _said_clauses(text) if not c.condition and not c.question]
    return bool(said) and any(said[-1].negated) and stance.refusal_of(said[-1].text.strip())


#: A phrasing's reading that no weighting changes is kept for this many phrasings: every
#: matcher of a scenario (one per labelled set left out, for `parley eval`) shares it. More than
#: the library holds (33,611 phrasings, heard ones and counter-examples included, in round
#: forty-five): `parley eval` reads them scenario by scenario, set after set, and a cache a
#: little smaller than that cycle keeps none of them (at 32,768 it spent 40 % of the run, and of
#: CI's time, reading the same phrasings again).
_PHRASINGS_KEPT = 1 << 17


class _Terms(NamedTuple):
    """What a phrasing's words weigh before any idf: read once per phrasing, shared by every
    matcher that indexes it (`parley eval` builds one per scenario for each set it leaves
    out, from the same phrasings)."""

    #: `features` as (term, count) pairs, in their order.
    counts: tuple[tuple[str, float], ...]
    #: The terms, and each one's term weight as `Matcher._weigh` computes it.
    keys: tuple[str, ...]
    tf: tuple[float, ...]
    #: The terms with their stance dropped (`bare`).
    bare_keys: tuple[str, ...]
    #: `normalise` of the phrasing.
    normalised: str


@functools.lru_cache(maxsize=_PHRASINGS_KEPT)
def _terms(text: str) -> _Terms:
    counts = feature_items(text)
    return _Terms(
        counts=counts,
        keys=tuple(k for k, _c in counts),
        tf=tuple((1.0 + math.log(c)) if c >= 1 else c for _k, c in counts),
        bare_keys=tuple(bare(dict(counts))),
        normalised=normalise(text),
    )


@functools.lru_cache(maxsize=_PHRASINGS_KEPT)
def _read_phrasing(text: str) -> tuple[Mapping[str, bool], bool, bool]:
    """A phrasing's stance-aware n-grams (shared: read, never changed), whether it negates
    anything, and whether it asks."""
    counts = features(text)
    return (
        stance_grams(counts),
        any(k.startswith("¬") for k in counts),
        any(c.question for c in stance.clauses(text)),
    )


@functools.lru_cache(maxsize=_PHRASINGS_KEPT)
def _polar_terms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """`polar_terms` of a phrasing, kept (see `_PHRASINGS_KEPT`)."""
    said, denied = polar_terms(text)
    return frozenset(said), frozenset(denied)


@functools.cache
def _small_talk_features() -> tuple[dict[str, float], ...]:
    return tuple(features(text) for text in SMALL_TALK)


_MATCHERS: dict[tuple[int, str | None, bool], Matcher] = {}
_MATCHER_CACHE = 16


def _slotted(
    postings: Mapping[str, list[tuple[int, float]]],
    pooled: Mapping[str, list[tuple[int, float]]],
    unlike: Mapping[str, list[tuple[int, float]]],
    n_phrasings: int,
    n_options: int,
) -> Postings:
    """The three posting lists as one (see `_NodeIndex.postings`): a phrasing's slot is its
    position, an option's `n_phrasings` on, a counter-example's `n_options` further."""
    out: dict[str, list[tuple[int, float]]] = {k: list(v) for k, v in postings.items()}
    for k, v in pooled.items():
        out.setdefault(k, []).extend((n_phrasings + j, w) for j, w in v)
    for k, v in unlike.items():
        out.setdefault(k, []).extend((n_phrasings + n_options + u, w) for u, w in v)
    return {k: tuple(v) for k, v in out.items()}


def matcher_for(scenario: Scenario, leave_out: str | None = None, heard: bool = True) -> Matcher:
    """The scenario's matcher, built on first use and kept while the scenario is in use. It
    reads the shipped heard phrasings (`simulator.phrasings`) too, but none from the labelled
    set `leave_out` (a set judged, or fitted on, by what the others taught), and none at all
    without `heard` (coach tools judge the coach's YAML alone)."""
    key = (id(scenario), leave_out, heard)
    held = _MATCHERS.get(key)
    if held is not None and held.scenario is scenario:
        return held
    matcher = Matcher(scenario, phrasings.load() if heard else phrasings.NOTHING, leave_out)
    if len(_MATCHERS) >= _MATCHER_CACHE:
        _MATCHERS.pop(next(iter(_MATCHERS)))
    _MATCHERS[key] = matcher
    return matcher


def understand(
    scenario: Scenario, node: Node | str, text: str, offered: frozenset[str] | None = None
) -> Understanding:
    """What `text` most likely means at `node` of `scenario` (see the module docstring); only
    the options in `offered` are candidates when it is given."""
    return matcher_for(scenario).understand(node, text, offered)
