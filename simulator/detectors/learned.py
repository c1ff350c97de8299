"""The classifier's pass (`simulator.classifier`): which of the patterns' and the bank's hits it
keeps, and the hits it adds on its own word, with the guards that keep it from charging what
the words turn away (negated, disowned, reported, the client's question put back)."""

from __future__ import annotations

import functools
import re

from simulator import classifier, punctuation, stance
from simulator.detectors.bank import _other_moves, _small_talk
from simulator.detectors.compiled import _prepare
from simulator.detectors.evidence import _evidence, _learned_hit
from simulator.detectors.matching import (
    _CLIENT_ASKED,
    _DISOWNED,
    _UNDONE,
    _WORDS_REFUSED,
    _after_but,
    _asked,
    _reported,
)
from simulator.detectors.text import _CLAUSE_END, MAX_CHARS, _normalise, _spans, normalise
from simulator.model import Catalog
from simulator.scoring import PrincipleHit


@functools.lru_cache(maxsize=64)
def _clause_readings(
    text: str,
) -> tuple[list[int] | None, list[tuple[tuple[int, int], dict[classifier.Key, float]]]] | None:
    """The clauses of `text` that say something, each with the classifier's reading of it (read
    once for every principle a turn quotes); None where there is no choosing among them."""
    if not text or not text.strip() or not classifier.reads(text[:MAX_CHARS]):
        return None
    fitted = classifier.load()
    if fitted is None:
        return None
    norm, index = _normalise(text)
    said = [c for c in _spans(norm, _CLAUSE_END) if punctuation.letters(norm[c[0] : c[1]])]
    said = [c for c in said if punctuation.letters(norm[c[0] : c[1]]) >= _EVIDENCE_LETTERS] or said
    # "刘先生您好" greets; a move's principle is never quoted on it (round forty-two's cold
    # tryout had three principles quoting it).
    said = [c for c in said if not stance.addresses_only(norm[c[0] : c[1]])] or said
    if len(said) < 2:
        return None
    return index, [(c, fitted.probabilities(norm[c[0] : c[1]])) for c in said]


