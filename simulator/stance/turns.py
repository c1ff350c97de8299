"""How a later clause turns back the ones before it.

A clause is first read on its own (`simulator.stance.clauses`); then what follows may turn
it: a refusal of the trainee's own after a request asked back, words taken back, a comment
that rejects what was named or quoted, a condition that only supposes saying something, or
saying it called a lie. Each function here reads the current clause against the clauses
found so far (`found`, as turned; `as_read`, as each first read) and turns them in place.
"""

from __future__ import annotations

import re
from dataclasses import replace

from simulator.stance.appraisals import (
    DEED_OPENS,
    WORDS_NAMED,
    foretells_harm,
    judges_ill,
    loses_relation,
    only_worse,
    opens_as_deed,
    redescribes_ill,
)
from simulator.stance.clause import Clause
from simulator.stance.conditions import is_condition
from simulator.stance.lexicon import (
    A_NOT_A,
    CONTRASTS,
    DARES,
    POINTED_NO,
    QUESTION_MARK,
    QUESTION_WORDS,
    TOPIC_ENDINGS,
)
from simulator.stance.refusals import (
    REPORTED,
    RETRACTION,
    refused_topic,
    rejects,
    speaker_refuses,
    trainee_negates,
)
from simulator.stance.scan import negation_mask
from simulator.stance.verdicts import (
    AUTHORITY_VERDICT,
    HARMS,
    LIES,
    MUST,
    NO_SUCH_THING,
    SCORN,
    WRONGS,
    only_points,
    verdict_only,
)

#: Speech acts a trainee may decline after a question ("我不会评论", "我不敢替您说").
SPEECH = re.compile(
    r"评论|评价|说|讲|透露|告诉|传|议论|打听|多嘴|回答|表态|打包票|保证|答应|嘴里|出口"
    # "连个大概我也不能漏" (round sixteen): letting it slip
    r"|漏|透底|交底"
)


#: Words that name what was just said ("这话我可不敢说").
WORDS_SAID = (
    "这话",
    "那话",
    "这种话",
    "那种话",
    "这句话",
    "那句话",
    "这句",
    "那句",
    # '"肯定没问题"这四个字' (round sixteen): the words counted out
    "这几个字",
    "这两个字",
    "这三个字",
    "这四个字",
    "这俩字",
    # "对面低价抢客、网络不行之类的话，我不在背后讲" (round twenty-two): words of a kind
    "之类的话",
    "一类的话",
    "这类话",
    "那类话",
)


#: A condition that would say something ("要说…", "要是说…", "如果跟您说…").
_SAY_IF = re.compile(r"(要是|要|如果|若是|假如|真要)(跟|和|对)?(您|你)?(说|讲)")


#: Marks that close a quotation.
#: Dashes that end a clause and put its words up for what follows to judge ("…再拿——这种事我
#:不干"), as a question mark does.
DASHES = ("—", "–", "―")
CLOSING_QUOTES = ('"', "”", "」", "』")


#: Quote marks around words said ("“十五个点我们一定做下来”").
_QUOTES = "\"'“”‘’「」『』—- "


#: Words that name a move put first as a topic ("下个月一定批下来这种话", "私下返点这种事").
NAMED_WORDS = (
    *WORDS_SAID,
    "这种事",
    "那种事",
    "这样的事",
    "这事",
    "这种承诺",
    "这个保证",
    # "两边下注那一招，我劝你别碰", "起诉查封那一套，今天不是来说的" (round twenty): a way of
    # doing things, named to be turned down
    "这一招",
    "那一招",
    "这招",
    "那招",
    "这一套",
    "那一套",
    "这套",
    "那套",
    "这种做法",
    "那种做法",
    "这种办法",
    "那种办法",
    "这条路",
    "那条路",
    # "…转给创意部，这种活儿，我不会再干了" (round twenty-four's tryout)
    "这种活儿",
    "这种活",
    "这活儿",
    "这种差事",
    "这种事儿",
    "这事儿",
    "那种事儿",
)


