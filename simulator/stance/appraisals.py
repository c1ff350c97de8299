"""How a comment appraises the deed put before it ("…，那是糊弄", "…，太冷了", "…，不像样").

A trainee often turns a move down by saying it and then judging it ill, with no negation of
the deed itself: "让您下周直接签合同，这是逼单，我不干", "说各家都一样防不住，那是推卸",
"光说一句回去等消息就走，不像样". The comment is the whole of its clause: a pointer back
(那, 这样, 这话 …) or nothing, adverbs, a copula, then a word that names a deed as ill
(`ILL_DEEDS`), or too much of something (`TOO_MUCH`: "太冷了", "那样太莽撞了"). A clause that
says more than that (a subject of its own, a second deed: "光看房子太冒险") is not only a
comment, and appraises nothing put before it.

Round twenty-two (v23's dev half, written blind): 22 of 23 negated answers taken as the move
they refused had this shape; the words were the writer's, not the earlier sets'. The lexicon is
broad on purpose, and runs only in the comment slot, where a deed said just before is what it
judges.
"""

from __future__ import annotations

import re

from simulator.stance.lexicon import GOOD_NEWS

#: Words that name a way of acting as ill: evasion, provocation, pressure, deceit, rashness,
#: coldness, running others down, rule-breaking, futility, harm to one's own name.
ILL_DEEDS: tuple[str, ...] = (
    # evasion and buck-passing
    "糊弄",
    "敷衍",
    "搪塞",
    "推卸",
    "推脱",
    "推诿",
    "甩锅",
    "踢皮球",
    "打官腔",
    "打太极",
    "和稀泥",
    "撂挑子",
    "撒手不管",
    "甩手不管",
    "一走了之",
    "打退堂鼓",
    "走过场",
    # provocation and quarrel
    "拱火",
    "火上浇油",
    "往枪口上撞",
    "撞枪口",
    "往火坑里跳",
    "自投罗网",
    "自讨没趣",
    "自讨苦吃",
    "搬起石头砸自己的脚",
    "煽风点火",
    "挑拨",
    "挑事",
    "添乱",
    "找茬",
    "赌气",
    "抬杠",
    "较劲",
    "顶牛",
    "顶嘴",
    "顶撞",
    "跟她顶",
    "跟他顶",
    "跟人顶",
    "跟客户顶",
    "吵架",
    "激化矛盾",
    # pressure and taking advantage
    "逼单",
    "逼人",
    "逼客户",
    "逼宫",
    "强买强卖",
    "强人所难",
    "趁火打劫",
    "乘人之危",
    "落井下石",
    "杀熟",
    "宰客",
    "欺负人",
    "欺负",
    "吃相难看",
    "霸王条款",
    "占便宜",
    # deceit, empty words
    "画饼",
    "画大饼",
    "空盼头",
    "空头支票",
    "空欢喜",
    "空承诺",
    "空话",
    "放空炮",
    "吹牛",
    "夸海口",
    "瞎蒙",
    "蒙人",
    "蒙",
    "瞎猜",
    "套路",
    "耍滑头",
    "耍心眼",
    "耍花招",
    "钻空子",
    "打擦边球",
    "投机取巧",
    "自欺欺人",
    "掩耳盗铃",
    "假大空",
    "忽悠人",
    # round twenty-six (v27's dev half): a favour for a favour, words with nothing behind them
    "利益交换",
    "权钱交易",
    "空口白话",
    "耍嘴皮子",
    "打官话",
    "传声筒",
    "传话筒",
    "不尊重同行",
    "不尊重人",
    "不尊重客户",
    "不尊重对方",
    "不尊重人家",
    "不厚道",
    "不地道",
    "不礼貌",
    "没礼貌",
    "没分寸",
    "没底线",
    "骗人",
    "坑人",
    "害人",
    # running others down, meddling
    "贬低",
    "贬损",
    "贬人",
    "踩人",
    "踩一捧一",
    "拉踩",
    "说坏话",
    "说人坏话",
    "嚼舌根",
    "背后捅刀",
    "揭短",
    "揭人短",
    "揭伤疤",
    "往伤口上撒盐",
    "伤口上撒盐",
    "越俎代庖",
    "越权",
    "站队",
    "站了队",
    "站边",
    "站了边",
    "选边站",
    "多管闲事",
    "瞎掺和",
    "掺和",
    "拉偏架",
    "帮腔",
    # rashness
    "乱来",
    "胡来",
    "瞎搞",
    "乱撞",  # "没问清就换风格，这叫乱撞" (v29's dev half)
    "瞎撞",
    "蛮干",
    "胡闹",
    "儿戏",
    "玩火",
    "引火烧身",
    "自找麻烦",
    "惹麻烦",
    "惹事",
    "捅娄子",
    "莽撞",
    "鲁莽",
    "冒失",
    "草率",
    "轻率",
    "武断",
    "想当然",
    "拍脑袋",
    "一厢情愿",
    "冒进",
    # folly and futility
    "坐以待毙",
    "等死",
    "错上加错",
    "一错再错",
    "饮鸩止渴",
    "拆东墙补西墙",
    "本末倒置",
    "舍本逐末",
    "因小失大",
    "得不偿失",
    "杀鸡取卵",
    "竭泽而渔",
    "适得其反",
    "弄巧成拙",
    "画蛇添足",
    "多此一举",
    "节外生枝",
    "雪上加霜",
    "治标不治本",
    "隔靴搔痒",
    "马后炮",
    "白搭",
    "无济于事",
    "于事无补",
    "不管用",
    "没用",
    "没意思",
    "没劲",
    "没意义",
    "不是办法",
    "不是个办法",
    "不是解决办法",
    "不是长久之计",
    "不解决问题",
    "吃力不讨好",
    "费力不讨好",
    "误事",
    "耽误事",
    "坏事",
    # coldness, bad form
    "冷血",
    "冷漠",
    "冷冰冰",
    "势利",
    "短视",
    "急功近利",
    "不地道",
    "不厚道",
    "不体面",
    "不像样",
    "不像话",
    "不成体统",
    "失礼",
    "没礼貌",
    "不礼貌",
    "不尊重人",
    "不专业",
    "丢人",
    "丢脸",
    "难看",
    "过分",
    "过火",
    "离谱",
    "荒唐",
    "荒谬",
    # broken faith and rules
    "失职",
    "失信",
    "食言",
    "出尔反尔",
    "言而无信",
    "说不过去",
    "讲不过去",
    "站不住脚",
    "违规",
    "违纪",
    "违法",
    "犯法",
    "渎职",
    "瞒报",
    "造假",
    "作假",
    "泄密",
    "出卖",
    "以权谋私",
    "损人利己",
    "吃回扣",
    "拿回扣",
    "收好处",
    "砸招牌",
    "砸牌子",
    "自砸招牌",
    "不负责",
    "不负责任",
    # round twenty-three
    "违反",
    "违背",
    "哄人",
    "哄",
)

