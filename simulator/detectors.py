"""The principle detectors run on a trainee's typed words (negation-aware regex patterns).

The catalog's patterns are compiled once per catalog. Text is normalised (NFKC: full-width
letters, digits and punctuation become half-width; casefolded) and only its first
MAX_CHARS characters are read, so a pasted megabyte stays fast and no pattern sees more than
that. Patterns match inside one sentence; a negation word in the same clause shortly before
the match (or before its `core` group) makes the match negated, and the detector's `negated`
setting says what that means. A principle's `examples` are a second, nearest-neighbour
detector over understanding's features, heard only where no pattern of that principle fired.
The rules are documented in docs/authoring.md.
"""

from __future__ import annotations

import functools
import math
import re
import threading
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from simulator import classifier, dialect, punctuation, stance
from simulator.model import Catalog, Detector, Principle, Text, citation
from simulator.patterns import needed_characters, needed_pairs
from simulator.patterns import problem as linear_problem
from simulator.scoring import PrincipleHit
from simulator.smalltalk import SMALL_TALK
from simulator.stance.scan import BLANK
from simulator.wording import features, polar_terms

#: Only this many characters of an answer are read (a trainee's answer is a few sentences).
MAX_CHARS = 2000
#: How far before a match (in characters, same clause) a negation word still governs it.
NEGATION_WINDOW = 10
#: English: how many characters before a match a negation word governs it ("I can't take").
LATIN_NEGATION_WINDOW = 20
#: Evidence longer than this is cut to a span around the match.
EVIDENCE_CHARS = 40
#: Example bank: lowest cosine between a sentence and a principle's closest example that
#: counts as a hit (a principle's `examples.threshold` may raise or lower it), and how far it
#: must lead that principle's closest example of the opposite polarity. Chosen on the dev set.
#: How far after a clause a retraction ("那句话说过头了") reaches back to it.
RETRACTION_REACH = 20
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

#: What may follow an answer's last sentence (`Detector.last`).
_AFTER_LAST = " \t\n。.!！?？…~～"
# Sentences end at 。!?; a newline, an ellipsis, or a full stop followed by a space or the end
# (so "3.5%" stays whole). Clauses also end at commas that do not sit between digits ("1,000").
_SENTENCE_END = re.compile(r"[。!?;\n]|…+|\.(?=\s|$)")
_CLAUSE_END = re.compile(
    r"[。!?;\n:—–]|…+|\.(?=\s|$)|(?<!\d),|,(?!\d)|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])"
)

# Words that contain a negation character without negating: "A不A" questions (能不能, 是不是,
# 有没有), and compounds such as 别家, 特别, 不过, 不错. They are blanked before counting.
_NOT_NEGATION = re.compile(
    r"(.)[不没]\1|别(?:家|的|人|处)|特别|区别|分别|级别|个别|告别|类别"
    r"|不过|不错|不少|不断|不仅|不同|不管|不好意思|差不多|没错|不久"
)
_CORE = re.compile(r"\(\?P<core>")
# Who speaks: the last person word before a commitment in its clause (an object after 给/帮 …
# does not count). 我/我们/咱 is the trainee; 您/你/他/她/客户 is someone else.
_PERSON = re.compile(
    r"我们|咱们|我|咱|您们|您|你们|你|他们|她们|他|她|客户|对方|老板"
    # Someone else who gave their word ("前任小张答应你加货没兑现", "之前的经理保证过"): a
    # predecessor, a colleague, or a colleague by name (小张, 老王). Not a boss: "两位领导保证
    # 喜欢" is the trainee's promise of what the bosses will do.
    r"|前任|上一任|上任|之前(那|的)(个|位)?[^\s,，。]{0,3}?(经理|同事)|同事"
    # A rival who gave its word ("对面保证99.99%的可用率，那是吹的": round twenty-seven's cold
    # tryout heard the client ask "具体呢？谁负责？" after a competitor's promise).
    r"|对面|对家|友商|同行|别家|那家|人家|竞争对手|对手|移动|联通|电信|广电|工行|农行|建行|中行"
    r"|交行|邮储|农商行|信用社|小贷公司"
    r"|(?:(?<![\u4e00-\u9fff])|(?<=[前任事]))[小老][王张李刘陈杨赵黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾田董潘袁蔡蒋余杜叶程魏苏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦江尹薛段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔汤]"
)
_FIRST_PERSON = frozenset({"我们", "咱们", "我", "咱"})
_ADDRESSEE = frozenset({"您", "你", "您们", "你们"})
#: The one spoken to told to rest easy, a few words after being named: a reassurance.
_REASSURED = re.compile(r"[^,，。.!?！？;；]{0,5}?(放(一百|一万|一千|十万)?个?心|尽管)")
_OBJECT_MARKERS = frozenset("给帮替跟和对向让把叫请为陪找问劝诉醒求教约等催")
_TRIM = " \t,.;:!?\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


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


_CACHE: dict[int, _Prepared] = {}
_BUILDING = threading.Lock()
#: Catalogs kept compiled, least recently used dropped first (advice compiles one per
#: principle: they must not push out the session's own, whose example bank is costly).
_CACHE_SIZE = 48
_BANKS_KEPT = 2


def normalise(text: str) -> str:
    """The text as patterns see it: NFKC (half-width), casefolded, straight apostrophes."""
    return _normalise(text)[0]


def detect(
    text: str,
    catalog: Catalog,
    *,
    learned: bool = True,
    reader: classifier.Classifier | None = None,
) -> list[PrincipleHit]:
    """The principle hits the catalog's detectors find in `text`, in catalog order.

    At most one hit per principle and polarity: the strongest detector's first match. The
    evidence is the trainee's own clause around the match. With `learned` (the default), the
    fitted classifier (`reader`, else the shipped one) keeps or drops each hit and adds those it
    is sure of (see `simulator.classifier`).
    """
    if not text or not text.strip():
        return []
    norm, index = _normalise(text)
    original = text[:MAX_CHARS]
    clauses = list(_spans(norm, _CLAUSE_END))
    hits = _detect(catalog, norm, index, original, clauses)
    if not learned or not classifier.reads(original):
        return hits
    fitted = reader if reader is not None else classifier.load()
    if fitted is None:
        return hits
    return _learned(hits, catalog, fitted, norm, index, original, clauses)


