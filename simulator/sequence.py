"""Order-aware checks over a whole session: what the trainee did before what.

A single turn cannot show that the trainee explored an objection *before* answering it, or
asked how a loan would be repaid *before* talking amounts; the session can. These checks read
the finished turns (their hits and the trainee's words) and return hits with source
"sequence", which the scorecard counts beside the turns' own (scoring.build_scorecard's
`session_hits`). A check whose deciding turn already scored the same principle the same way
adds nothing (no double counting). The cues are documented in docs/understanding.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from simulator import stance
from simulator.model import Scenario, Text
from simulator.scoring import PrincipleHit, TurnResult

# The trainee explores: asks an open question or restates what the client said. Detector and
# option hits on active_listening count too.
_RESTATE = re.compile(
    r"您的意思是|你的意思是|您是说|你是说|我理解您是|我理一下|我总结一下|也就是说|换句话说"
    r"|so you're saying|if i understand|let me (restate|sum up)|what i'm hearing",
)
# An open question in the trainee's words (the detectors' own rule is in the catalog).
_OPEN_QUESTION = re.compile(
    r"(怎么(?!可能|办)|怎样|为什么(?!不)|为啥|哪|(?<!为)什么(?!都)|(?<!为)啥|干嘛|如何|多少|多久|多长)[^?]*\?"
    r"|说说|讲讲|谈谈|聊聊|\b(how|what|why(?! don't)|which|where)\b[^?]*\?|tell me",
)
# Asking to see for oneself ("您先带我到车间里转一圈", "想去仓库看看"): exploring, not a fix.
_SEE_FOR_MYSELF = re.compile(
    r"带我[去到]?[^,，。]{0,8}(看|转|走)|(去|到)(车间|现场|仓库|库房|店里|厂里|工地)[^。]{0,6}(看|转|走)"
)
#: The turns in which the client's objection is met: exploring it or jumping to a fix.
EXPLORE_TURNS = 3
# The trainee's own conduct vouched for ("您的事我一定认真办", "我保证如实写"): how the
# trainee will work, no fix offered (round forty-two's cold tryout had "不过您的事我一定认真办"
# marked down as a plan given before asking).
_EFFORT = r"(会|要|都|给您|帮您)?(认真|用心|好好|如实|照实|按规矩|按流程|全力|上心|尽心)"
# The trainee responds with a solution, proposal or promise.
_SOLUTION = re.compile(
    r"我建议|建议您|您可以|咱们可以|我们可以|我帮您|我给您|我去|方案是|办法是|这样吧|要不(您|咱们|我们)"
    rf"|保证(?!{_EFFORT})|一定(?!{_EFFORT})|包在|没问题"
    r"|i suggest|i recommend|we can|you could|here's what|the plan is|how about|i promise"
    r"|i guarantee|no problem",
)
# The client asks the trainee for the plan ("你说，接下来我该怎么弄", "您看怎么办", "有什么办法").
_ASKS_FOR_PLAN = re.compile(
    r"(怎么办|怎么弄|怎么做|怎么搞|咋办|咋弄|咋整|该怎么|有(什么|啥)(办法|法子|主意)|出个主意|你说呢"
    r"|您说呢|你看呢|您看呢|你给(我)?(出|拿)个|what should i do|what do you suggest|any ideas)",
)
# The trainee talks amounts of money (credit family).
_AMOUNT = re.compile(
    # A figure starts with a numeral: "千万别再说了" (by no means) names no amount.
    r"[0-9零一二三四五六七八九十两几][0-9零一二三四五六七八九十两百千]*万"
    r"|[一二两三四五六七八九]千[一二三四五六七八九]?|额度|金额|贷多少|批多少"
    r"|\bamount\b|\blimit\b|\d+ ?(k|m|million|thousand)\b",
)
# An amount named only to say whose decision it is ("批不批、批多少是审批部门说了算", round
# twenty-six's cold tryout): no amount is discussed.
_AMOUNT_NOT_MINE = re.compile(
    r"(额度|金额|贷多少|批多少|给多少)[^,，。]{0,10}(说了算|来定|决定|定的|做主|拍板|不归我|不是我)"
)
# The trainee asks how the loan will be repaid (or what it is for).
_REPAYMENT = re.compile(
    r"还款|怎么还|靠什么(来)?还|还得上|回款|现金流|用途|用在|做什么用|用来做什么"
    r"|(干|做)(啥|什么)用|打算(干|做|用)|拿去(干|做)"
    r"|\brepay|cash ?flow|what (is|was) (it|the money|the loan) for",
)


def session_hits(scenario: Scenario, turns: Sequence[TurnResult]) -> list[PrincipleHit]:
    """The order-aware hits of a session so far (empty when there is nothing to judge)."""
    found = [_explore_before_solution(turns)]
    if scenario.family == "credit":
        found.append(_repayment_before_amount(turns))
    return [hit for hit in found if hit is not None and not _already_scored(hit, turns)]


def _already_scored(hit: PrincipleHit, turns: Sequence[TurnResult]) -> bool:
    """True when the deciding turn's own hits already count this principle this way.

    An option tagged `risk_thinking: +2` for asking about repayment has scored that move;
    the order check adds a point only for what the turns did not see (typed words, untagged
    options), so the same evidence is never counted twice.
    """
    turn = next((t for t in turns if t.said == hit.evidence), None)
    if turn is None:
        return False
    return any(
        h.principle == hit.principle and (h.weight > 0) == (hit.weight > 0) for h in turn.hits
    )


def _words(turn: TurnResult) -> str:
    return unicodedata.normalize("NFKC", turn.said).casefold()


def _client_words(turn: TurnResult) -> str:
    line = turn.client_line.zh or turn.client_line.en
    return unicodedata.normalize("NFKC", line).casefold()


def _explores(turn: TurnResult) -> bool:
    if any(h.principle == "active_listening" and h.weight > 0 for h in turn.hits):
        return True
    words = _words(turn)
    return bool(
        _RESTATE.search(words) or _OPEN_QUESTION.search(words) or _SEE_FOR_MYSELF.search(words)
    )


def _proposes(words: str) -> bool:
    """Do the words offer a fix: a solution cue not negated, asked or refused ("我不会跟您讲
    保证腊月二十前到账" promises nothing; round twenty-eight's cold tryout had it marked down
    as a plan offered before asking)?"""
    if _SOLUTION.search(words) is None:
        return False
    for clause in stance.clauses(words):
        if clause.question or clause.refused:
            continue
        for found in _SOLUTION.finditer(clause.text):
            if not clause.negated[found.start()]:
                return True
    return False


def _asks_repayment(turn: TurnResult) -> bool:
    if any(h.principle == "risk_thinking" and h.weight > 0 for h in turn.hits):
        return True
    return bool(_REPAYMENT.search(_words(turn)))


def _explore_before_solution(turns: Sequence[TurnResult]) -> PrincipleHit | None:
    """Listen–acknowledge–explore–respond: was the objection explored before the first answer?

    Only the opening turns are read: a plan offered deep into the talk ("第 11 轮") answers
    what the client has said by then; it does not skip the exploring of the objection."""
    for turn in turns[:EXPLORE_TURNS]:
        if _explores(turn):
            return PrincipleHit(
                principle="active_listening",
                weight=1,
                evidence=turn.said,
                source="sequence",
                explanation=Text(
                    f"符合「倾听与开放式提问」：第 {turn.index + 1} 轮先探询了客户的想法，再给方案"
                    "（倾听—认同—探询—回应；依据《大客户经理如何开展渠道工作》：边听边抓客户的“漏洞”）",
                    f"upholds 'Listening and open questions': turn {turn.index + 1} explored "
                    "the client's view before offering a solution (listen, acknowledge, "
                    "explore, respond; source: How a key-account manager works the channel)",
                ),
                detector="explore_before_solution",
            )
        if _proposes(_words(turn)):
            if turn.index > 0 and _ASKS_FOR_PLAN.search(_client_words(turn)):
                # Asked for the plan later in the talk: giving it is the answer. At the opening,
                # "你说我该怎么办" is the objection itself, and exploring it first is the move.
                continue
            return PrincipleHit(
                principle="active_listening",
                weight=-1,
                evidence=turn.said,
                source="sequence",
                explanation=Text(
                    f"违反「倾听与开放式提问」：第 {turn.index + 1} 轮还没问清客户的想法就给了方案"
                    "（先倾听、探询，再回应；依据《大客户经理如何开展渠道工作》：边听边抓客户的“漏洞”）",
                    f"breaks 'Listening and open questions': turn {turn.index + 1} offered a "
                    "solution before exploring the client's view "
                    "(source: How a key-account manager works the channel)",
                ),
                detector="explore_before_solution",
            )
    return None


def _repayment_before_amount(turns: Sequence[TurnResult]) -> PrincipleHit | None:
    """未贷先想收: did the trainee ask how the loan is repaid before talking amounts?"""
    for turn in turns:
        if _asks_repayment(turn):
            return PrincipleHit(
                principle="risk_thinking",
                weight=1,
                evidence=turn.said,
                source="sequence",
                explanation=Text(
                    f"符合「风险思维，未贷先想收」：第 {turn.index + 1} 轮"
                    "先问了用途和还款来源，再谈金额（依据《客户经理应具备的六种能力》）",
                    f"upholds 'Risk thinking': turn {turn.index + 1} asked about purpose and "
                    "repayment before discussing amounts "
                    "(source: Six abilities a customer manager needs)",
                ),
                detector="repayment_before_amount",
            )
        words = _words(turn)
        if _AMOUNT.search(words) and not _AMOUNT_NOT_MINE.search(words):
            return PrincipleHit(
                principle="risk_thinking",
                weight=-1,
                evidence=turn.said,
                source="sequence",
                explanation=Text(
                    f"违反「风险思维，未贷先想收」：第 {turn.index + 1} 轮"
                    "没问还款来源就谈了金额（依据《客户经理应具备的六种能力》）",
                    f"breaks 'Risk thinking': turn {turn.index + 1} discussed amounts before "
                    "asking how the loan would be repaid "
                    "(source: Six abilities a customer manager needs)",
                ),
                detector="repayment_before_amount",
            )
    return None
