"""What an answer commits to, clause by clause: affirm, negate, ask or condition.

Chinese marks stance with small words: a negation cue (不, 没法, 不代表, 做不了主 …) negates the
rest of its clause; a verb followed by 不了/不到/不下来 is negated from that verb on; a clause
that ends in a question mark or 吗, holds an A不A pair (能不能) or a question word is asked; a
clause opened by 如果/要是/只要/万一 … is a condition. Understanding reads negated words as
"not-X" features, so "这份报价我不能发给您" no longer looks like the option that sends it, and
the detectors read who speaks, whether the clause is asked or conditional, and whether a
commitment is negated.

Everything works on text already normalised by `understanding.normalise` (half-width,
casefolded, punctuation as spaces is NOT assumed: clause marks are read before that step), and
runs in time linear in the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

StanceKind = Literal["affirm", "negate", "ask", "condition"]

#: Negation cues (and the rhetorical questions, `RHETORICAL`), sorted longest first below.
#: Each negates the rest of its clause (two cancel).
NEGATION_CUES: tuple[str, ...] = (
    "不可能",
    "不代表",
    "不等于",
    "不见得",
    "不一定",
    "谈不上",
    "说不上",
    "算不上",
    "用不着",
    "犯不着",
    "也不是",
    "可不是",
    "并不是",
    "并非",
    "绝不",
    "决不",
    "从不",
    "从没",
    "从来不",
    "从来没",
    "没法",
    "没办法",
    "无法",
    "难以",
    "不能",
    "不会",
    "不敢",
    "不可",
    "不要",
    "不用",
    "不必",
    "没有",
    "没",
    "不",
    "别",
    "甭",
    "未必",
    "未",
    "无",
    "莫",
    "勿",
    "休想",
)
#: Words holding a negation character that negate nothing, or whose negation is lexical.
NOT_NEGATIONS: tuple[str, ...] = (
    "不过",
    "不错",
    "不少",
    "不断",
    "不仅",
    "不但",
    "不光",
    "不只",
    "不单",
    "不管",
    "不论",
    "不如",
    "不久",
    "不同",
    "不然",
    "不好意思",
    "不得不",
    "不停",
    "不少于",
    "差不多",
    "了不起",
    "对不起",
    "对不住",
    "不客气",
    "不要紧",
    "不碍事",
    "没关系",
    "没问题",
    "没事",
    "没错",
    "别人",
    "别的",
    "别家",
    "别处",
    "特别",
    "区别",
    "分别",
    "级别",
    "个别",
    "告别",
    "类别",
    "无论",
    "无非",
    "无数",
    "毫无疑问",
    "未来",
    "非常",
    "除非",
    "莫名",
    "不免",
    # "要不我直接去找老总": a suggestion, not a negation ("要不回来" still negates).
    "要不我",
    "要不咱",
    "要不您",
    "要不你",
    "要不这",
    "要不就",
    "要不干脆",
    "要不先",
    "要不让",
    "要不把",
    "要不然",
    "要不是",
    "不禁",
    "不妨",
    # idioms of certainty: they affirm ("铁定回到原来那级，没跑")
    "没跑",
    "跑不了",
    "错不了",
    "少不了",
    "没得说",
    "不在话下",
    "不含糊",
    "没二话",
)
#: After a verb, these negate it ("保证不了", "批不下来", "做不到", "包不了").
POST_NEGATIONS: tuple[str, ...] = (
    "不了",
    "不到",
    "不起",
    "不住",
    "不出",
    "不下",
    "不动",
    "不成",
    "不掉",
    "不来",
    "不上",
    "不得",
    "不过来",
)
#: The trainee as the subject of a new predicate inside one clause ("卖不掉我全包退").
_NEW_SUBJECT = re.compile(
    r"(?:我们|咱们|我|咱)(?=全|都|就|也|来|一定|肯定|包|负责|保证|兜底|自己|给您|帮您)"
)
#: Characters before 我 that make it an object ("不能给我", "别跟我"), not a new subject.
_OBJECT_MARKERS = frozenset("给帮替跟和对向让把叫请为陪找问劝诉醒求教约等催被")
#: After 不, these make "不出问题" a plain negation, not a verb complement ("拿不出").
NOUN_AFTER_NOT = ("出问题", "出事", "出错", "出差错", "出岔子", "出意外", "下雨", "上班", "上心")
#: Characters of a pronoun: never part of the verb a post-negation negates.
_PRONOUN_CHARS = frozenset("我咱您你他她它们")
#: A second cue this close after the first undoes it ("不是不想", "不能不说", "没有不").
DOUBLE_NEGATION_GAP = 2
#: How many characters before a post-negation the negated verb takes.
POST_VERB_CHARS = 2
#: Words that open a condition ("如果材料齐了").
CONDITION_CUES: tuple[str, ...] = (
    "如果",
    "要是",
    "假如",
    "假设",
    "倘若",
    "只要",
    "万一",
    "一旦",
    "若是",
    "除非",
    "的话",
    "if ",
    "unless ",
)
#: A condition cue; 万一 only when it is not the end of a number ("三十万一分都不会少").
_CONDITION = re.compile(
    "|".join(
        r"(?<![0-9一二三四五六七八九十百千两几])万一" if cue == "万一" else re.escape(cue)
        for cue in CONDITION_CUES
    )
)
#: Words that make a clause a question.
QUESTION_WORDS: tuple[str, ...] = (
    "什么",
    "怎么",
    "怎样",
    "为什么",
    "为啥",
    "哪",
    "多少",
    "多久",
    "多长",
    "几",
    "谁",
    "是否",
    "能否",
    "可否",
    "有没有",
    "是不是",
    "能不能",
    "会不会",
    "要不要",
    "行不行",
    "好不好",
    "对不对",
    "可不可以",
)
#: A question word or A不A pair this close to a clause's end makes it a question.
QUESTION_TAIL = 6
#: Sentence-final particles of a question.
QUESTION_ENDINGS = ("吗", "么", "呢")

#: Rhetorical questions that negate ("怎么可能批不下来" asserts it will be approved).
RHETORICAL = (
    "怎么可能",
    "哪能",
    "哪儿能",
    "哪里能",
    "哪敢",
    "哪会",
    "岂能",
    "岂敢",
    "何必",
    "谁敢",  # "谁敢打包票呢": nobody would
    "谁说",  # "谁说戒不掉": it can be done
    "哪有那么",  # "哪有那么快": it is not
    "哪有这么",
    "哪有这样",
    "哪有这种",
    "哪来那么",
    "哪来这么",
    "谁能保证",
    "谁保证得了",
    "谁打得了",
)
NEGATION_CUES = tuple(sorted(NEGATION_CUES + RHETORICAL, key=len, reverse=True))
NOT_NEGATIONS = tuple(sorted(NOT_NEGATIONS, key=len, reverse=True))
POST_NEGATIONS = tuple(sorted(POST_NEGATIONS, key=len, reverse=True))
#: Predicates that stand in for a topic said earlier in the clause ("找人私下查这种事我不会干",
#: "这个我做不到"): negating one negates the topic, so the negation reaches back to the clause's
#: start.
PRO_PREDICATES: tuple[str, ...] = (
    "推荐",
    "相信",
    "信",
    "做主",
    "了主",
    "出口",
    "答应",
    "同意",
    "接受",
    "建议",
    "赞成",
    "认可",
    "允许",
    "可以",
    "能做",
    "能办",
    "能要",
    "能收",
    "能答应",
    "能行",
    "合适",
    "应该",
    "好",
    "行",
    "做",
    "干",
    "办",
    "说",
    "讲",
    "提",
    "告诉",
    "要",
    "收",
    "拿",
    "碰",
    "沾",
    "接",
    "认",
    "弄",
    "搞",
    "帮",
    "敢",
    "会",
    "能",
    "了",
    "到",
)
#: Acts a short refusal may name without a topic of its own ("我不好背后评价", "那我可不敢打包票").
REFUSED_ACTS: tuple[str, ...] = (
    "评价",
    "评论",
    "议论",
    "背后",
    "多说",
    "多嘴",
    "乱说",
    "透露",
    "保证",
    "打包票",
    "打保票",
    "保票",
    "拍胸脯",
    "承诺",
    "替您",
    "帮您",
    "跟您",
    "给您",
    "这么",
    "那么",
    "这样",
    "那样",
    "掺和",
    "贬低",
    "评判",
    "攻击",
    "说坏话",
    "去",
    "人家",
    "别人",
    "参与",
    "奉陪",
)
#: Cues that deny what a premise was said to prove ("焦油低也不代表伤害小").
INFERENCE_DENIALS: tuple[str, ...] = ("不代表", "不等于", "不意味着", "不说明", "并非就")
_INFERENCE_OPENERS: tuple[str, ...] = tuple(
    lead + cue
    for lead in ("也", "并", "可", "但", "却", "但是", "可是", "")
    for cue in INFERENCE_DENIALS
)
#: Words inside a refusal that point back to what was just said ("我现在不能这么说").
POINTERS: tuple[str, ...] = ("这么", "那么", "这样", "那样", "这种", "那种", "这话", "那话", "这事")
#: Adverbs that may stand between the trainee's 我 and a refusal ("十五个点我现在没法答应").
ADVERB_WORDS: tuple[str, ...] = (
    "现在",
    "目前",
    "暂时",
    "今天",
    "眼下",
    "这会儿",
    "一时",
    "当场",
    "马上",
    "真的",
    "实在",
    "确实",
    "绝对",
    "根本",
    "从来",
    "一句",
    "一盒",
    "一分",
    "一个",
)
#: Openings of a clause that turns against what came before, not back to it ("…，但是不行").
_CONTRASTS = ("但", "不过", "可是", "只是", "然而", "but")
#: How far before a negation the trainee's 我/咱 may stand for it to negate a fronted topic.
SUBJECT_REACH = 7
#: Words that point back to what was just said ("这个我做不到").
ANAPHORA = (
    "这样的事",
    "这种事",
    "这种话",
    "这个事",
    "那种事",
    "这个",
    "这事",
    "这话",
    "这种",
    "这样",
    "这些",
    "这",
    "那个",
    "那种",
    "那样",
    "那",
)
#: How a clause that names a topic for the next one ends ("私下返点这种事，我们绝对不搞").
TOPIC_ENDINGS = ("这种事", "这样的事", "这事", "这种话", "这话", "这些", "的事", "这个")
_TAIL_FILLERS = "的了啊呢吧呀哈嘛我您你也可真是都就还"
#: What may stand between the trainee's 我 and a refusal of a fronted topic ("这钱我一分都不能拿").
_ADVERBS = frozenset("可真也都就还实在确是一分个绝对的哪儿里再怎么当然肯定万")
_NEGATION_CHARS = frozenset("不没别未无莫勿甭非哪怎难何休谁")


# Clause boundaries: sentence marks, commas, semicolons, colons, newlines, and the conjunctions
# that start a new commitment ("但", "不过", "可是", "只是").
_CLAUSE_MARKS = re.compile(
    r"[。．.!！?？;；,，:：\n—–]|…+|(?=但是|但|不过(?![去来])|可是|只是|然而|but )"
)
_QUESTION_MARK = re.compile(r"[?？]")
_MUST = re.compile(r"(是|可|就|也|那|都)?不(行|成)(的|啊|呀|吧|了)?$")
#: A verdict on the clause's own content, said at its end ("周一全部新稿不现实", "两周放款
#:不可能"): what comes before is what the words deny.
VERDICTS: tuple[str, ...] = (
    "不现实",
    "不太现实",
    "不切实际",
    "不可能",
    "不太可能",
    "不大可能",
    "没可能",
    "不靠谱",
    "办不到",
    "做不到",
    "来不及",
    "行不通",
    "太急",
    "太快",
    "太早",
    "太冒险",
    "太悬",
    "太仓促",
    "操之过急",
    "为时过早",
    "不属实",
    "不是事实",
    "够呛",
)
#: Verdicts of propriety: on their own, after a pointer ("那不合规矩", "这不合适"), they refuse
#: what was just said; inside a clause they are its reason and deny nothing of it.
_POINTED_VERDICTS = ("不合规矩", "不合规定", "不合规", "不合适", "不妥当", "不妥")
_VERDICT = re.compile("(?:" + "|".join(VERDICTS) + r")(?:的|啊|呀|吧|了|呢|哦|哈)*$")
_A_NOT_A = re.compile(r"(.)[不没]\1")
_INDEFINITE = re.compile(r"(多少|什么|怎么|哪里|哪儿|谁)[^,，。?？]{0,4}就(是)?\1")
#: Words that open a concession ("就算王行长去，…也…"): what follows is granted for the sake of
#: argument, not said.
CONCESSION_CUES: tuple[str, ...] = ("就算", "即使", "哪怕", "即便", "纵然", "纵使")


def has_a_not_a(text: str) -> bool:
    """Does `text` hold an A不A / A没A pair ("去不去", "有没有")?"""
    return _A_NOT_A.search(text) is not None


def concessions(text: str) -> list[tuple[int, int]]:
    """The spans of `text` (raw or normalised) granted for the sake of argument, not said: a
    clause opened by 就算/即使/哪怕 … before the clause it concedes to, and a whether-or-not
    ("王行长去不去，…都…") before a clause with 都 or 也. A trailing "哪怕小" qualifies what
    was said; it grants nothing."""
    spans: list[tuple[int, int]] = []
    found = clauses(text)
    for k, clause in enumerate(found):
        body = clause.text.lstrip()
        lead = len(clause.text) - len(body)
        if body.startswith(CONCESSION_CUES) and k + 1 < len(found):
            spans.append((clause.start + lead, clause.start + len(clause.text)))
        elif (
            k + 1 < len(found)
            and _A_NOT_A.search(body)
            and any(c in found[k + 1].text[:8] for c in "都也")
        ):
            spans.append((clause.start + lead, clause.start + len(clause.text)))
    return spans


#: What may follow a cue that is itself the predicate ("我不要了", "不用啊").
_EMPTY_SCOPE = " 了的啊呀吧呢哦嘛"


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of an answer and the stance it takes."""

    text: str
    start: int  # offset in the text given to `clauses`
    negated: tuple[bool, ...]  # per character: inside a negation's scope
    question: bool
    condition: bool

    @property
    def kind(self) -> StanceKind:
        """The clause's stance: a question or a condition first, then negated or affirmed."""
        if self.question:
            return "ask"
        if self.condition:
            return "condition"
        return "negate" if any(self.negated) else "affirm"

    def reversed(self) -> Clause:
        """The clause said the other way round (its negations turned back), as a refusal after
        it reads it; it is asked no more."""
        return Clause(self.text, self.start, tuple(not m for m in self.negated), False, False)

    def denied(self) -> Clause:
        """The clause denied whole: a topic the trainee refuses, words taken back."""
        return Clause(self.text, self.start, (True,) * len(self.text), self.question, False)