def where_said(text: str, principle: str, polarity: str) -> str | None:
    """The trainee's own clause in `text` that the classifier reads `principle` kept or broken
    (`polarity`) in most surely, or None where there is no choosing (one clause, no classifier,
    no Chinese). What quotes a move's principle the words did not name themselves: the opening
    of an answer ("钱总，谢谢您的好意，茶叶和卡我都不能收…" for 收集与核实信息) is not where
    it asked for the papers (round thirty-seven's cold tryout)."""
    read = _clause_readings(text)
    if read is None:
        return None
    index, said = read
    key = (principle, polarity)
    clause, _ = max(said, key=lambda item: item[1].get(key, 0.0))
    return _evidence(text[:MAX_CHARS], index, clause, clause[0], clause[1])


@functools.lru_cache(maxsize=64)
def _clause_readings(
    text: str,
) -> tuple[list[int] | None, list[tuple[tuple[int, int], dict[classifier.Key, float]]]] | None:
    """The clauses of `text` that say something, each with the classifier's reading of it (read
    once for every principle a turn quotes); None where there is no choosing among them."""
    if not text or not text.strip() or not classifier.reads(text[:MAX_CHARS]):
        return None
    fitted = classifier.load()
    if fitted is None:
        return None
    norm, index = _normalise(text)
    said = [c for c in _spans(norm, _CLAUSE_END) if punctuation.letters(norm[c[0] : c[1]])]
    said = [c for c in said if punctuation.letters(norm[c[0] : c[1]]) >= _EVIDENCE_LETTERS] or said
    if len(said) < 2:
        return None
    return index, [(c, fitted.probabilities(norm[c[0] : c[1]])) for c in said]


def _detect(
    catalog: Catalog,
    norm: str,
    index: list[int] | None,
    original: str,
    clauses: list[tuple[int, int]],
) -> list[PrincipleHit]:
    """The patterns' and the example bank's hits in the normalised text (`index` maps it back
    to the `original` words)."""
    prepared = _prepare(catalog)
    sentences = list(_spans(norm, _SENTENCE_END))
    sentence_chars = [frozenset(norm[start:end]) for start, end in sentences]
    sentence_pairs = [
        frozenset(norm[i : i + 2] for i in range(start, end - 1)) for start, end in sentences
    ]
    reading = _Reading.of(norm)
    best: dict[tuple[str, str], tuple[int, int, PrincipleHit, int]] = {}
    for order, compiled in enumerate(prepared.detectors):
        for found in _first_matches(
            compiled,
            norm,
            sentences,
            sentence_chars,
            sentence_pairs,
            clauses,
            prepared.negation,
            reading,
        ):
            start, end, clause, polarity, flipped = found
            if end > clause[1]:
                # A match that runs into the next clause is quoted to that clause's end, not cut
                # inside it ("…可东西我真不能" for "…可东西我真不能拿"; round thirty-four's tryout).
                clause = (clause[0], max(clause[1], _clause_of(clauses, end - 1)[1]))
            if flipped and not _negates_around(norm, clause, start, end):
                # Read the other way round by what follows ("报告往好了写，这个我做不了主"):
                # the quotation holds the words that turn it, not the request alone (round
                # thirty-six's cold tryout was credited 诚实守信 for "报告往好了写").
                clause = (clause[0], _next_clause_end(clauses, norm, clause[1]))
            hit = _hit(compiled, polarity, flipped, _evidence(original, index, clause, start, end))
            key = (compiled.principle.id, polarity)
            held = best.get(key)
            if held is None or compiled.detector.weight > held[1]:
                best[key] = (order, compiled.detector.weight, hit, start)
    for pid in {key[0] for key in best}:
        up, down = best.get((pid, "upholds")), best.get((pid, "violates"))
        if up is not None and down is not None and up[2].evidence == down[2].evidence:
            # One clause keeps or breaks a principle, not both: "您压力大关我什么事" names the
            # feeling only to push it away. The heavier reading decides; a tie, the breach.
            del best[(pid, "upholds" if up[1] <= down[1] else "violates")]
    for kept_id, broken_id, undoes in _UNDONE:
        # (A promise after "I can't promise the date, but" was once kept beside its breach; the
        # own step is now no breach ("但我保证今天就报上去"), and "审批我说了不算，不过…肯定能
        # 过" is the date promised after all: round thirty-six, v37's dev half.)
        every = {key[0] for key in best}
        for pid in [kept_id] if kept_id else sorted(every):
            up, down = best.get((pid, "upholds")), best.get((broken_id or pid, "violates"))
            if up is not None and down is not None and undoes(norm, sentences, up[3], down[3]):
                del best[(pid, "upholds")]
    hits = [hit for _, _, hit, _ in sorted(best.values(), key=lambda item: item[0])]
    if prepared.bank is not None:
        hits.extend(_bank_hits(prepared, norm, original, index, sentences, clauses, hits))
    return hits


