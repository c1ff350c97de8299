"""The verdict on one turn: what the trainee's typed words upheld or broke come first.

A picked option is judged by its principle tags. Typed words are judged by what they say:
the detectors' hits on the words are taken as they are, and the matched option's tags count
only where the words agree with them. A tag the words contradict (the option upholds 谨慎承诺,
the words promise an outcome) is dropped, so the words' violation is not offset by the
option's credit. Every hit of a typed turn quotes the typed words. The option's coach feedback
is kept only when the words keep the option's stance; otherwise the feedback names the
principle the words broke or kept and quotes them. The rules are in docs/scoring.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from simulator import detectors, stance
from simulator.model import Catalog, Node, Option, Text
from simulator.punctuation import clip_said, letters
from simulator.quoting import own_quotes
from simulator.scoring import DETECTOR_STEP, PrincipleHit, option_hits, option_value

#: Typed words longer than this are quoted with an ellipsis in generated feedback.
QUOTE_CHARS = 40
#: Typed words with fewer letters than this share of the option's own text earn only the
#: virtues they show (measured: 1 of the 3,143 reworded and paraphrase answers taken right on
#: the dev sets is that short; "对不起" and "友商我不评价" are).
SHORT_SHARE = 0.2


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one turn upheld and broke, how good a move it was, and what the coach says."""

    hits: tuple[PrincipleHit, ...]
    quality: float | None  # 0…1 between the node's worst and best option; None: no real choice
    feedback: Text
    kept_stance: bool  # the typed words agree with every tag of the option (always for a pick)
    dropped: tuple[str, ...] = ()  # principle ids of option tags the words contradicted
    # the typed words break a principle the option itself does not: the client heard that
    broke: bool = False
    # principle ids of the option's tone breaches the words do not carry (`TONE`)
    spared: tuple[str, ...] = ()


#: Principles broken by how a move is said, not by the move: an option's breach of one is in
#: its own words ("您别拿行长压我…"), and words far from them that do not carry it ("这个我真没
#: 法答应您，报告只能照实写", round thirty-five's cold tryout: charged 尊重客户 −2) make the
#: move without the edge.
TONE = frozenset({"empathy", "composure", "respect_client"})

#: Principles an answer keeps only by speaking of their subject: an option's credit for one
#: counts where the typed words name it (another bank or firm, for fairness to competitors).
_TOPICS: dict[str, re.Pattern[str]] = {
    "respect_competitors": re.compile(
        r"别家|别的(银行|公司|家|店)|其他(银行|公司|家|店)|同行|对手|竞争|友商|隔壁|对面|人家"
        r"|他们(家|那边|那儿|银行|公司|行)|[工农中建交招]行|大行|农商行|信用社|(另|那)一?家"
        r"|超市|移动|联通|电信|other (banks?|firms?|shops?|companies)|competitors?|rivals?",
        re.IGNORECASE,
    ),
}


#: Principles a move keeps by asking (倾听与开放式提问: an open question): an option that keeps
#: one with a question credits it to words that ask something, or that the detectors read
#: keeping it (listening shown by giving the client's words back). Gathering information and
#: clarifying a brief are kept by listing papers or summing up as well, and are left alone.
#: "王姐，先别急，货少了您心里不痛快我明白" read as "您先消消气…您跟我说说？" comforts and asks
#: nothing (a cold tryout credited 倾听 +3).
_ASKED = frozenset({"active_listening"})


#: An invitation to speak is the open question of spoken Chinese: "您说说这个月的情况", "跟我讲
#: 讲", "您慢慢说".
_INVITES = re.compile(
    r"(说|讲|聊|谈)(一)?\1|慢慢(说|讲)|(跟|和|给)我(说|讲)|请您?(说|讲)|您(说|讲)吧"
)


def _asks(text: str) -> bool:
    """Does some clause of the words ask (a question mark, 吗, a question word, A不A), or
    invite the client to speak?"""
    return bool(_INVITES.search(text)) or any(c.question for c in stance.clauses(text))


#: Detectors that read something offered being taken ("那我就不客气了"): where no option at
#: the node keeps or breaks their principle, nothing is on offer and the words are manners
#: (round thirty-five's tryout: charged 廉洁合规 −3 before any gift was offered).
_TAKING = frozenset({"takes_gift"})


def in_context(node: Node, found: Sequence[PrincipleHit]) -> list[PrincipleHit]:
    """The detectors' hits on words said at `node` that the conversation there makes hits."""
    offered = {p for option in node.options for p in option.principles}
    return [h for h in found if h.detector not in _TAKING or h.principle in offered]


