"""Verdicts that stand alone ("不现实", "这个真做不到"): a clause that only judges what was said."""

from __future__ import annotations

import re

from simulator.stance.lexicon import ADVERBS, NEGATION_CHARS, POINTER_WORDS, TAIL_FILLERS

#: "…不行" at a clause's end: "也不行", "恐怕不行" refuse what comes first, "不看是不行的"
#: makes a negated content a must.
#: "车间不看哪行": asked back with 哪 (round sixteen), 咋 or 怎么 (seventeen), the same must.
MUST = re.compile(
    r"(是|可|就|也|那|都|恐怕|怕是|真|实在|肯定|确实|绝对|根本)?(?:不|哪|咋|怎么)(行|成)(的|啊|呀|吧|了)?$"
)
#: A verdict on the clause's own content, said at its end ("周一全部新稿不现实", "两周放款
#:不可能"): what comes before is what the words deny.
VERDICTS: tuple[str, ...] = (
    "不现实",
    "不太现实",
    "不切实际",
    # "加额肯定没戏" (round sixteen): as "肯定不行" denies what comes first
    "没戏",
    "没门",
    "没门儿",
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
    # "下周就签？还早呢" (round twenty): not yet
    "还早",
    "早着呢",
    "还早着呢",
    "太冒险",
    "太悬",
    "太仓促",
    "操之过急",
    "为时过早",
    "不属实",
    "不是事实",
    "够呛",
    # What cannot be delivered ("周一全部新稿出不来的", "两周放款批不下来"): the content is
    # denied whole, as by 做不到.
    "出不来",
    "交不了",
    "交不出",
    "交不出来",
    "做不出",
    "做不出来",
    "赶不出",
    "赶不出来",
    "赶不完",
    "做不完",
    "完不成",
    "办不成",
    "办不下来",
    "批不下来",
    "到不了",
    "谈不下来",
    "上不了线",
    "发不了",
    "给不了",
    "拿不下来",
    "落不了地",
    "兑现不了",
    # Futility: "跟摊子拼价格不是办法" denies what comes first ("没用" does not: "哭也没用"
    # is said of the client's tears, and measured, it lost more than it won).
    "不是办法",
    "不是个办法",
    "不是长久之计",
    # Doubt at the clause's end ("下周上会也说不准", "能批多少还不一定"): what comes first is
    # not asserted. ("说不定", "没准" at the end say "may well be", and are left out.)
    "说不准",
    "说不好",
    "不好说",
    "难说",
    "不一定",
)
#: "No such thing" ("指望贷审会给面子？没那种事", "今天就能定？哪有那么简单"): said right after a
#: request asked back, it denies it. Said after a statement it is the trainee's own denial
#: ("哪有，没这回事"), which turns nothing around.
NO_SUCH_THING = re.compile(
    r"(?:那|这)?(?:可|就|根本|压根)?(?:没(?:有)?(?:那种|这种|这|那)(?:回)?事|没有的事"
    r"|哪(?:有|里有|儿有)(?:这种|那种|这|那)(?:回)?事|(?:哪有|没|没有)(?:那么|这么)简单)"
    r"(?:的|啊|呀|吧|了|呢|哦|哈)*"
)
#: Verdicts of authority, said of a move the clause names ("免三个月月租不是我能做主的"): the
#: move is denied. Alone after a refusal ("我不敢保证…，那不是我说了算的") they agree with it,
#: so they are not in `VERDICTS`, which turn the clause before round.
AUTHORITY_VERDICT = re.compile(
    r"(?:不是我们?(?:一个人)?(?:能|可以)?(?:做主|定|决定|说了算|拍板|答应)|不由我定|不归我定|轮不到我定"
    r"|不是我们?(?:去|来)?(?:说|讲)(?:一声|一句|句话)就(?:行|成|能办|能成))"
    r"(?:的|啊|呀|吧|了|呢|哦|哈)*$"
)
#: Verdicts of propriety: on their own, after a pointer ("那不合规矩", "这不合适"), they refuse
#: what was just said; inside a clause they are its reason and deny nothing of it.
POINTED_VERDICTS = ("不合规矩", "不合规定", "不合规", "不合适", "不妥当", "不妥")
VERDICT = re.compile("(?:" + "|".join(VERDICTS) + r")(?:的|啊|呀|吧|了|呢|哦|哈)*$")


#: A deed named and judged improper at its clause's end ("让我们老板去讲可不好", "找人打招呼
#:不太合适吧", v30's dev half): the deed is refused. Only after a deed that names who is made
#: to do it (`DEED_HEADS`): "这个月生意可不好" judges nothing said.
DEED_VERDICT = re.compile(
    r"(?:可|恐怕|怕是|就|真|实在|也)?不(?:太|大)?(?:好|妥|妥当|合适|对|应该)(?:的|吧|啊|呀|哦|了)*$"
)
DEED_HEADS = ("让", "叫", "请", "由", "找", "派", "拉")