def _learned(
    hits: list[PrincipleHit],
    catalog: Catalog,
    fitted: classifier.Classifier,
    norm: str,
    index: list[int] | None,
    original: str,
    clauses: list[tuple[int, int]],
) -> list[PrincipleHit]:
    """The hits the classifier keeps (a pattern's that a principle is kept unless it gives it
    under `classifier.KEEP_PATTERN`, one that it is broken always, the example bank's from
    `classifier.KEEP_EXAMPLE`; a principle it has no model for keeps its hits), and those it
    adds on its own (for a principle with no hit yet, the likelier polarity, at its line: at
    least `classifier.default_line`, or the lower one its fit found, `Classifier.line`)."""
    probability = fitted.probabilities(original)
    kept = []
    for h in hits:
        if h.detector == "examples":
            line = classifier.KEEP_EXAMPLE
        else:
            line = classifier.KEEP_PATTERN if h.polarity == "upholds" else 0.0
        if probability.get((h.principle, h.polarity), 1.0) >= line:
            kept.append(h)
    held = {h.principle for h in kept}
    # A pattern's hit read the other way round (negated, asked back and refused, waved away)
    # that the classifier drops leaves its principle unsaid: the classifier, which reads no
    # stance, does not add the polarity the reading turned away from ("报表就不看了？那可不行"
    # is no skipped check; round twenty-eight, once v29's "…不用看了" breaches were learned).
    polarity_of = _prepare(catalog).polarity
    turned = {
        h.principle
        for h in hits
        if h not in kept and polarity_of.get((h.principle, h.detector), h.polarity) != h.polarity
    }
    held |= turned
    # The words of a breach read the other way round ("政府项目也不是肯定没问题": no assurance
    # given, the risk named) are no breach of another principle either: the classifier, which
    # reads no stance, does not add one under `classifier.ADD` in the clause that holds them.
    denied = [
        h.evidence
        for h in hits
        if h.polarity == "upholds" and polarity_of.get((h.principle, h.detector)) == "violates"
    ]
    # A violation's `unless` says the sentence is another move ("我保证准时到" vouches for the
    # trainee's own conduct): the classifier does not charge it either. (An upholding one's is
    # left to it: "先别哭，我们慢慢说" comforts, and the labelled sets read composure in it too.)
    prepared = _prepare(catalog)
    named_other = _other_moves(prepared, norm)
    other_move = {key for key in named_other if key[1] == "violates"}
    chatting: list[bool] = []  # read once, if needed
    rough = any(h.polarity == "violates" and h.principle in _TONE for h in kept)

    def doubtful(key: classifier.Key, p: float) -> bool:
        """An addition under `classifier.ADD` (read at its polarity's lower line) needs
        more than the classifier's word: not where it reads another principle more surely
        ("我不能收" is integrity; the careful promise and the tactful refusal it half reads
        there are not added), nor where a detector's `unless` names the sentence another move
        ("先别掉眼泪了…咱们坐下慢慢说" comforts; it is not composure), nor where the sentence is
        closer to everyday small talk than to any principle's example ("过年打算怎么过？回老家
        吗？"); nor, for a breach, where words are disowned or named and refused ("我不是说您
        不懂", "这种话我是不讲的"); nor, for a kind tone, where the patterns read the words
        losing it ("你这要求太离谱了吧，谁给你惯的毛病？" is no empathy)."""
        if p >= classifier.ADD:
            return False
        if key in named_other or p < max(probability.values()):
            return True
        if key[1] == "upholds" and key[0] in _TONE and rough:
            return True
        if key[1] == "violates" and (
            any(_DISOWNED.match(norm, start, end) is not None for start, end in clauses)
            or _WORDS_REFUSED.search(norm) is not None
        ):
            # "我不是说您不懂", "您不要冲我发火这种话我是不讲的": words disowned or named and
            # refused are no breach
            return True
        if not chatting:
            chatting.append(_small_talk(prepared, norm))
        return chatting[0]

    said = [c for c in clauses if norm[c[0] : c[1]].strip()]
    # The evidence is a clause that says something: not a bare form of address ("黄总，腊肉我心
    # 领了…" quoted as "黄总"; round thirty-three's cold tryout), where a longer one is there.
    said = [c for c in said if punctuation.letters(norm[c[0] : c[1]]) >= _EVIDENCE_LETTERS] or said
    by_clause: dict[tuple[int, int], dict[classifier.Key, float]] = {}  # read once, if needed

    def sure(clause: tuple[int, int], key: classifier.Key) -> float:
        if clause not in by_clause:
            by_clause[clause] = fitted.probabilities(norm[clause[0] : clause[1]])
        return by_clause[clause].get(key, 0.0)

    for principle in catalog.principles.values():
        if principle.id in held:
            continue
        up = probability.get((principle.id, "upholds"), 0.0)
        down = probability.get((principle.id, "violates"), 0.0)
        polarity = "upholds" if up > down else "violates"
        key = (principle.id, polarity)
        if max(up, down) < fitted.line(key) or key in other_move or doubtful(key, max(up, down)):
            continue
        # The evidence is the clause the classifier reads the principle in most surely.
        clause = max(said, key=lambda c: sure(c, key), default=(0, len(norm)))
        evidence = _evidence(original, index, clause, clause[0], clause[1])
        if polarity == "violates" and max(up, down) < classifier.ADD and _within(denied, evidence):
            continue
        if polarity == "upholds" and _undone_later(principle.id, norm, clause[0], kept):
            continue
        if key == _REFUSING and _DECLINED.search(norm) is None:
            # "谢谢您的茶" thanks, "谢谢您的茶，真香" takes: a tactful refusal declines
            # something (round thirty-six's tryout was credited one for the opening's thanks).
            continue
        if polarity == "violates" and _reported(norm, clause, clause[1] - 1):
            # Someone else's words, put to be answered ("有人说那家银行靠不住，我不这么看"):
            # not the trainee's breach, for the classifier as for the patterns.
            continue
        if (
            polarity == "violates"
            and _CLIENT_ASKED.match(norm, clause[0], clause[1]) is not None
            and _asked(norm, clause[0], clause[1])
        ):
            # The client's question put back before it is answered ("您问为什么还卖烟？烟是
            # 专卖的…"): the question is theirs, the answer is what is judged.
            rest = [c for c in said if c != clause]
            answer = "".join(norm[c[0] : c[1]] for c in rest)
            if not rest or fitted.probabilities(answer).get(key, 0.0) < fitted.line(key):
                continue
            clause = max(rest, key=lambda c: sure(c, key))
            evidence = _evidence(original, index, clause, clause[0], clause[1])
        kept.append(_learned_hit(principle, polarity, evidence))
    return kept


def _undone_later(principle: str, norm: str, at: int, kept: list[PrincipleHit]) -> bool:
    """Is a principle the classifier reads kept at `at` broken after a "but" (`_UNDONE`'s
    `_after_but` rules, for the classifier's own additions: "审批我说了不算，不过…肯定能过")?"""
    for kept_id, broken_id, undoes in _UNDONE:
        if undoes is not _after_but or kept_id not in ("", principle):
            continue
        broken = broken_id or principle
        for h in kept:
            if h.principle == broken and h.weight < 0:
                where = norm.find(normalise(h.evidence))
                if where >= 0 and _after_but(norm, [], at, where):
                    return True
    return False


def _within(spans: list[str], clause: str) -> bool:
    """Does `clause` hold one of `spans`, or lie inside one?"""
    return any(span in clause or clause in span for span in spans if span)


# ---------------------------------------------------------------------------------------------
# compiling


#: What turns an answer round after a principle was kept ("不过", "但是", "just between us").
_BUT = re.compile(r"不过|但是|但|可是|只是|\bbut\b|\bthough\b|between us")


#: How far into a breach its "but" may come ("Just between us though").
_BUT_REACH = 12


#: A clause the classifier's evidence is drawn from has at least this many letters, if any has.
_EVIDENCE_LETTERS = 4


#: The classifier's reading that needs something declined in the words (`_DECLINED`).
_REFUSING: classifier.Key = ("tactful_refusal", "upholds")