def clauses(text: str) -> list[Clause]:
    """The clauses of `text` (raw or NFKC-normalised), each with its stance."""
    return list(_clauses(text))


@functools.lru_cache(maxsize=256)
def _clauses(text: str) -> tuple[Clause, ...]:
    found: list[Clause] = []
    start = 0
    pieces = []
    for mark in _CLAUSE_MARKS.finditer(text):
        end = mark.end() if mark.end() > mark.start() else mark.start()
        if end > start:
            pieces.append((start, end))
            start = end
    if start < len(text):
        pieces.append((start, len(text)))
    for s, e in pieces:
        piece = text[s:e]
        body = piece.rstrip(" \t。．.!！?？;；,，、:：\n…")
        if not body.strip():
            continue
        rhetorical = any(word in body for word in RHETORICAL)
        asked = not rhetorical and (bool(_QUESTION_MARK.search(piece)) or _asks(body))
        mask = negation_mask(body)
        must = _MUST.search(body)
        if must is not None and not (must.group(1) or must.group(2) == "行" or must.start() == 0):
            must = None  # "去不成的" is the verb's own post-negation, not "won't do"
        if must is not None and any(mask[: must.start()]):
            mask = [False] * len(body)  # "车间不看是不行的": not doing it won't do — do it
        elif must is not None and must.start() > 1 and must.group(1) in ("也", "可", "都", "就"):
            mask = [True] * len(body)  # "材料弄漂亮点也不行": what comes first is refused
        elif (
            (verdict := _VERDICT.search(body)) is not None
            and not _only_points(body[: verdict.start()])
            and not any(c in body[: verdict.start()] for c in "我咱")
        ):
            # "周一全部新稿不现实": the content is denied whole; "不查是不可能的": a negated
            # content denied is the content affirmed, as with "不看是不行的".
            mask = [not any(negation_mask(body[: verdict.start()]))] * len(body)
        elif (denial := _denied_inference(body)) is not None:
            # "细支烟焦油低，也不代表伤害就小": the premise is granted only to deny what it was
            # said to prove, so the claim as a whole (premise and conclusion) is denied.
            mask = [not m for m in mask[:denial]] + mask[denial:]
            previous = found[-1] if found else None
            if denial == 0 and previous is not None and previous.kind == "affirm":
                found[-1] = previous.denied()
        else:
            if _verdict_only(body):
                mask = [True] * len(body)  # "太急了": a verdict alone is the clause's denial
            topic = _refused_topic(body, mask)
            bare = _bare_refusal(body, mask)
            if topic is not None:
                # The refused topic reads as its opposite: "基本不会亏这种话我不能讲" says it
                # may lose money, so the topic's own negations turn back.
                mask = [not m for m in mask[:topic]] + [True] * (len(body) - topic)
                previous = found[-1] if found else None
                named = _NAMED_BY_POINTER.match(body.strip())
                # "腊月二十前一定到账？这句我不敢替审批讲": a topic that only points back
                # refuses the request just asked.
                if (
                    named is not None
                    and not bare  # a bare refusal turns the request back below
                    and previous is not None
                    and previous.question
                    and not previous.condition
                    and not any(previous.negated)
                ):
                    found[-1] = previous.reversed()
            elif bare:
                mask = [True] * len(body)
            elif _first_person_refusal(body, mask):
                # "华骏的账，我私下也不会帮您看": the trainee refuses, the clause's words are
                # what is refused, and so is the topic put in the clause before.
                mask = [True] * len(body)
                previous = found[-1] if found else None
                if previous is not None and _topic_before(previous, body):
                    found[-1] = previous.denied()
            if bare:
                previous = found[-1] if found else None
                # "一千八照报？欠款这么多，我哪敢这么报": the request asked just before the
                # reason is what is refused, not the reason.
                if (
                    len(found) >= 2
                    and previous is not None
                    and not previous.question
                    and found[-2].question
                    and _points_back(body)
                ):
                    asked_before = found[-2]
                    # Already refused by the clause between ("…？我没这个权限，不能这么答应"):
                    # it stays refused, and is asked no more.
                    found[-2] = (
                        replace(asked_before.denied(), question=False)
                        if all(asked_before.negated)
                        else asked_before.reversed()
                    )
                    previous = None
                # "报告往好了写？这个我做不到", "找老战友私下说情？那我可不干": the question
                # repeats the request the clause refuses; "三百万下周就放，我不能这么说": so does
                # a statement the refusal points back to.
                if (
                    previous is not None
                    and not previous.condition
                    and not body.lstrip().startswith(_CONTRASTS)
                    # "我可不会叫你站吴总那边，这不是我该说的": the refusal repeats one the
                    # trainee already made; it does not turn it around.
                    and _trainee_negates(previous.text, previous.negated) is None
                    # "做不到的，也不该这么干": nor one that is itself a bare refusal, nor
                    # a verdict ("下周就签太急了，我不会这么逼您").
                    and not (
                        not previous.question
                        and _bare_refusal(previous.text.strip(), list(previous.negated))
                    )
                    and _VERDICT.search(previous.text.strip()) is None
                    and (
                        previous.question
                        or _points_back(body)
                        or previous.text.rstrip().endswith(TOPIC_ENDINGS)
                        # "免三个月月租，我做不了这个主", "下个月全上线，做不到的": the
                        # trainee's refusal, or one that only says it cannot be done, reaches
                        # the topic put before, a clause with no 我 of its own ("不一定能拿到"
                        # says something of its own and does not).
                        or (
                            (_trainee_negates(body, mask) is not None or _only_refuses(body))
                            and _topic_before(previous, body)
                        )
                    )
                ):
                    found[-1] = previous.reversed()
                    if _verdict_only(body):
                        _reverse_back(text, found)
        retraction = _RETRACTION.search(body)
        if retraction is not None:
            # "刚才说稳赚不赔是我说错了", "刚才我说保证点头，那句话说过头了": what the trainee
            # takes back is denied, in this clause and in the reported words just before.
            said = body[: retraction.start()]
            for word in (
                *_REPORTED,
                "那句话",
                "这句话",
                "那话",
                "这话",
                "是我",
                "我",
                "说",
                "的",
                "是",
            ):
                said = said.replace(word, "")
            if len(said.strip(" ,，")) >= 2:
                mask = [True] * retraction.start() + list(mask[retraction.start() :])
            previous = found[-1] if found else None
            if previous is not None and previous.text.lstrip().startswith(_REPORTED):
                found[-1] = previous.denied()
        found.append(
            Clause(
                text=body,
                start=s,
                negated=tuple(mask),
                question=asked,
                condition=_CONDITION.search(body) is not None,
            )
        )
    return tuple(found)