def judge(
    node: Node, option: Option, typed: str | None, catalog: Catalog, *, close: bool = True
) -> Verdict:
    """The verdict on taking `option` at `node`, said in the trainee's own `typed` words.

    `close`: the words are near one of the option's own phrasings (they say its move, not a
    part of it). When they are not, a virtue of the option counts only where the words show it
    themselves: "钱总别着急，我理解您的难处" read as the option that also lists the papers to
    bring earns the empathy it shows, not the information gathering it leaves out."""
    tags = option_hits(option, catalog)
    if typed is None or not typed.strip():
        return Verdict(
            hits=tuple(tags),
            quality=_quality(node, option_value(option), 0, bool(tags)),
            feedback=option.feedback,
            kept_stance=True,
        )
    found = in_context(node, detectors.detect(typed, catalog))
    said: dict[str, list[PrincipleHit]] = {}
    for hit in found:
        said.setdefault(hit.principle, []).append(hit)
    hits: list[PrincipleHit] = []
    dropped: list[str] = []
    withheld: list[str] = []
    spared: list[str] = []
    used: set[int] = set()
    value = 0
    # Words that break a principle (and uphold it nowhere) earn none of the option's virtues
    # they do not show themselves: "放心，包在我身上" is no empathy, whatever option it matched.
    upheld = {h.principle for h in found if h.weight > 0}
    # Words a fraction of the option's length ("对不起" for an apology and a question) say a
    # part of its move, however close they come to one of its short phrasings.
    short = letters(typed) < SHORT_SHARE * letters(option.text.zh)
    broke = any(h.weight < 0 and h.principle not in upheld for h in found)
    for tag in tags:
        words = said.get(tag.principle, [])
        opposite = any((h.weight > 0) != (tag.weight > 0) for h in words)
        agrees = any((h.weight > 0) == (tag.weight > 0) for h in words)
        if opposite and (not agrees or tag.weight > 0):
            # The words say the opposite: they win, and a breach anywhere in them is not made
            # good by a clause that keeps the principle ("…报告这周五前报上去，…我保证给您批
            # 下来" read as the careful answer kept the +1 and lost the −2 without a word).
            dropped.append(tag.principle)
            continue
        if tag.weight < 0 and tag.principle in TONE and not agrees and not close:
            spared.append(tag.principle)  # the move, said without its edge
            continue
        if (broke or not close or short) and tag.weight > 0 and not agrees:
            withheld.append(tag.principle)
            continue  # unearned: the option's stance is kept, its credit is not
        topic = _TOPICS.get(tag.principle)
        if (
            topic is not None
            and tag.weight > 0
            and not agrees
            and topic.search(option.text.zh)
            and not topic.search(typed)
        ):
            # "快不快主要看材料…" read as the move that also speaks well of the rival bank says
            # nothing of any rival: no fairness to competitors is shown (round thirty-four's
            # cold tryout credited it +2). (An option that names no rival keeps its tag.)
            withheld.append(tag.principle)
            continue
        if (
            tag.principle in _ASKED
            and tag.weight > 0
            and not agrees
            and _asks(option.text.zh)
            and not _asks(typed)
        ):
            withheld.append(tag.principle)  # the option asks; the words do not
            continue
        value += tag.weight
        agreeing = next((h for h in words if (h.weight > 0) == (tag.weight > 0)), None)
        if agreeing is not None:
            # The words' own reading, counted and shown at the move's weight: "我跟您保证，十五
            # 个点没问题的呢" read as the fifteen points promised is the −3 of that move, not
            # the −1 the classifier gives a breach it reads on its own (round forty).
            hits.append(replace(agreeing, weight=tag.weight))
            used.add(id(agreeing))
            continue
        # Quoted where the words say it most surely, not from their opening; where the
        # classifier reads it nowhere, where the words make the move.
        where = detectors.where_said(
            typed,
            tag.principle,
            "upholds" if tag.weight > 0 else "violates",
            floor=detectors.QUOTE_FLOOR,
        ) or detectors.said_as(typed, (option.text.zh, option.text.en, *option.all_examples()))
        hits.append(
            PrincipleHit(
                principle=tag.principle,
                weight=tag.weight,
                evidence=where or _quote(typed),
                source="option",
                explanation=tag.explanation,
            )
        )
    tagged = {tag.principle for tag in tags}
    extra = 0
    for hit in found:
        if id(hit) in used or (hit.principle in tagged and hit.principle not in dropped):
            continue
        hits.append(hit)
        extra += hit.weight
    kept = not dropped
    # What the words break that the move itself does not ("包在我身上" read as a warm move).
    broken = [
        h
        for h in found
        if h.weight < 0 and h.principle not in upheld and option.principles.get(h.principle, 0) >= 0
    ]
    if not kept:
        feedback = _feedback(typed, found, dropped, catalog)
    elif spared:
        feedback = _spared_feedback(hits, spared, option, catalog)
    elif withheld and option_value(option) > 0 and not (option.trap or option.red_line):
        # The option's coach feedback praises the whole move; the words made part of it. (A
        # trap's feedback says why it is one, and its words are no example to follow.)
        feedback = _partial_feedback(hits, withheld, option, catalog, broken)
    else:
        # The coach's words for the move, its quotations of the option put as the trainee's
        # ("\"我做主\"是越权" after "三个月月租不收了"; round thirty-six's cold tryout).
        feedback = own_quotes(option.feedback, option.text, _quote(typed), typed)
    quality = _quality(node, value, extra, bool(hits))
    return Verdict(
        tuple(hits), quality, feedback, kept, tuple(dropped), bool(broken), tuple(spared)
    )