#: What a refusal says, however politely: a negation, the kindness acknowledged and left
#: ("心意我领了", "烟您留着卖", "礼物就免了", "红包您收好", "收了反而害您"), a regret, a rule.
_DECLINED = re.compile(
    r"[不没别甭莫勿未无非]|心意|好意|心领|领了|留着|收好|收起来|拿回|带回|收回|递回|退回|还给|"
    r"免了|收了|掏钱|自己(买|付)|抱歉|对不住|不好意思|改天|下次|为难|规定|纪律|劝|"
    r"\b(sorry|can't|cannot|won't|not|no|keep it|decline)\b"
)

#: The principles of tone: a breach of one read by the patterns says the words are not kind.
_TONE = frozenset({"empathy", "composure", "respect_client"})


def _after_but(text: str, sentences: list[tuple[int, int]], kept: int, broken: int) -> bool:
    """Is the match at `broken` after the one at `kept`, with a "but" between them (or just
    inside the breach)?"""
    return kept < broken and _BUT.search(text, kept, broken + _BUT_REACH) is not None


def _later(text: str, sentences: list[tuple[int, int]], kept: int, broken: int) -> bool:
    """Is the match at `broken` after the one at `kept` (a breach taken back is not)?"""
    return kept < broken


def _same_sentence(text: str, sentences: list[tuple[int, int]], kept: int, broken: int) -> bool:
    """Are the matches at `kept` and `broken` in the same sentence?"""
    return any(start <= kept < end and start <= broken < end for start, end in sentences)


#: When a principle said to be kept is not: (kept, broken, how the two readings lie), where an
#: empty id is every principle (the same one for both).
_UNDONE: tuple[tuple[str, str, Callable[[str, list[tuple[int, int]], int, int], bool]], ...] = (
    # "别家的价我不能讲。不过悄悄跟您说，港务大概六二折" (round twenty-eight's cold tryout):
    # the principle kept, then broken after a "but", was not kept.
    ("", "", _after_but),
    # "我没有权限，不过我保证帮您批下来" (round thirty-two's cold tryout): the decision owned
    # as not the trainee's, then promised after a "but", was not left to those who make it.
    ("authority_boundary", "careful_promise", _after_but),
    # "这个理财就跟存款一样，保本保息" (v34's dev half): a comparison made to sell a claim
    # that is not true is no reason given.
    ("reason_and_warmth", "honesty", _same_sentence),
    # "这周五前我把报告报上去，一千八下个月之前我保证给您批下来": the own step named does not
    # make the outcome vouched for after it careful (a promise taken back after it is).
    ("careful_promise", "careful_promise", _later),
)


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


# ---------------------------------------------------------------------------------------------
# matching


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """Normalised text (written Cantonese read as Mandarin, `dialect`) and, when lengths
    changed, the original index of each character."""
    text = text[:MAX_CHARS]
    whole = _clean(text)
    index: list[int] | None = None
    if len(whole) != len(text):
        chars: list[str] = []
        index = []
        for position, char in enumerate(text):
            piece = _clean(char)
            chars.append(piece)
            index.extend([position] * len(piece))
        whole = "".join(chars)
    said, moved = dialect.rewrite(whole)
    if moved is not None:
        index = moved if index is None else [index[k] for k in moved]
    return said, index


