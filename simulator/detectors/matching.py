"""The patterns' pass: each detector's first match in a sentence, read for who speaks, whether
it is negated (a cue in its clause, shortly before the match or its `core`), asked, reported
or echoed, and the detector's `negated` setting applied; then, per principle and polarity, the
strongest detector's hit, less the readings a later clause undoes (`_UNDONE`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from simulator import punctuation, stance
from simulator.detectors.compiled import _Compiled, _Prepared
from simulator.detectors.evidence import _evidence, _hit
from simulator.detectors.text import _AFTER_LAST, _clause_of, _next_clause_end, _next_word
from simulator.scoring import PrincipleHit
from simulator.stance.scan import BLANK

#: How far before a match (in characters, same clause) a negation word still governs it.
NEGATION_WINDOW = 10

#: English: how many characters before a match a negation word governs it ("I can't take").
LATIN_NEGATION_WINDOW = 20

#: Example bank: lowest cosine between a sentence and a principle's closest example that
#: counts as a hit (a principle's `examples.threshold` may raise or lower it), and how far it
#: must lead that principle's closest example of the opposite polarity. Chosen on the dev set.
#: How far after a clause a retraction ("那句话说过头了") reaches back to it.
RETRACTION_REACH = 20

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


def _pattern_hits(
    prepared: _Prepared,
    norm: str,
    index: list[int] | None,
    original: str,
    sentences: list[tuple[int, int]],
    clauses: list[tuple[int, int]],
) -> list[PrincipleHit]:
    """The patterns' hits: per principle and polarity the strongest detector's first match,
    with the readings a later clause undoes dropped."""
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
    return [hit for _, _, hit, _ in sorted(best.values(), key=lambda item: item[0])]


#: What turns an answer round after a principle was kept ("不过", "但是", "just between us").
_BUT = re.compile(r"不过|但是|但|可是|只是|\bbut\b|\bthough\b|between us")

#: How far into a breach its "but" may come ("Just between us though").
_BUT_REACH = 12


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
    # "…还有续约价格的审批结果。放心，包在我身上，审批肯定能过" (round forty-four's cold
    # tryout): the approval named as a step, then vouched for, was not left to those who give it.
    ("authority_boundary", "careful_promise", _later),
    # "这个理财就跟存款一样，保本保息" (v34's dev half): a comparison made to sell a claim
    # that is not true is no reason given.
    ("reason_and_warmth", "honesty", _same_sentence),
    # "这周五前我把报告报上去，一千八下个月之前我保证给您批下来": the own step named does not
    # make the outcome vouched for after it careful (a promise taken back after it is).
    ("careful_promise", "careful_promise", _later),
)


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
            if _reported(text, clause, core, detector.polarity == "violates"):
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
            elif detector.negated in ("flip", "deny"):
                opposite = "violates" if detector.polarity == "upholds" else "upholds"
                found.setdefault(opposite, (start, end, clause, opposite, True))
        if len(found) == 2 or (found and detector.negated not in ("flip", "deny")):
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
    # "您说要网速快点是吧，行，我跟技术说一声": taken on, it is the trainee's to answer for
    r"|[,，\s]*(?:行|好|好的|没问题|可以|成)(?=[,，。!！\s]|$)"
)

#: A clause that puts the client's question back ("您问…？", "恁问俺…？").
_CLIENT_ASKED = re.compile(r"\s*(?:您|你|恁)(?:刚才|是)?问")


#: A clause that puts the client's own words back ("您说隔壁老板人品不行，…", "你说我骗你？…"),
#: not the rhetorical "你说你…" that opens the trainee's own rebuke, nor the client's say
#: deferred to ("您说了算", "您说啥我们都答应", "您说贷多少就报多少": the trainee's own words).
_PUT_BACK = re.compile(
    r"\s*(?:您|你|恁)(?:刚才|刚)?(?:说|讲|嫌)(?![您你恁得的了啥什怎])(?=[^就都照听,，。]*(?:[,，。?？!！]|$))"
)


def _reported(text: str, clause: tuple[int, int], core: int, breach: bool = True) -> bool:
    """Is `core` in a clause that reports what someone else says ("有人说…", "有同事讲…"), or
    puts the client's own words back before an answer ("您说隔壁老板人品不行，这个我不评价"),
    which the trainee does not go on to agree with?"""
    opening = _REPORTING.match(text, clause[0], clause[1])
    if opening is None and breach and punctuation.letters(text[clause[1] :]):
        # the client's words put back are put to be answered: an answer follows them
        opening = _PUT_BACK.match(text, clause[0], clause[1])
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