#: What is ill in a way of dealing with the client when there is too much of it ("太冷了", "这话
#: 太冲", "那样太莽撞了"). Not risk or haste ("太冒险", "太急"): those judge a plan, often the
#: client's ("钱回得这么慢还举债添机器，太冒险"), and are read as verdicts elsewhere.
TOO_MUCH: tuple[str, ...] = (
    "冷",
    "冷淡",
    "冷漠",
    "生硬",
    "硬",
    "冲",
    "直",
    "狠",
    "绝",
    "凶",
    "莽撞",
    "鲁莽",
    "冒失",
    "草率",
    "轻率",
    "随便",
    "敷衍",
    "功利",
    "势利",
    "难看",
    "过分",
    "假",
    "虚",
    "空",
    "强势",
    "霸道",
    "损",
    "缺德",
    "露骨",
    "难听",
    "刺耳",
    "伤人",
    "武断",
    "片面",
    "自私",
    "小气",
    "不近人情",
    "不给面子",
    "没人情味",
    "官腔",
    "官僚",
    "现实",
    "赤裸裸",
    "过",
    "过头",
)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(sorted(set(words), key=lambda w: (-len(w), w)))


#: A pointer back to the deed ("那", "这样", "这话", "那我"), or the deed supposed done ("碰了
#: 就是违规", "收了那就是…") — or none.
_HEAD = (
    r"(?:(?:那|这)(?:样说|样讲|么讲|样|么做|么干|么说|么办|种做法|种话|话|招|一招|个)?(?:我|您|你|咱)?"
    r"|(?![您你我他她咱])[\u4e00-\u9fff]{1,2}了(?:那)?(?=就|便|也|可))?"
)
_ADVERBS = (
    r"(?:就|可|也|才|纯粹|纯属|简直|真|实在|明摆着|分明|完全|绝对|无异于|岂不|便|都|本身|其实|说白了"
    r"|说穿了|无非)*"
)
#: ... and a light verb before what it names ("其实就是给个空盼头", "那是开空头支票").
_COPULA = r"(?:是|叫|算|成了|等于|就是)?(?:在)?(?:(?:给|开|画|许)(?:个|张)?)?"
_TAIL = r"(?:的|了|啊|呀|吧|呢|哦|哈|之举|的做法|的事|行为)*"
#: Whom or what an ill deed is done to ("贬低别的牌子", "逼人家"): a few words, none of them good.
_OBJECT = r"(?:(?![^，,。]*(?:好|对|行|可以|应该))[^，,。！!？?\s]{1,6})?"