def _clean(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    # Control characters other than newline and tab would only confuse the clause splitter.
    if folded.isprintable():
        return folded
    return "".join(c if c.isprintable() or c in "\n\t" else " " for c in folded)


def _spans(text: str, ends: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each piece of `text` between `ends`, the end mark included."""
    start = 0
    for mark in ends.finditer(text):
        yield start, mark.end()
        start = mark.end()
    if start < len(text):
        yield start, len(text)


@dataclass(frozen=True, slots=True)
class _Reading:
    """The stance of every character of an answer: negated, asked, in a condition, and who."""

    negated: tuple[bool, ...]
    asked: tuple[bool, ...]
    condition: tuple[bool, ...]
    clause_start: tuple[int, ...]
    clause_end: tuple[int, ...]
    refused: tuple[bool, ...]  # in words named only to be refused (`stance.Clause.refused`)

    @classmethod
    def of(cls, text: str) -> _Reading:
        n = len(text)
        negated = [False] * n
        asked = [False] * n
        condition = [False] * n
        refused = [False] * n
        starts = list(range(n))
        ends = list(range(1, n + 1))
        for clause in stance.clauses(text):
            for k in range(len(clause.text)):
                i = clause.start + k
                negated[i] = clause.negated[k]
                asked[i] = clause.question
                condition[i] = clause.condition
                refused[i] = clause.refused
                starts[i] = clause.start
                ends[i] = clause.start + len(clause.text)
        return cls(
            tuple(negated),
            tuple(asked),
            tuple(condition),
            tuple(starts),
            tuple(ends),
            tuple(refused),
        )

    def speaker_is_self(self, text: str, core: int) -> bool:
        """Is the trainee the one committing at `core` (no 您/他 … as the subject before it)?"""
        offset = self.clause_start[core] if core < len(text) else 0
        before = text[offset:core]
        last = None
        for m in _PERSON.finditer(before):
            if m.start() > 0 and before[m.start() - 1] in _OBJECT_MARKERS:
                continue  # 给您 / 帮他: an object, not the one who speaks
            if text.startswith(("放", "尽管"), offset + m.end()) or (
                m.group(0) in _ADDRESSEE and _REASSURED.match(text, offset + m.end())
            ):
                # 您放心 / 您尽管放心 / 您这条件放一百个心 (v30's dev half: the 放 is the match
                # itself, once looked for only before it): the trainee reassuring, still the
                # trainee's word
                continue
            last = m.group(0)
        return last is None or last in _FIRST_PERSON


def _first_matches(
    compiled: _Compiled,
    text: str,
    sentences: list[tuple[int, int]],
    sentence_chars: list[frozenset[str]],
    sentence_pairs: list[frozenset[str]],
    clauses: list[tuple[int, int]],
    negation: re.Pattern[str] | None,
    reading: _Reading,
) -> list[tuple[int, int, tuple[int, int], str, bool]]:
    """The earliest usable match of a detector for each polarity it can read:
    (start, end, clause, polarity, flipped). "I won't take the card, but I'll keep the tea"
    both upholds and breaks integrity."""
    detector = compiled.detector
    found: dict[str, tuple[int, int, tuple[int, int], str, bool]] = {}
    turned = False  # a reading found in an earlier sentence: only a "but" may add the other
    for (s_start, s_end), chars, pairs in zip(
        sentences, sentence_chars, sentence_pairs, strict=True
    ):
        if (compiled.pair_gate is not None and compiled.pair_gate.isdisjoint(pairs)) or (
            compiled.gate is not None and compiled.gate.isdisjoint(chars)
        ):
            continue  # no pattern of the detector can match here
        sentence = text[s_start:s_end]
        if compiled.unless and any(pattern.search(sentence) for pattern in compiled.unless):
            continue  # "先别哭，坐下来慢慢说": the sentence is another move
        if detector.last and text[s_end:].strip(_AFTER_LAST):
            continue  # "这事我可办不了。司机一个月跑多少流量？": not where the answer stops
        candidates = []
        for pattern, needs, pair_needs in zip(
            compiled.patterns, compiled.needs, compiled.pair_needs, strict=True
        ):
            for need in pair_needs:  # a plain loop: a generator costs more than the test saves
                if need.isdisjoint(pairs):
                    break  # two characters every match holds side by side are missing
            else:
                for need in needs:
                    if need.isdisjoint(chars):
                        break  # a character every match holds is missing
                else:
                    for match in pattern.finditer(sentence):
                        core = _core_start(match)
                        candidates.append(
                            (s_start + core, s_start + match.start(), s_start + match.end())
                        )
        for core, start, end in sorted(candidates):
            if turned and _BUT.search(text, s_start, max(core, start) + _BUT_REACH) is None:
                continue
            if detector.polarity == "violates" and _whether(text, core):
                # "站不站队这事我不懂": a whether-or-not named, nothing done ("算算对不对得上"
                # is the check itself, and keeps its hit)
                continue
            clause = _clause_of(clauses, core)
            if _reported(text, clause, core):
                # "有人说王姐那家银行是小银行靠不住，我不这么看": what someone else says, put
                # only to be answered; the trainee's own words are the clauses after it
                continue
            # "还款来源就不用细看了", "风险测评不用做了": a check named and waived is not made;
            # it is the check skipped, for every detector that reads a negation
            waived = (
                detector.polarity == "upholds"
                and core < len(text)
                and stance.waived(text, clause[0], core, end, clause[1])
            )
            if core < len(text) and _echoed(text, reading, core):
                # A request repeated as a question and refused after it ("看着挺好就不用看了？
                # 那可不行", "我就当没听见？这我可做不到"): the trainee answers the other way,
                # whatever negation the request holds; the evidence is the echo and the refusal.
                # A waiver asked back and refused ("还款来源您不用看了？那可不行") is the check.
                if detector.negated != "ignore":
                    opposite = "violates" if detector.polarity == "upholds" else "upholds"
                    inner = waived and stance.waived(
                        text, clause[0], core, end, clause[1], waved_off=False
                    )
                    answer = detector.polarity if inner else opposite
                    refusal = _clause_of(clauses, _next_word(text, clause[1]))
                    both = (clause[0], max(clause[1], refusal[1]))
                    found.setdefault(answer, (start, end, both, answer, not inner))
                continue
            if detector.commitment and core < len(text):
                # A promise asked about, made conditional, or made by someone else is none.
                if reading.asked[core] or reading.condition[core]:
                    continue
                if not reading.speaker_is_self(text, core):
                    continue
            if (
                core < len(text)
                and stance.dismissed(text, clause[0], clause[1], core)
                and not stance.dismissed(text, start, end, end)
            ):
                # "还测算啥子现金流嘛，放就完了": a move waved away is the other way round, for
                # every detector that reads a negation at all (not where the why-bother
                # question is the pattern's own: "征信查啥查" is the check skipped, as written)
                if detector.negated != "ignore":
                    opposite = "violates" if detector.polarity == "upholds" else "upholds"
                    found.setdefault(opposite, (start, end, clause, opposite, True))
                continue
            if waived:
                if detector.negated != "ignore":
                    found.setdefault("violates", (start, end, clause, "violates", True))
                continue
            if core < len(text) and not text[core].isascii():
                negated = _negated_outside(text, reading, start, end, core)
            else:
                negated = _negated_latin(text, clause[0], core, negation)
            if not negated or detector.negated == "keep":
                found.setdefault(detector.polarity, (start, end, clause, detector.polarity, False))
            elif detector.negated == "flip":
                opposite = "violates" if detector.polarity == "upholds" else "upholds"
                found.setdefault(opposite, (start, end, clause, opposite, True))
        if len(found) == 2 or (found and detector.negated != "flip"):
            break  # the first sentence with a usable match decides
        # A detector that reads both ways goes on, for the other way round after a "but" only:
        # "I can't share another client's price. Just between us though, it's 62%" (round
        # twenty-eight's tryout). ("…我不能打包票；报告我保证写扎实" stays one reading.)
        turned = bool(found)
    return list(found.values())


#: A clause opening on what someone else says ("有人说…", "有同事讲…", "外面都传…").
_REPORTING = re.compile(
    r"\s*(?:我们|咱们|行里|公司|外面|外头|[^,，。]{0,4}部)?(?:有人|有同事|别人|人家|外面|外头)"
    r"(?:都|也|老|总|跟我|和我|跟您|跟你)?(?:说|讲|觉得|认为|传|让我|叫我)"
)
#: What says the trainee agrees with it ("我也觉得", "我看也是"): then the words are theirs too.
_AGREES = re.compile(
    r"[,，\s]*(?:我|俺|阿拉|咱)?(?:也|倒)?(?:觉得|认为|看)?(?:也是|也这么(?:看|想|觉得)|也没错|没错|说得对|"
    r"确实(?:是)?(?:这样|如此)|就是|是这样)"
    # "有人讲老厂长为人靠谱，那就不用核实啥了": acted on, it is taken for true
    r"|[,，\s]*那(?:我|咱|我们|咱们)?(?:就|也)"
)


#: A clause that puts the client's question back ("您问…？", "恁问俺…？").
_CLIENT_ASKED = re.compile(r"\s*(?:您|你|恁)(?:刚才|是)?问")


def _reported(text: str, clause: tuple[int, int], core: int) -> bool:
    """Is `core` in a clause that reports what someone else says ("有人说…", "有同事讲…"),
    which the trainee does not go on to agree with?"""
    opening = _REPORTING.match(text, clause[0], clause[1])
    if opening is None or core < opening.end():
        return False
    return _AGREES.match(text, clause[1]) is None


def _whether(text: str, core: int) -> bool:
    """Is `core` the second half of an A不A / A没A pair ("站不站队", "批没批")?"""
    return 2 <= core < len(text) and text[core - 1] in "不没" and text[core - 2] == text[core]


def _negated_outside(text: str, reading: _Reading, start: int, end: int, core: int) -> bool:
    """Is the match's core negated by the words around it (the pattern's own words aside)?

    A pattern may hold its negation after its core ("(不能|不会)(说|外传)" has its core at the
    start): that is what it means, not a negation of it. So the clause is read with the core
    and the rest of the match blanked out, and the stance there decides ("不是不会外传"
    negates; "卡我都不能收" negates 收; "保本这两个字我不能说" negates 保本 over its topic).
    """
    own_negation = any(c in text[core:end] for c in "不没别未无")
    c_start = reading.clause_start[core]
    c_end = reading.clause_end[core]
    if not own_negation and core - c_start - 1 in stance.cue_starts(text[c_start:c_end]):
        # A cue that ends in the pattern's own first word ("展期这事不一定能批", "不保准"): the
        # cue's scope starts after it, but it negates the word it is made of.
        return True
    if reading.refused[core] and not reading.asked[core]:
        # Words named, quoted or asked back only to be refused ('"保本保收益，亏了算我的"，这种
        # 话我要是说了就是骗您'): the stance read them refused whole, whatever they negate.
        return True
    inner = _INNER_TOPIC.match(text, core, c_end)
    if not own_negation and inner is not None and _own_cue(text, inner.start("rest"), c_end):
        # A topic named as a kind, then refused by what its own clause says of it ("回扣这种事
        # 我们公司不做的", v27's dev half: read as the kickback itself).
        return True
    if not reading.negated[core] and not own_negation:
        return False
    if stance.rejects_named(text[c_start:c_end], text[c_end:]):
        # Words named as said and rejected after them, in any words ("一分都不亏这种话，我可
        # 不敢跟您讲"), are refused whole, whatever they negate themselves.
        return True
    if (
        all(reading.negated[c_start:c_end])
        and not own_negation
        and _NAMED_TOPIC.search(text[c_start:c_end].rstrip(" ,，")) is not None
        and not _own_cue(text, c_start, c_end)
    ):
        # A topic named as a kind ("这种保证", "这种回扣", "…的事"), with no negation of its
        # own, that the answer's reading negates whole was refused by what follows it: "一次
        # 过稿这种保证，我给不了", "私下送手机话费这种回扣，我连提都不会提" (round twenty-two,
        # v23's held-back half: read as the promise and the kickback). Not any clause the
        # reading negates: "慢慢说，我不赶时间" is not refused.
        return True
    blanked = text[c_start:core] + BLANK * (end - core) + text[end:c_end]
    for clause in stance.clauses(blanked):
        offset = core - c_start - clause.start
        if 0 <= offset < len(clause.negated):
            if clause.negated[offset]:
                return True
            break
    if own_negation or not reading.negated[core]:
        return False
    # A request repeated as a question and refused after it ("往好了写？那不行", "包在我身上？
    # 这话我可不敢说"): the whole answer's reading negates it, and the match has no negation
    # of its own to be confused with.
    # So are words taken back in the next clause ("刚才我说保证点头，那句话说过头了").
    # And so is a statement the next clause refuses whole ("腊月二十前保证到账，这个我真做不
    # 到", "'问题不大，先去定料'，那不现实"): the answer's reading negates every word of it.
    return (
        _asked(text, c_start, c_end)
        or stance.takes_back(text[c_end : c_end + RETRACTION_REACH])
        or (all(reading.negated[c_start:c_end]) and stance.refuses_back(text[c_end:]))
    )


#: A topic named as a kind, at a clause's end ("这种保证", "那类回扣", "私下返点的事").
_NAMED_TOPIC = re.compile(r"(这|那)(种|类|样的)[^,，。?？!！]{1,4}$|(的|这|那)(事|种事)$")


#: Words disowned at a clause's start ("我不是说您不懂", "并不是说你们不好").
_DISOWNED = re.compile(r"\s*(我|我们)?(也|并|可|倒)?(不是|没)(在)?(要|想)?(说|讲)")
#: Words named and refused ("这种话我是不讲的", "那种事我可不干").
_WORDS_REFUSED = re.compile(
    r"(这|那)(种|类|样的|句)?(话|事)[^,，。]{0,6}(不|没|别)[^,，。]{0,3}(讲|说|干|做|提)"
)
#: A topic named as a kind inside its clause, and what the clause goes on to say of it.
_INNER_TOPIC = re.compile(
    r"[^,，。?？!！]{0,8}?(这|那)(种|类|样的)[^,，。?？!！]{0,2}?(事|话|钱|东西|做法|忙|礼|情况)"
    r"(情|儿)?(?P<rest>[^,，。?？!！]{1,12})"
)


def _own_cue(text: str, start: int, end: int) -> bool:
    """Does the clause `text[start:end]` hold a negation of its own, read alone?"""
    return any(stance.negation_mask(text[start:end]))


def _asked(text: str, start: int, end: int) -> bool:
    """Is the clause `text[start:end]` a question (its mark inside it or right after it)?"""
    return text[start:end].rstrip().endswith("?") or text[end : end + 1] == "?"


def _echoed(text: str, reading: _Reading, core: int) -> bool:
    """Is `core` inside a clause asked only to be refused after it?"""
    c_start, c_end = reading.clause_start[core], reading.clause_end[core]
    return _asked(text, c_start, c_end) and _refused_after(text, c_end)


def _next_word(text: str, position: int) -> int:
    """The first position at or after `position` that is not a mark or a space."""
    while position < len(text) and (text[position] in _TRIM or text[position].isspace()):
        position += 1
    return min(position, max(0, len(text) - 1))


def _refused_after(text: str, end: int) -> bool:
    """Does a refusal follow what ends at `end` ("？那可不行", "？冯哥，这我可做不到")?"""
    rest = text[end:].lstrip("? ")
    return bool(rest) and stance.refuses_back(rest, after_question=True)


def _negated_latin(
    text: str, clause_start: int, core: int, negation: re.Pattern[str] | None
) -> bool:
    """English: a negation word shortly before the core, in its clause ("I can't take")."""
    if negation is None:
        return False
    window = text[max(clause_start, core - LATIN_NEGATION_WINDOW) : core]
    window = _NOT_NEGATION.sub(lambda m: " " * len(m.group(0)), window)
    return negation.search(window) is not None


def _core_start(match: re.Match[str]) -> int:
    """Where negation is looked for: the `core` group if the pattern has one, else the match."""
    if "core" in match.re.groupindex and match.start("core") >= 0:
        return match.start("core")
    return match.start()


def _negates_around(text: str, clause: tuple[int, int], start: int, end: int) -> bool:
    """Does the clause hold a negation of its own outside the match (the pattern's own words,
    "一分都不亏", blanked)?"""
    blanked = text[clause[0] : start] + BLANK * (end - start) + text[end : clause[1]]
    return any(stance.negation_mask(blanked))


def _next_clause_end(clauses: list[tuple[int, int]], text: str, end: int) -> int:
    """The end of the first clause after `end` that says something (`end` if none does)."""
    for start, stop in clauses:
        if start >= end and text[start:stop].strip(_TRIM + " "):
            return stop
    return end


def _clause_of(clauses: list[tuple[int, int]], position: int) -> tuple[int, int]:
    for start, end in clauses:
        if start <= position < end:
            return start, end
    return position, position


def _bank_hits(
    prepared: _Prepared,
    text: str,
    original: str,
    index: list[int] | None,
    sentences: list[tuple[int, int]],
    clauses: list[tuple[int, int]],
    regex_hits: list[PrincipleHit],
) -> list[PrincipleHit]:
    """Hits of the example bank on principles the patterns said nothing about.

    Each sentence is compared with every example (cosine of TF-IDF over understanding's
    features, negated n-grams included); an example whose 保证/承诺… the sentence negates, or
    which negates one the sentence says, is skipped. A principle is hit when its closest
    example clears the threshold and leads its closest example of the other polarity by
    EXAMPLE_MARGIN.
    """
    bank = prepared.bank
    assert bank is not None
    judged = {hit.principle for hit in regex_hits}
    # Per principle and polarity: the closest example over every sentence and, for an answer
    # of several sentences, the whole answer, with the unit it came from. A fragment close to a
    # trap ("那次是光缆被挖断" alone is an excuse) does not outweigh a whole answer that reads as
    # the honest move around it (an apology, then the cause, then a remedy).
    best: dict[tuple[str, str], tuple[float, int, tuple[int, int]]] = {}
    near: dict[tuple[str, str], float] = {}  # the closest example of any kind
    # An example this far under every threshold neither makes a hit (under its threshold) nor
    # stops one (a hit clears its threshold, so it leads such an example by the margin).
    floor = min(bank.thresholds.values(), default=0.0) - EXAMPLE_MARGIN
    units = list(_units(text, sentences))
    if len(units) > 1:
        units.append((units[0][0], units[-1][1]))
    for unit in units:
        piece = text[unit[0] : unit[1]]
        if piece.rstrip().endswith("?") and _refused_after(text, unit[1]):
            continue  # "一千八照报？这个我可不敢保证": the request echoed is not said
        covered: dict[int, float] = {}
        scored = _nearest(bank, piece, covered)
        if not scored:
            continue
        said, denied = polar_terms(piece)
        # A detector's `unless` says the sentence is another move ("先别哭，我们慢慢说" is
        # comfort, not composure): the examples of its principle and polarity are not heard.
        other_move = _other_moves(prepared, piece)
        examples = bank.examples
        everyday = max((score for i, score in scored.items() if examples[i].everyday), default=0.0)
        nearest = max(
            (score for i, score in scored.items() if covered[i] >= EXAMPLE_COVERAGE), default=0.0
        )
        for i, score in scored.items():
            if score < floor:
                continue  # under every threshold by more than the margin: it decides nothing
            example = examples[i]
            if score <= everyday or (denied & example.said) or (said & example.denied):
                continue
            if covered[i] < EXAMPLE_COVERAGE:
                continue  # "烟就堆在收银台" is half of "烟堆在收银台，谁知道真假", not the move
            for label in example.labels:
                if label.principle is None:
                    continue
                key = (label.principle.id, label.polarity)
                if key in other_move:
                    continue
                near[key] = max(near.get(key, 0.0), score)
                if score < nearest - EXAMPLE_NEAREST_GAP:
                    continue
                if label.fires and score > best.get(key, (0.0, -1, unit))[0]:
                    best[key] = (score, i, unit)
    found: dict[str, tuple[float, str, int, tuple[int, int]]] = {}
    for (pid, polarity), (score, i, unit) in best.items():
        if pid in judged or score < bank.thresholds[pid]:
            continue
        opposite = "violates" if polarity == "upholds" else "upholds"
        if score - near.get((pid, opposite), 0.0) < EXAMPLE_MARGIN:
            continue
        found[pid] = (score, polarity, i, unit)
    hits = []
    for principle in prepared.catalog.principles.values():
        if principle.id not in found:
            continue
        _score, polarity, i, unit = found[principle.id]
        clause = _closest_clause(bank, text, clauses, unit, i)
        evidence = _evidence(original, index, clause, clause[0], clause[1])
        hits.append(_example_hit(principle, polarity, bank.examples[i].text, evidence))
    return hits


def _other_moves(prepared: _Prepared, text: str) -> set[tuple[str, str]]:
    """The principles and polarities whose detector's `unless` names `text` another move."""
    return {
        (c.principle.id, c.detector.polarity)
        for c in prepared.detectors
        if c.unless and any(pattern.search(text) for pattern in c.unless)
    }


def _small_talk(prepared: _Prepared, text: str) -> bool:
    """Is the example closest to `text` one of everyday small talk (no principle at all)?"""
    if prepared.bank is None:
        return False
    scored = _nearest(prepared.bank, text)
    if not scored:
        return False
    closest = max(scored, key=lambda i: scored[i])
    return prepared.bank.examples[closest].everyday


def _units(text: str, sentences: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The sentences compared with the examples (mostly-Latin ones are left to the patterns).

    Understanding marks negation scope in Chinese only, so in English "I can't accept" and
    "I'll accept" would look alike. Comparing clauses as well found more on the dev set but
    was less precise at every threshold, so whole sentences are compared.
    """
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        cjk = sum(1 for c in sentence if c.isalpha() and not c.isascii())
        if cjk and cjk >= 2 * sum(1 for c in sentence if c.isascii() and c.isalpha()):
            yield s_start, s_end


def _nearest(bank: _Bank, text: str, covered: dict[int, float] | None = None) -> dict[int, float]:
    """Cosine of `text` with every example sharing a feature with it.

    `covered`, when given, receives for each example the share of its weight that `text`
    has: "烟就堆在收银台" is close to "烟堆在收银台，谁知道真假" but lacks the part that is
    the move.
    """
    counts = features(_without_address(text))
    if EXAMPLE_UNKNOWN_WEIGHT != 1.0:
        counts = {k: c if k in bank.idf else c * EXAMPLE_UNKNOWN_WEIGHT for k, c in counts.items()}
    scores: defaultdict[int, float] = defaultdict(float)
    shares: defaultdict[int, float] = defaultdict(float)
    postings = bank.postings
    for key, q in _weigh(counts, bank.idf, bank.default_idf).items():
        held = postings.get(key)
        if held is None:
            continue
        if covered is None:
            for i, w in zip(*held, strict=True):
                scores[i] += q * w
        else:
            for i, w in zip(*held, strict=True):
                scores[i] += q * w
                shares[i] += w * w
    if covered is not None:
        covered.update(shares)
    return dict(scores)


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


def _closest_clause(
    bank: _Bank,
    text: str,
    clauses: list[tuple[int, int]],
    sentence: tuple[int, int],
    example: int,
) -> tuple[int, int]:
    """The clause of the sentence that shares most with the example (the evidence)."""
    inside = [c for c in clauses if sentence[0] <= c[0] < sentence[1]]
    if len(inside) <= 1:
        return sentence
    best, best_score = sentence, -1.0
    for clause in inside:
        score = _nearest(bank, text[clause[0] : clause[1]]).get(example, 0.0)
        if score > best_score:
            best, best_score = clause, score
    return best


# ---------------------------------------------------------------------------------------------
# reporting


def _evidence(
    original: str, index: list[int] | None, clause: tuple[int, int], start: int, end: int
) -> str:
    """The trainee's own words: the clause of the match, cut around it when long."""

    def back(position: int) -> int:
        if index is None:
            return position
        if position >= len(index):
            return len(original)
        return index[position]

    c_start, c_end = back(clause[0]), back(clause[1])
    m_start, m_end = back(start), back(end)
    c_start, c_end = min(c_start, m_start), max(c_end, m_end)
    c_end = _quotation_closed(original, c_start, c_end)
    span = original[c_start:c_end]
    if len(span) > EVIDENCE_CHARS:
        lo = max(c_start, m_start - 15)
        hi = min(c_end, max(m_end, m_start + 1) + 15)
        # Not inside an English word: "…nestly I can't promise the full 18 mi…" is cut to
        # "…I can't promise the full 18…".
        while c_start < lo < m_start and _in_word(original, lo):
            lo += 1
        while max(m_end, m_start + 1) < hi < c_end and _in_word(original, hi):
            hi -= 1
        span = ("…" if lo > c_start else "") + original[lo:hi].strip() + ("…" if hi < c_end else "")
    span = "".join(c for c in span if c.isprintable())
    return span.strip(_TRIM) or original[m_start:m_end]


_CLOSES = {"“": "”", "「": "」", "『": "』"}


def _quotation_closed(original: str, start: int, end: int) -> int:
    """`end`, or past the mark that closes a quotation opened in `original[start:end]` when it
    is near: a clause cut inside a quotation ('一句“三百万肯定没问题，下周就放”') is quoted
    whole, marks and all."""
    span = original[start:end]
    for opening, closing in (*_CLOSES.items(), ('"', '"')):
        opened = (
            span.count(opening) > span.count(closing) if opening != '"' else span.count('"') % 2
        )
        if opened:
            found = original.find(closing, end, end + EVIDENCE_CHARS)
            if found >= 0:
                return found + 1
    return end


def _in_word(text: str, position: int) -> bool:
    """Does a cut at `position` fall between two letters or digits of one Latin word?"""
    before, after = text[position - 1], text[position]
    return before.isascii() and after.isascii() and before.isalnum() and after.isalnum()


def _hit(compiled: _Compiled, polarity: str, flipped: bool, evidence: str) -> PrincipleHit:
    principle, detector = compiled.principle, compiled.detector
    name = principle.name
    what = detector.explanation
    if flipped:
        what = Text(f"没有{what.zh}" if what.zh else "", f"not {what.en}" if what.en else "")
    cite = citation(principle)  # the seed's title for trainees; --json keeps the file
    verb = ("符合", "upholds") if polarity == "upholds" else ("违反", "breaks")
    zh = f"{verb[0]}「{name.zh}」" + (f"：{what.zh}" if what.zh else "") + cite.zh
    en = f"{verb[1]} '{name.en or name.zh}'" + (f": {what.en}" if what.en else "") + cite.en
    weight = detector.weight if polarity == "upholds" else -detector.weight
    return PrincipleHit(
        principle=principle.id,
        weight=weight,
        evidence=evidence,
        source="detector",
        explanation=Text(zh, en),
        detector=detector.id,
    )


def _learned_hit(principle: Principle, polarity: str, evidence: str) -> PrincipleHit:
    """A hit of the classifier alone: it names the principle the words read as, and says what
    keeping it is (the first part of its description), in a trainee's terms: "labelled
    practice answers" meant nothing to one (round twelve's cold tryout)."""
    zh, en = _gist(principle.description.zh), _gist(principle.description.en)
    kept = polarity == "upholds"
    verb = ("守住了", "keeping") if kept else ("违背了", "breaking")
    why = Text(
        f"这句话读起来{verb[0]}这一条" + (f"：{zh}" if zh else ""),
        f"the words read as {verb[1]} it" + (f": {en}" if en else ""),
    )
    return _named_hit(principle, polarity, evidence, why, "learned")


_GIST_END = re.compile(r"[；;。.!！]")


def _gist(description: str) -> str:
    """The first sentence or clause group of a description, without its full stop."""
    first = _GIST_END.split(description.strip(), maxsplit=1)[0].strip()
    return first[:1].lower() + first[1:] if first.isascii() else first


def _example_hit(principle: Principle, polarity: str, example: str, evidence: str) -> PrincipleHit:
    """A hit of the example bank: it says which typical answer the words are close to."""
    why = Text(f"与典型说法「{example}」相近", f'close to the typical answer "{example}"')
    return _named_hit(principle, polarity, evidence, why, "examples")


def _named_hit(
    principle: Principle, polarity: str, evidence: str, why: Text, detector: str
) -> PrincipleHit:
    """A hit worth one point that names the principle, says why, and cites its source."""
    name = principle.name
    cite = citation(principle)
    verb = ("符合", "upholds") if polarity == "upholds" else ("违反", "breaks")
    zh = f"{verb[0]}「{name.zh}」：{why.zh}" + cite.zh
    en = f"{verb[1]} '{name.en or name.zh}': {why.en}" + cite.en
    return PrincipleHit(
        principle=principle.id,
        weight=1 if polarity == "upholds" else -1,
        evidence=evidence,
        source="detector",
        explanation=Text(zh, en),
        detector=detector,
    )