def _reverse_back(text: str, found: list[Clause]) -> None:
    """A verdict on what was just said judges the whole statement ("跟您说'问题不大，先去定
    料'，那不现实"): the clauses before the last one, back to the sentence's start, a contrast
    (但, 不过 …) or a condition, are said the other way round too."""
    k = len(found) - 1
    while k > 0:
        if found[k].text.lstrip().startswith(_CONTRASTS):
            break
        earlier = found[k - 1]
        gap = text[earlier.start + len(earlier.text) : found[k].start]
        if any(c in gap for c in "。.!！?？;；\n") or earlier.condition or earlier.question:
            break
        found[k - 1] = earlier.reversed()
        k -= 1


def refuses_back(text: str) -> bool:
    """Does the first clause of `text` only refuse, or pass a verdict on, what was said before
    it ("，这个我真做不到", "，那不现实", "，我可不干")?"""
    found = clauses(text)
    if not found:
        return False
    first = found[0]
    body = first.text.strip()
    if _verdict_only(body):
        return True
    mask = negation_mask(body)
    # Only a refusal to say, promise or do it: "客户信息要保密，这个真帮不了" refuses the client's
    # request for the reason just given, it does not take the reason back.
    return (
        _bare_refusal(body, mask)
        and (_points_back(body) or _only_refuses(body))
        and any(word in body for word in _SAYING_OR_DOING)
    )


