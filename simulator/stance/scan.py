"""The scope of negation inside one clause: which characters a cue negates."""

from __future__ import annotations

import functools
import re

from simulator.stance.lexicon import (
    A_NOT_A,
    ASKING_NOT,
    DISMISSAL,
    DOUBLE_NEGATION_GAP,
    MANNER_CUES,
    MANNER_REACH,
    MANNER_STOPS,
    NEGATION_CHARS,
    NEGATION_CUES,
    NEW_SUBJECT,
    NOT_A_SUBJECT,
    NOT_MANNER,
    NOT_MANNER_WORDS,
    NOT_NEGATIONS,
    NOT_PRETENDING,
    NOUN_AFTER_NOT,
    OBJECT_MARKERS,
    POST_NEGATIONS,
    POST_VERB_CHARS,
    PRETENDS,
    PRONOUN_CHARS,
    SUBJECT_CHARS,
    SUBJECT_CUES,
    WAIVER,
    WAIVER_BEFORE,
    WAVED_OFF,
)

#: What may follow a cue that is itself the predicate ("我不要了", "不用啊").
EMPTY_SCOPE = " 了的啊呀吧呢哦嘛"


#: What a detector's match is blanked out with, to read the stance around it.
BLANK = "某"
#: What opens a predicate of its own after 也: a negation, a must or a may, "fine" (or a
#: detector's match blanked out, which is one).
_NEW_PREDICATE = re.compile(r"别|甭|不|没|得|要|该|行|成|可以|能|照样|一样|无所谓|罢|" + BLANK)


def negation_mask(text: str) -> list[bool]:
    """Per character of one clause: is it inside the scope of a negation?

    A cue negates everything after it up to the end of the clause. A cue right after another
    (within `DOUBLE_NEGATION_GAP` characters: "不是不想帮您", "不能不说") turns it back; a later
    one starts a new negated predicate ("这个忙不能帮钱也不能收" negates both). A
    post-negation (不了, 不到 …) negates the verb before it and the rest. Text with no negation
    character costs one scan.
    """
    return list(_scanned(text)[0])


#: "Not only": lexical (不光…还…) except after an emphatic 可 (`_scan`).
_NOT_ONLY = ("不光", "不只", "不仅", "不单")


def cue_starts(text: str) -> list[int]:
    """Where each negation cue of one clause starts (a post-negation: where its verb does)."""
    return list(_scanned(text)[1])


@functools.lru_cache(maxsize=4096)
def _scanned(text: str) -> tuple[tuple[bool, ...], tuple[int, ...]]:
    """`_scan`, kept: one clause is scanned again and again (for its mask, its cues, by each
    rule that reads it, and when the words are read again without what they refuse)."""
    mask, starts = _scan(text)
    return tuple(mask), tuple(starts)


