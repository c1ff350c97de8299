"""Verdicts that stand alone ("不现实", "这个真做不到"): a clause that only judges what was said."""

from __future__ import annotations

import re

from simulator.stance.lexicon import ADVERBS, POINTER_WORDS, TAIL_FILLERS

#: "…不行" at a clause's end: "也不行" refuses what comes first, "不看是不行的" makes a
#: negated content a must.
MUST = re.compile(r"(是|可|就|也|那|都)?不(行|成)(的|啊|呀|吧|了)?$")
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
POINTED_VERDICTS = ("不合规矩", "不合规定", "不合规", "不合适", "不妥当", "不妥")
VERDICT = re.compile("(?:" + "|".join(VERDICTS) + r")(?:的|啊|呀|吧|了|呢|哦|哈)*$")


def verdict_only(body: str) -> bool:
    """Is the clause only a verdict, perhaps on "这个" ("不太现实", "这个真做不到")?"""
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