#: What a refusal of the statement before it refuses: saying it, promising it, doing it.
_SAYING_OR_DOING = (
    "说",
    "讲",
    "保证",
    "答应",
    "承诺",
    "包票",
    "做到",
    "做不到",
    "办不到",
    "做不了",
)


def takes_back(text: str) -> bool:
    """Does `text` take back something said ("是我说错了", "那句话说过头了", "我收回")?"""
    return _RETRACTION.search(text) is not None


#: Taking back what was said ("是我说错了", "那句话说过头了", "我收回").
_RETRACTION = re.compile(
    r"(是我)?(说错了|说过头|说过了头|说满了|说大了|说得太满|话说满了|不作数|不算数|我收回|收回这句|别记那句)"
)
#: How words the trainee said before are reported ("刚才我说…", "之前说的…").
_REPORTED = ("刚才", "之前", "上次", "前面", "刚刚", "方才")


def _without_cues(text: str) -> str:
    """`text` with its negation cues taken out and post-negations reduced to their verb
    complement ("说不出口" → "说出口"): what a refusal says besides refusing."""
    for post in POST_NEGATIONS:
        text = text.replace(post, post[1:])
    for cue in NEGATION_CUES:
        text = text.replace(cue, "")
    return text


#: Verbs whose negation is candour ("我不瞒您", "不骗您"): the clause refuses nothing said.
_CANDOUR = ("瞒", "骗", "糊弄", "忽悠", "藏着")
#: A pointer and a short noun before the trainee's 我 ("这种方式我…", "那个价我…").
_NAMED_BY_POINTER = re.compile(
    r"(这种|这个|那种|那个|这|那)[^\W不没别未无莫勿非我咱]{0,3}?(?=我|咱)"
)