def _learned(
    hits: list[PrincipleHit],
    catalog: Catalog,
    fitted: classifier.Classifier,
    norm: str,
    index: list[int] | None,
    original: str,
    clauses: list[tuple[int, int]],
) -> list[PrincipleHit]:
    """The hits the classifier keeps (a pattern's that a principle is kept unless it gives it
    under `classifier.KEEP_PATTERN`, one that it is broken always, the example bank's from
    `classifier.KEEP_EXAMPLE`; a principle it has no model for keeps its hits), and those it
    adds on its own (for a principle with no hit yet, the likelier polarity, at its line: at
    least `classifier.default_line`, or the lower one its fit found, `Classifier.line`)."""
    probability = fitted.probabilities(original)
    kept = []
    for h in hits:
        if h.detector == "examples":
            line = classifier.KEEP_EXAMPLE
        else:
            line = classifier.KEEP_PATTERN if h.polarity == "upholds" else 0.0
        if probability.get((h.principle, h.polarity), 1.0) >= line:
            kept.append(h)
    held = {h.principle for h in kept}
    # A pattern's hit read the other way round (negated, asked back and refused, waved away)
    # that the classifier drops leaves its principle unsaid: the classifier, which reads no
    # stance, does not add the polarity the reading turned away from ("报表就不看了？那可不行"
    # is no skipped check; round twenty-eight, once v29's "…不用看了" breaches were learned).
    polarity_of = _prepare(catalog).polarity
    turned = {
        h.principle
        for h in hits
        if h not in kept and polarity_of.get((h.principle, h.detector), h.polarity) != h.polarity
    }
    held |= turned
    # The words of a breach read the other way round ("政府项目也不是肯定没问题": no assurance
    # given, the risk named) are no breach of another principle either: the classifier, which
    # reads no stance, does not add one in the clause that holds them, however sure it is (a
    # refit once read that one past `classifier.ADD`; round thirty-nine).
    denied = [
        h.evidence
        for h in hits
        if h.polarity == "upholds" and polarity_of.get((h.principle, h.detector)) == "violates"
    ]
    # A violation's `unless` says the sentence is another move ("我保证准时到" vouches for the
    # trainee's own conduct): the classifier does not charge it either. (An upholding one's is
    # left to it: "先别哭，我们慢慢说" comforts, and the labelled sets read composure in it too.)
    prepared = _prepare(catalog)
    named_other = _other_moves(prepared, norm)
    other_move = {key for key in named_other if key[1] == "violates"}
    chatting: list[bool] = []  # read once, if needed
    rough = any(h.polarity == "violates" and h.principle in _TONE for h in kept)

    def doubtful(key: classifier.Key, p: float) -> bool:
        """An addition under `classifier.ADD` (read at its polarity's lower line) needs
        more than the classifier's word: not where it reads another principle more surely
        ("我不能收" is integrity; the careful promise and the tactful refusal it half reads
        there are not added), nor where a detector's `unless` names the sentence another move
        ("先别掉眼泪了…咱们坐下慢慢说" comforts; it is not composure), nor where the sentence is
        closer to everyday small talk than to any principle's example ("过年打算怎么过？回老家
        吗？"); nor, for a breach, where words are disowned or named and refused ("我不是说您
        不懂", "这种话我是不讲的"); nor, for a kind tone, where the patterns read the words
        losing it ("你这要求太离谱了吧，谁给你惯的毛病？" is no empathy).

        Over `classifier.ADD` a kept principle still needs more where a detector's `unless`
        names the sentence another move and it is small talk ("过年打算怎么过？回老家吗？" read
        as listening at 0.94 by round thirty-nine's refit)."""
        if p >= classifier.ADD:
            return key in named_other and key[1] == "upholds" and _chatting()
        if key in named_other or p < max(probability.values()):
            return True
        if key[1] == "upholds" and key[0] in _TONE and rough:
            return True
        if key[1] == "violates" and (
            any(_DISOWNED.match(norm, start, end) is not None for start, end in clauses)
            or _WORDS_REFUSED.search(norm) is not None
        ):
            # "我不是说您不懂", "您不要冲我发火这种话我是不讲的": words disowned or named and
            # refused are no breach
            return True
        return _chatting()

    def _chatting() -> bool:
        if not chatting:
            chatting.append(_small_talk(prepared, norm))
        return chatting[0]

    said = [c for c in clauses if norm[c[0] : c[1]].strip()]
    # The evidence is a clause that says something: not a bare form of address ("黄总，腊肉我心
    # 领了…" quoted as "黄总"; round thirty-three's cold tryout), where a longer one is there.
    said = [c for c in said if punctuation.letters(norm[c[0] : c[1]]) >= _EVIDENCE_LETTERS] or said
    # "刘先生您好" greets; a move's principle is never quoted on it (round forty-two's cold
    # tryout had three principles quoting it).
    said = [c for c in said if not stance.addresses_only(norm[c[0] : c[1]])] or said
    by_clause: dict[tuple[int, int], dict[classifier.Key, float]] = {}  # read once, if needed

    def sure(clause: tuple[int, int], key: classifier.Key) -> float:
        if clause not in by_clause:
            by_clause[clause] = fitted.probabilities(norm[clause[0] : clause[1]])
        return by_clause[clause].get(key, 0.0)

    for principle in catalog.principles.values():
        if principle.id in held:
            continue
        up = probability.get((principle.id, "upholds"), 0.0)
        down = probability.get((principle.id, "violates"), 0.0)
        polarity = "upholds" if up > down else "violates"
        key = (principle.id, polarity)
        if max(up, down) < fitted.line(key) or key in other_move or doubtful(key, max(up, down)):
            continue
        # The evidence is the clause the classifier reads the principle in most surely.
        clause = max(said, key=lambda c: sure(c, key), default=(0, len(norm)))
        evidence = _evidence(original, index, clause, clause[0], clause[1])
        if polarity == "violates" and _within(denied, evidence):
            continue
        if polarity == "upholds" and _undone_later(principle.id, norm, clause[0], kept):
            continue
        if key == _REFUSING and _DECLINED.search(norm) is None:
            # "谢谢您的茶" thanks, "谢谢您的茶，真香" takes: a tactful refusal declines
            # something (round thirty-six's tryout was credited one for the opening's thanks).
            continue
        if polarity == "violates" and _reported(norm, clause, clause[1] - 1):
            # Someone else's words, put to be answered ("有人说那家银行靠不住，我不这么看"):
            # not the trainee's breach, for the classifier as for the patterns.
            continue
        if (
            polarity == "violates"
            and _CLIENT_ASKED.match(norm, clause[0], clause[1]) is not None
            and _asked(norm, clause[0], clause[1])
        ):
            # The client's question put back before it is answered ("您问为什么还卖烟？烟是
            # 专卖的…"): the question is theirs, the answer is what is judged.
            rest = [c for c in said if c != clause]
            answer = "".join(norm[c[0] : c[1]] for c in rest)
            if not rest or fitted.probabilities(answer).get(key, 0.0) < fitted.line(key):
                continue
            clause = max(rest, key=lambda c: sure(c, key))
            evidence = _evidence(original, index, clause, clause[0], clause[1])
        kept.append(_learned_hit(principle, polarity, evidence))
    return kept


def _undone_later(principle: str, norm: str, at: int, kept: list[PrincipleHit]) -> bool:
    """Is a principle the classifier reads kept at `at` broken after a "but" (`_UNDONE`'s
    `_after_but` rules, for the classifier's own additions: "审批我说了不算，不过…肯定能过")?"""
    for kept_id, broken_id, undoes in _UNDONE:
        if undoes is not _after_but or kept_id not in ("", principle):
            continue
        broken = broken_id or principle
        for h in kept:
            if h.principle == broken and h.weight < 0:
                where = norm.find(normalise(h.evidence))
                if where >= 0 and _after_but(norm, [], at, where):
                    return True
    return False


def _within(spans: list[str], clause: str) -> bool:
    """Does `clause` hold one of `spans`, or lie inside one?"""
    return any(span in clause or clause in span for span in spans if span)


#: A clause the classifier's evidence is drawn from has at least this many letters, if any has.
_EVIDENCE_LETTERS = 4

#: The classifier's reading that needs something declined in the words (`_DECLINED`).
_REFUSING: classifier.Key = ("tactful_refusal", "upholds")

#: What a refusal says, however politely: a negation, the kindness acknowledged and left
#: ("心意我领了", "烟您留着卖", "礼物就免了", "红包您收好", "收了反而害您"), a regret, a rule.
_DECLINED = re.compile(
    r"[不没别甭莫勿未无非]|心意(?![^,，。]{0,2}(记着|记下|记住|收下))|好意|心领|领了|留着|收好|收起来|拿回|带回|收回|递回|退回|还给|"
    r"免了|收了|掏钱|自己(买|付)|抱歉|对不住|不好意思|改天|下次|为难|规定|纪律|劝|"
    r"\b(sorry|can't|cannot|won't|not|no|keep it|decline)\b"
)

#: The principles of tone: a breach of one read by the patterns says the words are not kind.
_TONE = frozenset({"empathy", "composure", "respect_client"})
