"""How likely the matcher's best reading is the move the trainee made.

The matcher decides take / confirm / clarify with hand-set lines (`understanding`). Three small
logistic models, fitted on the labelled sets (`parley eval --fit`), weigh the same evidence
together and move a decision one step where the lines are blunt:

- `DOUBT`: a reading the lines would take is confirmed instead when it looks like the readings
  that were taken wrongly: mostly refusals read as the very move they refuse ("结算单不能省，少了
  它审批过不去" against the option that drops the statement). When it is sure of that, the move
  is not offered at all: the runner-up is, or the trainee is asked to say it again.
- `OFFER`: a reading just under the confirm line is offered ("你是想表达……吗?") when it looks
  like the readings that were right: reworded answers whose words share little with any phrasing.
- `SWAP`: the runner-up is offered first (and nothing is taken) when the pair looks like those
  where the runner-up was the move: mostly a refusal that ranks the move it refuses above the
  honest option it makes.
- `TRUST`: a reading the lines would only offer, though it clears the take line, is taken when
  it looks like the offered readings that were right: reworded answers whose runner-up came too
  close for the margin, or whose closest phrasing shares little with them ("您放心去备货，过不了
  几天就有喜讯"). Never words that negate something the reading does not, nor one a refusal
  shadows.

Each model is a bias and one weight per feature, in the features' own units (the fit
standardises, then folds the scaling back in). `DOUBT` also weighs the answer's own words: the
character n-grams (one to three) that no phrasing of its best reading has, which is where a
refusal says what it refuses with ("…？那可使不得", "…就免了"). Nothing here reads text: the
matcher measures (`Evidence.words` included), this module only weighs.

The models ship as data (`simulator/fitted/calibration.json`), written by
`parley eval --fit … --fit-out simulator/fitted`; reading them needs only Python, fitting the
words needs scikit-learn (the `fit` extra).
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from simulator import fitted_data

#: A reading the lines would take is confirmed when `DOUBT` gives it less than this likelihood
#: (chosen by leaving each labelled set out in turn: 0.5 kept more refusals taken as the move
#: they refuse, 0.8 lost reworded answers).
DOUBT_BELOW = 0.7
#: When the words refuse another move (`Evidence.refused`), a take needs this much: "这两条烟我
#:可不能拿" refuses the gift, and whether it also makes the honest move ("婉拒并说明规定") is the
#: trainee's to confirm, not the matcher's to assume. Leaving each of seventeen sets out in turn,
#: 0.97 took 49 fewer negated answers wrongly (81 → 32 of 2,175) for 9 fewer reworded ones taken
#: right (6,885 → 6,876 of 6,992) and 160 negated ones offered rather than taken; 0.95 kept 40
#: wrong, 0.99 cost 34 reworded.
DOUBT_REFUSING = 0.97
#: Under this likelihood the reading is not even offered: the runner-up is, when it is a
#: reading, or the trainee is asked to say it again. Nearly all the readings taken this far under
#: were refusals read as the move they refuse (18 of 22, leaving each set out in turn), and
#: "您是想表达：<the move they just refused>吗？" reads as not listening.
REFUSED_BELOW = 0.2
#: A reading under the default confirm line, but at least `OFFER_FLOOR`, is offered when `OFFER`
#: gives it at least this likelihood.
OFFER_FROM = 0.5
OFFER_FLOOR = 0.03
#: The runner-up is offered first when `SWAP` gives it at least this likelihood of being the
#: move rather than the best reading.
SWAP_FROM = 0.5
#: A reading the lines offer is taken when `TRUST` gives it at least this likelihood, and it
#: scores at least `TRUST_FLOOR` (the default take line). Leaving each of thirteen sets out in
#: turn (the matcher's guard on traps and red lines included): 0.85 took 38 more reworded
#: answers right (4,061 → 4,099) for 4 more taken wrongly and no negated one; 0.7 took 69
#: more for 9 wrong and 4 negated; 0.9, 28 for 4.
TRUST_FROM = 0.85
TRUST_FLOOR = 0.09
#: The fit's regularisation (scikit-learn's C): chosen by leaving each labelled set out in turn.
STRENGTH = 1.0
#: The sizes of the answer's character n-grams `DOUBT` weighs.
WORD_SIZES = (1, 2, 3)
#: An n-gram whose fitted weight is smaller than this is not shipped (it moves no decision).
WORD_FLOOR = 0.01
#: Where the fitted models ship.
FITTED = Path(__file__).resolve().parent / "fitted" / "calibration.json"

#: What `DOUBT` and `OFFER` weigh, in order (see `Evidence.vector`).
FEATURES: tuple[str, ...] = (
    "top",
    "second",
    "closest",
    "bare",
    "unlike",
    "refused",
    "negated",
    "any_negated",
    "log_length",
    "small_talk",
    "option_negates",
    "both_negate",
    "unknown",
    "asks",
    "option_asks",
    "asks_unlike_option",
)
#: What `SWAP` weighs: the best reading against the runner-up (see `Evidence.pair_vector`).
PAIR_FEATURES: tuple[str, ...] = (
    "score",
    "closest",
    "bare",
    "unlike",
    "stance_drop",
    "negates",
    "both_negate",
    "asks",
    "both_ask",
    "ratio",
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the matcher measured for one option against the words."""

    option_id: str
    score: float  # the ranking score
    closest: float  # its closest phrasing
    bare: float  # its score with stance dropped on both sides
    unlike: float  # its closest counter-example
    negates: float  # share of its phrasings that negate something
    asks: float  # share of its phrasings that ask


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the matcher measured for one answer at one node (between 0 and 1 but `length`)."""

    best: Reading
    runner: Reading | None  # the runner-up, when there is one
    refused: float  # how close, stance aside, the words come to an option they contradict
    negated: float  # share of the answer's characters inside a negation's scope
    length: int  # characters typed
    small_talk: float  # closeness to everyday small talk
    unknown: float  # share of the answer's weight in features no phrasing of the scenario has
    asks: float  # share of the answer's clauses that ask
    # the answer's distinct n-grams (`WORD_SIZES`) that no phrasing of the best reading has
    words: tuple[str, ...] = ()

    @property
    def option_id(self) -> str:
        """The best reading's option."""
        return self.best.option_id

    @property
    def top(self) -> float:
        """The best reading's score."""
        return self.best.score

    def vector(self) -> tuple[float, ...]:
        """The features in `FEATURES` order."""
        b = self.best
        return (
            b.score,
            self.runner.score if self.runner is not None else 0.0,
            b.closest,
            b.bare,
            b.unlike,
            self.refused,
            self.negated,
            1.0 if self.negated > 0 else 0.0,
            math.log1p(self.length),
            self.small_talk,
            b.negates,
            b.negates * self.negated,
            self.unknown,
            self.asks,
            b.asks,
            self.asks * (1.0 - b.asks),
        )

    def pair_vector(self) -> tuple[float, ...]:
        """The features in `PAIR_FEATURES` order: the best reading minus the runner-up."""
        b, r = self.best, self.runner
        if r is None:
            raise ValueError("no runner-up to weigh the best reading against")
        return (
            b.score - r.score,
            b.closest - r.closest,
            b.bare - r.bare,
            b.unlike - r.unlike,
            (b.bare - b.score) - (r.bare - r.score),
            b.negates - r.negates,
            (b.negates - r.negates) * self.negated,
            b.asks - r.asks,
            (b.asks - r.asks) * self.asks,
            b.score / r.score if r.score > 0 else 10.0,
        )


