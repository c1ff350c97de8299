"""An answer read clause by clause: each clause's stance, and how a refusal or a verdict
turns back the clause it follows."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from simulator.stance.appraisals import WORDS_NAMED, judges_ill
from simulator.stance.clause import Clause
from simulator.stance.lexicon import (
    A_NOT_A,
    CLAUSE_MARKS,
    CONCESSION_CUES,
    CONTRASTS,
    DISMISSAL,
    QUESTION_MARK,
    RHETORICAL_RE,
    TITLES,
    TOPIC_ENDINGS,
)
from simulator.stance.questions import asks, put_back
from simulator.stance.refusals import (
    HEDGES,
    NAMED_BY_POINTER,
    bare_refusal,
    classifies,
    declines_to_say,
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
from simulator.stance.turns import (
    CLOSING_QUOTES,
    DASHES,
    NAMED_WORDS,
    SPEECH,
    echoes,
    lie_if_said,
    quoted_whole,
    rejected,
    rejecting_comment,
    reverse_back,
    supposed,
    taken_back,
    turned_by_refusal,
)
from simulator.stance.verdicts import (
    AUTHORITY_VERDICT,
    HARM_VERDICT,
    MUST,
    SCORN,
    VERDICT,
    deed_verdict,
    only_points,
    verdict_only,
)

#: A question that asserts: 不是/不就/不正好 … 吗/嘛 after a pointer or a person ("这不是挺好的
#: 吗", "您这不是害我吗", "那不就结了嘛"); "你不去吗" asks.
_AFFIRMING_QUESTION = re.compile(
    r"(?:^|[这那它您你他她我咱])(?:可|也)?不(?:是|就|正|正好|刚好|也)[^,，。?？!！]*(?:吗|嘛|么)$"
)


#: Committing to something, before a harm said of it ("硬答应下来就是坑您").
_COMMITS = re.compile(r"答应|应下|保证|承诺|打包票|拍胸脯|说|讲|报|写")

#: "谁说…？": the claim that follows is nobody's, and so denied.
_WHO_SAYS = re.compile(r"\s*(谁说|谁讲|谁告诉(您|你)|谁跟(您|你)说)(的)?")

#: What opens a comment on words a dash put up: a pointer back, or scorn.
_JUDGES = re.compile(r"(这|那|拉倒|算了吧|得了吧|免谈|休想|甭想|省省吧|想得美|开玩笑)")

#: A clause that only addresses someone ("冯哥", "刘老师", "王总").
_VOCATIVE = re.compile(r"[\u4e00-\u9fff]{0,3}?(" + "|".join(TITLES) + ")")
#: A clause that only greets, or greets whom it addresses ("刘先生您好", "王总，您好", "您好").
_GREETING = re.compile(
    r"(?:[\u4e00-\u9fff]{0,3}?(?:" + "|".join(TITLES) + r"))?[,，、\s]*"
    r"(?:您好|你好|大家好|早上好|上午好|中午好|下午好|晚上好)"
)


def addresses_only(text: str) -> bool:
    """Does `text` (one clause) only address or greet someone ("刘先生您好", "冯哥")? Such a
    clause says nothing a principle could be quoted on."""
    body = text.strip().rstrip(" \t。．.!！?？;；,，、:：\n…")
    return bool(body) and (
        _VOCATIVE.fullmatch(body) is not None or _GREETING.fullmatch(body) is not None
    )


#: An aside that takes no stance of its own ("说实话", "讲真", "老实说"): the clauses on either
#: side of it read each other as if it were not there.
_ASIDE = re.compile(
    r"(说|讲)(句)?(实话|真的|心里话|老实话)|实话(实说|说)|老实(说|讲)|讲真|坦白(说|讲)|不瞒(您|你)说"
)


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
    pieces = [part for s, e in pieces for part in _appraised_within(text, s, e)]
    put_up: list[int] = []  # clauses a dash put up: asked only if what follows turns them
    for s, e in pieces:
        piece = text[s:e]
        body = piece.rstrip(" \t。．.!！?？;；,，、:：\n…")
        if (
            not any(c.isalnum() for c in body)
            or _VOCATIVE.fullmatch(body.strip().rstrip("".join(DASHES)))
            or _ASIDE.fullmatch(body.strip()) is not None
        ):
            # "冯哥，": whom the words address takes no stance, and refuses nothing; nor does
            # the second dash of "——" or a lone quote mark, which stood between a quoted promise
            # and "这句话我说不出口".
            continue
        if (
            found
            and found[-1].text.rstrip().endswith(DASHES)
            and not found[-1].question
            and _JUDGES.match(body.lstrip()) is not None
        ):
            # "东西先放着等批了再拿——这种事我不干": a dash puts the words before it up for a
            # comment that points back or scorns to judge, as a question mark does; unjudged,
            # they are said. ("…千万别沾——系统外头来的不是走私就是冒牌" explains, and judges
            # nothing.)
            put_up.append(len(found) - 1)
            found[-1] = as_read[-1] = replace(found[-1], question=True)
        read, read_piece = body, piece  # the clause as its stance is read
        pair = put_back(body, text, e)
        if pair is not None:
            # "这个价我能不能做主，您心里也有数": the answer the client knows is the pair's
            # negative half, and the clause is read as "这个价我不能做主", asking nothing.
            read = read_piece = body[:pair] + "\u3000" + body[pair + 1 :]
        mask, asked = _own_stance(text, found, read_piece, read)
        mask = turned_by_refusal(text, found, as_read, read, mask)
        mask = taken_back(found, read, mask)
        rejecting_comment(text, found, as_read, read, mask, asked)
        supposed(text, found, as_read, read, s, mask)
        mask, asked, condition = lie_if_said(found, read, mask, asked)
        said = _WHO_SAYS.match(body)
        if said is not None and QUESTION_MARK.search(piece) is not None:
            # "谁说电费不重要？": the claim, asked back as nobody's, is rejected as a move
            # asked back is ("电费不重要？那可不对"): its own negations turn back.
            claim = body[said.end() :]
            echo = Clause(body, s, (False,) * said.end() + tuple(negation_mask(claim)), True, False)
            found.append(replace(rejected(echo), refused=True))
            as_read.append(echo)
            continue
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
    quoted_whole(found, as_read)
    for k in put_up:
        if found[k] is as_read[k]:
            found[k] = as_read[k] = replace(found[k], question=False)  # nothing judged them
    read = [
        replace(clause, refused=True)
        if clause is not first
        # "您是给刘老三代订吧？": a guess put to the client, to be agreed with, names no move
        and (
            (echoes(first, text) and not first.text.rstrip().endswith("吧"))
            or first.text.rstrip().endswith(NAMED_WORDS)
            or (not first.question and first.text.rstrip().endswith(CLOSING_QUOTES))
        )
        and clause.negated != first.negated
        else clause
        for clause, first in zip(found, as_read, strict=True)
    ]
    _refused_whole(text, read, as_read)
    _refused_sayings(text, read)
    _mentioned(text, read)
    _passed_over(read)
    return tuple(read)


#: "与其…，不如…", "比起…，我宁可…": what comes first is passed over for what follows.
_RATHER_THAN = re.compile(r"\s*(与其|比起|与其说)")
_RATHER = re.compile(
    r"\s*(那)?(还)?(不如|倒不如|还不如|宁可|宁愿|我宁可|我宁愿|我倒宁可|我更愿意|我更想)"
)


def _passed_over(read: list[Clause]) -> None:
    """The move passed over for another ("与其让行长约董事长吃饭，不如帮您准备一份试点方案",
    round twenty-three): the clause that opens with 与其 or 比起 is refused when the next one
    prefers something else; the preferred one stands as said."""
    for k in range(len(read) - 1):
        if _RATHER_THAN.match(read[k].text) is None or read[k].refused:
            continue
        # what is passed over may run to a few clauses ("与其跟您说什么政策偏向大户、人家有门
        # 路，不如…", round twenty-four's tryout): up to the one that prefers
        for then in range(k + 1, min(len(read), k + 1 + _PASSED_OVER_REACH)):
            if _RATHER.match(read[then].text) is not None:
                for j in range(k, then):
                    read[j] = replace(read[j].denied(), question=False, refused=True)
                break


#: How many clauses a move passed over may run to before the one preferred.
_PASSED_OVER_REACH = 3


#: Quote marks, opening and closing (the ASCII '"' does both, in turn).
_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", '"': '"'}
#: What ends a clause before a quotation.
_BEFORE_QUOTE = "，,。！!？?；;：:\n"
#: Whose words they are, when the quotation's own clause names them: the trainee's ("我记一笔
#: '不够抓人'") or the client's ("您说'太贵了'") are words used, or answered.
_OWN_OR_ADDRESSED = re.compile(r"我|咱|您|你")
#: A lead-in that says the words are said ("一句", "吓唬客户", "说晓雨", "只报个", "拿").
_SAYS_OR_COUNTS = re.compile(
    r"(说|讲|骂|喊|嚷|问|回|甩|吓唬|报|念|拿|劝)[^的]*$|(一句|一声|一连串|一通|句|这种|那种|所谓的|所谓)$"
)
#: A lead-in that ends by saying or naming the words, so that even a word or two quoted is words.
_SAID_AS_WORDS = re.compile(r"(说|讲|骂|喊|嚷|一句|一声|这种|那种|所谓的|所谓)$")
#: The quoted words are all it takes ("读那句'我都懂了'就完事"): the move is made, not judged.
_ALL_IT_TAKES = re.compile(r"\s*(就完事|就行|就好|就可以|就成|就得了|即可|就够)")
#: How long the lead-in to a quotation may be, and how much must follow it, for the words to be
#: mentioned and commented on.
_LEAD_MAX = 8
_COMMENT_MIN = 4
_QUOTED_MIN = 4
#: How far either side of a quotation its lead-in and its comment are looked for.
_LOOK = 40


def _quotations(text: str) -> list[tuple[int, int]]:
    """The spans (opening mark, closing mark) of the quotations in `text`."""
    spans = []
    i = 0
    while i < len(text):
        closing = _QUOTE_PAIRS.get(text[i])
        if closing is None:
            i += 1
            continue
        end = text.find(closing, i + 1)
        if end < 0:
            break
        spans.append((i, end))
        i = end + 1
    return spans


def _mentioned(text: str, read: list[Clause]) -> None:
    """Words quoted, then commented on ('"工人的事我管不了"，这话冷得跟冰碴子似的', '一句"法就是
    法"甩过去，…人家一个字也听不进', '拿"吃肉长胖"开玩笑，…笑不出来'): the trainee talks about
    the words, and does not say them (round twenty-three, v24's dev half). The quotation opens
    its clause, or follows a short lead-in that is nobody's but a third party's ("吓唬客户",
    "说晓雨", "一句"); a comment of some length follows it."""
    k = 0  # clauses and quotations are both in order: each is looked at a bounded number of times
    for opening, closing in _quotations(text):
        quoted = sum(c.isalnum() for c in text[opening + 1 : closing])
        if quoted < 2:
            continue
        # Only a few characters either side are read, so a long paste costs what a clause does.
        window = max(0, opening - _LOOK)
        lead_start = max(text.rfind(mark, window, opening) for mark in _BEFORE_QUOTE) + 1
        if lead_start == 0 and window > 0:
            continue  # no clause mark near: the lead-in is longer than a lead-in
        lead = text[lead_start:opening].strip()
        if (
            len(lead) > _LEAD_MAX
            or _OWN_OR_ADDRESSED.search(lead) is not None
            or (lead and _SAYS_OR_COUNTS.search(lead) is None)
            # a word or two quoted is a topic ('"没感觉"创意那边执行不了', '二来"正品"没人能担
            # 保'), unless said or named as words ('骂人家"拉关系"', '这种"全做"')
            or (quoted < _QUOTED_MIN and _SAID_AS_WORDS.search(lead) is None)
        ):
            continue  # "那位老师傅嘴里的'三个月'": words named as a topic, to ask about
        after = text[closing + 1 : closing + 1 + _LOOK]
        rest = re.split(f"[{_BEFORE_QUOTE}]", after, maxsplit=1)[0]
        if (
            sum(c.isalnum() for c in after) < _COMMENT_MIN
            or _ALL_IT_TAKES.match(after)
            or _OWN_OR_ADDRESSED.search(rest) is not None
        ):
            continue  # "'平淡、没味儿'我记本子上": the trainee does something with the words
        while k < len(read) and read[k].start + len(read[k].text) <= opening:
            k += 1
        j = k
        while j < len(read) and read[j].start <= closing:
            if not read[j].refused:
                read[j] = replace(read[j].denied(), question=False, refused=True)
            j += 1


#: A pointer that opens an appraisal inside a clause ("干等华骏那是坐以待毙").
_APPRAISAL_OPENS = re.compile(
    r"(那|这)(样|么做|么干)?(就|可|也|才|纯粹|纯属|简直|真)*(是|叫|算|等于|成了)"
    # words named, then judged ("有空再来这种话太虚", "您定哪天都行这话太没谱了": round
    # twenty-three)
    + rf"|{WORDS_NAMED}(就|可|也|才|简直|真|实在)*(是|叫|算|等于|成了|太|也太|可太|过于|未免太)"
    # words quoted, then judged with no comma between ('一句"不归我管，打客服"太冷了': v29's
    # dev half)
    + r'|(?<=["”」』])(就|可|也|实在)*(太|也太|可太|过于|未免太)'
)


def _appraised_within(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The piece `text[s:e]` as one clause, or two where a deed is said and then appraised as
    ill with no comma between ("干等华骏那是坐以待毙": the deed, then "那是坐以待毙")."""
    piece = text[s:e]
    # A comment is a few words: only the piece's last ones are looked at (a pasted page
    # costs no more than a clause).
    tail = max(0, len(piece) - _COMMENT_REACH)
    for opened in _APPRAISAL_OPENS.finditer(piece, tail):
        if (
            opened.start() >= 2
            and not piece.lstrip().startswith(("我", "咱"))
            and judges_ill(piece[opened.start() :].rstrip(_CLOSING))
        ):
            return [(s, s + opened.start()), (s + opened.start(), e)]
    return [(s, e)]


_CLOSING = " \t。．.!！?？;；,，、:：\n…"
#: How far from a piece's end an appraisal inside it may start.
_COMMENT_REACH = 24

#: The trainee refusing to say something ("我不会甩一句…", "我不会一句…就撒手", "工人的事我不能
#: 说跟我没关系"), perhaps after a topic:
#: what follows the refusal, in the clause or quoted in the next, is named to be refused.
_REFUSES_SAYING = re.compile(
    r"\s*(?:[^，,。我咱]{1,8}?)?(我|咱)(们)?[可也绝对从来决都再]*(不会|不能|不敢|不想|没法|不)(再)?"
    r"(?:(跟|对|给|同|冲)(您|你))?(?P<verb>(甩|撂|丢|来|回|说|讲)(出)?(一)?句|一句|说|讲)"
    r"[：:]?(?P<words>.*)"
)


#: A kind of talk, not words said ("我不说人家坏话", "我不会说假话"): declining it names no move.
_KIND_OF_TALK = re.compile(
    r"(坏话|假话|空话|大话|狠话|瞎话|闲话|谎话|谎|废话|套话|官话|软话|硬话)$"
)


#: To whom something is not said ("给那边听", "出去"), not what.
_TO_WHOM = re.compile(r"(给|跟|对|向|同|和)[^，,。]{0,6}(听|知道|说|讲)|出(去|来)[^，,。]{0,4}")


def _refused_sayings(text: str, read: list[Clause]) -> None:
    """Words the trainee refuses to say are named only to be refused: "我不会一句省公司的事我
    管不了就撒手", "我不会甩一句'数据都对不上还问我'" (round twenty-two). Words of four
    characters or more, in the clause or, after a verb that ends it, the next clause of the
    sentence."""
    for k, clause in enumerate(read):
        refusal = _REFUSES_SAYING.fullmatch(clause.text.rstrip(_CLOSING))
        if refusal is None or clause.question or clause.condition or not any(clause.negated):
            continue
        words = refusal.group("words").strip(" “”\"'「」")
        if (
            len(words) >= 4
            and _KIND_OF_TALK.search(words) is None
            # "…我也不会讲给那边听": to whom it is not said, not what
            and _TO_WHOM.fullmatch(words) is None
        ):
            read[k] = replace(clause.denied(), question=False, refused=True)
        elif not words and "句" in refusal.group("verb") and k + 1 < len(read):
            # "我不会甩一句'…'": the words quoted after it ("我不会跟你讲，也不会…" goes on
            # refusing, and names nothing)
            after = read[k + 1]
            gap = text[clause.start + len(clause.text) : after.start]
            if (
                _SENTENCE_END.search(gap) is None
                and len(after.text.strip(_CLOSING + "“”\"'「」")) >= 4
            ):
                read[k + 1] = replace(after.denied(), question=False, condition=False, refused=True)


#: Where a sentence ends: a move asked back does not reach across one.
_SENTENCE_END = re.compile(r"[。．.!！?？;；\n]")
#: How many clauses before a refused question a move asked back may span.
_ASKED_SPAN = 3


def _refused_whole(text: str, read: list[Clause], as_read: list[Clause]) -> None:
    """A move asked back over several clauses is refused whole: "七折加升级加备份，今天定？那得
    省公司点头" refuses the discount as well as the day. The plain statements just before a
    refused question, in its sentence and not the trainee's own ("我…"), are part of it."""
    for k in range(len(read)):
        if not (read[k].refused and as_read[k].question):
            continue
        for j in range(k - 1, max(-1, k - 1 - _ASKED_SPAN), -1):
            before = read[j]
            gap = text[before.start + len(before.text) : read[j + 1].start]
            if (
                _SENTENCE_END.search(gap) is not None
                or before is not as_read[j]
                or before.kind != "affirm"
                or before.text.lstrip().startswith(("我", "咱"))
            ):
                break
            read[j] = replace(before.reversed(), refused=True)


#: A deed named by its verb at the end, just before a bare "不行" ("往好了写不行", "这么改不行"):
#: the deed is refused. (Round thirty-eight's leftover: "往好了写不行，我照实写" was offered the
#: move it refuses.)
_DEED_ENDS = re.compile(
    r"(写|做|办|批|改|发|签|收|答应|降|涨|调|送|拿|报|搞|弄|干|卖|放|包|承诺|保证|美化|润色|通融|照办)"
    r"(了|着)?$"
)


def _own_stance(text: str, found: list[Clause], piece: str, body: str) -> tuple[list[bool], bool]:
    """The clause's own stance (its negation mask, and whether it asks), read from its words:
    a must, a verdict, a denied inference, a refused topic or a bare refusal, each of which
    may also turn the clause just before it."""
    rhetorical = RHETORICAL_RE.search(body) is not None or DISMISSAL.search(body) is not None
    mask = negation_mask(body)
    # "我可没本事让专卖的人去收拾谁": a question word the trainee's own negation reaches is
    # "anyone", and asks nothing unless marked.
    asked = not rhetorical and (
        bool(QUESTION_MARK.search(piece)) or (asks(body) and not speaker_refuses(body, mask))
    )
    if _AFFIRMING_QUESTION.search(body) and "不是不" not in body:
        # "这不是害我吗", "这不正好用得上嘛": asked with 不是/不就 … 吗, it asserts.
        asked = False
        mask = [False] * len(body)
    must = MUST.search(body)
    if must is not None and not (
        must.group(1) or must.group(2) == "行" or must.start() == 0 or must.group(0)[0] != "不"
    ):
        must = None  # "去不成的" is the verb's own post-negation, not "won't do"
    if must is not None and any(negation_mask(body[: must.start()])):
        mask = [False] * len(body)  # "车间不看是不行的": not doing it won't do — do it
    elif (
        must is not None
        and must.start() > 1
        and (
            must.group(1) not in (None, "是", "那")
            or (must.group(1) is None and _DEED_ENDS.search(body, 0, must.start()) is not None)
        )
    ):
        # "材料弄漂亮点也不行", "往好了写不行": what comes first is refused (a deed named by its
        # verb; "网络不行" judges a thing, and stays a verdict on it)
        mask = [True] * len(body)
    elif (deed := deed_verdict(body)) is not None and not any(negation_mask(body[: deed.start()])):
        mask = [True] * len(body)  # "让我们老板去讲可不好": the deed named is refused
    elif (
        (
            verdict := VERDICT.search(body)
            or AUTHORITY_VERDICT.search(body)
            or HARM_VERDICT.search(body)
        )
        is not None
        and not only_points(body[: verdict.start()])
        and not any(c in body[: verdict.start()] for c in "我咱")
    ):
        # "周一全部新稿不现实": the content is denied whole; "不查是不可能的": a negated
        # content denied is the content affirmed, as with "不看是不行的".
        mask = [not any(negation_mask(body[: verdict.start()]))] * len(body)
        previous = found[-1] if found else None
        if (
            mask[0]
            and verdict.re is HARM_VERDICT
            and _COMMITS.search(body, 0, verdict.start()) is not None
            and previous is not None
            and topic_before(previous, body)
        ):
            # "周一全套新稿，硬答应下来就是坑您": the topic put before it is denied with it.
            found[-1] = replace(previous.denied(), question=False)
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
        elif (declined := declines_to_say(body)) is not None:
            # "今天的事我不能说全都烂在屋里": what is declined is said nowhere in the clause,
            # the topic put before 我 included.
            mask = declined
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
                # "这是人家的隐私，这个我不能说": nor what a thing is, which the refusal acts on.
                and not classifies(previous)
                # "…——拉倒吧，那叫赌": nor scorn, which the verdict after it agrees with.
                and SCORN.search(previous.text) is None
                and not verdict_only(previous.text.strip())
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
                    reverse_back(text, found)
    return mask, asked


def refused_moves(text: str) -> str:
    """The words of `text` that name a move only to refuse it (`Clause.refused`), joined."""
    return "，".join(c.text for c in clauses(text) if c.refused)


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
            trainee_negates(body, mask) is not None and SPEECH.search(body) is not None
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
    "应下",
    "应承",
    "承诺",
    "夸口",
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
