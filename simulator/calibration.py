"""How likely the matcher's best reading is the move the trainee made.

The matcher decides take / confirm / clarify with hand-set lines (`understanding`). Two small
logistic models, fitted on the labelled sets (`parley eval --fit`), weigh the same evidence
together and move a decision one step where the lines are blunt:

- `DOUBT`: a reading the lines would take is confirmed instead when it looks like the readings
  that were taken wrongly: mostly refusals read as the very move they refuse ("结算单不能省，少了
  它审批过不去" against the option that drops the statement).
- `OFFER`: a reading just under the confirm line is offered ("你是想表达……吗?") when it looks
  like the readings that were right: reworded answers whose words share little with any phrasing.

Each model is a bias and one weight per feature of `Evidence`, in the features' own units (the
fit standardises, then folds the scaling back in). Nothing here reads text: the matcher measures,
this module only weighs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: A reading the lines would take is confirmed when `DOUBT` gives it less than this likelihood.
DOUBT_BELOW = 0.5
#: A reading under the default confirm line, but at least `OFFER_FLOOR`, is offered when `OFFER`
#: gives it at least this likelihood.
OFFER_FROM = 0.6
OFFER_FLOOR = 0.03
#: The fit's regularisation (scikit-learn's C): chosen by leaving each labelled set out in turn.
STRENGTH = 1.0

#: The features a model weighs, in order (see `Evidence.vector`).
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


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the matcher measured for one answer at one node (all between 0 and 1 but `length`)."""

    option_id: str  # the best reading
    top: float  # the best reading's score
    second: float  # the runner-up's score
    closest: float  # the best reading's closest phrasing
    bare: float  # the best reading's score with stance dropped on both sides
    unlike: float  # the best reading's closest counter-example
    refused: float  # how close, stance aside, the words come to an option they contradict
    negated: float  # share of the answer's characters inside a negation's scope
    length: int  # characters typed
    small_talk: float  # closeness to everyday small talk
    option_negates: float  # share of the best reading's phrasings that negate something
    unknown: float  # share of the answer's weight in features no phrasing of the scenario has
    asks: float  # share of the answer's clauses that ask
    option_asks: float  # share of the best reading's phrasings that ask

    def vector(self) -> tuple[float, ...]:
        """The features in `FEATURES` order."""
        return (
            self.top,
            self.second,
            self.closest,
            self.bare,
            self.unlike,
            self.refused,
            self.negated,
            1.0 if self.negated > 0 else 0.0,
            math.log1p(self.length),
            self.small_talk,
            self.option_negates,
            self.option_negates * self.negated,
            self.unknown,
            self.asks,
            self.option_asks,
            self.asks * (1.0 - self.option_asks),
        )


@dataclass(frozen=True, slots=True)
class Model:
    """A logistic model over `FEATURES`: the likelihood that the best reading is right."""

    bias: float
    weights: tuple[float, ...]  # one per feature, in `FEATURES` order

    @classmethod
    def of(cls, bias: float, **weights: float) -> Model:
        """A model from its weights by feature name (every name of `FEATURES`, no other)."""
        if set(weights) != set(FEATURES):
            wrong = sorted(set(weights) ^ set(FEATURES))
            raise ValueError(f"a model needs one weight per feature; wrong or missing: {wrong}")
        return cls(bias, tuple(weights[name] for name in FEATURES))

    def source(self, name: str) -> str:
        """The model as the Python source that holds it in this module."""
        lines = [f"{name} = Model.of(", f"    {self.bias:.4f},"]
        lines += [f"    {k}={w:.4f}," for k, w in zip(FEATURES, self.weights, strict=True)]
        return "\n".join([*lines, ")"])

    def likelihood(self, evidence: Evidence) -> float:
        """P(the best reading is the trainee's move | the evidence), 0…1."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, evidence.vector(), strict=True))
        return _sigmoid(z)

    def named(self) -> Mapping[str, float]:
        """The weights by feature name (for reports)."""
        return dict(zip(FEATURES, self.weights, strict=True))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def fit(rows: Sequence[Sequence[float]], labels: Sequence[bool], strength: float = 1.0) -> Model:
    """An L2-regularised logistic regression (Newton's method) on standardised features.

    `strength` is the inverse of the penalty (scikit-learn's C): the loss summed over the rows
    times `strength`, plus half the squared weights; the bias is not penalised. The result is
    returned in the features' own units.
    """
    if not rows or len(rows) != len(labels):
        raise ValueError("fit needs as many labels as rows, and at least one row")
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
            p = _sigmoid(sum(a * b for a, b in zip(w, x, strict=True)))
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
    return Model(bias, weights)


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


def doubt_pool(samples: Iterable[Sample]) -> list[Sample]:
    """What `DOUBT` is fitted on: every answer the lines take."""
    return [s for s in samples if s.decision == "take"]


def offer_pool(samples: Iterable[Sample], confirm: float) -> list[Sample]:
    """What `OFFER` is fitted on: readings the lines clarify from `OFFER_FLOOR` up to `confirm`."""
    return [
        s for s in samples if s.decision == "clarify" and OFFER_FLOOR <= s.evidence.top < confirm
    ]


def fit_pool(pool: Sequence[Sample], strength: float = STRENGTH) -> Model:
    """A model fitted on a pool of samples."""
    return fit([s.evidence.vector() for s in pool], [s.right for s in pool], strength)


def cross_check(
    samples: Sequence[Sample], confirm: float, strength: float = STRENGTH
) -> Counter[tuple[str, str, bool]]:
    """What the models change on each labelled set when fitted on the others.

    Keys are (change, kind, right): "doubted" (a take made a confirm) or "offered" (a clarify
    made a confirm), the sample's kind, and whether its best reading is the expected option.
    """
    out: Counter[tuple[str, str, bool]] = Counter()
    doubts, offers = doubt_pool(samples), offer_pool(samples, confirm)
    for group in sorted({s.group for s in samples}):
        doubt = fit_pool([s for s in doubts if s.group != group], strength)
        offer = fit_pool([s for s in offers if s.group != group], strength)
        for s in doubts:
            if s.group == group and doubt.likelihood(s.evidence) < DOUBT_BELOW:
                out["doubted", s.kind, s.right] += 1
        for s in offers:
            if s.group == group and offer.likelihood(s.evidence) >= OFFER_FROM:
                out["offered", s.kind, s.right] += 1
    return out


#: Fitted by `parley eval --fit` on the bundled labelled sets (docs/understanding.md,
#: "Calibration"): paste its output here after reading its cross-check.
DOUBT = Model.of(
    -0.1119,
    top=12.0660,
    second=-19.1624,
    closest=-7.5252,
    bare=12.4060,
    unlike=-11.2159,
    refused=-12.0759,
    negated=-4.8678,
    any_negated=-0.6788,
    log_length=1.2085,
    small_talk=-5.6864,
    option_negates=0.9383,
    both_negate=4.6804,
    unknown=-1.5143,
    asks=1.6534,
    option_asks=-0.8196,
    asks_unlike_option=-4.0917,
)
OFFER = Model.of(
    -6.5967,
    top=62.4512,
    second=-51.9246,
    closest=-36.2606,
    bare=31.3403,
    unlike=-18.5728,
    refused=-12.4535,
    negated=-4.8274,
    any_negated=0.5467,
    log_length=2.1472,
    small_talk=-22.9865,
    option_negates=0.1873,
    both_negate=3.5474,
    unknown=1.4406,
    asks=-1.8104,
    option_asks=-0.7502,
    asks_unlike_option=-2.0913,
)
