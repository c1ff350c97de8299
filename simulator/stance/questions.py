"""Whether a clause asks: an A不A pair, a question word near its end, a final particle."""

from __future__ import annotations

import re

from simulator.stance.lexicon import (
    A_NOT_A,
    ASKING_NOT,
    DISMISSAL,
    INDEFINITE,
    QUESTION_ENDINGS,
    QUESTION_TAIL,
    QUESTION_WORDS,
    RHETORICAL_RE,
    YOU_KNOW,
)


def has_a_not_a(text: str) -> bool:
    """Does `text` hold an A不A / A没A pair ("去不去", "有没有")?"""
    return A_NOT_A.search(text) is not None


def put_back(body: str, text: str, end: int) -> int | None:
    """Where the A不A pair of `body` starts when the client is told they know its answer,
    after it in `body` or at the start of the clause that follows (in `text`, from `end`):
    "这个价我能不能做主，您心里也有数" is "I cannot decide it". None when the clause asks in
    earnest."""
    pair = A_NOT_A.search(body)
    if pair is None:
        return None
    while end < len(text) and text[end].isspace():
        end += 1
    if YOU_KNOW.search(body, pair.end()) is None and YOU_KNOW.match(text, end) is None:
        return None
    return pair.start()


#: A 呢 that softens a statement (the service voice's "悄悄跟您说呢", "已经帮您查到了呢", "好的
#: 呢"; round twenty-eight's cold tryout): it asks only with a question word or an A不A pair.
_TELLING = re.compile(r"((跟|给|和|对|同)(您|你)(说|讲)|[的了哒啦哦着])呢$")


def asks(body: str) -> bool:
    """A question without a question mark: a final particle, or an A不A pair or question word
    at the clause's end ("钱准备怎么用", "行不行"). One inside a statement ("能不能批不是我说了
    算", "不管怎么样") asks nothing."""
    stripped = body.strip()
    if RHETORICAL_RE.search(stripped) is not None or DISMISSAL.search(stripped) is not None:
        return False  # "怎么可能批不下来呢" asserts, it does not ask
    if ASKING_NOT.search(stripped) is not None:
        return True
    if (
        stripped.endswith(QUESTION_ENDINGS)
        and not stripped.endswith(("好吧", "行吧", "算了吧"))
        and _TELLING.search(stripped) is None
    ):
        return True
    # "谁都不好过" (everyone) and "合同写多少就是多少" (an indefinite said twice) ask nothing.
    tail = re.sub("谁(都|也)", "", INDEFINITE.sub("", stripped))[-QUESTION_TAIL:]
    pair = A_NOT_A.search(tail)
    # "批不批不归我": a whether-or-not that is the subject of a negated statement asks nothing.
    if pair is not None and not any(c in tail[pair.end() :] for c in "不没"):
        return True
    return any(w in tail for w in QUESTION_WORDS if w not in ("哪", "几")) or bool(
        # 几 + a measure word is as often "a few" as "how many": only with a question mark.
        re.search(r"哪(个|些|里|儿|天|家|种|位|方面)", tail)
    )
