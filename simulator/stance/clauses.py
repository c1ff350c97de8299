"""An answer read clause by clause: each clause's stance, and how a refusal or a verdict
turns back the clause it follows."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Literal

from simulator.stance.lexicon import (
    A_NOT_A,
    CLAUSE_MARKS,
    CONCESSION_CUES,
    CONDITION,
    CONTRASTS,
    DARES,
    QUESTION_MARK,
    QUESTION_WORDS,
    RHETORICAL,
    TITLES,
    TOPIC_ENDINGS,
)
from simulator.stance.questions import asks
from simulator.stance.refusals import (
    HEDGES,
    NAMED_BY_POINTER,
    REPORTED,
    RETRACTION,
    bare_refusal,
    denied_inference,
    first_person_refusal,
    only_refuses,
    points_back,
    refused_topic,
    rejects,
    speaker_refuses,
    topic_before,
    trainee_negates,
)
from simulator.stance.scan import negation_mask
from simulator.stance.verdicts import (
    AUTHORITY_VERDICT,
    LIES,
    MUST,
    NO_SUCH_THING,
    SCORN,
    VERDICT,
    only_points,
    verdict_only,
)

StanceKind = Literal["affirm", "negate", "ask", "condition"]


#: A question that asserts: 不是/不就/不正好 … 吗/嘛 after a pointer or a person ("这不是挺好的
#: 吗", "您这不是害我吗", "那不就结了嘛"); "你不去吗" asks.
_AFFIRMING_QUESTION = re.compile(
    r"(?:^|[这那它您你他她我咱])(?:可|也)?不(?:是|就|正|正好|刚好|也)[^,，。?？!！]*(?:吗|嘛|么)$"
)


#: A clause that only addresses someone ("冯哥", "刘老师", "王总").
_VOCATIVE = re.compile(r"[\u4e00-\u9fff]{0,3}?(" + "|".join(TITLES) + ")")

#: Speech acts a trainee may decline after a question ("我不会评论", "我不敢替您说").
_SPEECH = re.compile(
    r"评论|评价|说|讲|透露|告诉|传|议论|打听|多嘴|回答|表态|打包票|保证|答应|嘴里|出口"
)
#: Words that name what was just said ("这话我可不敢说").
WORDS_SAID = ("这话", "那话", "这种话", "那种话", "这句话", "那句话", "这句", "那句")
#: A condition that would say something ("要说…", "要是说…", "如果跟您说…").
_SAY_IF = re.compile(r"(要是|要|如果|若是|假如|真要)(跟|和|对)?(您|你)?(说|讲)")
#: Marks that close a quotation.
_CLOSING_QUOTES = ('"', "”", "」", "』")
#: Quote marks around words said ("“十五个点我们一定做下来”").
_QUOTES = "\"'“”‘’「」『』—- "
#: Words that name a move put first as a topic ("下个月一定批下来这种话", "私下返点这种事").
NAMED_WORDS = (*WORDS_SAID, "这种事", "那种事", "这样的事", "这事", "这种承诺", "这个保证")


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of an answer and the stance it takes."""

    text: str
    start: int  # offset in the text given to `clauses`
    negated: tuple[bool, ...]  # per character: inside a negation's scope
    question: bool
    condition: bool
    #: A move asked back or named, then refused by what follows ("四十万全买一个理财？" before
    #: "那可使不得"): what the words refuse, not what they say.
    refused: bool = False

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
    as_read: list[Clause] = []  # each clause as first read, before a later one turned it
    start = 0
    pieces = []
    for mark in CLAUSE_MARKS.finditer(text):
        end = mark.end() if mark.end() > mark.start() else mark.start()
        if end > start:
            pieces.append((start, end))
            start = end
    if start < len(text):
        pieces.append((start, len(text)))
    for s, e in pieces:
        piece = text[s:e]
        body = piece.rstrip(" \t。．.!！?？;；,，、:：\n…")
        if not any(c.isalnum() for c in body) or _VOCATIVE.fullmatch(body.strip()):
            # "冯哥，": whom the words address takes no stance, and refuses nothing; nor does
            # the second dash of "——" or a lone quote mark, which stood between a quoted promise
            # and "这句话我说不出口".
            continue
        rhetorical = any(word in body for word in RHETORICAL)
        asked = not rhetorical and (bool(QUESTION_MARK.search(piece)) or asks(body))
        mask = negation_mask(body)
        if _AFFIRMING_QUESTION.search(body) and "不是不" not in body:
            # "这不是害我吗", "这不正好用得上嘛": asked with 不是/不就 … 吗, it asserts.
            asked = False
            mask = [False] * len(body)
        must = MUST.search(body)
        if must is not None and not (must.group(1) or must.group(2) == "行" or must.start() == 0):
            must = None  # "去不成的" is the verb's own post-negation, not "won't do"
        if must is not None and any(negation_mask(body[: must.start()])):
            mask = [False] * len(body)  # "车间不看是不行的": not doing it won't do — do it
        elif must is not None and must.start() > 1 and must.group(1) in ("也", "可", "都", "就"):
            mask = [True] * len(body)  # "材料弄漂亮点也不行": what comes first is refused
        elif (
            (verdict := VERDICT.search(body) or AUTHORITY_VERDICT.search(body)) is not None
            and not only_points(body[: verdict.start()])
            and not any(c in body[: verdict.start()] for c in "我咱")
        ):
            # "周一全部新稿不现实": the content is denied whole; "不查是不可能的": a negated
            # content denied is the content affirmed, as with "不看是不行的".
            mask = [not any(negation_mask(body[: verdict.start()]))] * len(body)
        elif (denial := denied_inference(body)) is not None:
            # "细支烟焦油低，也不代表伤害就小": the premise is granted only to deny what it was
            # said to prove, so the claim as a whole (premise and conclusion) is denied.
            mask = [not m for m in mask[:denial]] + mask[denial:]
            previous = found[-1] if found else None
            if denial == 0 and previous is not None and previous.kind == "affirm":
                found[-1] = previous.denied()
        else:
            if verdict_only(body):
                mask = [True] * len(body)  # "太急了": a verdict alone is the clause's denial
            topic = refused_topic(body, mask)
            bare = bare_refusal(body, mask)
            if topic is not None:
                # The refused topic reads as its opposite: "基本不会亏这种话我不能讲" says it
                # may lose money, so the topic's own negations turn back.
                mask = [not m for m in mask[:topic]] + [True] * (len(body) - topic)
                previous = found[-1] if found else None
                named = NAMED_BY_POINTER.match(body.strip())
                # "腊月二十前一定到账？这句我不敢替审批讲": a topic that only points back
                # refuses the request just asked.
                if (
                    named is None
                    and not bare
                    and previous is not None
                    and previous.question
                    and not previous.condition
                    and not any(previous.negated)
                    and first_person_refusal(body, negation_mask(body))
                ):
                    # "周总肯定认？其实我也没把握他会认": the trainee's own doubt answers the
                    # question just asked, and denies it.
                    found[-1] = previous.denied()
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
            elif first_person_refusal(body, mask):
                # "华骏的账，我私下也不会帮您看": the trainee refuses, the clause's words are
                # what is refused, and so is the topic put in the clause before.
                mask = [True] * len(body)
                previous = found[-1] if found else None
                if previous is not None and topic_before(previous, body):
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
                    and points_back(body)
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
                    and not body.lstrip().startswith(CONTRASTS)
                    # "我可不会叫你站吴总那边，这不是我该说的": the refusal repeats one the
                    # trainee already made; it does not turn it around.
                    and (
                        previous.question
                        or (
                            trainee_negates(previous.text, previous.negated) is None
                            and not speaker_refuses(previous.text, previous.negated)
                        )
                    )
                    # "库存多不一定就是缺钱，我不这么看": nor a hedge, which the refusal agrees
                    # with.
                    and not (not previous.question and any(h in previous.text for h in HEDGES))
                    # "做不到的，也不该这么干": nor one that is itself a bare refusal, nor
                    # a verdict ("下周就签太急了，我不会这么逼您").
                    and not (
                        not previous.question
                        and bare_refusal(previous.text.strip(), list(previous.negated))
                    )
                    and VERDICT.search(previous.text.strip()) is None
                    and (
                        previous.question
                        or points_back(body)
                        or previous.text.rstrip().endswith(TOPIC_ENDINGS)
                        # "免三个月月租，我做不了这个主", "下个月全上线，做不到的": the
                        # trainee's refusal, or one that only says it cannot be done, reaches
                        # the topic put before, a clause with no 我 of its own ("不一定能拿到"
                        # says something of its own and does not).
                        or (
                            (trainee_negates(body, mask) is not None or only_refuses(body))
                            and topic_before(previous, body)
                        )
                    )
                ):
                    found[-1] = previous.reversed()
                    if verdict_only(body):
                        _reverse_back(text, found)
        previous = found[-1] if found else None
        last = trainee_negates(body, mask)
        if (
            previous is not None
            # "东岳归集了多少、利率几何，我连个大概也不会说": a question put as a topic, with
            # no 我 of its own, is declined the same way.
            and (
                previous.question
                or (_asks_what(previous.text) and not any(c in previous.text for c in "我咱"))
            )
            and not previous.condition
            and not any(previous.negated)
            and last is not None
            and _SPEECH.search(body, last) is not None
        ):
            # "老刘那厂子行不行，我不会在您面前评论的": the trainee declines to say what was
            # just asked, so it is not said.
            found[-1] = previous.denied()
        elif (
            previous is not None
            and previous.question
            and not previous.condition
            and not any(previous.negated)
            and not any(c in previous.text for c in "您你")
            and A_NOT_A.search(previous.text) is None
            and not _asks_what(previous.text)
            and (speaker_refuses(body, mask) or body.startswith(DARES))
        ):
            # "往好了写？我可不会把报告写得跟事实不一样", "一个礼拜放款？哪个敢给你打这个包
            # 票": a request asked back and then refused in the trainee's own words (or with
            # "nobody would") is refused. Not a whether-or-not ("抽不抽贷，我可不敢…": the
            # refusal leaves both open), not a question put to the client, and not a question that
            # asks what or when ("这笔钱什么时候要用？我不会…上门催您").
            found[-1] = replace(previous.denied(), question=False)
        previous = found[-1] if found else None
        if (
            previous is not None
            and previous is as_read[-1]  # a refusal above denied it already: not back again
            and previous.question
            and not previous.condition
            and body.lstrip().startswith(WORDS_SAID)
            and any(mask)
            and _SPEECH.search(body) is not None
        ):
            # "永远不抽您的贷？这话我可不敢说", "孙总对您有什么看法，这话不该从我嘴里出来": the
            # words just asked, named and declined, are said the other way round ("不抽" refused
            # leaves "抽" open).
            found[-1] = previous.reversed()
        elif (
            previous is not None
            and previous.question
            and not previous.condition
            and NO_SUCH_THING.fullmatch(body.strip()) is not None
        ):
            # "指望贷审会给面子？没那种事", "今天就能定？哪有那么简单": the request asked back does
            # not hold, nor what leads up to it in the same sentence.
            mask = [True] * len(body)
            found[-1] = previous.reversed()
            _reverse_back(text, found)
        authority = AUTHORITY_VERDICT.search(body.strip())
        if (
            authority is not None
            and only_points(body.strip()[: authority.start()])
            and previous is not None
            and not previous.condition
            and not any(previous.negated)
            and (previous.question or previous.text.rstrip().endswith(TOPIC_ENDINGS))
        ):
            # "免三个月月租？这不是我一个人说了算的", "档位恢复这种事，不是我去说一声就成的": a
            # move asked back or named as a topic, then said not to be the trainee's to decide,
            # is not granted.
            found[-1] = replace(previous.denied(), question=False)
        retraction = RETRACTION.search(body)
        if retraction is not None:
            # "刚才说稳赚不赔是我说错了", "刚才我说保证点头，那句话说过头了": what the trainee
            # takes back is denied, in this clause and in the reported words just before.
            said = body[: retraction.start()]
            for word in (
                *REPORTED,
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
            if (
                previous is not None
                and any(word in previous.text for word in REPORTED_WORDS)
                and RETRACTION.search(previous.text) is None
            ):
                found[-1] = previous.denied()
        previous = found[-1] if found else None
        if (
            previous is not None
            and not asked
            # "…确认函吗？今年给钱的时间表定了没有": a second question, unmarked
            and not body.endswith(("没有", "没", "吗", "么"))
            and previous is as_read[-1]  # not already turned by a rule above
            and (
                _echoes(previous, text)
                or (
                    not previous.question
                    and not previous.condition
                    # "这点钱办不成这事": 这事 is the object of a negation of its own; words
                    # named as said ("…不签就没了这种话") are quoted whatever they negate
                    and previous.text.rstrip().endswith(
                        WORDS_SAID if any(previous.negated) else NAMED_WORDS
                    )
                )
                # '翻旧账说"当初就提醒过您"，现在说这个有啥用': words quoted, then scorned
                or (
                    not previous.question
                    and not previous.condition
                    and previous.text.rstrip().endswith(_CLOSING_QUOTES)
                    and (SCORN.search(body) is not None or LIES.search(body) is not None)
                )
            )
            # "以前是被银行坑过？要是不介意，…": a condition sets terms, it rejects nothing
            and not _sets_terms(body)
            and (rejects(body, mask) or (any(previous.negated) and _not_doing_wont_do(body)))
        ):
            # "四十万全买一个理财？那可使不得", "下周就带合同来签？谈不上": a move asked back,
            # then rejected in any words that negate and do not affirm ("没问题" affirms);
            # "全开不限量不加钱？我做不了这个主": one with negations of its own is said the
            # other way round. Words named as what is rejected ("保证好卖、卖不掉包退这种话，
            # 我可不敢跟您讲") are denied whole, their own negations with them.
            # A quotation not asked back is named words too ('翻旧账说"当初…"，有啥用').
            named = previous.text.rstrip().endswith(NAMED_WORDS) or (
                not previous.question and previous.text.rstrip().endswith(_CLOSING_QUOTES)
            )
            found[-1] = replace(previous.denied(), question=False) if named else _rejected(previous)
        elif (
            (echo := _echo_before(found, as_read, text)) is not None
            and not _sets_terms(body)
            and rejects(body, mask)
        ):
            # "按大报表报上去？那是往火坑里跳，我可不陪": the rejection comes a clause later,
            # after a verdict the words alone do not read as one; the move asked back is
            # rejected all the same.
            found[echo] = _rejected(found[echo])
            found[-1] = as_read[-1]  # the comment between is the trainee's own, not refused
        elif (
            previous is not None
            and len(found) >= 2
            and previous.text.strip(_QUOTES) in NAMED_WORDS
            and found[-2] is as_read[-2]
            and not found[-2].condition
            and rejects(body, mask)
        ):
            # '"十五个点我们一定做下来"——这句话，今天我没法说出口': the words named by a clause
            # of their own ("这句话") are what the comment after it rejects.
            found[-2] = _rejected(found[-2])
        elif (
            previous is not None
            and previous is as_read[-1]
            and not previous.condition
            # words that negate themselves are rejected only when quoted ('"你家不卖别人也
            # 卖"——这种话…'); "…凭什么打包票，那话不作数" refuses already
            and (previous.kind == "affirm" or previous.text.lstrip().startswith(tuple(_QUOTES)))
            and body.lstrip().startswith(WORDS_SAID)
            and rejects(body, mask)
        ):
            # "月底前肯定批下来——这句我担不起", '"你家不卖别人也卖"——这种话我说不出口': the
            # words, named at the start of the comment that rejects them.
            found[-1] = _rejected(previous)
        previous = found[-1] if found else None
        speaks = trainee_negates(body, mask)
        if (
            previous is not None
            and previous is as_read[-1]
            and _SAY_IF.match(previous.text.lstrip()) is not None
            and speaks is not None
            and _SPEECH.search(body, speaks) is not None
        ):
            # '要说"那是市政挖断光缆、不怪我们"，我说不出口': what the condition would say is
            # declined, so it is not said.
            found[-1] = replace(previous.denied(), condition=False)
        opened = body.lstrip()
        if _SO_THAT_IS.search(opened) is not None and _TAKES_UP.search(opened) is None:
            said_if = _supposed_saying(found, as_read, text, s)
            if said_if is not None:
                # '我要是现在跟您喊"上！我们贷给您"，那就是只顾着卖贷款了': what the condition
                # would say, with the quotation it opens, is supposed only, and not said.
                for j in range(said_if, len(found)):
                    found[j] = replace(found[j].denied(), question=False, condition=False)
        condition = is_condition(body)
        previous = found[-1] if found else None
        if LIE_IF_SAID.search(body) is not None and (
            (previous is not None and previous.question) or any(w in body for w in SAID_POINTERS)
        ):
            # "拼了命也批下来？这种话我要是说了就是骗您", "这话我说了就是骗人": saying it would be
            # a lie, so it is not said: the clause, and what it names just before, are denied.
            mask, asked, condition = [True] * len(body), False, False
            if previous is not None and not any(previous.negated):
                found[-1] = replace(previous.denied(), question=False)
        elif (
            verdict_only(body)
            and LIES.search(body) is not None
            and previous is not None
            and (previous.condition or any(w in previous.text for w in SAID_POINTERS))
            and SAID_IF.search(previous.text) is not None
        ):
            # "要是跟您说一定批下来，那是骗您": the words the condition would say are a lie;
            # "拼了命也批下来？这话我要说了，就是在骗您": so are the words it points back to,
            # asked just before.
            found[-1] = replace(previous.denied(), condition=False)
            before = found[-2] if len(found) >= 2 else None
            if (
                not previous.condition
                and before is not None
                and before.question
                and not any(before.negated)
            ):
                found[-2] = replace(before.denied(), question=False)
        found.append(
            Clause(
                text=body,
                start=s,
                negated=tuple(mask),
                question=asked,
                condition=condition,
            )
        )
        as_read.append(found[-1])
    _quoted_whole(found, as_read)
    return tuple(
        replace(clause, refused=True)
        if clause is not first
        # "您是给刘老三代订吧？": a guess put to the client, to be agreed with, names no move
        and (
            (_echoes(first, text) and not first.text.rstrip().endswith("吧"))
            or first.text.rstrip().endswith(NAMED_WORDS)
            or (not first.question and first.text.rstrip().endswith(_CLOSING_QUOTES))
        )
        and clause.negated != first.negated
        else clause
        for clause, first in zip(found, as_read, strict=True)
    )


#: Marks that open a quotation.
_OPENING_QUOTES = ('"', "“", "「", "『")


def _quoted_whole(found: list[Clause], as_read: list[Clause]) -> None:
    """A quotation refused as a whole: when the clause that closes it was turned ("…亏了算我的”，
    这种话我要是说了就是骗您"), so are the clauses before it back to the one that opens it
    ("“保本保收益")."""
    for i, clause in enumerate(found):
        first = as_read[i]
        said = first.text.strip().rstrip("—-")
        if clause is first or not said.endswith(_CLOSING_QUOTES):
            continue
        if _opens_quote(said[:-1]):
            continue  # the quotation opens in this clause ('至于"那一份"')
        # Only back to the clause that opens it: none there, the marks are not a quotation.
        opening = next((j for j in range(i - 1, -1, -1) if _opens_quote(found[j].text)), None)
        if opening is None or any(
            found[j] is not as_read[j] or found[j].question or found[j].condition
            for j in range(opening, i)
        ):
            continue
        for j in range(opening, i):
            found[j] = replace(found[j].denied(), question=False, refused=True)


def _supposed_saying(
    found: list[Clause], as_read: list[Clause], text: str, current: int
) -> int | None:
    """The index of a condition that supposes the trainee saying something ("我要是跟您说…",
    "要是拍胸脯…"), when it and the clauses after it (a quotation it opens) lead up to the
    current clause (starting at `current`) in one sentence, unturned and asking nothing."""
    for j in range(len(found) - 1, -1, -1):
        clause = found[j]
        if clause is not as_read[j] or clause.question:
            return None
        end = found[j + 1].start if j + 1 < len(found) else current
        if any(c in text[clause.start + len(clause.text) : end] for c in "。.?？;；\n"):
            return None
        if clause.condition and SAID_IF.search(clause.text) is not None:
            return j
        if not (_opens_quote(clause.text) or j < len(found) - 1):
            return None
    return None


def _opens_quote(text: str) -> bool:
    """Does a quotation open in `text` and stay open to its end (an opening mark with no
    closing one after it)? ASCII '"' opens when an even number come before it."""
    depth = 0
    for c in text:
        if c in "“「『":
            depth += 1
        elif c in "”」』":
            depth = max(0, depth - 1)
        elif c == '"':
            depth = 0 if depth else 1
    return depth > 0


def refused_moves(text: str) -> str:
    """The words of `text` that name a move only to refuse it (`Clause.refused`), joined."""
    return "，".join(c.text for c in clauses(text) if c.refused)


#: Saying it would be a lie ("我要是说了就是骗您", "这话我说了就是骗人", "我要这么说就是哄您"):
#: a saying verb, then calling it a lie.
LIE_IF_SAID = re.compile(
    r"(说|讲|答应|保证|打包票)(了|出来|出口)?(这话|这种话|这个)?(那|这)?(就|可|也|都)?"
    r"(是|算|等于)?在?(哄|骗|忽悠|糊弄|蒙|误导)(你们|您们|你|您|人)"
)
#: What points to the words that would be a lie ("这种话", "这么说"); without one, or a request
#: asked just before, "乱答应等于骗您" says why the trainee refuses, and denies nothing.
SAID_POINTERS = ("这话", "那话", "这种话", "那种话", "这句", "那句", "这么", "那么", "这样")
#: A condition that says something ("要是跟您说一定批下来"), for a verdict of lying after it.
SAID_IF = re.compile(r"(要是|如果|若是|假如|真要|要)[^，,]{0,6}?(说|讲|喊|答应|保证|打包票|拍胸脯)")
#: What saying it would make of the trainee ("我要是跟您喊'上'，那就是只顾着卖贷款了"): a
#: consequence drawn from words only supposed, which are therefore not said.
_SO_THAT_IS = re.compile(r"^(那|这)(我|您|你)?(就|可|也|岂不|不就)?(是|等于|成了|叫|算)")


def _rejected(clause: Clause) -> Clause:
    """Words a comment rejects: denied whole, or, when they negate something themselves
    ("三年不涨价？", '"你家不卖别人也卖"'), said the other way round; asked no more either
    way."""
    if any(clause.negated):
        return clause.reversed()
    return replace(clause.denied(), question=False)


def _echoes(clause: Clause, text: str) -> bool:
    """Is `clause` a move asked back ("四十万全买一个理财？", "私下给您送手机？"): a question
    marked as one, not a yes-or-no put to the client ("…好点没？", "…好吗？"), not a
    whether-or-not and asking no what or when?"""
    after = text[clause.start + len(clause.text) : clause.start + len(clause.text) + 2]
    return (
        clause.question
        and QUESTION_MARK.search(after) is not None
        # "老板最近身体好吗？": a yes-or-no put to the client, not a move said back
        and not clause.text.rstrip().endswith(("没", "不", "没有", "否", "么", "吗", "呢"))
        and not clause.condition
        and A_NOT_A.search(clause.text) is None
        # "人家那么大的企业还能少您钱？": a rhetorical question asserts, it repeats no move
        and not any(word in clause.text for word in ("还能", "难道", "岂", "还会", "还怕", "还用"))
        and not _asks_what(clause.text)
    )


def _sets_terms(body: str) -> bool:
    """Is the clause a condition that sets terms ("要是不介意"), not one that scorns or calls
    the words a lie ("我要是敢说才怪", "要这么说就是骗您")?"""
    return is_condition(body) and SCORN.search(body) is None and LIES.search(body) is None


def _not_doing_wont_do(body: str) -> bool:
    """Is the clause a must said as "not doing it won't do" ("不核不行", "不看是不行的"),
    which rejects a move asked back that skips it ("大厂就不核了？")?"""
    must = MUST.search(body)
    return must is not None and any(negation_mask(body)[: must.start()])


#: A question word made a "whoever, whatever" by 也 or 都 ("谁也不得罪", "什么都不用管"): it
#: asks nothing.
_UNIVERSAL = re.compile(r"(谁|什么|哪儿|哪里|哪|怎么|多少)(也|都)")


def _asks_what(text: str) -> bool:
    """Does the clause ask who, what, when or whether (a question word that is not a
    "whoever")?"""
    bare = _UNIVERSAL.sub("", text)
    return any(word in bare for word in (*QUESTION_WORDS, *_WHAT_FOR))


#: Colloquial "what for", "how" ("老揪着以前的事干嘛？"): they ask, and repeat no move.
_WHAT_FOR = ("干嘛", "干吗", "咋", "凭啥")


#: A comment that takes up the move asked back ("周一交？行，…", "…？好说，…"): a rejection
#: after it does not reach back past it.
_TAKES_UP = re.compile(r"^(行|好|可以|成|没问题|当然|放心|必须|肯定|一定|对|是的|没错|嗯)")


def _echo_before(found: list[Clause], as_read: list[Clause], text: str) -> int | None:
    """The index of a move asked back two clauses before the current one, with only a comment
    between that neither takes it up nor asks, nor turns ("按大报表报上去？那是往火坑里跳，…"),
    and that no rule has turned already."""
    if len(found) < 2:
        return None
    echo, between = len(found) - 2, as_read[-1]  # as read: a refusal may have turned it since
    candidate = found[echo]
    if candidate is not as_read[echo]:
        return None
    gap = text[between.start + len(between.text) : between.start + len(between.text) + 2]
    if (
        between.question
        or between.condition
        or any(c in gap for c in "。.!！?？;；\n")
        or between.text.lstrip().startswith(CONTRASTS)
        or _TAKES_UP.search(between.text.lstrip()) is not None
        # "有我在就不吃亏？这话我收回，…", "两周放款？包在我身上这种话，我不能讲": the clause
        # between takes back words, or names words of its own, which are what is rejected
        # ("拼了命也批下来？这话说出口容易，兑现不了就是骗人": 这话 there names the echo)
        or between.text.rstrip().endswith(NAMED_WORDS)
        or RETRACTION.search(between.text) is not None
        or not _echoes(candidate, text)
    ):
        return None
    return echo


def _reverse_back(text: str, found: list[Clause]) -> None:
    """A verdict on what was just said judges the whole statement ("跟您说'问题不大，先去定
    料'，那不现实"): the clauses before the last one, back to the sentence's start, a contrast
    (但, 不过 …) or a condition, are said the other way round too."""
    k = len(found) - 1
    while k > 0:
        if found[k].text.lstrip().startswith(CONTRASTS):
            break
        earlier = found[k - 1]
        gap = text[earlier.start + len(earlier.text) : found[k].start]
        if any(c in gap for c in "。.!！?？;；\n") or earlier.condition or earlier.question:
            break
        found[k - 1] = earlier.reversed()
        k -= 1


#: Before 的话, these make it a noun ("这不是我该传的话": the words I should pass on), not
#: the end of a condition ("您要走的话").
_NOUN_HUA = re.compile(r"不是|是我|是咱")
#: A person's words ("把您的话原封不动转给创意部", "领导的话"): 的话 right after whose they are.
_WHOSE_WORDS = re.compile(r"(您|你|我|他|她|咱|我们|你们|您们|他们|人家|领导|老板|客户)(?=的$)")


#: Words that name something said before ("我刚才那句保证", "那话"): a retraction right after
#: takes back the clause they are in.
REPORTED_WORDS = (*REPORTED, "那句", "这句", "那话", "这话")


def is_condition(body: str) -> bool:
    """Is the clause a condition: opened by 如果/要是/只要 …, or closed by 的话 when it is not
    the noun 话 ("这不是我该传的话")?"""
    for cue in CONDITION.finditer(body):
        if cue.group() == "的话" and (
            _NOUN_HUA.search(body, 0, cue.start()) or _WHOSE_WORDS.search(body, 0, cue.start() + 1)
        ):
            continue
        return True
    return _IF_REALLY.search(body) is not None


#: "这两条烟我要真收了，那就是…": 要 with 真 before a done deed is "if", not "want".
_IF_REALLY = re.compile(r"(?<=[我咱您你他她])要真(?!心|诚|是)(的)?[^,，。]{1,8}了")


def refuses_back(text: str, *, after_question: bool = False) -> bool:
    """Does the first clause of `text` only refuse, or pass a verdict on, what was said before
    it ("，这个我真做不到", "，那不现实", "，我可不干")?

    `after_question`: what came before was asked ("往好了写？"), a request repeated to be
    answered; any bare refusal ("那可不行", "这我可做不到") refuses it."""
    found = clauses(text)
    if not found:
        return False
    first = found[0]
    body = first.text.strip()
    if verdict_only(body):
        return True
    mask = negation_mask(body)
    if after_question:
        return bare_refusal(body, mask) or (
            trainee_negates(body, mask) is not None and _SPEECH.search(body) is not None
        )
    # Only a refusal to say, promise or do it: "客户信息要保密，这个真帮不了" refuses the client's
    # request for the reason just given, it does not take the reason back.
    return (
        bare_refusal(body, mask)
        and (points_back(body) or only_refuses(body))
        and any(word in body for word in SAYING_OR_DOING)
    )


def rejects_named(said: str, text: str) -> bool:
    """Are the words `said`, named as words said or a deed ("保本保收益这种话", "返点这种
    事"), rejected by the first clause of `text` in any words that negate and do not affirm,
    or scorn ("，我真不敢跟您说", "，那可拉倒吧"), without asking? ("客户信息要保密，这个真帮不
    了" names nothing: the refusal there is of the client's request, for that reason.)"""
    if not said.rstrip(" ，,。").endswith(NAMED_WORDS):
        return False
    found = clauses(text)
    if not found or found[0].question:
        return False
    body = found[0].text.strip()
    return rejects(body, negation_mask(body))


#: What a refusal of the statement before it refuses: saying it, promising it, doing it.
SAYING_OR_DOING = (
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
            and A_NOT_A.search(body)
            and any(c in found[k + 1].text[:8] for c in "都也")
        ):
            spans.append((clause.start + lead, clause.start + len(clause.text)))
    return spans