def _scan(text: str) -> tuple[list[bool], list[int]]:
    tail = ASKING_NOT.search(text)
    if tail is not None:
        # "给我瞄一眼要得不？", "这样行不": a final 不 after what is asked is the question's
        # other half (行不行), not a negation (round twenty-eight's cold tryout: read as a
        # refusal, the client answered "不行是吧").
        mask, starts = _scan(text[: tail.start("not")])
        return mask + [False] * (len(text) - len(mask)), starts
    n = len(text)
    if not any(c in text for c in NEGATION_CHARS) and not _may_dismiss(text):
        return [False] * n, []
    starts: list[int] = []
    events: list[tuple[int, str]] = []  # (position, "on" | "toggle")
    last_cue_end = -100
    i = 0
    while i < n:
        if text[i] not in _SCAN_FIRST:
            i += 1  # no cue, pretence, post-negation, 也 or dismissal starts here
            continue
        pretend = _starts_with_any(text, i, PRETENDS)
        if pretend and i > 0 and text[i - 1] in NOT_PRETENDING.get(text[i], ""):
            pretend = 0  # "相当没把握", "安装没问题": a word that ends in 当 or 装
        if pretend:
            # "我就当没听见", "不能装不知道": to pretend not to know is one act, said or
            # negated whole; its 没 negates nothing.
            i += pretend
            continue
        # Right after a cue, 不管/不过 … negate again ("不能不管" is "must see to it").
        skip = _starts_with_any(text, i, NOT_NEGATIONS) if i != last_cue_end else 0
        if skip and text.startswith(("不过去", "不同意"), i) and not text.startswith("不同意见", i):
            # "晚上我就不过去了": not going over, not "but"; "我不同意": not agreeing, not
            # "different" (round forty-three: "我不同意" was read as saying 同意); "不同意见" is
            # "different views"
            skip = 0
        elif skip and text.startswith("个别", i) and i > 0 and text[i - 1] in "这那":
            skip = 1  # "这个别指望了": 这个 and a 别 that negates, not 个别 ("a few")
        elif skip and i > 0 and text[i - 1] == "可" and text.startswith(_NOT_ONLY, i):
            # "审查可不光看报表利润" (round thirty-five's cold tryout: taken as "审查主要看报
            # 表利润"): an emphatic "not only" refutes what follows it, it does not list it
            skip = 0
        if skip:
            i += skip
            continue
        if text[i] == "不" and _NOT_ONE_MISSING.match(text, i) and _ONE_OF.search(text, 0, i):
            i += 2  # "一个字不落地转给", "一分不少": every one, not a negation
            continue
        a_not_a = A_NOT_A.match(text, max(0, i - 1)) if text[i] in "不没" and i > 0 else None
        if a_not_a is not None and a_not_a.start() == i - 1:
            i += 2  # 能不能: a question, not a negation
            continue
        post = _starts_with_any(text, i, POST_NEGATIONS)
        if post and i > 0 and text.startswith(NOUN_AFTER_NOT, i + 1):
            post = 0  # 保证不出问题: 不 negates 出问题, not the verb before it
        if post and i > 0:
            verb = max(0, i - POST_VERB_CHARS)
            while verb < i - 1 and text[verb] in PRONOUN_CHARS:
                verb += 1  # "我做不了": the verb is 做, 我 is who cannot
            starts.append(verb)
            if last_cue_end >= verb:  # 怎么可能批不下来: the two negations cancel
                events.append((last_cue_end, "toggle"))
            else:
                events.append((verb, "on"))
            last_cue_end = i + post
            i += post
            continue
        if (
            text[i] == "也"
            and starts
            and i > last_cue_end
            and _NEW_PREDICATE.match(text, i + 1) is not None
        ):
            # "没考上也别灰心", "不去也行", "没法查也得查": 也 opens a new predicate, which
            # the negation before it does not reach (a negation in it starts afresh).
            events.append((i, "off"))
            last_cue_end = -100
            i += 1
            continue
        dismissal = DISMISSAL.match(text, i) if text[i] in _DISMISSAL_FIRST else None
        if dismissal is not None:
            # "还测算啥子现金流嘛": the verb asked about is what is negated, and the rest.
            verb = dismissal.start("verb") if dismissal.group("verb") else i
            starts.append(verb)
            events.append((verb, "on"))
            last_cue_end = dismissal.end()
            i = dismissal.end()
            continue
        cue = _starts_with_any(text, i, NEGATION_CUES)
        if cue:
            starts.append(i)
            double = i - last_cue_end <= DOUBLE_NEGATION_GAP
            subject = next(
                (
                    j
                    for j in range(max(last_cue_end, 1), i)
                    if text[j] in PRONOUN_CHARS and text[j - 1] == "的"
                ),
                None,
            )
            if double and subject is not None:
                # "做不到的我不会先应下来": a subject after a negation made a noun (…的)
                # starts a new predicate; the first negation ends before it and the second
                # starts afresh ("不是我不想帮您" is still one negation undoing another).
                double = False
                events.append((subject, "off"))
            events.append((i + cue, "toggle" if double else "on"))
            last_cue_end = i + cue
            manner = _manner_end(text, i, cue) if not double else None
            if manner is not None:
                # "不打招呼直接给华骏打电话", "没核实就放款": the cue negates the manner only;
                # the main verb after it is affirmed.
                events.append((manner, "off"))
            i += cue
            continue
        i += 1
    mask = [False] * n
    state = False
    k = 0
    if events:
        # "卖不掉我全包退", "批不下来我负责": the trainee as a new subject starts a new predicate
        # that the negation before it does not reach. Not after a clause's opening 不是, which
        # denies the whole of what follows ("不是您说啥我就照办", "也不是我替您做主").
        if _WHOLE_DENIAL.match(text) is None:
            for m in NEW_SUBJECT.finditer(text, events[0][0]):
                if m.start() > 0 and text[m.start() - 1] not in OBJECT_MARKERS:
                    events.append((m.start(), "off"))
        # "没备份路由是我们的责任": the negated subject ends at 是.
        for j in _copulas(text, starts):
            events.append((j, "off"))
    for position, op in sorted(events):
        while k < min(position, n):
            mask[k] = state
            k += 1
        state = (not state) if op == "toggle" else (op == "on")
    while k < n:
        mask[k] = state
        k += 1
    if events and events[-1][1] == "on" and not text[last_cue_end:].strip(EMPTY_SCOPE):
        # "我可不要", "我不干了": the cue is the whole predicate — it is what is negated.
        for k in range(starts[-1], n):
            mask[k] = True
    return mask, starts


#: A clause that opens by denying what follows it whole (round twenty-eight, v28's held-back
#: flips: "不是您说啥额就照办" was read as the yes-man it disowns).
_WHOLE_DENIAL = re.compile(r"\s*(也|并|又|倒|可)?不是(?![,，的])")

