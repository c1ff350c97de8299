"""Refusals: a topic put first and refused, a bare refusal of what was just said, the
trainee's own refusal, an inference denied, words taken back."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from simulator.stance.appraisals import judges_ill
from simulator.stance.lexicon import (
    ADVERB_WORDS,
    ADVERBS,
    ANAPHORA,
    CONTRASTS,
    GOOD_NEWS,
    INFERENCE_DENIALS,
    INFERENCE_OPENERS,
    NEGATION_CUES,
    OBJECT_MARKERS,
    POINTER_WORDS,
    POINTERS,
    POST_NEGATIONS,
    PRO_PREDICATES,
    REFUSED_ACTS,
    SUBJECT_REACH,
    TAIL_FILLERS,
)
from simulator.stance.scan import cue_starts, negation_mask
from simulator.stance.verdicts import LIES, SCORN, verdict_only

if TYPE_CHECKING:
    from simulator.stance.clause import Clause


def takes_back(text: str) -> bool:
    """Does `text` take back something said ("是我说错了", "那句话说过头了", "我收回")?"""
    return RETRACTION.search(text) is not None


#: Taking back what was said ("是我说错了", "那句话说过头了", "我收回").
RETRACTION = re.compile(
    r"(是我)?(说错了|说过头|说过了头|说满了|说大了|说得太满|话说满了|不作数|不算数|我收回|收回这句|别记那句"
    # round twenty-four's tryout: "那天我说往好了写，是我嘴上没把门"
    r"|嘴上没(个)?把门|说秃噜|说走嘴|说漏嘴|说岔了|说差了|不该那么说|不该这么说)"
)
#: How words the trainee said before are reported ("刚才我说…", "之前说的…").
REPORTED = ("刚才", "之前", "上次", "前面", "刚刚", "方才", "那天", "上回", "昨天")


def without_cues(text: str) -> str:
    """`text` with its negation cues taken out and post-negations reduced to their verb
    complement ("说不出口" → "说出口"): what a refusal says besides refusing."""
    for post in POST_NEGATIONS:
        text = text.replace(post, post[1:])
    for cue in NEGATION_CUES:
        text = text.replace(cue, "")
    return text


#: Verbs whose negation is candour ("我不瞒您", "不骗您"): the clause refuses nothing said.
CANDOUR = (
    "瞒",
    "骗",
    "糊弄",
    "忽悠",
    "藏着",
    # "烟有害是事实，我不狡辩", "这一点我不否认", "我不跟您争": a concession, not a refusal.
    "狡辩",
    "抵赖",
    "否认",
    "辩解",
    "找借口",
    "嘴硬",
    "跟您争",
    "跟你争",
    "和你争",
    "和您争",
)
#: A pointer and a short noun before the trainee's 我 ("这种方式我…", "那个价我…").
NAMED_BY_POINTER = re.compile(
    r"(这种|这个|那种|那个|这|那)[^\W不没别未无莫勿非我咱]{0,3}?(?=我|咱)"
)


def refused_topic(body: str, mask: list[bool]) -> int | None:
    """Where a refusal of a topic put first begins ("这份报价|我不能发给您", "基本不会亏这种
    话|我不能讲"), or None when the clause does not end in one."""
    if not mask or not mask[-1] or all(mask):
        return None
    starts = cue_starts(body)
    if not starts or starts[-1] == 0:
        return None
    last = starts[-1]  # the refusal is the last negated predicate of the clause
    tail = without_cues(body[last:].strip().strip(TAIL_FILLERS)).strip(TAIL_FILLERS)
    # "X 我不能 Y": a topic put first, the trainee as subject, a short refusal after it.
    # Without the 我 ("三个月月租不收了") the negation is the predicate's own (rent waived).
    reach = max(0, last - SUBJECT_REACH)
    subject = max(body.rfind("我", reach, last + 1), body.rfind("咱", reach, last + 1))
    if subject < 2:
        return None  # no fronted topic before the trainee's 我 ("我保证以后不会再断了")
    between = body[subject + 1 : last]
    for word in ADVERB_WORDS:
        between = between.replace(word, "")
    if len(between) > 1 and not all(c in ADVERBS for c in between):
        return None  # "迁移我保证不出问题": the 我 promises something, it refuses nothing
    if not tail or len(tail) <= 4 or (len(tail) <= 6 and tail.endswith(PRO_PREDICATES)):
        return subject
    return None


def denied_inference(body: str) -> int | None:
    """Where a denial of an inference ("不代表", "不等于" …) starts, when the clause denies one:
    0 when the clause opens with it (the premise is the clause before), else its position."""
    if body.lstrip().startswith(INFERENCE_OPENERS):
        return 0
    for cue in INFERENCE_DENIALS:
        at = body.find(cue)
        if at > 0:
            return at
    return None


ACTS_LONGEST_FIRST = tuple(
    sorted(
        (w for w in PRO_PREDICATES + REFUSED_ACTS if len(w) > 1 or w not in ADVERBS),
        key=len,
        reverse=True,
    )
)


#: Particles that may close a clause.
_PARTICLES = "的了啊呢吧呀哈嘛 "
#: "这不是我该传的话", "轮不到我说": it is not the trainee's place to say or do it.
NOT_MY_PLACE = re.compile(
    r"(这|那|这个|那个|这话|这事)?(可|也|就|真|确实|实在)?"
    r"(不是(我|咱)们?(该|能|应该|可以|好)|轮不到(我|咱)们?)"
    # "不是我该在背后评价的": where or how it would be said may come before the verb.
    r"(在背后|背后|背地里|私下|随便|当面|在这儿|在这里)?[\u4e00-\u9fff]{1,3}?的?(话|事)?"
)


def bare_refusal(body: str, mask: list[bool]) -> bool:
    """Is the clause only a refusal, with no topic of its own ("那我可不干", "这个真办不到",
    "我不好背后评价", "这不是我该传的话")? Such a clause refuses what was said just before it."""
    if not mask or not mask[-1]:
        return False
    if NOT_MY_PLACE.fullmatch(body.strip().rstrip(_PARTICLES)):
        return True
    if verdict_only(body):
        return True  # "…，这个真不现实", "那是骗人的": a verdict on what was just said
    if any(word in body for word in CANDOUR):
        return False  # "这一点我不瞒您": not hiding it is candour, not a refusal of it
    rest = body.strip().replace("我们", "我").replace("咱们", "我")
    for word in ANAPHORA:
        if rest.startswith(word):
            rest = rest[len(word) :]
            break
    # "这种方式我不建议", "那个价我给不了": a pointer and a short noun name what is refused.
    named = NAMED_BY_POINTER.match(body.strip())
    if named is not None:
        rest = rest[max(0, len(rest) - (len(body.strip()) - named.end())) :]
    rest = without_cues(rest)
    # "我可不干那事", "我不碰这种事": a pointer after the verb names nothing new either
    rest = _POINTED_OBJECT.sub("", rest)
    for word in ADVERB_WORDS:
        rest = rest.replace(word, "")
    for word in ACTS_LONGEST_FIRST:  # before single characters go: 这么 keeps its 么
        rest = rest.replace(word, "")
    rest = "".join(c for c in rest if c not in ADVERBS and c not in TAIL_FILLERS and c != "咱")
    return len(rest) <= 1


#: A pointer ending a refusal to do or say, in place of its object ("那事", "这种事", "这个").
_POINTED_OBJECT = re.compile(
    r"(?<=[干做碰收拿要接沾办说讲认应])(那|这)(种|类|样的|个|些)?(事|事儿|活儿?|钱|话)?(了|的|啊|呀)?$"
)


#: How many characters a first-person refusal's predicate may take after its cue, pointers
#: and particles left out ("我可打不了这个包票", "我私下也不会帮您看").
REFUSAL_TAIL = 5
#: How the trainee may qualify a refusal ("我私下也不会", "我个人做不了主").
#: ("我恐怕是去不成的": a polite refusal is still one.)
REFUSER_ADVERBS = ("私下", "个人", "自己", "恐怕", "怕是")


def first_person_refusal(body: str, mask: list[bool]) -> bool:
    """Is the clause the trainee refusing something short ("我可打不了这个包票", "我私下也不会
    帮您看", "我做不了这个主"): 我 or 咱 as the subject, only adverbs before the last negation,
    and little after it?"""
    last = trainee_negates(body, mask)
    if last is None or any(word in body for word in CANDOUR):
        return False
    tail = without_cues(body[last:])
    for word in POINTER_WORDS:
        tail = tail.replace(word, "")
    tail = tail.strip(TAIL_FILLERS + " ")
    return len(tail) <= REFUSAL_TAIL


#: The trainee declining to say, vouch for or promise what follows ("我不能说全都烂在屋里").
_DECLINES_TO_SAY = re.compile(
    r"(我|咱)[^，,。？?]{0,3}?(不能|不会|不敢|没法|不可能|绝不|决不|不)"
    r"(跟您|跟你|和您|和你|给您|给你|对您|对你|向您|向你)?(说|讲|保证|答应|打包票|承诺|许诺)"
)


def declines_to_say(body: str) -> list[bool] | None:
    """Is the clause the trainee declining to say, vouch for or promise something ("今天的事我
    不能说全都烂在屋里")? Then the clause's mask: what it puts before 我 and the refusal are
    negated; the words declined are too, and their own negations turn back ("我不敢说基本不会
    亏" says it may lose money). None when the clause declines nothing."""
    declined = _DECLINES_TO_SAY.search(body)
    if declined is None or any(word in body for word in CANDOUR):
        return None
    if declined.start() > 0 and body[declined.start() - 1] in OBJECT_MARKERS:
        return None  # "跟我不说实话": 我 is not the subject
    said = body[declined.end() :]
    if len(said.strip(TAIL_FILLERS + " ")) < 2:
        return None
    return [True] * declined.end() + [not m for m in negation_mask(said)]


#: A topic put first is short ("华骏的账", "免三个月月租"); a longer clause says something.
TOPIC_CHARS = 12
#: Words that make a clause a statement of its own, not a topic put first.
STATING = ("要", "得", "需要", "必须", "应该", "会", "能", "可以", "已经")
#: How a finished statement ends: "那就多谢钱总了", "换卡麻烦是真的" are said, not put first
#: as a topic for the refusal after them.
FINISHED = tuple("了吧啊呀呢嘛的")
#: A clause that says what something is ("这是人家的隐私", "这个属于别的客户的信息", "那算违规"):
#: a refusal after it refuses an act on the thing, never what the thing is ("这个属于人家的信
#: 息，我不好讲" keeps the secret; it does not deny that the information is someone else's).
#: ("那个就是说…" is a filler, not a thing classified.)
CLASSIFIES = re.compile(
    r"\s*(这|那)(个|些|件事|事|种事)?(本来|本身|确实|毕竟|其实|可|就|也|都)?(是|属于|算是|算|涉及)(?!说)"
)


def classifies(previous: Clause) -> bool:
    """Does `previous`, a statement, say what something is (`CLASSIFIES`)?"""
    return not previous.question and CLASSIFIES.match(previous.text) is not None


def topic_before(previous: Clause, body: str) -> bool:
    """Is `previous` a topic that the trainee's refusal in `body` refuses: a question repeated
    ("一千八下个月能批？我可打不了这个包票"), or a bare phrase with no 我 of its own and nothing
    negated ("华骏的账，我私下也不会帮您看"), not a finished statement, not a condition, and the
    refusal not turning against it (可, 但, 不过 …)?"""
    if previous.condition or any(previous.negated):
        return False
    if body.lstrip().startswith((*CONTRASTS, "可")):
        return False
    if previous.question:
        return True
    text = previous.text.strip()
    return (
        len(text) <= TOPIC_CHARS
        and not any(w in text for w in ("我", "咱"))
        and not text.endswith(FINISHED)
        # "免月租这种事要走审批，我不能当场拍板": a clause that states something is no topic.
        and not any(w in text for w in STATING)
        and not classifies(previous)
    )


#: Negations that doubt rather than refuse.
HEDGES = ("不一定", "不见得", "未必", "说不定", "不代表", "不等于", "不一样")
PRO_LONGEST_FIRST = tuple(sorted(PRO_PREDICATES, key=len, reverse=True))


def only_refuses(body: str) -> bool:
    """Does the clause say no more than that it cannot or will not be done ("做不到的", "这个
    可不行", "办不了")? Its words besides the negation are pro-predicates and pointers only."""
    if any(hedge in body for hedge in HEDGES):
        return False  # "不一定能拿到" doubts, it does not refuse
    if verdict_only(body):
        return True
    rest = without_cues(body.strip())
    for word in ANAPHORA:
        rest = rest.replace(word, "")
    for word in PRO_LONGEST_FIRST:
        rest = rest.replace(word, "")
    return not rest.strip(TAIL_FILLERS + " ")


def trainee_negates(body: str, mask: Sequence[bool]) -> int | None:
    """Where the trainee's own negation starts, when the clause has 我 or 咱 as its subject with
    only adverbs before its last negation and that negation reaches the clause's end."""
    if not mask or not mask[-1]:
        return None
    starts = cue_starts(body)
    if not starts:
        return None
    last = starts[-1]
    return last if _said_by_trainee(body[:last]) else None


def speaker_refuses(body: str, mask: Sequence[bool]) -> bool:
    """Does the clause open with the trainee refusing: 我 or 咱 as the subject of its first
    negation, with only adverbs between ("我可不会把报告写得跟事实不一样")?"""
    if any(word in body for word in CANDOUR):
        return False
    starts = cue_starts(body)
    return bool(starts) and any(mask[starts[0] :]) and _said_by_trainee(body[: starts[0]])


_EVEN = re.compile(r"连[^，,。]{1,8}?(也|都)(?=[^，,。]{0,3}$)")


def _said_by_trainee(before: str) -> bool:
    """Do the words before a negation end with 我 or 咱 as its subject and adverbs only?"""
    subject = max(before.rfind("我"), before.rfind("咱"))
    if subject < 0 or (subject > 0 and before[subject - 1] in OBJECT_MARKERS):
        return False
    # "我连个大概也不会说", "我连一条都不能收": what 连…也 puts before the negation is its
    # object, stressed; the trainee still speaks.
    between = _EVEN.sub("", before[subject + 1 :].lstrip("们"))
    for word in (*ADVERB_WORDS, *REFUSER_ADVERBS):
        between = between.replace(word, "")
    return all(c in ADVERBS for c in between)


def points_back(body: str) -> bool:
    """Does a refusal name what it refuses by pointing back ("这个我做不到", "我不能这么说",
    "这话我不能讲")?"""
    opened = body.lstrip()
    return opened.startswith(ANAPHORA) or any(word in body for word in POINTERS)


#: "…？那得省公司点头", "…？这要总行批才行" (round twenty-one, v22's dev half): the move asked
#: back needs someone else's say-so, so the trainee does not make it here. (Not the client's:
#: "…？得您点头才行" leaves it to them.)
NEEDS_SAY_SO = re.compile(
    r"\s*(那|这)?(个)?(可|还|也)?(得|要|需要|必须)(先|经过|经)?(?![您你])[^，,。？?]{1,8}?"
    r"(点头|同意|批准|批|拍板|签字|盖章|首肯|松口|说了算)"
)


def rejects(body: str, mask: Sequence[bool]) -> bool:
    """Does a comment on what was put before it reject it: a negation that does not affirm
    ("那可使不得", "谈不上", "没人能担这个保"), or scorn ("那可拉倒吧", "…才怪")? A comment
    that turns against the rejection (但, 不过 …) does not."""
    if body.lstrip().startswith(CONTRASTS):
        return False
    if SCORN.search(body) is not None or LIES.search(body) is not None:
        return True  # "…才怪", "这种话我讲了就是误导您"
    if verdict_only(body):
        return True  # "…？一样是违规", "…？那不现实"
    if judges_ill(body):
        return True  # "…？那是拱火", "…？太冷了" (round twenty-two)
    if NEEDS_SAY_SO.match(body) is not None:
        return True  # "…？那得省公司点头"
    if not any(mask):
        return False
    return any(negation_mask(GOOD_NEWS.sub(lambda m: "好" * len(m.group(0)), body)))


def refusal_of(body: str) -> bool:
    """Is the clause a refusal: the trainee declining ("东西我不能收"), a bare refusal ("那可
    不行") or a verdict on what was said ("不现实")?"""
    own = negation_mask(body)
    return (
        trainee_negates(body, own) is not None
        or speaker_refuses(body, own)
        or bare_refusal(body, own)
        or verdict_only(body)
        or refused_topic(body, own) is not None
    )