def residual(text: str, said: str) -> tuple[str, ...]:
    """The distinct n-grams of `text` (`WORD_SIZES`, none spanning a space) that `said` does
    not hold: what the words add to a phrasing. Both are normalised text. Each counts once: a
    filler pasted a thousand times ("…啊啊啊") must not outweigh everything else said."""
    return tuple(
        dict.fromkeys(
            gram
            for n in WORD_SIZES
            for i in range(len(text) - n + 1)
            for gram in (text[i : i + n],)
            if " " not in gram and gram not in said
        )
    )


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic model: a bias, one weight per named feature, and (for `DOUBT`) a weight per
    n-gram of the words (an n-gram it does not know weighs nothing)."""

    names: tuple[str, ...]
    bias: float
    weights: tuple[float, ...]  # one per name, in order
    words: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, names: tuple[str, ...], bias: float, **weights: float) -> Model:
        """A model from its weights by feature name (every one of `names`, no other)."""
        if set(weights) != set(names):
            wrong = sorted(set(weights) ^ set(names))
            raise ValueError(f"a model needs one weight per feature; wrong or missing: {wrong}")
        return cls(names, bias, tuple(weights[name] for name in names))

    def likelihood(self, values: Sequence[float], words: Iterable[str] = ()) -> float:
        """The modelled probability (0…1) for one row of feature values and the words' n-grams."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, values, strict=True))
        if self.words:
            z += sum(self.words.get(g, 0.0) for g in words)
        return sigmoid(z)

    def to_dict(self) -> dict[str, object]:
        """The model as the data it ships as (rounded: the fit is no surer than that)."""
        return {
            "bias": round(self.bias, 4),
            "weights": {k: round(w, 4) for k, w in zip(self.names, self.weights, strict=True)},
            "words": {g: round(w, 4) for g, w in sorted(self.words.items())},
        }

    @classmethod
    def from_dict(cls, names: tuple[str, ...], raw: Mapping[str, object]) -> Model:
        """The model from its data (every feature of `names` weighed, no other)."""
        weights = raw.get("weights")
        words = raw.get("words") or {}
        bias = raw.get("bias")
        if not isinstance(weights, dict) or not isinstance(words, dict):
            raise ValueError("a model needs its weights by feature name")
        if not isinstance(bias, int | float):
            raise ValueError("a model needs a bias")
        model = cls.of(names, float(bias), **{k: float(v) for k, v in weights.items()})
        return cls(names, model.bias, model.weights, {str(g): float(w) for g, w in words.items()})

    def named(self) -> Mapping[str, float]:
        """The weights by feature name (for reports)."""
        return dict(zip(self.names, self.weights, strict=True))