#: "Not one missing" ("一个字不落", "一分不少", "一样不差"): every one of them, said emphatically.
_NOT_ONE_MISSING = re.compile(r"不(落|漏|差|少|剩|丢|拉)")
_ONE_OF = re.compile(r"一(个|点|丝|分|样|件|条|项|张|毫|根|粒|笔)?(字|钱|点)?(都|也)?$")

#: What a dismissal can start with (还, or the verb said twice).
_DISMISSAL_FIRST = frozenset("还看查问审急怕慌吵嚷哭闹催算测核考犹磨啰折")


def dismissed(text: str, start: int, end: int, at: int) -> bool:
    """Is `text[at]` asked about by a why-bother question in the clause `text[start:end]`
    ("还测算啥子现金流嘛": the check is waved away, not made)?"""
    if not _may_dismiss(text[start:end]):
        return False
    for found in DISMISSAL.finditer(text, start, end):
        if found.start() <= at:
            return True
    return False


def waived(text: str, start: int, at: int, after: int, end: int, *, waved_off: bool = True) -> bool:
    """Is the check named at `text[at:after]`, in the clause `text[start:end]`, waived: by
    the rest of its clause ("还款来源|就不用细看了", "风险测评|不用做了", "征信|查啥查"), by
    the words just before it ("这笔就不用看|现金流了"), or, asked back as a bare question, by
    the next clause waving it off ("还款来源？|那都是形式"; not with `waved_off` false)?"""
    if WAIVER.match(text, after, end) is not None:
        return True
    before = text[max(start, at - 8) : at]
    if WAIVER_BEFORE.search(before) is not None and not before.endswith(("您", "你")):
        return True
    if not waved_off:
        return False
    asked_bare = not text[start:at].strip() and text[start:end].rstrip().endswith(("?", "？"))
    return asked_bare and WAVED_OFF.match(text, end) is not None


def _may_dismiss(text: str) -> bool:
    """Might `text` hold a "why bother" question ("还看啥…", "急什么急")?"""
    return ("啥" in text or "什么" in text) and DISMISSAL.search(text) is not None


def _manner_end(text: str, start: int, cue: int) -> int | None:
    """Where a bare cue's negated manner ends ("不打招呼|直接打电话"), if it negates one: a short
    verb phrase after 不/没, then `MANNER_STOPS`."""
    end = start + cue
    if (
        text[start:end] not in MANNER_CUES
        or end >= len(text)
        or text[end] in NOT_MANNER
        or text.startswith(NOT_MANNER_WORDS, end)
    ):
        return None
    for j in range(end + 1, min(len(text) - 1, end + MANNER_REACH + 1)):
        if text[j] in "，,":
            return None
        if _starts_with_any(text, j, MANNER_STOPS):
            return j
    return None


def _copulas(text: str, starts: list[int]) -> list[int]:
    """Where a negated subject ends at 是: "没备份路由是我们的责任", "不还款是违约" negate the
    subject only; what it is said to be is affirmed. Not after a verb of saying or thinking
    ("我没说是您的错") nor a modal ("不会是他"), whose 是 is inside what is negated."""
    out = []
    for start in starts:
        cue = _starts_with_any(text, start, NEGATION_CUES)
        if text[start : start + cue] not in SUBJECT_CUES:
            continue
        end = start + cue
        j = text.find("是", end)
        if j < end + 2 or j > end + SUBJECT_CHARS:
            continue
        between = text[end:j]
        if any(word in between for word in NOT_A_SUBJECT) or any(c in between for c in "，,"):
            continue
        out.append(j)
    return out


def _starts_with_any(text: str, i: int, words: tuple[str, ...]) -> int:
    """Length of the first of `words` (longest first) found at `text[i:]`, else 0."""
    for word in _BY_FIRST.get(id(words), {}).get(text[i], ()):
        if text.startswith(word, i):
            return len(word)
    return 0


def _index(*lists: tuple[str, ...]) -> dict[int, dict[str, tuple[str, ...]]]:
    """Each word list by first character, longest first: a scan tries only what can match."""
    out: dict[int, dict[str, tuple[str, ...]]] = {}
    for words in lists:
        by: dict[str, list[str]] = {}
        for word in words:
            by.setdefault(word[0], []).append(word)
        out[id(words)] = {c: tuple(sorted(ws, key=len, reverse=True)) for c, ws in by.items()}
    return out


_BY_FIRST = _index(NEGATION_CUES, NOT_NEGATIONS, POST_NEGATIONS, PRETENDS, MANNER_STOPS)
#: Every character a step of `_scan` can act on: where none of these is, it moves on.
_SCAN_FIRST = frozenset(
    "也不没"
    + "".join(_DISMISSAL_FIRST)
    + "".join(w[0] for w in (*NEGATION_CUES, *NOT_NEGATIONS, *POST_NEGATIONS, *PRETENDS))
)