def _verdict_only(body: str) -> bool:
    """Is the clause only a verdict, perhaps on "这个" ("不太现实", "这个真做不到")?"""
    body = body.strip().rstrip(_TAIL_FILLERS)
    verdict = _VERDICT.search(body)
    if verdict is not None:
        return _only_points(body[: verdict.start()])
    return any(
        body.endswith(word) and _only_points(body[: -len(word)]) for word in _POINTED_VERDICTS
    )


def _only_points(head: str) -> bool:
    """Is `head` (what stands before a verdict) nothing but a pointer back and adverbs?"""
    head = head.strip()
    for word in _POINTER_WORDS:
        head = head.replace(word, "")
    return all(c in _ADVERBS or c in "太很挺" for c in head)


def _refused_topic(body: str, mask: list[bool]) -> int | None:
    """Where a refusal of a topic put first begins ("这份报价|我不能发给您", "基本不会亏这种
    话|我不能讲"), or None when the clause does not end in one."""
    if not mask or not mask[-1] or all(mask):
        return None
    starts = cue_starts(body)
    if not starts or starts[-1] == 0:
        return None
    last = starts[-1]  # the refusal is the last negated predicate of the clause
    tail = _without_cues(body[last:].strip().strip(_TAIL_FILLERS)).strip(_TAIL_FILLERS)
    # "X 我不能 Y": a topic put first, the trainee as subject, a short refusal after it.
    # Without the 我 ("三个月月租不收了") the negation is the predicate's own (rent waived).
    reach = max(0, last - SUBJECT_REACH)
    subject = max(body.rfind("我", reach, last + 1), body.rfind("咱", reach, last + 1))
    if subject < 2:
        return None  # no fronted topic before the trainee's 我 ("我保证以后不会再断了")
    between = body[subject + 1 : last]
    for word in ADVERB_WORDS:
        between = between.replace(word, "")
    if len(between) > 1 and not all(c in _ADVERBS for c in between):
        return None  # "迁移我保证不出问题": the 我 promises something, it refuses nothing
    if not tail or len(tail) <= 4 or (len(tail) <= 6 and tail.endswith(PRO_PREDICATES)):
        return subject
    return None