_ILL = re.compile(
    rf"(?P<head>{_HEAD}{_ADVERBS}{_COPULA})(?:{_alternation(ILL_DEEDS)})(?P<object>{_OBJECT}){_TAIL}"
)
_TOO = re.compile(
    rf"{_HEAD}{_ADVERBS}(?:太过|过于|有点儿|有点|有些|未免太|也太|可太|实在太|太)"
    rf"(?:{_alternation(TOO_MUCH)}){_TAIL}"
)


#: Good names denied ("那不叫专业", "那不是帮您"): the deed is said not to be what it should.
GOOD_NAMES: tuple[str, ...] = (
    "专业",
    "负责",
    "负责任",
    "办法",
    "解决办法",
    "诚意",
    "尊重",
    "尊重人",
    "服务",
    "本事",
    "帮忙",
    # round twenty-six (v27's dev half): "这不是伙伴" denies the role the trainee should play
    "伙伴",
    "合作伙伴",
    "顾问",
    "沟通",
    "帮您",
    "帮你",
    "为您好",
    "为你好",
    "做生意",
    "朋友",
    "交情",
    "厚道",
    "地道",
    "规矩",
    "正道",
    "正路",
    "长久之计",
    "好事",
    "好办法",
)
_NOT_GOOD = re.compile(
    rf"(?:那|这)(?:样|么做|么干|么说)?(?:我|您|你|咱)?{_ADVERBS}(?:不|并不|可不|根本不|哪)"
    rf"(?:是|叫|算|算是)(?:在)?(?:{_alternation(GOOD_NAMES)}){_TAIL}"
)


#: Words or a way of doing named by a pointer ("这话", "这种说法", "那种做法"): what a comment
#: that opens with it judges is words, whoever they address.
WORDS_NAMED = r"(?:这|那)(?:种|类|样的|句|个)?(?:话|说法|做法)"

#: A pointer back that names the deed or the words ("那", "这样", "这话", "这种话"): a comment
#: led by one judges what was just said.
_POINTER_HEAD = (
    r"(?:那|这)(?:样说|样讲|么讲|样|么做|么干|么说|么办|种做法|种说法|个说法|说法|种话|类话|样的话|话|句话|招|一招|个)?"
    r"(?:我|您|你|咱)?"
)

