"""Free text → one of the node's options, with a confidence and a decision.

A `Matcher` indexes every option of a scenario (its text and example phrasings, both languages)
once, when first asked. Text is normalised (NFKC, casefold, punctuation and symbols dropped);
Chinese is cut into character 1–3-grams (no word segmentation), Latin text into words and word
pairs. Features are TF-IDF weighted over the scenario's phrasings and compared by cosine; an
option's score blends its closest phrasing with all its phrasings taken together.

The decision follows the two-stage fallback of docs/understanding.md: `take` when the best
option clears `take` and leads the runner-up by `margin`; `confirm` (ask "您是想表达……吗?"
with the one or two closest readings) when it clears `confirm`; otherwise `clarify` (the
client asks what the trainee means; the turn is not scored). A scenario may tune the three
thresholds in its `understanding:` mapping.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from simulator.model import Node, Scenario, Text

Decision = Literal["take", "confirm", "clarify"]

#: Default thresholds (cosine-like scores between 0 and 1), tuned on the paraphrase dev set.
DEFAULT_THRESHOLDS: Mapping[str, float] = {"take": 0.25, "confirm": 0.1, "margin": 0.06}
#: Only this many characters of an answer are matched (a paste is judged by its beginning).
MAX_CHARS = 400
#: Share of an option's score from its closest phrasing; the rest from all its phrasings.
BEST_SHARE = 0.3
#: Weight of character n-grams by length (unigrams are weak evidence in Chinese).
NGRAM_WEIGHT = {1: 0.5, 2: 1.0, 3: 1.0}
#: Features found in more than this share of a node's phrasings say nothing about the choice.
COMMON_SHARE = 0.5
#: Readings scoring under this share of the best one are not offered.
READING_SHARE = 0.5
MAX_READINGS = 3
#: Answers with fewer letters than this (digits and emoji do not count) are not matched.
MIN_LETTERS = 2

#: Colloquial, regional and mistyped spellings → one written form, applied to the examples and
#: to the trainee's words alike, so 口语 meets the examples' wording. Only unambiguous rewrites
#: of common customer-manager talk; a coach's vocabulary belongs in the option examples.
SYNONYMS: Mapping[str, str] = {
    # pronouns, honorifics and particles: no option turns on them
    "您": "你",
    "咱们": "我们",
    "咱": "我们",
    "俺": "我",
    # 口语 question words
    "咋样": "怎么样",
    "咋": "怎么",
    "为啥": "为什么",
    "干嘛": "做什么",
    "干啥": "做什么",
    "啥": "什么",
    "晓得": "知道",
    # frequent pinyin-input slips
    "帐": "账",
    "保正": "保证",
    # time words
    "礼拜": "周",
    "星期": "周",
    "立马": "马上",
    "立刻": "马上",
    "今儿": "今天",
    "明儿": "明天",
    # everyday verbs and fillers
    "瞅瞅": "看看",
    "瞅": "看",
    "瞧瞧": "看看",
    "瞧": "看",
    "甭": "不用",
    "俩": "两",
    "对不住": "抱歉",
    "对不起": "抱歉",
    "不好意思": "抱歉",
    "道歉": "抱歉",
    "跟": "和",
    "讲讲": "说说",
    "聊聊": "说说",
    "谈谈": "说说",
    "讲": "说",
    "一下": "",
    "回头": "以后",
    "往后": "以后",
    "今后": "以后",
    "下回": "下次",
    # particles: 口语 colour, no meaning for the choice (and rare, so they would weigh a lot)
    "哈哈": "",
    "呀": "",
    "啊": "",
    "嘛": "",
    "呗": "",
    "啦": "",
    "哦": "",
    "哈": "",
    # customer-manager vocabulary with one written form
    "铺子": "门面",
    "铺面": "门面",
    "店面": "门面",
    "房本": "房产证",
    "还钱": "还款",
    "还贷": "还款",
    "借钱": "借款",
    "放贷": "放款",
    "进账": "收入",
    "挣": "赚",
    "上级": "领导",
    "难处": "困难",
    "顾虑": "担心",
    "赶紧": "马上",
    "不要钱": "免费",
    "不收钱": "免费",
    "折扣": "优惠",
    "手机": "电话",
    "流程": "手续",
    "价钱": "价格",
    "协议": "合同",
    "靠谱": "可靠",
    "没毛病": "没问题",
    # promises, the move several options turn on
    "打包票": "保证",
    "拍胸脯": "保证",
    "包在我身上": "保证",
    "妥妥的": "没问题",
    "不成问题": "没问题",
    "搞定": "办好",
    "没法": "不能",
    "无法": "不能",
    # mixed-in English and shorthand
    "sorry": "抱歉",
    "ok": "好的",
    "bp": "基点",
    "call": "电话",
    "w": "万",
}
#: Negation cues of Chinese, and the characters after one that fall in its scope: n-grams there
#: become "not-X" features, so "我不能保证" stops matching an option that says "我保证".
NEGATIONS = ("不可能", "不能", "不会", "不敢", "不用", "不要", "没有", "不", "没", "别", "未")
NEGATION_SCOPE = 3
#: Words starting with a negation character that negate nothing (不过 = "but", 不错 = "good").
NOT_NEGATIONS = (
    "不过",
    "不错",
    "不少",
    "不断",
    "不仅",
    "不管",
    "不如",
    "不久",
    "不同",
    "不然",
    "没关系",
    "别人",
    "别的",
    "别家",
    "没问题",
)
#: Words whose negation turns one move into its opposite ("我保证" / "我不能保证"): an answer that
#: negates one an option asserts (or asserts one it only negates) is never taken as that option.
POLARITY_TERMS = ("保证", "承诺", "肯定", "一定", "保本", "答应", "同意", "收下", "能批", "没问题")
#: Characters after a verb that negate it ("保证不了", "做不到").
POST_NEGATIONS = ("不了", "不到", "不起", "不住")
#: Weight of answer features no phrasing of the scenario has: they cannot point to any option,
#: and at full weight a long answer that contains the move would score as if it missed it.
UNKNOWN_WEIGHT = 0.5

_LATIN = re.compile(r"[a-z0-9']+")
_SYNONYM_RE = re.compile(
    "|".join(
        # Latin shorthand only as a whole word ("ok", not the "ok" of "book").
        f"(?<![a-z]){re.escape(k)}(?![a-z])" if k.isascii() else re.escape(k)
        for k in sorted(SYNONYMS, key=lambda k: (-len(k), k))
    )
)
_STOPWORDS = frozenset(
    "a an the to of and or i you we me my your our is are am be it this that in on for with "
    "so do will would can just please".split()
)

CLARIFY_LINES: tuple[Text, ...] = (
    Text("你这话是什么意思？我没听明白。", "Sorry, what do you mean? I didn't follow."),
    Text("你说具体点，我没太听懂。", "Could you put that more plainly? I'm not sure I follow."),
    Text("啊？你到底想说什么？", "Hm? What are you actually trying to say?"),
)
SILENT_LINE = Text("你倒是说话呀？", "Well? Say something.")


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

    @property
    def best(self) -> Candidate | None:
        """The top reading, if any."""
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True, slots=True)
class _Phrasing:
    option_id: str
    text: str
    vector: Mapping[str, float]  # L2-normalised TF-IDF


@dataclass(frozen=True, slots=True)
class _NodeIndex:
    option_ids: tuple[str, ...]
    phrasings: tuple[_Phrasing, ...]
    phrasing_option: tuple[int, ...]  # phrasing -> position of its option in option_ids
    postings: Mapping[str, tuple[tuple[int, float], ...]]  # feature -> (phrasing, weight)
    pooled: Mapping[str, tuple[tuple[int, float], ...]]  # feature -> (option, weight)
    asserted: Mapping[str, frozenset[str]]  # option -> bigrams its phrasings say plainly
    denied: Mapping[str, frozenset[str]]  # option -> bigrams its phrasings only say negated


def features(text: str) -> dict[str, float]:
    """Weighted term counts of `text`: character 1–3-grams of Chinese, words of Latin text."""
    counts: dict[str, float] = {}
    for run, latin in _runs(canonical(normalise(text))):
        if latin:
            words = [w.strip("'") for w in _LATIN.findall(run)]
            words = [w[:-1] if len(w) > 4 and w.endswith("s") else w for w in words if w]
            content = [w for w in words if w not in _STOPWORDS]
            for w in content:
                counts["w:" + w] = counts.get("w:" + w, 0.0) + 1.0
            for a, b in itertools.pairwise(words):
                key = f"b:{a} {b}"
                counts[key] = counts.get(key, 0.0) + 0.5
            continue
        negated = _negated(run)
        for n, weight in NGRAM_WEIGHT.items():
            for i in range(len(run) - n + 1):
                key = run[i : i + n]
                if negated and all(negated[i : i + n]):
                    key = "¬" + key
                counts[key] = counts.get(key, 0.0) + weight
    return counts


def canonical(text: str) -> str:
    """Normalised text with the colloquial spellings of `SYNONYMS` rewritten."""
    return _SYNONYM_RE.sub(lambda m: SYNONYMS[m.group(0)], text)


def _negated(run: str) -> list[bool]:
    """Per character of a Chinese run: does it fall in the scope of a negation cue?"""
    if not any(c in run for c in "不没别未"):
        return []
    mask = [False] * len(run)
    for post in POST_NEGATIONS:
        start = run.find(post)
        while start >= 0:
            for k in range(max(0, start - 2), start):
                mask[k] = True
            start = run.find(post, start + 1)
    i = 0
    while i < len(run):
        skip = next((w for w in NOT_NEGATIONS if run.startswith(w, i)), None)
        if skip is not None:
            i += len(skip)
            continue
        if run.startswith(POST_NEGATIONS, i):
            i += 2
            continue
        cue = next((c for c in NEGATIONS if run.startswith(c, i)), None)
        if cue is None:
            i += 1
            continue
        end = min(len(run), i + len(cue) + NEGATION_SCOPE)
        for k in range(i + len(cue), end):
            mask[k] = True
        i += len(cue)
    return mask


def normalise(text: str) -> str:
    """Half-width, casefolded text with punctuation, symbols and control characters as spaces."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).casefold()
    return "".join(
        c if c == "'" or not unicodedata.category(c).startswith(("P", "S", "C", "Z")) else " "
        for c in text
    )


