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
    "煽风点火",
    "挑拨",
    "挑事",
    "添乱",
    "找茬",
    "赌气",
    "抬杠",
    "较劲",
    "顶牛",
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
    r"(?:(?:那|这)(?:样|么做|么干|么说|么办|种做法|种话|话|招|一招|个)?(?:我|您|你|咱)?"
    r"|(?![您你我他她咱])[\u4e00-\u9fff]{1,2}了(?:那)?(?=就|便|也|可))?"
)
_ADVERBS = r"(?:就|可|也|才|纯粹|纯属|简直|真|实在|明摆着|分明|完全|绝对|无异于|岂不|便|都)*"
_COPULA = r"(?:是|叫|算|成了|等于|就是)?(?:在)?"
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


def judges_ill(body: str) -> bool:
    """Is the clause only a comment that appraises the deed before it as ill ("那是糊弄", "太冷
    了", "不像样", "那是贬低别的牌子")? A bare word names a deed only on its own: "贬低别的牌子"
    with no pointer, adverb or copula is a second deed, not a comment."""
    opened = body.strip().rstrip("。.!！~～…")
    if not opened:
        return False
    if _TOO.fullmatch(opened) is not None or _NOT_GOOD.fullmatch(opened) is not None:
        return True
    ill = _ILL.fullmatch(opened)
    return ill is not None and (bool(ill.group("head")) or not ill.group("object"))