def _denied_inference(body: str) -> int | None:
    """Where a denial of an inference ("不代表", "不等于" …) starts, when the clause denies one:
    0 when the clause opens with it (the premise is the clause before), else its position."""
    if body.lstrip().startswith(_INFERENCE_OPENERS):
        return 0
    for cue in INFERENCE_DENIALS:
        at = body.find(cue)
        if at > 0:
            return at
    return None


_ACTS_LONGEST_FIRST = tuple(
    sorted(
        (w for w in PRO_PREDICATES + REFUSED_ACTS if len(w) > 1 or w not in _ADVERBS),
        key=len,
        reverse=True,
    )
)


def _bare_refusal(body: str, mask: list[bool]) -> bool:
    """Is the clause only a refusal, with no topic of its own ("那我可不干", "这个真办不到",
    "我不好背后评价")? Such a clause refuses what was said just before it."""
    if not mask or not mask[-1]:
        return False
    if any(word in body for word in _CANDOUR):
        return False  # "这一点我不瞒您": not hiding it is candour, not a refusal of it
    if _verdict_only(body):
        return True  # "…，这个真不现实": a verdict on what was just said
    rest = body.strip().replace("我们", "我").replace("咱们", "我")
    for word in ANAPHORA:
        if rest.startswith(word):
            rest = rest[len(word) :]
            break
    # "这种方式我不建议", "那个价我给不了": a pointer and a short noun name what is refused.
    named = _NAMED_BY_POINTER.match(body.strip())
    if named is not None:
        rest = rest[max(0, len(rest) - (len(body.strip()) - named.end())) :]
    rest = _without_cues(rest)
    for word in ADVERB_WORDS:
        rest = rest.replace(word, "")
    for word in _ACTS_LONGEST_FIRST:  # before single characters go: 这么 keeps its 么
        rest = rest.replace(word, "")
    rest = "".join(c for c in rest if c not in _ADVERBS and c not in _TAIL_FILLERS and c != "咱")
    return len(rest) <= 1


#: How many characters a first-person refusal's predicate may take after its cue, pointers
#: and particles left out ("我可打不了这个包票", "我私下也不会帮您看").
REFUSAL_TAIL = 5
#: How the trainee may qualify a refusal ("我私下也不会", "我个人做不了主").
#: ("我恐怕是去不成的": a polite refusal is still one.)
_REFUSER_ADVERBS = ("私下", "个人", "自己", "恐怕", "怕是")
_POINTER_WORDS = (
    "这个",
    "那个",
    "这种",
    "那种",
    "这样",
    "那样",
    "这么",
    "那么",
    "这事",
    "这些",
    "那些",
    "这",
    "那",
)