#: Round twenty-three: the appraisal words are open-ended ("那顶不了事", "那太单薄了", "那等于
#: 啥也没说", "这种话太被动了"), so a comment led by a pointer back is read by its shape, and
#: against the deed by default: too much of anything but a good thing, a negated predicate that
#: is not good news, or "the same as" nothing or a loss. What is good, or only hard or dear,
#: is named here, and judges nothing ill. Round twenty-six (v27's dev half): "too" needs no
#: pointer ("…，太含糊", "…，太没底线了"), nor does a value denied after "一点也" ("…，一点也不
#: 体贴"): the comment is still the whole of its clause.
GOOD_OR_PLAIN: tuple[str, ...] = (
    "好",
    "棒",
    "妙",
    "对",
    "合适",
    "周到",
    "贴心",
    "感谢",
    "谢谢",
    "客气",
    "感动",
    "荣幸",
    "高兴",
    "开心",
    "及时",
    "重要",
    "关键",
    "必要",
    "有必要",
    "值",
    "划算",
    "实在",
    "靠谱",
    "稳",
    "漂亮",
    "专业",
    "理想",
    "完美",
    "方便",
    "省心",
    "省事",
    "可惜",
    "难",
    "不容易",
    "麻烦",
    "辛苦",
    "累",
    "忙",
    "巧",
    "远",
    "晚",
    "久",
    "多",
    "少",
    "贵",
    "便宜",
    "高",
    "低",
    "大",
    "小",
    "快",
    "慢",
    "急",
    "早",
    "冒险",
    "悬",
    "仓促",
    "正常",
    "常见",
    "普遍",
    "重",
    "厉害",
    "给力",
    "有意思",
    "有用",
    "有道理",
    "在理",
    "像话",
    "委屈",
    "为难",
    "难为",
    "不公平",
    "不应该",
    "没得说",
    "没的说",
)
_TOO_ANY = re.compile(
    rf"(?:{_POINTER_HEAD})?{_ADVERBS}(?:太过|过于|未免太|也太|可太|实在太|太)"
    rf"(?P<what>[^，,。！!？?\s]{{1,6}}?){_TAIL}"
)
#: ... or very much of it, after a pointer back ("这话冷得很", "那样生硬得要命").
_VERY = re.compile(
    rf"{_POINTER_HEAD}{_ADVERBS}(?:也|可|真|实在)?(?![事个些件])(?P<what>[^，,。！!？?\s]{{1,3}}?)"
    rf"(?:得很|得要命|得不行|得吓人){_TAIL}"
)
#: What a deed can lack ("那顶不了事", "那显不出诚心", "那就没坚持专业了"): a comment that
#: says the deed falls short of one of these judges it. (A negated predicate alone does not:
#: "这没法避免", "这个瞒不住", "那不打扰" say what follows or what is so, round twenty-three's
#: regression check over the earlier sets.)
VALUES: tuple[str, ...] = (
    "事",
    "用",
    "用处",
    "作用",
    "效果",
    "场面",
    "台面",
    "诚心",
    "诚意",
    "心意",
    "专业",
    "水平",
    "问题",
    "分量",
    "说服力",
    "底气",
    "人心",
    "信任",
    "面子",
    "体面",
    "章法",
    "道理",
    "意义",
    "价值",
    "本事",
    "担当",
    "责任",
    "良心",
    "交代",
    "样子",
    "回事",
    "火候",
    "规矩",
    # round twenty-six (v27's dev half): care and respect a deed can lack
    "体贴",
    "尊重",
    "底线",
    "人情味",
    "分寸",
    "诚信",
)
_NEGATED = re.compile(
    rf"(?:{_POINTER_HEAD}|一点儿?(?:也|都))(?:{_ADVERBS})"
    r"(?P<what>[^，,。！!？?\s]{0,4}?(?:不|没有|没)(?!是|就|更|正|也|都|然)[^，,。！!？?\s]{0,4}?"
    rf"(?:{_alternation(VALUES)}))"
    rf"{_TAIL}"
    # a name denied ("那不叫双录", "这算不上调查"): the deed is not the real thing
    rf"|{_POINTER_HEAD}{_ADVERBS}(?P<name>(?:不叫|算不上|称不上|谈不上是)[^，,。！!？?\s]{{1,6}}){_TAIL}"
)
#: "The same as" a loss or nothing ("那等于啥也没说", "等于让您认命", "无异于认输").
_SAME_AS = re.compile(
    rf"(?:{_POINTER_HEAD})?{_ADVERBS}(?:等于|无异于|相当于|跟[^，,。]{{0,6}}?一样)(?:是|在)?"
    r"(?P<what>[^，,。！!？?]{1,12}?)"
    rf"{_TAIL}"
)
#: Losses and nothings an act comes to ("认命", "白说", "打水漂").
LOSSES: tuple[str, ...] = (
    "认命",
    "认栽",
    "认输",
    "投降",
    "放弃",
    "等死",
    "打水漂",
    "白说",
    "白干",
    "白来",
    "白跑",
    "白费",
    "白搭",
    "白忙",
    "拱手让人",
    "送上门",
    "自断后路",
    "自掘坟墓",
    "挖坑",
    "零",
)
_LOSS = re.compile(_alternation(LOSSES))
_ILL_WORD = re.compile(_alternation(ILL_DEEDS))