def _runs(text: str) -> Iterable[tuple[str, bool]]:
    """Maximal runs of Latin letters/digits (True) and of other letters, e.g. Chinese (False)."""
    for chunk in text.split():
        start = 0
        for i in range(1, len(chunk) + 1):
            if i == len(chunk) or _is_latin(chunk[i]) != _is_latin(chunk[start]):
                yield chunk[start:i], _is_latin(chunk[start])
                start = i


def polar_terms(text: str) -> tuple[set[str], set[str]]:
    """The `POLARITY_TERMS` that `text` says plainly, and those it only says negated."""
    said: set[str] = set()
    denied: set[str] = set()
    for run, latin in _runs(canonical(normalise(text))):
        if latin or not any(t in run for t in POLARITY_TERMS):
            continue
        negated = _negated(run)
        for term in POLARITY_TERMS:
            start = run.find(term)
            while start >= 0:
                (denied if negated and negated[start] else said).add(term)
                start = run.find(term, start + 1)
    return said - denied, denied - said


def _is_latin(char: str) -> bool:
    return char.isascii()


class Matcher:
    """Every option phrasing of one scenario, indexed once; answers `understand` per node."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.thresholds = {**DEFAULT_THRESHOLDS, **dict(scenario.understanding)}
        raw: dict[str, list[tuple[str, str, dict[str, float]]]] = {}
        df: dict[str, int] = {}
        total = 0
        for node in scenario.nodes.values():
            rows = []
            for option in node.options:
                texts = [option.text.zh, option.text.en, *option.all_examples()]
                for phrasing in dict.fromkeys(t for t in texts if t and t.strip()):
                    counts = features(phrasing)
                    rows.append((option.id, phrasing, counts))
                    total += 1
                    for key in counts:
                        df[key] = df.get(key, 0) + 1
            raw[node.id] = rows
        self._idf = {k: math.log((total + 1) / (v + 1)) + 1.0 for k, v in df.items()}
        self._default_idf = math.log(total + 1) + 1.0
        self._nodes = {
            nid: self._index(node_rows, scenario.nodes[nid]) for nid, node_rows in raw.items()
        }

    def _weigh(self, counts: Mapping[str, float]) -> dict[str, float]:
        vector = {
            k: ((1.0 + math.log(c)) if c >= 1 else c) * self._idf.get(k, self._default_idf)
            for k, c in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {k: v / norm for k, v in vector.items()}

    def _index(self, rows: list[tuple[str, str, dict[str, float]]], node: Node) -> _NodeIndex:
        phrasings = tuple(_Phrasing(oid, text, self._weigh(counts)) for oid, text, counts in rows)
        option_ids = tuple(o.id for o in node.options)
        pooled_counts: dict[str, dict[str, float]] = {oid: {} for oid in option_ids}
        for oid, _text, counts in rows:
            bag = pooled_counts[oid]
            for k, c in counts.items():
                bag[k] = bag.get(k, 0.0) + c
        limit = max(2, COMMON_SHARE * len(phrasings))
        seen: dict[str, int] = {}
        for p in phrasings:
            for k in p.vector:
                seen[k] = seen.get(k, 0) + 1
        postings: dict[str, list[tuple[int, float]]] = {}
        for i, p in enumerate(phrasings):
            for k, w in p.vector.items():
                if seen[k] <= limit:
                    postings.setdefault(k, []).append((i, w))
        pooled: dict[str, list[tuple[int, float]]] = {}
        for j, oid in enumerate(option_ids):
            for k, w in self._weigh(pooled_counts[oid]).items():
                if seen.get(k, 0) <= limit:
                    pooled.setdefault(k, []).append((j, w))
        position = {oid: j for j, oid in enumerate(option_ids)}
        plain: dict[str, set[str]] = {oid: set() for oid in option_ids}
        negated: dict[str, set[str]] = {oid: set() for oid in option_ids}
        for oid, text, _counts in rows:
            said, denied = polar_terms(text)
            plain[oid] |= said
            negated[oid] |= denied
        return _NodeIndex(
            option_ids,
            phrasings,
            tuple(position[p.option_id] for p in phrasings),
            {k: tuple(v) for k, v in postings.items()},
            {k: tuple(v) for k, v in pooled.items()},
            {oid: frozenset(plain[oid] - negated[oid]) for oid in option_ids},
            {oid: frozenset(negated[oid] - plain[oid]) for oid in option_ids},
        )

    def scores(self, node: Node | str, text: str) -> list[Candidate]:
        """Every option of the node with its score, best first (ties in option order)."""
        node_id = node if isinstance(node, str) else node.id
        index = self._nodes.get(node_id)
        if index is None:
            return []
        counts = features(text)
        if UNKNOWN_WEIGHT != 1.0:
            counts = {k: c if k in self._idf else c * UNKNOWN_WEIGHT for k, c in counts.items()}
        query = self._weigh(counts)
        # Lists indexed by phrasing/option: cheaper than dicts on the hot path (bench: 50 × 10).
        by_phrasing = [0.0] * len(index.phrasings)
        by_option = [0.0] * len(index.option_ids)
        postings, pooled = index.postings, index.pooled
        for k, q in query.items():
            for i, w in postings.get(k, ()):
                by_phrasing[i] += q * w
            for j, w in pooled.get(k, ()):
                by_option[j] += q * w
        top = [0.0] * len(index.option_ids)
        closest = [-1] * len(index.option_ids)
        for i, score in enumerate(by_phrasing):
            j = index.phrasing_option[i]
            if score > top[j]:
                top[j], closest[j] = score, i
        ranked = []
        for j, oid in enumerate(index.option_ids):
            score = BEST_SHARE * top[j] + (1 - BEST_SHARE) * by_option[j]
            matched = index.phrasings[closest[j]].text if closest[j] >= 0 else ""
            ranked.append((-round(min(1.0, score), 4), j, oid, matched))
        ranked.sort()
        return [Candidate(oid, -neg, matched) for neg, _j, oid, matched in ranked]

    def contradicts(self, node: Node | str, text: str, option_id: str) -> bool:
        """Do the words negate what the option asserts, or assert what it only negates?"""
        index = self._nodes.get(node if isinstance(node, str) else node.id)
        if index is None:
            return False
        said, denied = polar_terms(text)
        return bool(denied & index.asserted.get(option_id, frozenset())) or bool(
            said & index.denied.get(option_id, frozenset())
        )

    def understand(self, node: Node | str, text: str) -> Understanding:
        """The trainee's words read against the node's options, with the decision."""
        # Fewer than two letters (a digit, "嗯", an emoji) is no answer to match: ask instead.
        letters = sum(1 for c in normalise(text) if c.isalpha()) if text else 0
        ranked = self.scores(node, text) if letters >= MIN_LETTERS else []
        top = ranked[0].score if ranked else 0.0
        second = ranked[1].score if len(ranked) > 1 else 0.0
        margin = round(top - second, 4)
        readings = tuple(
            c for c in ranked[:MAX_READINGS] if c.score > 0 and c.score >= READING_SHARE * top
        )
        t = self.thresholds
        if (
            readings
            and top >= t["take"]
            and margin >= t["margin"]
            and not self.contradicts(node, text, readings[0].option_id)
        ):
            decision: Decision = "take"
        elif readings and top >= t["confirm"]:
            decision = "confirm"
        else:
            decision = "clarify"
        line = None
        if decision == "clarify":
            line = _clarify_line(text)
        return Understanding(text, decision, readings, top, margin, line)


def _clarify_line(text: str) -> Text:
    """The client's "what do you mean?", varied but the same for the same words."""
    if not text or not text.strip():
        return SILENT_LINE
    return CLARIFY_LINES[zlib.crc32(text.encode("utf-8", "replace")) % len(CLARIFY_LINES)]


_MATCHERS: dict[int, Matcher] = {}
_MATCHER_CACHE = 16


def matcher_for(scenario: Scenario) -> Matcher:
    """The scenario's matcher, built on first use and kept while the scenario is in use."""
    held = _MATCHERS.get(id(scenario))
    if held is not None and held.scenario is scenario:
        return held
    matcher = Matcher(scenario)
    if len(_MATCHERS) >= _MATCHER_CACHE:
        _MATCHERS.pop(next(iter(_MATCHERS)))
    _MATCHERS[id(scenario)] = matcher
    return matcher


def understand(scenario: Scenario, node: Node | str, text: str) -> Understanding:
    """What `text` most likely means at `node` of `scenario` (see the module docstring)."""
    return matcher_for(scenario).understand(node, text)