def sigmoid(z: float) -> float:
    """The logistic function, without overflow."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def fit(
    names: tuple[str, ...],
    rows: Sequence[Sequence[float]],
    labels: Sequence[bool],
    strength: float = 1.0,
) -> Model:
    """An L2-regularised logistic regression (Newton's method) on standardised features.

    `strength` is the inverse of the penalty (scikit-learn's C): the loss summed over the rows
    times `strength`, plus half the squared weights; the bias is not penalised. The result is
    returned in the features' own units.
    """
    if not rows or len(rows) != len(labels) or any(len(r) != len(names) for r in rows):
        raise ValueError("fit needs a label per row, a value per name, and at least one row")
    if all(labels) or not any(labels):
        raise ValueError("fit needs both outcomes among the labels")
    k = len(rows[0])
    n = len(rows)
    mean = [sum(r[j] for r in rows) / n for j in range(k)]
    scale = [math.sqrt(sum((r[j] - mean[j]) ** 2 for r in rows) / n) or 1.0 for j in range(k)]
    xs = [[1.0] + [(r[j] - mean[j]) / scale[j] for j in range(k)] for r in rows]
    ys = [1.0 if y else 0.0 for y in labels]
    w = [0.0] * (k + 1)
    for _ in range(50):
        grad = [0.0] * (k + 1)
        hess = [[0.0] * (k + 1) for _ in range(k + 1)]
        for x, y in zip(xs, ys, strict=True):
            p = sigmoid(sum(a * b for a, b in zip(w, x, strict=True)))
            g = strength * (p - y)
            h = strength * p * (1 - p)
            for a in range(k + 1):
                grad[a] += g * x[a]
                ha = h * x[a]
                row = hess[a]
                for b in range(a, k + 1):
                    row[b] += ha * x[b]
        for a in range(1, k + 1):
            grad[a] += w[a]
            hess[a][a] += 1.0
        for a in range(k + 1):
            for b in range(a):
                hess[a][b] = hess[b][a]
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-9:
            break
    weights = tuple(w[j + 1] / scale[j] for j in range(k))
    bias = w[0] - sum(w[j + 1] * mean[j] / scale[j] for j in range(k))
    return Model(names, bias, weights)


def fit_words(
    names: tuple[str, ...],
    rows: Sequence[Sequence[float]],
    words: Sequence[Sequence[str]],
    labels: Sequence[bool],
    strength: float = 1.0,
) -> Model:
    """`fit`'s regression with one more feature per n-gram of the words (its count), fitted by
    scikit-learn: thousands of sparse features are what it is for. The named features are
    standardised as in `fit`; the counts are not. N-grams weighing less than `WORD_FLOOR` are
    dropped."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    if not rows or len(rows) != len(labels) or len(words) != len(rows):
        raise ValueError("fit needs a label per row, a value per name, and at least one row")
    if any(len(r) != len(names) for r in rows):
        raise ValueError("fit needs a label per row, a value per name, and at least one row")
    if all(labels) or not any(labels):
        raise ValueError("fit needs both outcomes among the labels")
    dense = np.asarray(rows, dtype=float)
    mean = dense.mean(axis=0)
    scale = dense.std(axis=0)
    scale[scale == 0] = 1.0
    vectorizer = DictVectorizer()
    counts = vectorizer.fit_transform([Counter(w) for w in words])
    x = sparse.hstack([sparse.csr_matrix((dense - mean) / scale), counts]).tocsr()
    regression = LogisticRegression(C=strength, max_iter=10000, tol=1e-7)
    regression.fit(x, np.asarray(labels, dtype=bool))
    coef = regression.coef_[0]
    k = len(names)
    weights = tuple(float(coef[j] / scale[j]) for j in range(k))
    bias = float(regression.intercept_[0]) - sum(
        float(coef[j] * mean[j] / scale[j]) for j in range(k)
    )
    grams = {
        str(g): float(w)
        for g, w in zip(vectorizer.get_feature_names_out(), coef[k:], strict=True)
        if abs(w) >= WORD_FLOOR
    }
    return Model(names, bias, weights, grams)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """x with a·x = b (Gaussian elimination with partial pivoting; `a` is positive definite)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            if f:
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


@dataclass(frozen=True, slots=True)
class Sample:
    """One labelled answer as the lines decided it: what the models are fitted on."""

    group: str  # the labelled set it comes from: left out together in the cross-check
    kind: str  # reworded, paraphrase, negated, offtopic, english
    evidence: Evidence
    decision: str  # take / confirm / clarify, by the lines alone
    right: bool  # the best reading is the expected option
    runner_right: bool = False  # the runner-up is


def doubt_pool(samples: Iterable[Sample]) -> list[Sample]:
    """What `DOUBT` is fitted on: every answer the lines take."""
    return [s for s in samples if s.decision == "take"]


def offer_pool(samples: Iterable[Sample], confirm: float) -> list[Sample]:
    """What `OFFER` is fitted on: readings the lines clarify from `OFFER_FLOOR` up to `confirm`."""
    return [
        s for s in samples if s.decision == "clarify" and OFFER_FLOOR <= s.evidence.top < confirm
    ]


def swappable(evidence: Evidence, share: float) -> bool:
    """Could the runner-up be offered first: is it a reading (at least `share` of the best)?"""
    runner = evidence.runner
    return runner is not None and runner.score > 0 and runner.score >= share * evidence.top


def refuses_alone(evidence: Evidence, share: float) -> bool:
    """Would a doubted reading be offered alone to words that negate what it affirms? The words
    negate something, the move is not phrased as a refusal itself, and no runner-up is a
    reading: "找科长给您插队？那可使不得" was asked "did you mean: 我回去找科长给您插个队？".
    Leaving each set out in turn, such offers were mostly the move refused (negated answers
    offered a reading 785 → 741, right reading first 510 → 495; reworded 3,591 → 3,587)."""
    return evidence.negated > 0 and evidence.best.negates < 0.5 and not swappable(evidence, share)


def trustable(evidence: Evidence) -> bool:
    """Could `TRUST` take the reading: it clears the default take line, no refusal shadows it,
    and the words negate nothing unless the move is itself phrased with a negation?"""
    return (
        evidence.top >= TRUST_FLOOR
        and evidence.refused == 0
        and (evidence.negated == 0 or evidence.best.negates >= 0.5)
    )


def trust_pool(samples: Iterable[Sample]) -> list[Sample]:
    """What `TRUST` is fitted on: readings the lines offer that no refusal shadows (wider than
    those it may take: fitted on those alone, it had a quarter of the items and took fewer)."""
    return [s for s in samples if s.decision == "confirm" and s.evidence.refused == 0]


def swap_pool(samples: Iterable[Sample], share: float) -> list[Sample]:
    """What `SWAP` is fitted on: answers with a reading whose best or runner-up is right."""
    return [
        s
        for s in samples
        if s.decision != "clarify" and (s.right or s.runner_right) and swappable(s.evidence, share)
    ]


class Models(NamedTuple):
    """The four fitted models, as the matcher uses them."""

    doubt: Model
    offer: Model
    swap: Model
    trust: Model

    def to_json(self) -> str:
        """The models as the data file they ship as."""
        return json.dumps(
            {
                "features": list(FEATURES),
                "pair_features": list(PAIR_FEATURES),
                "word_sizes": list(WORD_SIZES),
                **{name: model.to_dict() for name, model in self._asdict().items()},
            },
            ensure_ascii=False,
            indent=1,
        )

    def same_as(self, other: Models, within: float = 1e-3) -> bool:
        """Are these the same fit as `other`, to `within` in every weight? (Two machines round
        the fit's last digits differently; an n-gram one fit dropped under `WORD_FLOOR` weighs
        nothing.)"""
        for mine, theirs in zip(self, other, strict=True):
            if mine.names != theirs.names or abs(mine.bias - theirs.bias) > within:
                return False
            if any(abs(a - b) > within for a, b in zip(mine.weights, theirs.weights, strict=True)):
                return False
            for gram in mine.words.keys() | theirs.words.keys():
                a, b = mine.words.get(gram), theirs.words.get(gram)
                slack = within + (WORD_FLOOR if a is None or b is None else 0.0)
                if abs((a or 0.0) - (b or 0.0)) > slack:
                    return False
        return True

    @classmethod
    def from_json(cls, data: str) -> Models:
        """The models from their data file's text."""
        raw = json.loads(data)
        if (
            tuple(raw.get("features", ())) != FEATURES
            or tuple(raw.get("pair_features", ())) != PAIR_FEATURES
            or tuple(raw.get("word_sizes", ())) != WORD_SIZES
        ):
            raise ValueError("the models were fitted on other features: refit them")
        if "trust" not in raw:
            raise ValueError("the models hold no TRUST (fitted before round fourteen): refit them")
        return cls(
            Model.from_dict(FEATURES, raw["doubt"]),
            Model.from_dict(FEATURES, raw["offer"]),
            Model.from_dict(PAIR_FEATURES, raw["swap"]),
            Model.from_dict(FEATURES, raw["trust"]),
        )


#: Without a fitted file the lines decide alone: nothing doubted, offered, swapped or trusted.
NEUTRAL = Models(
    Model(FEATURES, 30.0, (0.0,) * len(FEATURES)),
    Model(FEATURES, -30.0, (0.0,) * len(FEATURES)),
    Model(PAIR_FEATURES, -30.0, (0.0,) * len(PAIR_FEATURES)),
    Model(FEATURES, -30.0, (0.0,) * len(FEATURES)),
)


def shipped(path: Path | None = None) -> Models:
    """The fitted models that ship (`NEUTRAL` when the file is missing, or damaged: then
    `fitted_data.damaged` names it)."""
    return _shipped(path or FITTED)


@functools.lru_cache(maxsize=4)
def _shipped(path: Path) -> Models:
    return fitted_data.read(path, Models.from_json, NEUTRAL)


def fit_models(
    samples: Sequence[Sample], confirm: float, share: float, strength: float = STRENGTH
) -> Models:
    """`DOUBT`, `OFFER`, `SWAP` and `TRUST` fitted on the samples."""
    doubts, offers = doubt_pool(samples), offer_pool(samples, confirm)
    swaps = swap_pool(samples, share)

    def worded(pool: Sequence[Sample]) -> Model:
        rows, words = [s.evidence.vector() for s in pool], [s.evidence.words for s in pool]
        return fit_words(FEATURES, rows, words, [s.right for s in pool], strength)

    return Models(
        worded(doubts),
        worded(offers),
        fit(
            PAIR_FEATURES,
            [s.evidence.pair_vector() for s in swaps],
            [s.runner_right for s in swaps],
            strength,
        ),
        worded(trust_pool(samples)),
    )


@dataclass(slots=True)
class Tally:
    """How one kind of answers fared: counts of decisions and readings."""

    taken_right: int = 0
    taken_wrong: int = 0
    shown_right: int = 0  # the right reading first, taken or offered
    offered: int = 0  # taken or offered at all (off-topic answers should be neither)

    def add(self, decision: str, right: bool) -> None:
        """Count one answer by its decision and whether its first reading is right."""
        if decision == "take":
            self.taken_right += right
            self.taken_wrong += not right
        if decision != "clarify":
            self.shown_right += right
            self.offered += 1


def move(
    decision: str,
    evidence: Evidence,
    models: Models,
    confirm: float,
    share: float,
    *,
    offer: bool = True,
    trusting: bool = True,
) -> tuple[str, bool]:
    """The lines' decision moved by (`DOUBT`, `OFFER`, `SWAP`, `TRUST`), and whether the
    runner-up is now offered first. A step at most, but for a take `DOUBT` is sure is wrong,
    which is not offered (`REFUSED_BELOW`). `confirm` is the confirm line; `share` how close to
    the best a runner-up must score to be a reading; `offer=False` (a scenario that raised the
    confirm line) leaves near misses clarified, `trusting=False` (one that moved the take line)
    offered readings offered."""
    doubt, offering, swap, trust = models
    if (
        decision != "clarify"
        and swappable(evidence, share)
        and swap.likelihood(evidence.pair_vector()) >= SWAP_FROM
    ):
        return "confirm", True  # a pair like those where the runner-up was the move
    likely = doubt.likelihood(evidence.vector(), evidence.words) if decision == "take" else 1.0
    if likely < REFUSED_BELOW:
        if swappable(evidence, share):
            return "confirm", True  # the move refused is not offered first
        return "clarify", False  # nor as the only reading
    if likely < (DOUBT_REFUSING if evidence.refused > 0 else DOUBT_BELOW):
        if refuses_alone(evidence, share):
            return "clarify", False  # never "did you mean <the move just refused>?" alone
        return "confirm", False  # like the readings taken wrongly: ask instead
    if (
        offer
        and decision == "clarify"
        and OFFER_FLOOR <= evidence.top < confirm
        and offering.likelihood(evidence.vector(), evidence.words) >= OFFER_FROM
    ):
        return "confirm", False  # just under the line, like the right readings: offer it
    if (
        trusting
        and decision == "confirm"
        and trustable(evidence)
        and trust.likelihood(evidence.vector(), evidence.words) >= TRUST_FROM
    ):
        return "take", False  # offered, though like the readings that were right: take it
    return decision, False


def calibrate(models: Models, s: Sample, confirm: float, share: float) -> tuple[str, bool]:
    """The sample's decision and whether its first reading is right, after the models."""
    decision, swapped = move(s.decision, s.evidence, models, confirm, share)
    return decision, s.runner_right if swapped else s.right


def cross_check(
    samples: Sequence[Sample], confirm: float, share: float, strength: float = STRENGTH
) -> dict[str, tuple[Tally, Tally]]:
    """Each kind's tally by the lines alone and after the models, each labelled set judged by
    models fitted on the others."""
    out: dict[str, tuple[Tally, Tally]] = {}
    for group in sorted({s.group for s in samples}):
        models = fit_models([s for s in samples if s.group != group], confirm, share, strength)
        for s in samples:
            if s.group != group:
                continue
            before, after = out.setdefault(s.kind, (Tally(), Tally()))
            before.add(s.decision, s.right)
            after.add(*calibrate(models, s, confirm, share))
    return out