def _good_or_plain(what: str) -> bool:
    return what.startswith(GOOD_OR_PLAIN) or GOOD_NEWS.search(what) is not None


def judges_against(body: str) -> bool:
    """Is the clause only a comment, led by a pointer back, whose shape turns against the deed
    before it ("那顶不了事", "那太单薄了", "那等于啥也没说"), in words no list need hold?"""
    opened = body.strip().rstrip("。.!！~～…")
    if not opened:
        return False
    too = _TOO_ANY.fullmatch(opened) or _VERY.fullmatch(opened)
    if too is not None:
        what = too.group("what")
        if what.startswith(GOOD_OR_PLAIN):
            return False
        if what.startswith(("不", "没")):
            return not _good_or_plain(what[1:]) and GOOD_NEWS.search(what) is None
        return not _good_or_plain(what)
    negated = _NEGATED.fullmatch(opened)
    if negated is not None:
        if negated.group("name") is not None:
            return True
        what = negated.group("what")
        return (
            not what.startswith(GOOD_OR_PLAIN)
            and GOOD_NEWS.search(what) is None
            # "这点钱不叫事": no trouble at all
            and not what.endswith(("不叫事", "不算事", "不是事", "没啥事"))
        )
    same = _SAME_AS.fullmatch(opened)
    if same is not None:
        what = same.group("what")
        if _LOSS.search(what) is not None or _ILL_WORD.search(what) is not None:
            return True
        return re.search(r"[没不]", what) is not None and GOOD_NEWS.search(what) is None
    return False


def only_worse(body: str) -> bool:
    """Is the clause only a comment that the deed before it would make things worse ("只会被赶得
    更快", "那只会越描越黑")? Said after a deed put up to be judged, it refuses it; after a
    reason ("瞒报是违规的，只会让问题更大") it goes on with the reason, so `turns` asks for the
    deed's opening first."""
    opened = body.strip().rstrip("。.!！~～…")
    return _ONLY_WORSE.fullmatch(opened) is not None and GOOD_NEWS.search(opened) is None


#: "Only makes it worse" (round twenty-six, v27's dev half): more of something, not of a good
#: thing.
_ONLY_WORSE = re.compile(
    rf"(?:{_POINTER_HEAD})?{_ADVERBS}(?:只会|只能|反倒|反而)[^，,。！!？?]{{0,10}}?(?:越来越|更|越(?!来越)|愈)"
    r"(?!好|顺|放心|踏实|安心|满意|信|稳|省|容易|清楚|明白|有底|近|亲|合适|划算|值)"
    rf"[^，,。！!？?]{{1,6}}{_TAIL}"
)


def judges_ill(body: str) -> bool:
    """Is the clause only a comment that appraises the deed before it as ill ("那是糊弄", "太冷
    了", "不像样", "那是贬低别的牌子", "那顶不了事")? A bare word names a deed only on its own:
    "贬低别的牌子" with no pointer, adverb or copula is a second deed, not a comment."""
    opened = body.strip().rstrip("。.!！~～…")
    if not opened:
        return False
    if _TOO.fullmatch(opened) is not None or _NOT_GOOD.fullmatch(opened) is not None:
        return True
    ill = _ILL.fullmatch(opened)
    if ill is not None and (bool(ill.group("head")) or not ill.group("object")):
        return True
    asked = _ASKS_ILL.fullmatch(opened)
    if asked is not None and (
        _ILL.fullmatch(asked.group("what")) is not None
        # a deed done to someone ("这不是把人往难处推吗"), not a plan that harms its own maker
        # ("…还往里砸钱，这不是往坑里越跳越深嘛" judges the client's plan)
        or (
            _DONE_TO.search(asked.group("what")) is not None
            and redescribes_ill("这是" + asked.group("what"))
        )
    ):
        return True  # "这不是火上浇油吗", "这不是把人往难处推吗": asked so, it asserts
    return judges_against(opened)