def _first_person_refusal(body: str, mask: list[bool]) -> bool:
    """Is the clause the trainee refusing something short ("我可打不了这个包票", "我私下也不会
    帮您看", "我做不了这个主"): 我 or 咱 as the subject, only adverbs before the last negation,
    and little after it?"""
    last = _trainee_negates(body, mask)
    if last is None:
        return False
    tail = _without_cues(body[last:])
    for word in _POINTER_WORDS:
        tail = tail.replace(word, "")
    tail = tail.strip(_TAIL_FILLERS + " ")
    return len(tail) <= REFUSAL_TAIL


#: A topic put first is short ("华骏的账", "免三个月月租"); a longer clause says something.
TOPIC_CHARS = 12
#: Words that make a clause a statement of its own, not a topic put first.
_STATING = ("要", "得", "需要", "必须", "应该", "会", "能", "可以", "已经")
#: How a finished statement ends: "那就多谢钱总了", "换卡麻烦是真的" are said, not put first
#: as a topic for the refusal after them.
_FINISHED = tuple("了吧啊呀呢嘛的")


def _topic_before(previous: Clause, body: str) -> bool:
    """Is `previous` a topic that the trainee's refusal in `body` refuses: a question repeated
    ("一千八下个月能批？我可打不了这个包票"), or a bare phrase with no 我 of its own and nothing
    negated ("华骏的账，我私下也不会帮您看"), not a finished statement, not a condition, and the
    refusal not turning against it (可, 但, 不过 …)?"""
    if previous.condition or any(previous.negated):
        return False
    if body.lstrip().startswith((*_CONTRASTS, "可")):
        return False
    if previous.question:
        return True
    text = previous.text.strip()
    return (
        len(text) <= TOPIC_CHARS
        and not any(w in text for w in ("我", "咱"))
        and not text.endswith(_FINISHED)
        # "免月租这种事要走审批，我不能当场拍板": a clause that states something is no topic.
        and not any(w in text for w in _STATING)
    )


#: Negations that doubt rather than refuse.
_HEDGES = ("不一定", "不见得", "未必", "说不定", "不代表", "不等于", "不一样")
_PRO_LONGEST_FIRST = tuple(sorted(PRO_PREDICATES, key=len, reverse=True))


def _only_refuses(body: str) -> bool:
    """Does the clause say no more than that it cannot or will not be done ("做不到的", "这个
    可不行", "办不了")? Its words besides the negation are pro-predicates and pointers only."""
    if any(hedge in body for hedge in _HEDGES):
        return False  # "不一定能拿到" doubts, it does not refuse
    if _verdict_only(body):
        return True
    rest = _without_cues(body.strip())
    for word in ANAPHORA:
        rest = rest.replace(word, "")
    for word in _PRO_LONGEST_FIRST:
        rest = rest.replace(word, "")
    return not rest.strip(_TAIL_FILLERS + " ")


def _trainee_negates(body: str, mask: Sequence[bool]) -> int | None:
    """Where the trainee's own negation starts, when the clause has 我 or 咱 as its subject with
    only adverbs before its last negation and that negation reaches the clause's end."""
    if not mask or not mask[-1]:
        return None
    starts = cue_starts(body)
    if not starts:
        return None
    last = starts[-1]
    before = body[:last]
    subject = max(before.rfind("我"), before.rfind("咱"))
    if subject < 0 or (subject > 0 and before[subject - 1] in _OBJECT_MARKERS):
        return None
    between = before[subject + 1 :].lstrip("们")
    for word in (*ADVERB_WORDS, *_REFUSER_ADVERBS):
        between = between.replace(word, "")
    if not all(c in _ADVERBS for c in between):
        return None
    return last


def _points_back(body: str) -> bool:
    """Does a refusal name what it refuses by pointing back ("这个我做不到", "我不能这么说",
    "这话我不能讲")?"""
    opened = body.lstrip()
    return opened.startswith(ANAPHORA) or any(word in body for word in POINTERS)


def _asks(body: str) -> bool:
    """A question without a question mark: a final particle, or an A不A pair or question word
    at the clause's end ("钱准备怎么用", "行不行"). One inside a statement ("能不能批不是我说了
    算", "不管怎么样") asks nothing."""
    stripped = body.strip()
    if any(word in stripped for word in RHETORICAL):
        return False  # "怎么可能批不下来呢" asserts, it does not ask
    if stripped.endswith(QUESTION_ENDINGS) and not stripped.endswith(("好吧", "行吧", "算了吧")):
        return True
    # "谁都不好过" (everyone) and "合同写多少就是多少" (an indefinite said twice) ask nothing.
    tail = re.sub("谁(都|也)", "", _INDEFINITE.sub("", stripped))[-QUESTION_TAIL:]
    pair = _A_NOT_A.search(tail)
    # "批不批不归我": a whether-or-not that is the subject of a negated statement asks nothing.
    if pair is not None and not any(c in tail[pair.end() :] for c in "不没"):
        return True
    return any(w in tail for w in QUESTION_WORDS if w not in ("哪", "几")) or bool(
        # 几 + a measure word is as often "a few" as "how many": only with a question mark.
        re.search(r"哪(个|些|里|儿|天|家|种|位|方面)", tail)
    )


