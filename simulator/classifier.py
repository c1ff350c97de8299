"""A learned reading of which principles a sentence keeps or breaks.

Each detector pattern names one construction, and the next trainee says it another way. This
classifier reads a sentence as its characters and character pairs (TF-IDF: sublinear term frequency,
smoothed idf, L2 norm) and gives, for each principle and polarity, the probability that the
sentence engages it: one logistic regression each, fitted on the labelled detector sets by
`parley eval --fit-detectors` (which needs scikit-learn, the `fit` extra) and shipped as data
(`simulator/fitted/classifier.json`). Reading it needs nothing but Python.

`detectors.detect` uses it two ways (docs/authoring.md, "Detectors"): a pattern's hit that a
principle is kept stands unless the classifier gives it under `KEEP_PATTERN` (one that it is
broken always stands), the example bank's only at `KEEP_EXAMPLE` or more, and the classifier
alone adds a hit at `ADD_VIOLATES` or more (`ADD_UPHOLDS` for a principle kept; under `ADD` only
its strongest reading), or at the lower line the fit found for a principle where the
classifier's own additions under that line were right nine times in ten on sets it had not seen
(`choose_lines`). It reads Chinese only: the sets it learned
from are Chinese, so words with no Chinese character are left to the patterns.
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from simulator import dialect, fitted_data
from simulator.calibration import sigmoid

#: Where the fitted classifier ships.
FITTED = Path(__file__).resolve().parent / "fitted" / "classifier.json"
#: A pattern's hit that a principle is kept stands unless the classifier gives it less than
#: this (a pattern names a construction someone wrote down; only a clear no overrules it). A
#: pattern's hit that a principle is broken always stands: an overpromise or a bribe taken is
#: named by the construction, never overruled by a statistical reading.
KEEP_PATTERN = 0.1
#: The example bank's hit stands when the classifier gives it at least this (nearness to an
#: option's phrasing is weaker evidence than a pattern).
KEEP_EXAMPLE = 0.5
#: The classifier alone adds a hit on its own word at this probability or more; under it, down
#: to the lines below, only its strongest reading of the sentence, and never where a detector's
#: `unless` names the sentence another move or the sentence is everyday small talk
#: (`detectors.learned`).
ADD = 0.9
#: A principle kept is added from this line. Fitting without each of the five newest writers'
#: sets in turn (v21–v25) and reading the set left out, lowering it from 0.9 to 0.75 found
#: 0.038–0.081 more of the kept principles (macro recall) for a macro precision 0.003 lower on
#: average (0.007 lower at 0.7). Round thirty-nine, the same reading of the held-back halves of
#: seven later writers (v31, v34–v39), each fitted without both its halves: from 0.75 to 0.6,
#: macro recall 0.614 → 0.659 for precision 0.865 → 0.860 (at 0.55: 0.676 for 0.857; at 0.5:
#: 0.690 for 0.847, where two writers lost 0.02–0.04 of precision).
ADD_UPHOLDS = 0.6
#: A principle broken is added from this line. The same reading without each of v22–v26 in turn,
#: and of v27's dev half, with the strongest-reading guard: from 0.9 to 0.75, violations' macro
#: recall rose 0.021–0.071 (0.053 on average) for a macro precision 0.005 lower on average
#: (0.014 at most); at 0.65 the precision fell 0.012 and a chit-chat line was charged. Without
#: the guard (round twenty-five) the same move cost 0.015–0.04 of precision. (Round
#: thirty-nine, the seven later writers above: at 0.7, recall 0.626 → 0.650 for precision 0.860
#: → 0.851; left at 0.75, as a breach charged wrongly costs the trainee more than one missed.)
ADD_VIOLATES = 0.75
#: The lines a fit may lower `default_line` to for one principle and polarity (`choose_lines`)...
LINES = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85)
#: ... when its additions between that line and `default_line`, on sets left out of the fit,
#: number at least this many...
LINE_ADDITIONS = 20
#: ... and the lower end of their precision's Wilson interval (one standard error) is at least
#: this: a line is lowered only where the evidence for it is broad, never raised.
LINE_PRECISION = 0.9
#: Character n-gram lengths. Round thirty-nine read twelve writers' held-back halves (v26–v31,
#: v34–v39), each with a classifier fitted without both halves of its writer: characters and
#: pairs (C 16) against 1–3-grams (C 4), macro over the twelve, upholds precision 0.88 → 0.89
#: and recall 0.70 → 0.74, violates precision 0.88 → 0.87 and recall 0.63 → 0.70; recall rose
#: for every writer. Three characters side by side are mostly one writer's phrase, and a new
#: writer's words share their pairs with the sets more often than their triples.
NGRAMS = (1, 2)
#: Each model keeps only its weights of largest size (the rest change no reading measurably).
KEPT_WEIGHTS = 1000
#: The fit's regularisation (scikit-learn's C), chosen with `NGRAMS` on the same twelve writers
#: (C 8 and 16 with pairs: within 0.01 of each other; 16 has the higher violations' recall).
STRENGTH = 16.0

_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

Key = tuple[str, str]  # (principle id, "upholds" | "violates")


def prepare(text: str) -> str:
    """The text as the classifier reads it: NFKC, casefolded, runs of white space as one,
    written Cantonese as Mandarin (`dialect`)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", dialect.mandarin(folded)).strip()