def deed_verdict(body: str) -> re.Match[str] | None:
    """The verdict refusing the deed `body` opens with, if it ends in one."""
    if not body.startswith(DEED_HEADS):
        return None
    found = DEED_VERDICT.search(body)
    return found if found is not None and found.start() > 2 else None


#: "那是哄您", "这话是骗人的": what was just said is called a lie, and so denied.
LIES = re.compile(
    # "那我就是在哄您": the speaker who would say it is the one lying.
    # "那才是骗您" (round thirty-five: v14's held-back flip): only that would be the lie.
    r"(这|那)?(话|我)?(可|就|都|才|纯属|纯粹)?是?在?(哄|骗|忽悠|糊弄|蒙|误导)(您们|你们|您|你|人)(的|呢|啊|呀|了)?"
    # "那是瞎扯", "纯属胡说": what was just said is called nonsense.
    r"|(这|那)?话?(可|就|都|才|纯属|纯粹)?是?(瞎扯|胡扯|胡说|瞎说|扯淡)(的|呢|啊|呀|了)?"
)


#: "那是走后门", "这就叫造假": what was just said is named a wrong, and so refused.
WRONGS = re.compile(
    # "一样是违规", "那也是瞒报" (round fourteen): the pointer may go unsaid, 也/一样 may come
    r"(这|那)?(也|就|可|才|不就|一样|同样|照样){0,2}(是|叫|算)(走后门|违规|违纪|违法|犯法|行贿"
    r"|造假|作假|弄虚作假|瞒报|骗人|和稀泥"
    # "那是乱许诺", "那叫赌" (round sixteen): a promise made at random, a gamble
    r"|乱许诺|瞎许诺|乱承诺|瞎承诺|乱答应|瞎答应|乱表态|瞎表态|赌博|赌"
    r"|不负责任?|对您不负责任?|对你不负责任?"
    # "那是犯纪律的" (round eighteen): a rule broken, named
    r"|犯纪律|违反纪律|违反规定|犯规|坏规矩|破规矩)"
    r"(的事)?(的|啊|呀|了|呢)?"
)


#: What may deny a clause with no negation character in it: a verdict such as "太急了", a lie
#: named ("那是哄您"), a harm named ("那才是害您"). Text with none of these and no negation
#: character takes no stance. (What `SCORN` names need not be listed: `may_negate` reads it.)
_UNMARKED = (
    *(v for v in VERDICTS if not any(c in NEGATION_CHARS for c in v)),
    "哄",
    "骗",
    "忽悠",
    "糊弄",
    "蒙",
    "误导",
    "瞎扯",
    "胡扯",
    "胡说",
    "瞎说",
    "扯淡",
    "走后门",
    "违规",
    "违纪",
    "违法",
    "犯法",
    "行贿",
    "造假",
    "作假",
    "害",
    "坑",
    "犯纪律",
    "犯规",
    "借口",
    "倒忙",
    "区别",
    "两样",
    "为难",
    "难为",
    "耽误",
)


