"""Whether a clause supposes: 如果/要是/只要 …, or closed by 的话 when that is not the noun 话."""

from __future__ import annotations

import re

from simulator.stance.lexicon import CONDITION

#: Before 的话, these make it a noun ("这不是我该传的话": the words I should pass on), not
#: the end of a condition ("您要走的话").
_NOUN_HUA = re.compile(r"不是|是我|是咱")


#: A person's words ("把您的话原封不动转给创意部", "领导的话"), or words of a kind ("网络不行
#: 之类的话", round twenty-two): 的话 right after whose or what kind they are.
_WHOSE_WORDS = re.compile(
    r"(您|你|我|他|她|咱|我们|你们|您们|他们|人家|领导|老板|客户|之类|一类|这类|那类)(?=的$)"
)


#: After 的话, what is done to words ("今天的话烂在屋里", "今天的话传出去"): it is the noun 话.
_DONE_TO_WORDS = re.compile(r"烂|传|转|记|带|当真|放在|听进")


def is_condition(body: str) -> bool:
    """Is the clause a condition: opened by 如果/要是/只要 …, or closed by 的话 when it is not
    the noun 话 ("这不是我该传的话")?"""
    for cue in CONDITION.finditer(body):
        if cue.group() == "的话" and (
            _NOUN_HUA.search(body, 0, cue.start())
            or _WHOSE_WORDS.search(body, 0, cue.start() + 1)
            or _DONE_TO_WORDS.match(body, cue.end()) is not None
        ):
            continue
        return True
    return _IF_REALLY.search(body) is not None


#: "这两条烟我要真收了，那就是…": 要 with 真 before a done deed is "if", not "want".
_IF_REALLY = re.compile(r"(?<=[我咱您你他她])要真(?!心|诚|是)(的)?[^,，。]{1,8}了")