def ngrams(text: str) -> list[str]:
    """The character n-grams of prepared text (each occurrence)."""
    out = []
    for n in NGRAMS:
        out += [text[i : i + n] for i in range(len(text) - n + 1)]
    return out


def default_line(key: Key) -> float:
    """The probability at which the classifier alone adds `key` unless a fit lowered it."""
    return ADD_UPHOLDS if key[1] == "upholds" else ADD_VIOLATES


def reads(text: str) -> bool:
    """Does the classifier read this text (does it have a Chinese character)?"""
    return _CJK.search(text) is not None


@dataclass(frozen=True, slots=True)
class Classifier:
    """The fitted models: an idf per known n-gram, and per key a bias and sparse weights."""

    idf: Mapping[str, float]
    models: Mapping[Key, tuple[float, Mapping[str, float]]]
    #: Where the fit lowered the line at which a key is added on its own (`choose_lines`).
    lines: Mapping[Key, float] = field(default_factory=dict)
    #: Per n-gram, the models that weigh it (index into `_keys`, weight): a text's n-grams are
    #: read once for every model, instead of every model looking up every n-gram.
    _postings: Mapping[str, tuple[tuple[int, float], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _keys: tuple[Key, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = tuple(self.models)
        postings: dict[str, list[tuple[int, float]]] = {}
        for index, key in enumerate(keys):
            for gram, weight in self.models[key][1].items():
                postings.setdefault(gram, []).append((index, weight))
        object.__setattr__(self, "_keys", keys)
        object.__setattr__(self, "_postings", {g: tuple(p) for g, p in postings.items()})

    def line(self, key: Key) -> float:
        """The probability at which the classifier alone adds `key`."""
        default = default_line(key)
        return min(self.lines.get(key, default), default)

    def vector(self, text: str) -> dict[str, float]:
        """The text's TF-IDF vector over the known n-grams (L2-normalised)."""
        counts = Counter(g for g in ngrams(prepare(text)) if g in self.idf)
        vector = {g: (1.0 + math.log(c)) * self.idf[g] for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {g: v / norm for g, v in vector.items()}

    def probabilities(self, text: str) -> dict[Key, float]:
        """Each key's probability that the text engages it."""
        z = [self.models[key][0] for key in self._keys]
        postings = self._postings
        for gram, value in self.vector(text).items():
            for index, weight in postings.get(gram, ()):
                z[index] += value * weight
        return {key: sigmoid(z[index]) for index, key in enumerate(self._keys)}

    def to_json(self) -> str:
        """The classifier as the data file it ships as."""
        vocabulary = sorted(self.idf)
        position = {g: i for i, g in enumerate(vocabulary)}
        return json.dumps(
            {
                "ngrams": list(NGRAMS),
                "vocabulary": vocabulary,
                "idf": [round(self.idf[g], 5) for g in vocabulary],
                "models": {
                    f"{p}:{pol}": {
                        "bias": round(bias, 5),
                        "weights": [[position[g], round(w, 5)] for g, w in sorted(weights.items())],
                    }
                    for (p, pol), (bias, weights) in sorted(self.models.items())
                },
                "lines": {f"{p}:{pol}": line for (p, pol), line in sorted(self.lines.items())},
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, data: str) -> Classifier:
        """The classifier from its data file's text."""
        raw = json.loads(data)
        if tuple(raw.get("ngrams", ())) != NGRAMS:
            raise ValueError(f"the classifier was fitted on other n-grams: {raw.get('ngrams')}")
        vocabulary = raw["vocabulary"]
        idf = dict(zip(vocabulary, raw["idf"], strict=True))
        models: dict[Key, tuple[float, Mapping[str, float]]] = {}
        for name, model in raw["models"].items():
            principle, polarity = name.rsplit(":", 1)
            weights = {vocabulary[i]: w for i, w in model["weights"]}
            models[principle, polarity] = (model["bias"], weights)
        lines: dict[Key, float] = {}
        for name, line in raw.get("lines", {}).items():
            principle, polarity = name.rsplit(":", 1)
            lines[principle, polarity] = float(line)
        return cls(idf, models, lines)

    def with_lines(self, lines: Mapping[Key, float]) -> Classifier:
        """The same models, adding each key on its own at `lines` (else at `default_line`)."""
        return replace(self, lines=dict(lines))


def load(path: Path | None = None) -> Classifier | None:
    """The fitted classifier (None when the file is missing or damaged: the patterns decide
    alone, and `fitted_data.damaged` names a damaged file)."""
    return _load(path or FITTED)


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> Classifier | None:
    return fitted_data.read(path, Classifier.from_json, None)


def fit(
    texts: Sequence[str],
    labels: Sequence[set[Key]],
    keys: Sequence[Key],
    strength: float = STRENGTH,
    kept: int = KEPT_WEIGHTS,
) -> Classifier:
    """Fit one logistic regression per key (balanced classes) on the texts. Needs scikit-learn
    (`pip install '.[fit]'`); a key with fewer than three positive texts gets no model."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    prepared = [prepare(t) for t in texts]
    vectorizer = TfidfVectorizer(analyzer=ngrams, sublinear_tf=True, min_df=2)
    matrix = vectorizer.fit_transform(prepared)
    vocabulary = vectorizer.get_feature_names_out()
    idf = {str(g): float(v) for g, v in zip(vocabulary, vectorizer.idf_, strict=True)}
    models: dict[Key, tuple[float, Mapping[str, float]]] = {}
    for key in keys:
        y = [key in found for found in labels]
        if sum(y) < 3:
            continue
        model = LogisticRegression(C=strength, max_iter=2000, class_weight="balanced")
        model.fit(matrix, y)
        coef = model.coef_[0]
        order = sorted(range(len(coef)), key=lambda i: -abs(coef[i]))[:kept]
        weights = {str(vocabulary[i]): float(coef[i]) for i in order if coef[i]}
        models[key] = (float(model.intercept_[0]), weights)
    return Classifier(idf, models)


#: One addition of the classifier alone, read on a set left out of its fit: the key, its
#: probability, and whether the set's label has it.
Addition = tuple[Key, float, bool]


def choose_lines(additions: Sequence[Addition]) -> dict[Key, float]:
    """The keys whose line a fit lowers under `default_line`, and to what: the lowest of `LINES`
    where the additions between it and that line number `LINE_ADDITIONS` or more and are right at
    `LINE_PRECISION` (the lower end of a Wilson interval, so that a few lucky ones lower
    nothing)."""
    by_key: dict[Key, list[tuple[float, bool]]] = {}
    for key, probability, right in additions:
        by_key.setdefault(key, []).append((probability, right))
    chosen: dict[Key, float] = {}
    for key, seen in sorted(by_key.items()):
        default = default_line(key)
        for line in LINES:
            if line >= default:
                break
            band = [right for probability, right in seen if line <= probability < default]
            if len(band) >= LINE_ADDITIONS and _wilson_low(sum(band), len(band)) >= LINE_PRECISION:
                chosen[key] = line
                break
    return chosen


def _wilson_low(right: int, total: int, z: float = 1.0) -> float:
    """The lower end of the Wilson score interval of `right` out of `total`."""
    share = right / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return (centre - spread) / (1 + z * z / total)