#: A comment that rejects with no negation cue ("那可拉倒吧", "我要是敢说才怪", "那是坑您").
SCORN = re.compile(
    r"拉倒|才怪|免谈|休想|甭想|坑(您|你|人)|害(了)?(您|你)|省省吧|算了吧|得了吧|想得美|开玩笑"
    r"|恰恰相反|正相反|正好相反|刚好相反|有啥用|有什么用|有何用|空话|空头支票|大话|一句空谈"
    # "这种话我说了就是给您挖坑", "那等于让我自己把饭碗砸了", "那我就成了传话筒了" (round
    # fifteen): harm done to the client or to the trainee's own job, or a part nobody wants.
    r"|挖(个)?坑|下套|砸[^，,。]{0,4}饭碗|饭碗[^，,。]{0,3}砸|传话筒|帮凶"
    # "那我这调查算白做" (round sixteen): the work the move would waste
    r"|白(做|干|费|搭|查|忙|跑)"
    # "这个念头您还是打住吧": a wish told to stop
    r"|打住"
    # "这话太伤人", "那可要命", "那跟前两位有啥区别" (round eighteen): words that would hurt,
    # a harm past bearing, no better than what the client already turned away
    r"|伤人|要命|(有|没)(啥|什么|何)(区别|两样)"
    # "那是往人家身上泼脏水", "那是找借口", "那叫添乱": a smear, an excuse, a nuisance
    r"|泼脏水|抹黑|找借口|添乱|帮倒忙"
    # "…？那我下个月就得卷铺盖", "…？真这么办了我得写检查" (round nineteen): what the move
    # would cost the trainee's own job
    r"|卷铺盖|写检查|(挨|受|吃|背)(个)?处分|开除|坐牢|蹲(大)?(牢|监狱)|吃不了兜着走"
    r"|饭碗[^，,。]{0,3}(悬|保不住|不保|没了)|工作[^，,。]{0,3}(到头|保不住|不保|没了)"
    r"|丢(了)?(工作|饭碗)|(工装|制服)[^，,。]{0,3}(穿不|脱)"
    # "…？出了岔子谁兜着", "…？往后报告谁还信", "…？您找谁哭去", "…？那要我们干嘛", "…？我拿
    # 啥保" (round twenty): a question that answers itself — nobody would bear it, believe
    # it, or be needed; the trainee has nothing to vouch with
    r"|谁(还|又|能|来|会)?((替|帮|给)(您|你|我们|咱们|咱|我))?"
    r"(兜着|兜底|兜得住|担得起|担着|扛得住|扛得起|扛着|买单|认账)"
    r"|谁还(信|敢|认|要)|找谁(哭|说理|去)(?![^，,。？?]{0,2}(办|问|谈|说|签|找|商量))"
    r"|要(我们|我|咱们|咱)(还)?(干嘛|干啥|干什么|何用|有啥用)"
    r"|(我|咱)(拿|凭)(啥|什么)(保|担保|打包票|打保票|承诺|许诺|答应)"
    # "…这种事，您觉得传出去好听吗？": a question whose only answer is no
    r"|(您|你)(觉得|说|看)[^，,。]{0,8}(好听|像话|说得过去|站得住脚|体面)(吗|么|嘛)"
    # "…？那太寒人心了", "…？这话太凉了", "…？可就越界了", "…？那是给您添堵", "…，伤和气",
    # "…？那前面的话都白说了", "…？我拿什么赔您" (round twenty-one, v22's dev half): words
    # that would chill or hurt, a line crossed, effort wasted, nothing to pay with
    r"|寒(了)?(人)?心|心寒|话[^，,。]{0,2}凉|不近人情|越界|出格|添堵|伤(和气|感情)"
    r"|白(说|讲|看|来)(了|的)?$|(?<![您你他她])(拿|凭)(啥|什么)赔"
)


def may_negate(text: str) -> bool:
    """Could `text` deny anything: a negation character, or a verdict, lie or scorn named
    without one?"""
    return (
        any(c in text for c in NEGATION_CHARS)
        or any(word in text for word in _UNMARKED)
        or SCORN.search(text) is not None
    )


#: A harm said of the clause's own content at its end ("硬答应下来就是坑您", "这么报等于害
#: 了您"): the content is denied, as by a verdict. (A lie said of it is not: "乱答应等于骗您"
#: gives the reason for a refusal, and denies nothing without a pointer to the words.)
HARM_VERDICT = re.compile(
    r"(就是|就等于|等于|才是|是在|那是|这是)在?(坑|害|耽误)(了)?"
    r"(您们|你们|您|你|人|客户)"
    r"(的|啊|呀|了|呢)*$"
)

#: "这不是害我吗", "那不是坑您嘛": what was just said would harm someone, and so is refused.
HARMS = re.compile(
    r"(这|那)?样?(不是|不就是|岂不是|可是|就是|才是|是)?在?(害|坑|为难|难为|耽误|砸)"
    # "砸的是您": the harm said with 的是 (round sixteen)
    r"(的是)?(我们|您们|你们|他们|我|您|你|他|她|人)(的|了|呢|啊|吗|嘛|么|吧)*"
)


def verdict_only(body: str) -> bool:
    """Is the clause only a verdict, perhaps on "这个" ("不太现实", "这个真做不到", "那是哄您")?"""
    if any(verdict.fullmatch(body.strip()) for verdict in (LIES, HARMS, WRONGS)):
        return True
    body = body.strip().rstrip(TAIL_FILLERS)
    verdict = VERDICT.search(body)
    if verdict is not None:
        return only_points(body[: verdict.start()])
    return any(body.endswith(word) and only_points(body[: -len(word)]) for word in POINTED_VERDICTS)


def only_points(head: str) -> bool:
    """Is `head` (what stands before a verdict) nothing but a pointer back and adverbs?"""
    head = head.strip()
    for word in POINTER_WORDS:
        head = head.replace(word, "")
    return all(c in ADVERBS or c in "太很挺" for c in head)