def negation_mask(text: str) -> list[bool]:
    """Per character of one clause: is it inside the scope of a negation?

    A cue negates everything after it up to the end of the clause. A cue right after another
    (within `DOUBLE_NEGATION_GAP` characters: "不是不想帮您", "不能不说") turns it back; a later
    one starts a new negated predicate ("这个忙不能帮钱也不能收" negates both). A
    post-negation (不了, 不到 …) negates the verb before it and the rest. Text with no negation
    character costs one scan.
    """
    return _scan(text)[0]


def cue_starts(text: str) -> list[int]:
    """Where each negation cue of one clause starts (a post-negation: where its verb does)."""
    return _scan(text)[1]


def _scan(text: str) -> tuple[list[bool], list[int]]:
    n = len(text)
    if not any(c in text for c in _NEGATION_CHARS):
        return [False] * n, []
    starts: list[int] = []
    events: list[tuple[int, str]] = []  # (position, "on" | "toggle")
    last_cue_end = -100
    i = 0
    while i < n:
        # Right after a cue, 不管/不过 … negate again ("不能不管" is "must see to it").
        skip = _starts_with_any(text, i, NOT_NEGATIONS) if i != last_cue_end else 0
        if skip and text.startswith("不过去", i):
            skip = 0  # "晚上我就不过去了": not going over, not "but"
        if skip:
            i += skip
            continue
        a_not_a = _A_NOT_A.match(text, max(0, i - 1)) if text[i] in "不没" and i > 0 else None
        if a_not_a is not None and a_not_a.start() == i - 1:
            i += 2  # 能不能: a question, not a negation
            continue
        post = _starts_with_any(text, i, POST_NEGATIONS)
        if post and i > 0 and text.startswith(NOUN_AFTER_NOT, i + 1):
            post = 0  # 保证不出问题: 不 negates 出问题, not the verb before it
        if post and i > 0:
            verb = max(0, i - POST_VERB_CHARS)
            while verb < i - 1 and text[verb] in _PRONOUN_CHARS:
                verb += 1  # "我做不了": the verb is 做, 我 is who cannot
            starts.append(verb)
            if last_cue_end >= verb:  # 怎么可能批不下来: the two negations cancel
                events.append((last_cue_end, "toggle"))
            else:
                events.append((verb, "on"))
            last_cue_end = i + post
            i += post
            continue
        cue = _starts_with_any(text, i, NEGATION_CUES)
        if cue:
            starts.append(i)
            double = i - last_cue_end <= DOUBLE_NEGATION_GAP
            events.append((i + cue, "toggle" if double else "on"))
            last_cue_end = i + cue
            i += cue
            continue
        i += 1
    mask = [False] * n
    state = False
    k = 0
    if events:
        # "卖不掉我全包退", "批不下来我负责": the trainee as a new subject starts a new predicate
        # that the negation before it does not reach.
        for m in _NEW_SUBJECT.finditer(text, events[0][0]):
            if m.start() > 0 and text[m.start() - 1] not in _OBJECT_MARKERS:
                events.append((m.start(), "off"))
    for position, op in sorted(events):
        while k < min(position, n):
            mask[k] = state
            k += 1
        state = (not state) if op == "toggle" else (op == "on")
    while k < n:
        mask[k] = state
        k += 1
    if events and events[-1][1] == "on" and not text[last_cue_end:].strip(_EMPTY_SCOPE):
        # "我可不要", "我不干了": the cue is the whole predicate — it is what is negated.
        for k in range(starts[-1], n):
            mask[k] = True
    return mask, starts


def _starts_with_any(text: str, i: int, words: tuple[str, ...]) -> int:
    """Length of the first of `words` (longest first) found at `text[i:]`, else 0."""
    for word in _BY_FIRST.get(id(words), {}).get(text[i], ()):
        if text.startswith(word, i):
            return len(word)
    return 0


def _index(*lists: tuple[str, ...]) -> dict[int, dict[str, tuple[str, ...]]]:
    """Each word list by first character, longest first: a scan tries only what can match."""
    out: dict[int, dict[str, tuple[str, ...]]] = {}
    for words in lists:
        by: dict[str, list[str]] = {}
        for word in words:
            by.setdefault(word[0], []).append(word)
        out[id(words)] = {c: tuple(sorted(ws, key=len, reverse=True)) for c, ws in by.items()}
    return out


_BY_FIRST = _index(NEGATION_CUES, NOT_NEGATIONS, POST_NEGATIONS)
