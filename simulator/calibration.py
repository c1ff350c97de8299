"""How likely the matcher's best reading is the move the trainee made.

The matcher decides take / confirm / clarify with hand-set lines (`understanding`). Three small
logistic models, fitted on the labelled sets (`parley eval --fit`), weigh the same evidence
together and move a decision one step where the lines are blunt:

- `DOUBT`: a reading the lines would take is confirmed instead when it looks like the readings
  that were taken wrongly: mostly refusals read as the very move they refuse ("结算单不能省，少了
  它审批过不去" against the option that drops the statement).
- `OFFER`: a reading just under the confirm line is offered ("你是想表达……吗?") when it looks
  like the readings that were right: reworded answers whose words share little with any phrasing.
- `SWAP`: the runner-up is offered first (and nothing is taken) when the pair looks like those
  where the runner-up was the move: mostly a refusal that ranks the move it refuses above the
  honest option it makes.

Each model is a bias and one weight per feature, in the features' own units (the fit
standardises, then folds the scaling back in). Nothing here reads text: the matcher measures,
this module only weighs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: A reading the lines would take is confirmed when `DOUBT` gives it less than this likelihood.
DOUBT_BELOW = 0.5
#: A reading under the default confirm line, but at least `OFFER_FLOOR`, is offered when `OFFER`
#: gives it at least this likelihood.
OFFER_FROM = 0.6
OFFER_FLOOR = 0.03
#: The runner-up is offered first when `SWAP` gives it at least this likelihood of being the
#: move rather than the best reading.
SWAP_FROM = 0.5
#: The fit's regularisation (scikit-learn's C): chosen by leaving each labelled set out in turn.
STRENGTH = 1.0

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


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic model: a bias and one weight per named feature."""

    names: tuple[str, ...]
    bias: float
    weights: tuple[float, ...]  # one per name, in order

    @classmethod
    def of(cls, names: tuple[str, ...], bias: float, **weights: float) -> Model:
        """A model from its weights by feature name (every one of `names`, no other)."""
        if set(weights) != set(names):
            wrong = sorted(set(weights) ^ set(names))
            raise ValueError(f"a model needs one weight per feature; wrong or missing: {wrong}")
        return cls(names, bias, tuple(weights[name] for name in names))

    def source(self, name: str, names: str) -> str:
        """The model as the Python source that holds it in this module (`names`: the name of
        its feature list there)."""
        lines = [f"{name} = Model.of(", f"    {names},", f"    {self.bias:.4f},"]
        lines += [f"    {k}={w:.4f}," for k, w in zip(self.names, self.weights, strict=True)]
        return "\n".join([*lines, ")"])

    def likelihood(self, values: Sequence[float]) -> float:
        """The modelled probability (0…1) for one row of feature values."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, values, strict=True))
        return sigmoid(z)

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


def swap_pool(samples: Iterable[Sample], share: float) -> list[Sample]:
    """What `SWAP` is fitted on: answers with a reading whose best or runner-up is right."""
    return [
        s
        for s in samples
        if s.decision != "clarify" and (s.right or s.runner_right) and swappable(s.evidence, share)
    ]


def fit_models(
    samples: Sequence[Sample], confirm: float, share: float, strength: float = STRENGTH
) -> tuple[Model, Model, Model]:
    """`DOUBT`, `OFFER` and `SWAP` fitted on the samples."""
    doubts, offers = doubt_pool(samples), offer_pool(samples, confirm)
    swaps = swap_pool(samples, share)
    return (
        fit(FEATURES, [s.evidence.vector() for s in doubts], [s.right for s in doubts], strength),
        fit(FEATURES, [s.evidence.vector() for s in offers], [s.right for s in offers], strength),
        fit(
            PAIR_FEATURES,
            [s.evidence.pair_vector() for s in swaps],
            [s.runner_right for s in swaps],
            strength,
        ),
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
    models: tuple[Model, Model, Model],
    confirm: float,
    share: float,
    *,
    offer: bool = True,
) -> tuple[str, bool]:
    """The lines' decision moved one step by (`DOUBT`, `OFFER`, `SWAP`), and whether the
    runner-up is now offered first. `confirm` is the confirm line; `share` how close to the best
    a runner-up must score to be a reading; `offer=False` leaves near misses clarified."""
    doubt, offering, swap = models
    if (
        decision != "clarify"
        and swappable(evidence, share)
        and swap.likelihood(evidence.pair_vector()) >= SWAP_FROM
    ):
        return "confirm", True  # a pair like those where the runner-up was the move
    if decision == "take" and doubt.likelihood(evidence.vector()) < DOUBT_BELOW:
        return "confirm", False  # like the readings taken wrongly: ask instead
    if (
        offer
        and decision == "clarify"
        and OFFER_FLOOR <= evidence.top < confirm
        and offering.likelihood(evidence.vector()) >= OFFER_FROM
    ):
        return "confirm", False  # just under the line, like the right readings: offer it
    return decision, False


def calibrate(
    models: tuple[Model, Model, Model], s: Sample, confirm: float, share: float
) -> tuple[str, bool]:
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


#: Fitted by `parley eval --fit` on the bundled labelled sets (docs/understanding.md,
#: "Calibration"): paste its output here after reading its cross-check.
DOUBT = Model.of(
    FEATURES,
    -0.2699,
    top=10.6878,
    second=-16.9107,
    closest=-7.1629,
    bare=11.1760,
    unlike=-11.6665,
    refused=-9.4606,
    negated=-4.3266,
    any_negated=-1.0675,
    log_length=1.2942,
    small_talk=-5.7564,
    option_negates=1.7881,
    both_negate=3.6203,
    unknown=-1.2803,
    asks=2.2852,
    option_asks=-0.1646,
    asks_unlike_option=-5.8632,
)
OFFER = Model.of(
    FEATURES,
    -6.2995,
    top=60.5388,
    second=-47.1202,
    closest=-37.8145,
    bare=37.3076,
    unlike=-11.1478,
    refused=-8.9759,
    negated=-3.1745,
    any_negated=0.4829,
    log_length=2.0259,
    small_talk=-17.5950,
    option_negates=0.2234,
    both_negate=0.6027,
    unknown=0.3264,
    asks=-0.9478,
    option_asks=-0.7764,
    asks_unlike_option=-2.7199,
)
SWAP = Model.of(
    PAIR_FEATURES,
    -0.4764,
    score=-30.7146,
    closest=25.9692,
    bare=-27.9536,
    unlike=3.9140,
    stance_drop=-20.0595,
    negates=-1.9336,
    both_negate=2.6580,
    asks=2.4374,
    both_ask=-3.1699,
    ratio=-0.2023,
)