#: Someone a deed is done to.
_DONE_TO = re.compile(r"(把|拿|给|让|逼|冲|朝|对|往)(人|客户|人家|老人|对方|他|她)")
#: An ill name put as a question that asserts it ("这不是火上浇油吗", "那岂不是自找麻烦").
_ASKS_ILL = re.compile(
    r"(?:那|这)(?:样|么做|么干|么说)?(?:不就是|不就|不是|岂不是|岂不|不等于|不也是|不也)"
    r"(?:自己|在|是)*(?P<what>[^，,。！!？?]{2,14}?)(?:吗|嘛|么|吧|呢)?[？?]?"
)


#: How a deed put up to be judged by what it is or what would follow opens: the way of doing it
#: ("一句…", "张口就…", "随口…", "直接…", "干等…", "光…") or the doing itself ("绕过…", "拿…开
#: 玩笑", "顺着…", "吓唬…", "让客户…"). An honest move re-described or warned of ("把房子卖了给
#: 工人开饷，这是拿工人当亲人", "…人家不给就是您亏") opens otherwise, and is not refused so.
DEED_OPENS = re.compile(
    r"(就|只|光)?(一句|一声|一连串|张口|张嘴|开口|随口|直接|绕过|绕开|背着|瞒着|只|光|干|拿|顺着"
    r"|当面|当着|吓唬|骂|说|让|叫|找|硬|逼|催|甩|撂|冲|跟着"
    # round twenty-four: the deed done rashly, at once or in front of people ("一进车间就质问
    # 人家…", "一上来就说对面…", "当众…"), or said to someone not the client ("跟一个发愁的老人
    # 讲做人要守规矩")
    r"|一进|一来|一上来|上来就|一见面|刚见面|一坐下|刚坐下|进门就|劈头|当场|当众|动不动|一口咬定"
    r"|咬定|死咬|翻旧账|跟(?!您|你)[^，,。！!？?]{1,12}?(讲|说|谈|提|念叨|摆|争|吵|辩|顶)"
    # speech that stings, and everything staked at once ("挖苦客户报表掺水", "全买理财")
    r"|挖苦|讽刺|嘲讽|数落|质问|逼问|怼|呛|全(买|投|押|压|砸|换|转))"
)


def opens_as_deed(text: str) -> bool:
    """Does the clause open as a deed put up to be judged (`DEED_OPENS`), or do a deed to
    someone ("数据对不上就把人顶回去")?"""
    opened = text.lstrip()
    return DEED_OPENS.match(opened) is not None or _DONE_TO.search(opened) is not None


#: A deed re-described ("这是把麻烦推出门", "这是拉一个打一个", "那是临走踹一脚"): a comment that
#: says what the deed really is says it to judge it, unless what it names is good, owned or a
#: reason ("这是规矩", "这是为您好", "这是我们的责任", "这是因为…").
GOOD_REDESCRIPTIONS: tuple[str, ...] = (
    "好",
    "负责",
    "规矩",
    "规定",
    "流程",
    "程序",
    "要求",
    "制度",
    "原则",
    "稳",
    "应该",
    "应当",
    "必须",
    "必要",
    "保护",
    "为了",
    "因为",
    "为您",
    "为你",
    "帮您",
    "帮你",
    "对您",
    "替您",
    "给您",
    "尊重",
    "专业",
    "诚意",
    "实在",
    "安全",
    "保险",
    "合规",
    "正常",
    "常规",
    "惯例",
    "底线",
    "责任",
    "本分",
    "分内",
    "义务",
    "承诺",
    "心意",
    "事实",
    "实话",
    "真话",
    "实情",
    "机会",
    "优势",
    "重点",
    "关键",
    "第一步",
    "前提",
    "基础",
    "我的",
    "我们的",
    "咱的",
    "咱们的",
    "双赢",
    "共赢",
    "划算",
    "值",
    "保障",
    "放心",
    "省心",
    "方便",
    "对的",
    "真心",
    "诚心",
    "长久",
    "稳妥",
    "周到",
    "体贴",
    "靠谱",
    "公平",
    "合理",
    "必然",
    "肯定",
    "可以",
    "能",
    "行",
    "清楚",
    "明白",
    "讲清",
    "说清",
    "透",
)
_REDESCRIBED = re.compile(
    rf"(?:那|这)(?:样|么做|么干|么说|种做法|话|句话|一句)?{_ADVERBS}(?:就是|是|等于是|成了|叫)在?"
    r"(?P<what>(?:把|往|拿|跟|替|给|拉|让|逼|冲|朝|对)[^，,。！!？?]{2,14}?)"
    rf"{_TAIL}"
)


