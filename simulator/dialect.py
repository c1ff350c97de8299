"""Written Cantonese, and the other regional words trainees type, read as the Mandarin they say.

A trainee in Guangdong types the way they talk: "我唔会乘机推流动资金贷款" says 不会, "佢哋畀几多"
says 他们给多少. Options, examples, detector patterns and the stance cues are written in
Mandarin, so before anything reads the words, the written forms of Cantonese that Mandarin does
not use are rewritten as the Mandarin they mean (`mandarin`), and the detectors, which quote the
trainee, keep where each rewritten character came from (`rewrite`).

Only forms that cannot be Mandarin are rewritten: a character Mandarin text does not use (唔, 嘅,
佢, 冇, 睇 …), or a character Mandarin does use, only in a combination it does not ("系" only as a
copula after 唔/就/都/真 …, never the 系 of 关系 or 系统; "呢" only before a measure word, never the
particle; "返" in 返去 / 返嚟, never the 返 of 返利). Sentence-final particles Mandarin has no
use for (㗎, 喎, 噃 …) are dropped.

The person words of the northern countryside are read the same way: 俺 is 我, 恁 before anything
but a degree word is 您 ("恁这条件" says 您这条件, "恁大" says 那么大), 木有 is 没有, 哩 before a
word is 的. The detectors read who speaks from 我 and 您, and a trainee from Henan or Shandong
says neither. So are the
Wu words a trainee from Shanghai or Jiangnan types into Mandarin (侬, 阿拉, 伊, 覅, a question's
伐): each only where Mandarin could not mean something else by it (`WU`), and the Northwest's
(额 as 我, 嫑, 莫有: `NORTHWEST`), and Hunan's and Hubei's (么子, 冇得, 莫 for 别:
`SOUTHWEST`). An office trainee's English words in a Chinese sentence
("我能 commit 的是…") are read as the Chinese they stand for (`CODESWITCH`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Written Cantonese → Mandarin. Longer forms are matched first.
CANTONESE: Mapping[str, str] = {
    # negation, the forms stance must read
    "唔好意思": "不好意思",
    "唔该": "谢谢",
    "唔使": "不用",
    "唔驶": "不用",
    # "收唔得", "要唔得": a verb then 唔得 is what must not be done (不得), not "no way" (不行)
    "收唔得": "收不得",
    "要唔得": "要不得",
    "拿唔得": "拿不得",
    "攞唔得": "拿不得",
    "食唔得": "吃不得",
    "做唔得": "做不得",
    "讲唔得": "说不得",
    "签唔得": "签不得",
    "批唔得": "批不得",
    "用唔得": "用不得",
    "唔得": "不行",
    "唔好": "不要",
    "唔系": "不是",
    "唔": "不",
    "冇": "没",
    "未曾": "没有",
    # the copula, only where it cannot be the 系 of 关系 / 系统
    "系唔系": "是不是",
    "系咪": "是不是",
    "就系": "就是",
    "都系": "都是",
    "梗系": "当然是",
    "真系": "真是",
    "即系": "就是",
    "又系": "又是",
    "仲系": "还是",
    "系咁": "是这样",
    "佢系": "他是",
    # pronouns and demonstratives
    "佢哋": "他们",
    "我哋": "我们",
    "你哋": "你们",
    "佢": "他",
    "嘅": "的",
    "哋": "们",
    "嗰": "那",
    **{f"呢{m}": f"这{m}" for m in "个度样次位间单笔份排种句条批两几边块张包件"},
    "边个": "谁",
    "边度": "哪里",
    "边间": "哪家",
    "乜嘢": "什么",
    "咩嘢": "什么",
    "咩": "啥",
    "乜": "啥",
    "点解": "为什么",
    "点样": "怎么样",
    "几多": "多少",
    "咁样": "这样",
    "咁多": "这么多",
    "咁我": "那我",
    "咁你": "那你",
    "咁": "这么",
    "嘢": "东西",
    # 啲 after a comparative is 些 ("平啲" 便宜些); before a noun it only makes it definite
    **{f"{x}啲": f"{x}些" for x in "一好多少快慢大细早迟平贵近远"},
    "啲": "",
    # time
    "而家": "现在",
    "宜家": "现在",
    "听日": "明天",
    "琴日": "昨天",
    "寻日": "昨天",
    # verbs
    "睇": "看",
    "畀": "给",
    "俾": "给",
    "搵": "找",
    "揾": "找",
    "谂": "想",
    "嚟": "来",
    "咗": "了",
    "喺": "在",
    "攞": "拿",
    "揸": "拿",
    "啱啱": "刚刚",
    "啱": "对",
    "钟意": "喜欢",
    "收低": "收下",
    "留低": "留下",
    "放低": "放下",
    "淨系": "只是",
    "净系": "只是",
    "识得": "会",
    "搞掂": "搞定",
    "埋单": "买单",
    "返去": "回去",
    "返嚟": "回来",
    "返工": "上班",
    "食饭": "吃饭",
    "食烟": "抽烟",
    "倾下": "谈谈",
    "倾吓": "谈谈",
    "倾掂": "谈好",
    "仲有": "还有",
    "仲要": "还要",
    "仲未": "还没",
    "老细": "老板",
    "话事": "做主",
    "话咗算": "说了算",
    "喺我度": "在我这里",
    "喺你度": "在你那里",
    "第日": "改天",
    "食咗饭未": "吃饭了没",
    "食咗": "吃了",
    # particles Mandarin has no use for
    "㗎": "",
    "喎": "",
    "噃": "",
    "啫": "",
}

#: Northern person words (Henan, Shandong, Hebei): read as the Mandarin the patterns name.
NORTHERN: Mapping[str, str] = {
    "俺们": "我们",
    "俺": "我",
    "恁们": "您们",
    "恁": "您",
    "木有": "没有",
    "哩": "的",  # "俺能保证哩是…": before a word it is 的 (a clause's last 哩 is left alone)
}
#: Shanghai and Jiangnan (Wu) words a trainee types in Mandarin sentences: 侬 is 你, 阿拉 is 我们
#: (never the 阿拉 of 阿拉伯), 伊 is 他 (never in 伊利, 伊朗, 木乃伊 …), 覅 is 不要, 事体 is 事情,
#: and 伐 is 吗 at a clause's end ("好伐？") or 不 before 是 ("伐是往…"), never 砍伐 or 步伐.
WU: Mapping[str, str] = {
    "阿拉": "我们",
    "侬": "你",
    "伊": "他",
    "覅": "不要",
    "事体": "事情",
    "伐是": "不是",
}
#: The Northwest (Shaanxi, Gansu, Ningxia): 额 is 我 where it cannot be the 额 of an amount
#: (额度, 额外, 金额, 名额 …: only at a clause's start or after a word that takes a person, see
#: `_AFTER`), 嫑 is 不要, 莫有 / 么有 is 没有, 莫法 is 没法, 莫急 is 别急, 谝 is 聊, and 撒 is
#: 啥 after a verb that asks ("干撒", "为撒", "有撒"), never the 撒 of 撒谎 or 撒手.
NORTHWEST: Mapping[str, str] = {
    "额们": "我们",
    "额": "我",
    "嫑": "不要",
    "莫有": "没有",
    "么有": "没有",
    "莫用": "没用",
    "莫法": "没法",
    "么法": "没法",
    "莫急": "别急",
    "莫慌": "别慌",
    "莫怕": "别怕",
    "莫恼": "别恼",
    "莫生气": "别生气",
    "莫担心": "别担心",
    "莫听见": "没听见",
    "莫看见": "没看见",
    "莫听到": "没听到",
    "莫看到": "没看到",
    "莫办法": "没办法",
    "莫问题": "没问题",
    "莫事": "没事",
    "谝": "聊",
    "撒": "啥",
}
#: Hunan and Hubei (Xiang and Southwestern Mandarin; round twenty-eight, v29's voice): 么子 is
#: 什么 ("搞么子", "冇得么子问题"), 冇得 is 没有, and 莫 before a verb of doing, saying or
#: feeling is 别 ("莫收", "莫讲", "莫哭"), never 莫非, 莫名, 莫大 or 莫过于. The e-commerce
#: service voice's 好滴 / 好哒 are 好的; 么么哒 says nothing.
SOUTHWEST: Mapping[str, str] = {
    "搞么子": "干什么",
    "干么子": "干什么",
    "么子": "什么",
    "冇得": "没有",
    **{
        f"莫{verb}": f"别{verb}"
        for verb in (
            "搞",
            "讲",
            "说",
            "哭",
            "气",
            "想",
            "管",
            "收",
            "拿",
            "送",
            "去",
            "走",
            "吵",
            "闹",
            "催",
            "嫌",
            "怪",
            "乱",
            "瞎",
            "往",
            "跟",
            "再",
            "要",
            "给",
            "签",
            "报",
            "答应",
            "难过",
            "着急",
            "客气",
            "见外",
            "紧张",
        )
    },
    "莫要": "不要",
    "好滴": "好的",
    "是滴": "是的",
    "对滴": "对的",
    "好哒": "好的",
    "么么哒": "",
}
#: The official style a county veteran writes (公文腔): 本人 is 我 where it is the writer ("此款
#: 本人不予收受", "本人保证…"), never the one in person ("需本人签字", "客户本人不来"; see `_AFTER`
#: and `_UNLESS`). The detectors read who speaks from 我.
OFFICIAL: Mapping[str, str] = {"本人": "我"}
_TABLE: Mapping[str, str] = {**CANTONESE, **NORTHERN, **WU, **NORTHWEST, **SOUTHWEST, **OFFICIAL}

#: What may not follow a form ending in these: "就系统" is not 就是; the 唔 of Mandarin
#: thinking aloud ("唔……我想想", "唔我捋一捋") is not the 唔 that negates the verb after it.
_UNLESS = {
    "系": "(?![统列数])",
    "唔": "(?=[\u4e00-\u9fff])(?![我你您他她这那嗯唔哦啊呃])",
    # 恁 before a degree word is 那么 ("恁大", "恁多"), not 您
    "恁": "(?![么般地大多高长远久早晚快慢好样些])",
    "拉": "(?!伯)",
    "伊": "(?![利朗拉斯犁始甸万])",
    "哩": "(?=[\u4e00-\u9fff])",
    # nor a thinking noise ("额，这个……", "额……"): 额 as 我 says something after it
    "额": "(?![度外头定满\\s,，。.…!！?？、]|$)",
    "撒": "(?![谎娇手气野网泼尿欢钱种花了])",
    # 本人 as the writer: before what the writer does (不予, 亦, 已, 将, 保证, 承诺 …)
    "人": "(?=[不亦已将会愿特在必定绝决保承负认深表一均务拟同谨予再只])",
}
#: What may not come before a form starting with these.
_AFTER = {
    "伊": "(?<!乃)(?<!木)",
    "伐": "(?<![砍讨征步杀])",
    # 额 as a person: a clause's first word, after a word that takes one ("跟额说", "给额"), or
    # before what a subject does ("批不批额一个人定不了") after no word an amount ends
    "额": (
        '(?:(?<=^)|(?<=[\\s,，。!！?？:：;；、…"“”（(跟给对让叫和帮替找问请等把被那就连像比说是也都'
        "还才又要])|(?<![金余差份数名限超总定配巨面票税销缺空满溢保赔增减贷授信高低大小足全半均单日月年加提降调"
        "易售业水润发款借付欠存支收投亏利成订货])(?=额[不没就也都先跟给是这一觉看想能会可来去帮替知说再"
        "还马保要们的]))"
    ),
    "撒": "(?<=[干为说有要是弄做图怕没还])",
    "么": "(?<![怎什这那多要为干甚])",
    # not after the person meant ("客户本人", "他本人", "借款人本人")
    "本": "(?<![户他她您你方其人板总哥姐叔妈爸员者主东])",
}
_FORMS = re.compile(
    "|".join(
        _AFTER.get(k[0], "") + re.escape(k) + _UNLESS.get(k[-1], "")
        for k in sorted(_TABLE, key=lambda k: (-len(k), k))
    )
)
#: The English words an office trainee mixes into Chinese ("这个 case 批多少不是我能 confirm 的，
#: 我能 commit 的是每周三跟您 sync 一次进度"), read as the Chinese they stand for: the detectors'
#: patterns, the stance cues and the options are Chinese. Only in words with Chinese in them, so
#: an answer typed in English is read as English; matched as whole words, in any case. (brief and
#: KPI are left as they are: Chinese agency talk writes them so, and so do the patterns.)
CODESWITCH: Mapping[str, str] = {
    "double check": "再核对",
    "double confirm": "再确认",
    "follow up": "跟进",
    "no comment": "不评价",
    "get到": "明白",
    "confirm": "确认",
    "commit": "承诺",
    "promise": "保证",
    "guarantee": "保证",
    "sync": "同步",
    "push": "催",
    "check": "核实",
    "follow": "跟进",
    "sorry": "抱歉",
    "case": "项目",
    "deadline": "截止时间",
    "budget": "预算",
    "forward": "转发",
    "team": "团队",
    "boss": "老板",
    "meeting": "会",
    "email": "邮件",
    "feedback": "反馈",
    "proposal": "方案",
    "solution": "方案",
    "report": "报告",
    "data": "数据",
    "risk": "风险",
    "approve": "批",
    "contract": "合同",
    "client": "客户",
    "care": "在乎",
    "fair": "公平",
    "point": "点",
    "idea": "想法",
    "update": "更新",
    "sure": "肯定",
}
_LATIN_FORM = re.compile(
    "|".join(
        r"(?<![A-Za-z])" + r"\s*".join(re.escape(w) for w in k.split()) + r"(?![A-Za-z])"
        if k.isascii()
        else r"(?<![A-Za-z])" + re.escape(k[:-1]) + r"\s*" + re.escape(k[-1])
        for k in sorted(CODESWITCH, key=lambda k: (-len(k), k))
    ),
    re.IGNORECASE,
)
#: `CODESWITCH` by the letters alone: "Follow  up", "followup" and "follow up" are one.
_LATIN_SAID = {"".join(k.split()).lower(): v for k, v in CODESWITCH.items()}
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")

#: The characters every form starts with: text with none of them is left as it is, unread.
_FIRSTS = frozenset(k[0] for k in _TABLE) | {"实", "先", "伐"}


#: "唔收得" is 不能收 (a verb between 唔 and 得 is what cannot be done), but "唔记得" is 不记得:
#: the verbs that make a Mandarin word with 得 are left to the table.
_CANNOT = r"唔(?P<verb>(?![记舍觉值晓懂见认显获取免省使了])[\u4e00-\u9fff])得"
#: 实 before a verb at a clause's start or after its subject is 肯定 ("冇问题，实批嘅", "我哋实
#: 冇问题"); after anything else it is the 实 of 其实, 确实, 落实 ….
_SURELY = (
    r"(?:^|(?<=[\s,，。!！?？:：我你您他她们哋都就]))实(?P<surely>[冇没批加放得系会到有唔不包])"
)
#: 先 ending a clause is "first" ("我问下先", "我收咗先啦"): Mandarin says it before the verb,
#: and "您先", "首先", "事先", "领先" are Mandarin's own.
_FIRST = (
    r"(?<![你您我他她们哋谁为首原事预起早优率抢领祖争在当])先(?P<first>[啦喇啰咯]?)"
    r"(?=$|[\s,，。!！?？])"
)


def _said(m: re.Match[str]) -> str:
    verb, surely, first = m.group("verb"), m.group("surely"), m.group("first")
    if verb is not None:
        if m.start() > 0 and m.string[m.start() - 1] == verb:
            return f"不{verb}得"  # "收唔收得": whether, not cannot
        return f"不能{verb}"
    if surely is not None:
        return "肯定" + _TABLE.get(surely, surely)
    if first is not None:
        return first
    if m.group("asks") is not None:
        return "吗"
    if m.re is _ALL_MIXED and m.group("latin") is not None:
        return _LATIN_SAID["".join(m.group(0).split()).lower()]
    return _TABLE[m.group(0)]


#: 伐 ending a question is 吗 ("好伐？", "晓得伐"), after a verb or an adjective only.
_ASKS = r"(?<![砍讨征步杀北])伐(?=$|[\s,，。!！?？\"”])"
_ALL = re.compile(f"{_CANNOT}|{_SURELY}|{_FIRST}|(?P<asks>{_ASKS})|{_FORMS.pattern}")
_ALL_MIXED = re.compile(
    # (the spaces typed around an English word go with it: "我能 confirm 的" is 我能确认的)
    f"{_ALL.pattern}|(?P<latin>[ \\t]*(?i:{_LATIN_FORM.pattern})[ \\t]*)"
)


def _forms(text: str) -> re.Pattern[str] | None:
    """The forms to rewrite in `text`: with the English words of `CODESWITCH` where Chinese and
    Latin letters mix; None where nothing could be rewritten."""
    if _LATIN_LETTER.search(text) and _CJK_CHAR.search(text):
        return _ALL_MIXED
    return _ALL if _FIRSTS.intersection(text) else None


def mandarin(text: str) -> str:
    """`text` with its written Cantonese rewritten as Mandarin (see the module docstring)."""
    forms = _forms(text)
    return text if forms is None else forms.sub(_said, text)


def rewrite(text: str) -> tuple[str, list[int] | None]:
    """`mandarin(text)` and, when a length changed, the index in `text` of each character of
    it (a rewritten form's characters all point at the form's first)."""
    forms = _forms(text)
    if forms is None:
        return text, None
    pieces: list[str] = []
    index: list[int] = []
    changed = False
    last = 0
    for m in forms.finditer(text):
        pieces.append(text[last : m.start()])
        index.extend(range(last, m.start()))
        said = _said(m)
        pieces.append(said)
        if len(said) == len(m.group(0)):
            index.extend(range(m.start(), m.end()))
        else:
            changed = True
            index.extend([m.start()] * len(said))
        last = m.end()
    pieces.append(text[last:])
    index.extend(range(last, len(text)))
    out = "".join(pieces)
    return out, index if changed else None