def turned_by_refusal(
    text: str, found: list[Clause], as_read: list[Clause], body: str, mask: list[bool]
) -> list[bool]:
    """A question just asked, turned by a refusal of the trainee's own after it: declined to
    say, refused in the trainee's words, named and declined, said not to exist or not to be the
    trainee's to decide."""
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
        and SPEECH.search(body, last) is not None
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
        and previous is as_read[-1]
        and not previous.question
        and not previous.condition
        and reports_saying(previous.text)
        and last is not None
        and (SPEECH.search(body, last) is not None or _JOINS.search(body, last) is not None)
    ):
        # "说晓雨不懂做生意，我不帮腔", "说摊子便宜有摊子的道理，我不说" (round twenty-two):
        # words reported, then declined by the trainee, are not said.
        found[-1] = replace(previous.denied(), question=False, refused=True)
    if (
        previous is not None
        and previous is as_read[-1]  # a refusal above denied it already: not back again
        and previous.question
        and not previous.condition
        and body.lstrip().startswith(WORDS_SAID)
        and any(mask)
        and SPEECH.search(body) is not None
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
        reverse_back(text, found)
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
    return mask


#: Words reported as said, the trainee's or anyone's ("说免费所以服务差", "反问您没问题怕什么
#: 查", "甩一句…"), not "说实话" and the like, which only open what the trainee says.
_SAYING = re.compile(
    r"(说|反问|(甩|回|来|撂)一?句)"
    r"(?!实话|实在|真的|句|白了|到底|起来|来|老实话|心里话|明白|清楚|一千道一万|回来|不定|好了)"
)


#: Words said at once or to someone's face ("一上来就说对面先低后涨", "张口就讲…").
_SAYING_RASHLY = re.compile(
    r"(一上来|上来|一进门|进门|一见面|见面|一开口|张口|开口|张嘴|当面|当众|劈头)(就)?"
    r"(跟[^，,。！!？?]{1,6})?(说|讲)(?!实话|清楚|明白)"
)


def reports_saying(text: str) -> bool:
    """Does the clause open by reporting words as said ("说免费所以服务差", "一上来就说…")?"""
    opened = text.lstrip()
    return _SAYING.match(opened) is not None or _SAYING_RASHLY.match(opened) is not None


#: The client's own doing, said back ("您再投两百万", "人家低价抢客"): judging it refuses no
#: move of the trainee's.
_CLIENTS_DEED = re.compile(r"(您|你|人家|他|她|客户|对方|对面|对家)(们)?(?!的)")
#: …unless the trainee is the one who acts in it ("人家给啥我跟啥": v29's dev half), not
#: only its object ("您给我打电话").
_TRAINEE_ACTS = re.compile(r"(?<![给跟对让叫和帮替找问请把被向])(我|咱)(们)?(?!的)")

#: "人家一知道", "老总一问细节", "消息传出去": the moment a deed comes out, between it and the
#: harm that follows.
_ONCE_KNOWN = re.compile(
    r"[^，,。！!？?]{0,8}一[^，,。！!？?]{1,6}|[^，,。！!？?]{1,8}(传出去|知道了|听说了|发现了|说出来|说出口|出口)"
)

#: A concession between a deed and what it costs ("嘴上是赢了", "面子倒是有了").
_CONCEDES = re.compile(
    r"[^，,。！!？?]{0,6}(是|倒是|算是)[^，,。！!？?]{0,4}(赢|痛快|爽|省事|有了|过瘾|解气)了?"
)

#: A kind of talk named ("这种话", "那类话"): what it points back to is words.
_KIND_OF_TALK = ("这种话", "那种话", "这样的话", "这类话", "那类话")

#: Words named as said ("这话说出来", "这句话一出口", "那话要是说了").
_WORDS_OUT = re.compile(
    rf"(?:{WORDS_NAMED}|(?:这|那)句)(?:一|要是|若是|真|要)?(?:说出来|说出口|出口|说了|讲出来)(?:了)?"
)
#: Where a sentence ends, between two clauses.
_SENTENCE_BREAK = re.compile(r"[。！!？?]")

#: A comment that names what it judges as words ("这话太没谱了", "这种话太虚").
_NAMES_WORDS = re.compile(WORDS_NAMED)
#: A bare "no" that points back ("那样可不行", "这可使不得", "那不行的").
_POINTED_NO = re.compile(POINTED_NO + r"(的|啊|呀|哦|了)?")
#: The trainee supposing they said something ("我要说…", "我要是说…", "我若跟您说…").
_SUPPOSES_SAYING = re.compile(
    r"(我|咱)(们)?(要|要是|若|如果|假如|真)(跟您|跟你|对您|给您)?(说|讲|答应|保证|拍胸脯)"
    # "人家刚说完不贷款，我再掏信用贷出来" (round twenty-four): the trainee's next step, supposed
    r"|(我|咱)(们)?(再|还)(去|来)?(掏|拿|推|提|讲|说|塞|劝|催|跟)"
)

#: What the trainee declines to join in ("…，我不帮腔", "…，我不干").
_JOINS = re.compile(r"帮腔|附和|掺和|跟着(说|讲)|干|做")


def taken_back(found: list[Clause], body: str, mask: list[bool]) -> list[bool]:
    """Words the trainee takes back ("刚才说稳赚不赔是我说错了"): denied, in this clause and in the
    reported words just before."""
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
    return mask


def rejecting_comment(
    text: str,
    found: list[Clause],
    as_read: list[Clause],
    body: str,
    mask: list[bool],
    asked: bool,
) -> None:
    """A comment that rejects what was put before it: a move asked back, words named or quoted,
    right before or a clause earlier."""
    previous = found[-1] if found else None
    consequence = _consequence(body)
    if (
        previous is not None
        and not as_read[-1].question
        and not as_read[-1].condition
        and body.lstrip().startswith(_KIND_OF_TALK)
        and rejects(body, mask)
    ):
        # "问题全在您自己、档位掉了怪不得别人，这种话我今天来可不是要跟您说的" (round
        # twenty-four's tryout): a kind of talk named is words, quoted or not, whatever their
        # own negations and whatever read them before; rejected, they are not said.
        said = as_read[-1]
        found[-1] = replace(
            rejected(said) if said.kind == "affirm" else said.denied(), refused=True
        )
        return
    if (
        previous is not None
        # a question that answers itself ("…？我拿什么担保啊") asks nothing
        and (not asked or consequence)
        # "…确认函吗？今年给钱的时间表定了没有": a second question, unmarked
        # ("…？背后损人一点用没有" says so, emphatically: no use at all)
        and (not body.endswith(("没有", "没", "吗", "么")) or _NONE_AT_ALL.search(body) is not None)
        and previous is as_read[-1]  # not already turned by a rule above
        and (
            echoes(previous, text)
            or (
                not previous.question
                and not previous.condition
                # "这点钱办不成这事": 这事 is the object of a negation of its own; words
                # named as said ("…不签就没了这种话") are quoted whatever they negate
                and previous.text.rstrip().endswith(
                    WORDS_SAID if any(previous.negated) else NAMED_WORDS
                )
                # a name alone in its clause ("…转给创意部，这种活儿，我不会再干了") points
                # back to the deed before it, which is what the refusal turns (below)
                and not (len(found) >= 2 and previous.text.strip(_QUOTES) in NAMED_WORDS)
            )
            # '翻旧账说"当初就提醒过您"，现在说这个有啥用': words quoted, then scorned
            or (
                not previous.question
                and not previous.condition
                and previous.text.rstrip().endswith(CLOSING_QUOTES)
                and (SCORN.search(body) is not None or LIES.search(body) is not None)
            )
        )
        # "以前是被银行坑过？要是不介意，…": a condition sets terms, it rejects nothing
        and not _sets_terms(body)
        and (
            rejects(body, mask)
            or (any(previous.negated) and _not_doing_wont_do(body))
            or (
                echoes(previous, text)
                and (names_it_ill(body) or foretells_harm(body) or redescribes_ill(body))
                and not _theirs(previous.text)
            )
        )
    ):
        # "四十万全买一个理财？那可使不得", "下周就带合同来签？谈不上": a move asked back,
        # then rejected in any words that negate and do not affirm ("没问题" affirms);
        # "全开不限量不加钱？我做不了这个主": one with negations of its own is said the
        # other way round. Words named as what is rejected ("保证好卖、卖不掉包退这种话，
        # 我可不敢跟您讲") are denied whole, their own negations with them.
        # A quotation not asked back is named words too ('翻旧账说"当初…"，有啥用').
        named = previous.text.rstrip().endswith(NAMED_WORDS) or (
            not previous.question and previous.text.rstrip().endswith(CLOSING_QUOTES)
        )
        found[-1] = replace(previous.denied(), question=False) if named else rejected(previous)
    elif (
        (echo := _echo_before(found, as_read, text, consequence)) is not None
        and not _sets_terms(body)
        and (rejects(body, mask) or names_it_ill(body))
        # a verdict on someone else's doing said back ("对家便宜二成？那是先拿低价钓鱼，…您可别
        # 中招") judges them; further back, only a rejection that points back to it rejects a
        # move ("…，我不敢这么应")
        and not _theirs(found[echo].text)
        and (
            echo == len(found) - 2
            or any(
                _POINTS_BACK.search(words.lstrip()) is not None
                for words in (*(c.text for c in found[echo + 1 :]), body)
            )
        )
    ):
        # "按大报表报上去？那是往火坑里跳，我可不陪": the rejection comes a clause later,
        # after a verdict the words alone do not read as one; the move asked back is
        # rejected all the same.
        found[echo] = rejected(found[echo])
        # the comments between are the trainee's own, not refused
        found[echo + 1 :] = as_read[echo + 1 :]
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
        found[-2] = rejected(found[-2])
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
        found[-1] = rejected(previous)
    elif (
        previous is not None
        and previous is as_read[-1]
        and previous.kind == "affirm"
        and not previous.condition
        and _JUDGED.match(body.lstrip()) is not None
        and (
            WRONGS.search(body) is not None
            or SCORN.search(body) is not None
            or LIES.search(body) is not None
            or HARMS.search(body) is not None
        )
    ):
        # "说对面信号差，那是往人家身上泼脏水", "推给施工挖断光缆，那是找借口" (round
        # eighteen): a statement, then named a wrong or scorned by a comment that points back
        # to it, is put up to be rejected, as a move asked back is. ("那不是针对您" judges
        # nothing wrong, and rejects nothing.)
        found[-1] = rejected(previous)
    elif (
        previous is not None
        and previous is as_read[-1]
        and previous.kind == "affirm"
        and not previous.condition
        and not previous.question
        and not previous.text.lstrip().startswith(("我", "咱"))
        and _POINTED_NO.fullmatch(body.strip()) is not None
    ):
        # "往好了写，那样可不行" (round twenty-six's cold tryout, dictated with no marks at
        # all): a statement, then a bare "no" pointing back to it, is refused as a move asked
        # back is.
        found[-1] = rejected(previous)
    elif (
        len(found) >= 2
        and previous is not None
        and previous is as_read[-1]
        and found[-2] is as_read[-2]
        and _WORDS_OUT.fullmatch(previous.text.strip(" ，,—-")) is not None
        and not asked
        and (foretells_harm(body) or loses_relation(body) or judges_ill(body))
    ):
        # "规定就是规定，我也没办法——这话说出来，人家的面子就彻底掉地上了" (round twenty-four,
        # v25's dev half): words, named as said, then the harm they would do; the words are
        # denied whole, back to where the sentence starts.
        j = len(found) - 2
        while j >= 0:
            found[j] = replace(as_read[j].denied(), question=False, refused=True)
            if j == 0:
                break
            gap = text[found[j - 1].start + len(found[j - 1].text) : found[j].start]
            if _SENTENCE_BREAK.search(gap) is not None:
                break
            j -= 1
    elif (
        previous is not None
        and previous is as_read[-1]
        and not previous.condition
        # words reported may ask ("反问您没问题怕什么查，那是拱火"): they are what was said;
        # words with negations of their own named and judged ("规定就是规定谁来都没用，这话太
        # 硬了", v27's dev half) are words all the same
        and (
            reports_saying(previous.text)
            or previous.kind == "affirm"
            or (_NAMES_WORDS.match(body.lstrip()) is not None and judges_ill(body))
            # a deed with words of its own put up and judged ('跟她争"赶我走问题永远解决不
            # 了"，只会被赶得更快')
            or (
                DEED_OPENS.match(previous.text.lstrip()) is not None
                and (judges_ill(body) or only_worse(body))
            )
        )
        and (
            # words named and judged ("您定哪天都行这话太没谱了") are words, whoever they name
            _NAMES_WORDS.match(body.lstrip()) is not None
            or (
                (
                    _CLIENTS_DEED.match(previous.text.lstrip()) is None
                    or _TRAINEE_ACTS.search(previous.text.lstrip(), 2) is not None
                )
                # "我们这么久才露面，实在不像话": the trainee's own doing judged is an apology;
                # "我要说十五个点我能做主，那是吹牛" reports words, as "说…" does
                and (
                    not previous.text.lstrip().startswith(("我", "咱"))
                    or _SUPPOSES_SAYING.match(previous.text.lstrip()) is not None
                )
            )
        )
        and (
            judges_ill(body)
            or (
                not asked
                and (
                    DEED_OPENS.match(previous.text.lstrip()) is not None
                    # "聊了一个钟头最后塞张申请表，前面攒的那点信任全白搭了" (round twenty-four):
                    # the relationship lost needs no deed's opening, unless the deed is a
                    # clause further back ("冲人家说…，好心送烟反被训，这关系就彻底凉了")
                    or (
                        loses_relation(body)
                        and (len(found) < 2 or DEED_OPENS.match(found[-2].text.lstrip()) is None)
                        and _ONCE_KNOWN.fullmatch(previous.text.strip()) is None
                    )
                )
                and (redescribes_ill(body) or foretells_harm(body) or only_worse(body))
            )
        )
    ):
        # "让您下周直接签合同，这是逼单", "说各家都一样防不住，那是推卸", "光说一句回去等
        # 消息就走，不像样" (round twenty-two): a deed said, then appraised as ill by a comment
        # that is only that, is put up to be rejected. Words reported as said ("说晓雨不懂…")
        # are denied whole, their own negations with them. The client's own doing judged
        # ("您再投两百万，那是胡来") refuses no move of the trainee's, and the trainee's own
        # ("我们这么久才露面，实在不像话") is owned, not refused.
        found[-1] = replace(
            replace(previous.denied(), question=False)
            if reports_saying(previous.text) or previous.kind != "affirm"
            else rejected(previous),
            refused=True,
        )
    elif (
        len(found) >= 2
        and previous is not None
        and previous is as_read[-1]
        and found[-2] is as_read[-2]
        and found[-2].kind == "affirm"
        and not found[-2].condition
        and not asked
        and (
            (
                opens_as_deed(found[-2].text)
                # between the deed and what it brings: the moment it comes out, a concession
                # ("嘴上是赢了"), a question it raises ("康复费从哪儿取"), or nothing needed
                # when the relationship is lost
                and (
                    _ONCE_KNOWN.fullmatch(previous.text.strip()) is not None
                    or _CONCEDES.fullmatch(previous.text.strip()) is not None
                    or previous.question
                    or loses_relation(body)
                )
                and (foretells_harm(body) or judges_ill(body))
            )
            # "签了别怪我们没提醒，这话一出口，六年交情就剩一句威胁": the words said, and the
            # relationship lost
            or (
                _ONCE_KNOWN.fullmatch(previous.text.strip()) is not None
                and loses_relation(body)
                and foretells_harm(body)
            )
        )
    ):
        # "绕过客户直接打对方财务，人家采购一知道，他的生意可能就没了" (round twenty-three,
        # v24's dev half): the deed, when it comes out, and the harm that follows.
        found[-2] = replace(rejected(found[-2]), refused=True)
    elif (
        previous is not None
        and previous is as_read[-1]
        and previous.kind == "affirm"
        and not previous.condition
        and previous.text.rstrip().endswith(_DONE)
        and "就" in body
        and consequence
    ):
        # "这钱拿了，我这身工装就穿不下去了", "这顿饭吃下去，往后报告就没人信" (round twenty): a
        # deed supposed done, then what would follow, scorned: the deed is not done.
        found[-1] = rejected(previous)


def supposed(
    text: str,
    found: list[Clause],
    as_read: list[Clause],
    body: str,
    start: int,
    mask: list[bool],
) -> None:
    """Words a condition only supposes the trainee saying, declined or judged after it ("要说…，
    我说不出口", "我要是跟您说…，那就是…"): not said."""
    previous = found[-1] if found else None
    speaks = trainee_negates(body, mask)
    if (
        previous is not None
        and previous is as_read[-1]
        and _SAY_IF.match(previous.text.lstrip()) is not None
        and speaks is not None
        and SPEECH.search(body, speaks) is not None
    ):
        # '要说"那是市政挖断光缆、不怪我们"，我说不出口': what the condition would say is
        # declined, so it is not said.
        found[-1] = replace(previous.denied(), condition=False, refused=True)
    opened = body.lstrip()
    if _SO_THAT_IS.search(opened) is not None and _TAKES_UP.search(opened) is None:
        said_if = _supposed_saying(found, as_read, text, start)
        if said_if is not None:
            # '我要是现在跟您喊"上！我们贷给您"，那就是只顾着卖贷款了': what the condition
            # would say, with the quotation it opens, is supposed only, and not said.
            for j in range(said_if, len(found)):
                found[j] = replace(found[j].denied(), question=False, condition=False, refused=True)
            before = found[said_if - 1] if said_if > 0 else None
            if (
                before is not None
                and before is as_read[said_if - 1]
                and not before.condition
                and any(w in found[said_if].text for w in SAID_POINTERS)
                and (echoes(before, text) or _quoted(before.text))
            ):
                # '"两百万没问题"——这话我要是说出口，那才是害了您', "拼了命也批下来？我要是这么
                # 说，那是…": the words the condition points back to, quoted or asked back.
                found[said_if - 1] = rejected(before)


def lie_if_said(
    found: list[Clause], body: str, mask: list[bool], asked: bool
) -> tuple[list[bool], bool, bool]:
    """The clause's condition, and saying it called a lie ("这种话我要是说了就是骗您"): the clause,
    and what it names just before, are denied. Returns the mask, whether it asks, and whether
    it is a condition."""
    condition = is_condition(body)
    previous = found[-1] if found else None
    if LIE_IF_SAID.search(body) is not None and (
        (previous is not None and previous.question)
        or any(w in body for w in SAID_POINTERS)
        # '"肯定没问题"这四个字，我要是说了那是骗您': the words named just before
        or (previous is not None and previous.text.rstrip().endswith(WORDS_SAID))
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
        found[-1] = replace(previous.denied(), condition=False, refused=previous.condition)
        before = found[-2] if len(found) >= 2 else None
        if (
            not previous.condition
            and before is not None
            and before.question
            and not any(before.negated)
        ):
            found[-2] = replace(before.denied(), question=False)
    return mask, asked, condition


#: Marks that open a quotation.
_OPENING_QUOTES = ('"', "“", "「", "『")


def quoted_whole(found: list[Clause], as_read: list[Clause]) -> None:
    """A quotation refused as a whole: when the clause that closes it was turned ("…亏了算我的”，
    这种话我要是说了就是骗您"), so are the clauses before it back to the one that opens it
    ("“保本保收益")."""
    for i, clause in enumerate(found):
        first = as_read[i]
        said = first.text.strip().rstrip("—-")
        if clause is first and _closes_before_refusal(first.text):
            # '“三百万肯定没问题，下周就放”这种话我不能说': the closing mark and the refusal
            # in one clause; the clauses of the quotation before it are refused with it.
            said = first.text[: _closing_mark(first.text) + 1]
        elif clause is first or not said.endswith(CLOSING_QUOTES):
            continue
        if _opens_quote(said[:-1]):
            continue  # the quotation opens in this clause ('至于"那一份"')
        # Only back to the clause that opens it: none there, the marks are not a quotation.
        opening = next((j for j in range(i - 1, -1, -1) if _opens_quote(found[j].text)), None)
        if opening is None or any(
            found[j] is not as_read[j]
            or found[j].question
            # a condition only where it supposes the words said ("要是我跟您说“…，…”，那是骗您")
            or (found[j].condition and (j != opening or SAID_IF.search(found[j].text) is None))
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


def _quoted(text: str) -> bool:
    """Are the words set off as said, by quote marks or a dash at either end ('"两百万没问题"——',
    "两周内一定放款——")?"""
    return text.strip(_QUOTES) != text


def _closing_mark(text: str) -> int:
    """Where the first closing quotation mark of `text` is (-1: none)."""
    return min((at for at in map(text.find, CLOSING_QUOTES) if at >= 0), default=-1)


def _closes_before_refusal(text: str) -> bool:
    """Does the clause close a quotation opened before it, then refuse the words as a topic
    ("下周就放”这种话我不能说")?"""
    closing = _closing_mark(text)
    if closing <= 0 or _opens_quote(text[:closing]):
        return False
    topic = refused_topic(text, negation_mask(text))
    return topic is not None and topic > closing


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
SAID_IF = re.compile(
    r"(要是|如果|若是|假如|真要|要)[^，,]{0,6}?(说|讲|喊|答应|应了|应下|保证|打包票|拍胸脯)"
)


#: The opening of a comment that points back and says what it was: "那", "这", perhaps who it
#: would make ("那我"), perhaps an adverb ("那就", "这可"). `_JUDGED`, `_NAMES_IT` and
#: `_SO_THAT_IS` go on from it, each to its own copulas.
_POINTER = r"^(那|这)(我|您|你)?"
_POINTER_ADVERB = r"(就|可|也|才|纯粹|纯属)?"


#: A comment that points back and names what it was ("那是…", "这就叫…", "那我就等于…"), or
#: says it would make the trainee no different from someone ("那我跟以前那些人还有什么两样").
_JUDGED = re.compile(
    _POINTER
    + _POINTER_ADVERB
    + r"(是|叫|等于|成了|算|(跟|和|与)[^，,。]{1,12}?(有|没)(什么|啥|何)(两样|区别))"
)


#: A comment on a move asked back that calls it something ("把孙总原话学给你听？那我成传声筒了",
#: "…？那是给自己挖坑", "…？那不是把人往火坑里推嘛"): the trainee names the move in order not
#: to make it, unless the name is a good one ("…？那正好", "…？那是应该的").
_NAMES_IT = re.compile(
    _POINTER
    + _POINTER_ADVERB
    # "那成" takes the move up: 成 names only with 了 or a pronoun before it ("那我成传声筒了")
    + r"(?:(?P<asks>岂不|不就|不)(是|成了|等于)|是|叫|等于|成了"
    + r"|(?<=[我您你])成(?![吧啊呀嘛，,。！!])|算|变成)"
)
#: Names that are good ones: the move asked back is taken up, not rejected.
_WELL_NAMED = re.compile(
    r"正好|正合适|合适|好事|不错|没错|应该|应当|对的|值得?|划算|在理|有道理|好办|稳妥|靠谱|放心"
    r"|当然|必须|理所|天经地义|没问题|小事|常事|正常|规矩|原则|本分|分内|职责"
)


def names_it_ill(body: str) -> bool:
    """Does a comment name what was asked back as something to keep clear of: it points back
    ("那是", "这就叫", "那我成了"), and the name is not a good one? A name asked as a question
    ("那不就是…嘛") counts only put rhetorically, ending 嘛/吗/么/吧."""
    opened = body.strip()
    named = _NAMES_IT.match(opened)
    if named is None or _WELL_NAMED.search(opened) is not None:
        return False
    rhetorical = opened.rstrip("？?！!。.").endswith(("嘛", "吗", "么", "吧"))
    return named.group("asks") is None or rhetorical


#: What saying it would make of the trainee ("我要是跟您喊'上'，那就是只顾着卖贷款了"): a
#: consequence drawn from words only supposed, which are therefore not said.
_SO_THAT_IS = re.compile(_POINTER + r"(就|可|也|才|岂不|不就)?(是|等于|成了|叫|算)")


def rejected(clause: Clause) -> Clause:
    """Words a comment rejects: denied whole, or, when they negate something themselves
    ("三年不涨价？", '"你家不卖别人也卖"'), said the other way round; asked no more either
    way."""
    if any(clause.negated):
        return clause.reversed()
    return replace(clause.denied(), question=False)


def echoes(clause: Clause, text: str) -> bool:
    """Is `clause` a move asked back ("四十万全买一个理财？", "私下给您送手机？"): a question
    marked as one, not a yes-or-no put to the client ("…好点没？", "…好吗？"), not a
    whether-or-not and asking no what or when?"""
    after = text[clause.start + len(clause.text) : clause.start + len(clause.text) + 2]
    return (
        clause.question
        and (QUESTION_MARK.search(after) is not None or clause.text.rstrip().endswith(DASHES))
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


#: A question word made a "whoever, whatever" by 也 or 都 ("谁也不得罪", "您要什么我都答应"): it
#: asks nothing.
_UNIVERSAL = re.compile(r"(谁|什么|哪儿|哪里|哪|怎么|多少)[^，,。?？]{0,3}?(也|都)")


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


#: Someone else's doing said back ("对家便宜二成？", "塞钱给我？"): a verdict on it ("那是先拿低价
#: 钓鱼", "这算贿赂") judges them, and refuses no move of the trainee's.
_THEIRS = re.compile(r"^(对家|对面|对方|他们|人家|那家|别家|隔壁|同行)|(给|找|跟|冲|朝)我(?!们)")


#: The trainee as the one who acts ("人家低十八万我就低二十万？"), not as the one acted on.
_MINE = re.compile(r"(?<![给找跟冲朝])我(?!们)")


def _theirs(asked: str) -> bool:
    """Is the move asked back someone else's doing, not one the trainee would make?"""
    return _THEIRS.search(asked.lstrip()) is not None and _MINE.search(asked) is None


#: "Not … at all" ending a clause ("一点用没有", "半点好处都没有"): a statement, not a question
#: left unmarked.
_NONE_AT_ALL = re.compile(r"(一点|一丁点|半点|丝毫)[^，,。]{0,3}(都|也)?没有?$")


#: Words that point back to what was said before ("我不敢这么应", "那种事不能干").
_POINTS_BACK = re.compile(r"^(那|这)|(这|那)(么|样|个|种|事|话|招|步|句|套)")


#: How many comment clauses may stand between a move asked back and the clause that rejects it
#: ("周一全套新稿？熬通宵赶出来的东西，跟生米煮成夹生饭一个样，我不敢这么应").
ECHO_REACH = 3


def _echo_before(
    found: list[Clause], as_read: list[Clause], text: str, consequence: bool = False
) -> int | None:
    """The index of a move asked back up to `ECHO_REACH` clauses before the current one, with
    only comments between that neither take it up nor ask, nor turn ("按大报表报上去？那是往
    火坑里跳，…"), and that no rule has turned already. Before a `consequence` (scorn, a lie
    named), a condition between is part of the comment ("…？万一不批，谁替您兜着")."""
    for echo in range(len(found) - 2, max(-1, len(found) - 2 - ECHO_REACH), -1):
        candidate = found[echo]
        if candidate is not as_read[echo] or any(
            not _only_comments(between, text)
            and not (
                consequence
                and between.condition
                and _only_comments(replace(between, condition=False), text)
            )
            for between in as_read[echo + 1 :]
        ):
            return None
        if echoes(candidate, text):
            return echo
    return None


#: How a clause supposes a deed done, for a consequence after it ("这钱拿了，…就…").
_DONE = ("了", "下去", "出去", "出口")


def _consequence(body: str) -> bool:
    """Does the clause name what would follow, as scorn or a lie ("谁替您兜着", "您找谁哭去")?"""
    return SCORN.search(body) is not None or LIES.search(body) is not None


def _only_comments(between: Clause, text: str) -> bool:
    """Is a clause after a move asked back only a comment on it, within the same sentence: it
    does not ask, set a condition, turn (但, 不过 …), take the move up, take words back, or
    name words of its own?"""
    gap = text[between.start + len(between.text) : between.start + len(between.text) + 2]
    return not (
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
    )


def reverse_back(text: str, found: list[Clause]) -> None:
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


#: Words that name something said before ("我刚才那句保证", "那话"): a retraction right after
#: takes back the clause they are in.
REPORTED_WORDS = (*REPORTED, "那句", "这句", "那话", "这话")