#: A deed re-described as one thing and not another ("这是审犯人不是做调查", "那叫应付，不叫
#: 服务"): what it is said to be, against what it should be.
_CONTRASTED = re.compile(
    rf"(?:那|这)(?:样|么做|么干|么说|种做法|话|句话)?{_ADVERBS}(?:就是|是|叫|成了|算)"
    r"(?P<what>[^，,。！!？?]{2,10}?)[，,]?(?:而)?(?:不是|不叫|不算|哪是|哪叫)[^，,。！!？?]{2,10}"
)


def redescribes_ill(body: str) -> bool:
    """Is the clause only a pointer back and a re-description of the deed as a doing of its
    own, with nothing good in it ("这是把麻烦推出门", "这是往人家亲戚关系里扔炸弹", "这是审犯人
    不是做调查")?"""
    opened = body.strip().rstrip("。.!！~～…")
    found = _REDESCRIBED.fullmatch(opened) or _CONTRASTED.fullmatch(opened)
    return found is not None and not any(w in found.group("what") for w in GOOD_REDESCRIPTIONS)


#: What would follow the deed, for the client or for the trainee, as harm ("客户听了只会更火",
#: "人家一个字也听不进", "老人家脸上挂不住", "他的生意可能就没了"): a marker that it follows,
#: then a harm.
_FOLLOWS = (
    r"(?:就|只会|准|肯定|会|到头来|最后|结果|反而|反倒|当场|立马|马上|一准|保准|铁定|多半|八成"
    r"|怕是|恐怕|迟早|早晚|回头|后面|往后|到时候|这下|彻底|更)"
)
HARMS_DONE: tuple[str, ...] = (
    "更火",
    "火了",
    "发火",
    "冒火",
    "火大",
    "恼火",
    "炸",
    "急眼",
    "翻脸",
    "得罪",
    "寒心",
    "心凉",
    "伤心",
    "挂不住",
    "下不来台",
    "听不进",
    "关上",
    "推出",
    "推开",
    "砸",
    "黄了",
    "泡汤",
    "卡住",
    "卡壳",
    "穿帮",
    "露馅",
    "出事",
    "倒霉",
    "吃亏",
    "亏",
    "窟窿",
    "背锅",
    "孤家寡人",
    "没主见",
    "没面子",
    "丢脸",
    "丢了脸",
    "丢面子",
    "丢了面子",
    "难堪",
    "尴尬",
    "失望",
    "反感",
    "生气",
    "掉头",
    "跑了",
    "流失",
    "信不过",
    "不信",
    "泄",
    "笑不出来",
    "得不偿失",
    "收不了场",
    "兜不住",
    "全没",
    "冷了",
    "凉了",
    "寒了",
    "记恨",
    "结仇",
    "闹僵",
    "翻车",
    # Round twenty-four: the common words for a deed that backfires, as a list of the language's
    # (feelings hurt, trust lost, a door closed, the trainee cornered), not of one set's
    # sentences ("他只会更难受", "后面他就拿着这句话堵我了").
    "难受",
    "难过",
    "委屈",
    "憋屈",
    "窝火",
    "窝心",
    "心塞",
    "添堵",
    "不舒服",
    "不痛快",
    "不高兴",
    "不爽",
    "更烦",
    "更不愿意",
    "更不肯",
    "更不想",
    "再也不",
    "心烦",
    "嫌烦",
    "厌烦",
    "腻歪",
    "抵触",
    "排斥",
    "逆反",
    "戒备",
    "防着",
    "起疑",
    "多心",
    "瞧不起",
    "看不起",
    "看扁",
    "看轻",
    "心虚",
    "被耍",
    "被骗",
    "被坑",
    "上当",
    "吓跑",
    "吓坏",
    "更急",
    "更慌",
    "更乱",
    "更僵",
    "更糟",
    "更难办",
    "更麻烦",
    "更被动",
    "雪上加霜",
    "火上浇油",
    "适得其反",
    "弄巧成拙",
    "越描越黑",
    "帮倒忙",
    "惹毛",
    "惹急",
    "激怒",
    "掉地上",
    "伤面子",
    "伤感情",
    "伤和气",
    "搅黄",
    "搞砸",
    "搞僵",
    "弄僵",
    "闹翻",
    "闹掰",
    "掰了",
    "拉黑",
    "堵我",
    "堵死",
    "把柄",
    "赖上",
    "缠上",
    "揪住",
    "咬住",
    "没戏",
    "完蛋",
    "玩完",
    "前功尽弃",
    "功亏一篑",
    "白搭",
    "白费",
    "白忙",
    "打水漂",
    "一场空",
    "落空",
    "碰钉子",
    "碰壁",
    "挨骂",
    "挨批",
    "挨训",
    "投诉",
    "闹大",
    "坏账",
    "出乱子",
    "出岔子",
    "捅娄子",
    "处分",
    "吃官司",
    "追责",
    "去别家",
    "换一家",
    "转身就走",
)
_HARM = re.compile(_alternation(HARMS_DONE))
#: What the client or the trainee would lose ("生意就没了", "饭碗就丢了", "合作就到头了").
_LOST = re.compile(
    r"(生意|饭碗|单子|合作|信誉|信任|面子|关系|交情|感情|情分|人心|口碑|名声|好感|印象|铺垫|线索"
    r"|信息)[^，,。不没]{0,6}"
    r"(没了|全没|丢了|黄了|完了|到头了|砸了|白搭|白费|打水漂|泡汤|凉了|僵了|毁了|崩了|断了|完蛋|没戏"
    r"|掉地上|碎了|散了|废了|清零|归零|前功尽弃|一场空|只剩|就剩)"
)
#: The relationship lost ("这关系就彻底凉了", "前面攒的那点信任全白搭了"): a harm no honest
#: move foretells to the client's face, so the deed it follows needs no opening of its own.
_RELATION_LOST = re.compile(
    r"(信任|交情|关系|感情|情分|人心|口碑|信誉|名声|好感|印象|铺垫)[^，,。不没]{0,6}"
    r"(没了|全没|丢了|黄了|完了|到头了|砸了|白搭|白费|打水漂|泡汤|凉了|僵了|毁了|崩了|断了|完蛋|没戏"
    r"|掉地上|碎了|散了|废了|清零|归零|前功尽弃|一场空|只剩|就剩)"
)
#: What warns instead of foretelling ("不然他最后吃亏", "免得以后翻脸"): the harm of not
#: doing the move, which is a reason for it.
_LEST = re.compile(r"(不然|否则|要不然|要不|免得|省得|以免|不至于|才不会|才能)")