def _spared_feedback(
    hits: Sequence[PrincipleHit], spared: Sequence[str], option: Option, catalog: Catalog
) -> Text:
    """Feedback for words that make the option's move without its edge: what they kept and
    broke, quoting them, and which of the move's breaches of tone they did not commit."""
    zh, en = _said([h for h in hits if h.source != "option"], catalog)
    names = [_name(catalog, pid) for pid in dict.fromkeys(spared)]
    zh.append(
        f"这一步的做法和「{option.text.zh}」一样，但你的说法没有它那股冲劲，不算违反"
        + "、".join(f"「{name.zh}」" for name in names)
        + "。"
    )
    example = option.text.en or option.text.zh
    en.append(
        f"The move is the one of \u201c{example}\u201d, said without its edge: no breach of "
        + ", ".join(f"'{name.en or name.zh}'" for name in names)
        + "."
    )
    return Text("".join(zh), " ".join(en))


def _partial_feedback(
    hits: Sequence[PrincipleHit],
    withheld: Sequence[str],
    option: Option,
    catalog: Catalog,
    broken: Sequence[PrincipleHit] = (),
) -> Text:
    """Feedback for words that made part of the option's move: what they broke and kept,
    quoting them, what the whole move also does, and the option's own words as an example."""
    zh, en = _said([*broken, *(h for h in hits if h.weight > 0 and h.source != "option")], catalog)
    missing = [_name(catalog, pid) for pid in dict.fromkeys(withheld)]
    zh.append(
        "这一步完整的做法还包括"
        + "、".join(f"「{name.zh}」" for name in missing)
        + f"，你的话里我没听出来。可以这样说：「{option.text.zh}」"
    )
    example = option.text.en or option.text.zh
    en.append(
        "The full move also includes "
        + ", ".join(f"'{name.en or name.zh}'" for name in missing)
        + f", which I did not hear in your words. You could say: \u201c{example}\u201d"
    )
    return Text("".join(zh), " ".join(en))


def _quality(node: Node, value: int, extra: int, touched: bool) -> float | None:
    """Where a move worth `value` (+ `extra` from the words) sits between the node's options."""
    values = [option_value(o) for o in node.options]
    lo, hi = min(values), max(values)
    if hi == lo:
        if extra == 0:
            return None
        return min(1.0, max(0.0, 0.5 + DETECTOR_STEP * extra))
    return min(1.0, max(0.0, (value + extra - lo) / (hi - lo)))


def _quote(typed: str) -> str:
    text = " ".join(typed.split())
    return clip_said(text, QUOTE_CHARS)


def _feedback(
    typed: str, found: Sequence[PrincipleHit], dropped: Sequence[str], catalog: Catalog
) -> Text:
    """Feedback for words that broke the option's stance: which principle, quoting them."""
    broken = [h for h in found if h.weight < 0 and h.principle in dropped]
    kept = [h for h in found if h.weight > 0 and h.principle in dropped]
    zh, en = _said(broken + kept, catalog)
    if broken:
        zh.append("方向对了，但说法把这一步的分数扣掉了：换一种不越界的说法。")
        en.append("The move was right, but the words cost it: say it without crossing that line.")
    return Text("".join(zh), " ".join(en))


def _name(catalog: Catalog, pid: str) -> Text:
    principle = catalog.principles.get(pid)
    return principle.name if principle is not None else Text(pid, pid)


def _said(hits: Sequence[PrincipleHit], catalog: Catalog) -> tuple[list[str], list[str]]:
    """One line per hit, quoting the words: "你说「…」，违反了/守住了「…」。" (zh, en)."""
    zh: list[str] = []
    en: list[str] = []
    for hit in hits:
        name = _name(catalog, hit.principle)
        verb_zh, verb_en = ("守住了", "keeps") if hit.weight > 0 else ("违反了", "breaks")
        zh.append(f"你说「{hit.evidence}」，{verb_zh}「{name.zh}」。")
        en.append(f"You said \u201c{hit.evidence}\u201d: that {verb_en} '{name.en or name.zh}'.")
    return zh, en