def loses_relation(body: str) -> bool:
    """Does the clause say the relationship would be lost ("这关系就彻底凉了")?"""
    opened = body.strip()
    return (
        _RELATION_LOST.search(opened) is not None
        and _LEST.search(opened) is None
        and not opened.startswith(("如果", "要是", "万一", "我", "咱"))
    )


def foretells_harm(body: str) -> bool:
    """Does the clause say that harm would follow ("客户听了只会更火", "这一句就把门关上了")?
    Not one that asks, nor one that the trainee owns or offers ("我会…", "咱们…")."""
    opened = body.strip()
    if not opened or opened.startswith(("我", "咱", "如果", "要是", "万一", "您", "你")):
        return False
    if _LEST.search(opened) is not None:
        return False  # "不然他最后吃亏": the harm of not doing it
    if _LOST.search(opened) is not None:
        return True  # "他的生意可能就没了", "合作就到头了"
    harm = _HARM.search(opened)
    if harm is None:
        return False
    before = opened[: harm.start()]
    if re.search(r"([\u4e00-\u9fff])就\1", opened) is not None:
        return False  # "亏就亏点": a cost accepted, not a harm foretold
    if re.search(r"(不|没|别|无)[会能是用让]?$", before) is not None:
        return False  # "挑他们也不亏": a harm denied
    return re.search(_FOLLOWS + _SUFFERS, before) is not None


#: Who would suffer it, named in the third person: the clause foretells, it does not promise.
_SUFFERS = r"|人家|客户|老人家|对方|她|他"
