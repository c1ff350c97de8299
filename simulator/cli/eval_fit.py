"""`parley eval --fit [FILE …]`: fit the matcher's calibration on labelled sets.

Reads labelled matching sets (the bundled `tests/data/eval/match_*.yaml` when no file is given),
fits `simulator.calibration`'s three models on how the lines alone decided them, checks them by
leaving each set out in turn (a set's dev and held-back halves go together), and says whether
the fit is the one that ships. It writes the models only where `--fit-out OUT` says: a
maintainer ships them (`--fit-out simulator/fitted/calibration.json`) after reading the
cross-check. Fitting `DOUBT`'s words needs scikit-learn (the `fit` extra).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.classifier import Addition, Classifier, Key
    from simulator.evaluation import LabelledText, SetItem
    from simulator.model import Catalog

#: A set's halves share a group: "match_v3_dev.yaml" and "match_v3_heldout.yaml" → "match_v3".
_HALF = re.compile(r"_(?:dev|heldout)$")


def group_of(path: Path) -> str:
    """The labelled set a file belongs to (its halves are left out together)."""
    return _HALF.sub("", path.stem)


def _by_group(sets: Sequence[tuple[str, list[SetItem]]]) -> list[tuple[str, list[SetItem]]]:
    """`sets` with neighbours of one group joined, in order."""
    joined: list[tuple[str, list[SetItem]]] = []
    for group, items in sets:
        if joined and joined[-1][0] == group:
            joined[-1] = (group, [*joined[-1][1], *items])
        else:
            joined.append((group, list(items)))
    return joined


def run_fit(args: argparse.Namespace, files: Sequence[Path]) -> int:
    """Fit, cross-check and print; exit 2 on a file it cannot read."""
    from simulator import calibration, fit_inputs, phrasings
    from simulator.content import load_content
    from simulator.evaluation import SetError, calibration_samples, read_labelled_set
    from simulator.understanding import DEFAULT_THRESHOLDS, READING_SHARE

    if _needs_sklearn("the calibration"):
        return 2
    out: Path | None = args.fit_out
    if out is not None and _unwritable(out, "calibration.json"):
        return 2
    if not files:
        print(
            "找不到标注集 / no labelled matching set to fit on\n"
            "  提示 / hint: give files after --fit, e.g. parley eval --fit my_set.yaml",
            file=sys.stderr,
        )
        return 2
    content = load_content(list(args.content), raise_on_error=False)
    sets = []
    for path in files:
        try:
            sets.append((group_of(path), read_labelled_set(path)))
        except SetError as exc:
            print(exc, file=sys.stderr)  # it names the file, and the line where it can
            return 2
    # What the sets teach of how each option is said (and refused); each set's own samples
    # are read by what the other sets taught, as a new trainee's answer will be.
    heard = phrasings.learn(sets, content.scenarios)
    # What the fit reads, as it starts: a file edited while it runs (minutes) must not be
    # recorded as the one fitted on.
    read_at_start = fit_inputs.record([*files, *content.files, *fit_inputs.code_files()])
    samples: list[calibration.Sample] = []
    # A set's halves (its dev and held-out files) are read by the same matchers: index each
    # scenario once per set, not once per file.
    for group, items in _by_group(sets):
        samples += calibration_samples(items, content.scenarios, group, heard)
    confirm = DEFAULT_THRESHOLDS["confirm"]
    pools = (
        ("DOUBT (taken by the lines)", calibration.doubt_pool(samples), "right"),
        ("OFFER (just under confirm)", calibration.offer_pool(samples, confirm), "right"),
        (
            "SWAP (best or runner-up right)",
            calibration.swap_pool(samples, READING_SHARE),
            "with the runner-up right",
        ),
        ("TRUST (offered by the lines)", calibration.trust_pool(samples), "right"),
    )
    print(f"校准 / calibration — {len(samples)} 条 items from {len(files)} files")
    print("  sets: " + ", ".join(sorted({group_of(p) for p in files})))
    for name, pool, label in pools:
        yes = sum((s.runner_right if label != "right" else s.right) for s in pool)
        print(f"  {name}: {len(pool)} items, {yes} {label}, {len(pool) - yes} not")
        if yes == 0 or yes == len(pool):
            print(
                f"不能拟合 / cannot fit {name.split()[0]}: it needs both outcomes among its items\n"
                "  提示 / hint: fit on more labelled sets (negated and off-topic items included)",
                file=sys.stderr,
            )
            return 2
    groups = sorted({s.group for s in samples})
    if len(groups) > 1 and not getattr(args, "no_cross_check", False):
        try:
            changed = calibration.cross_check(samples, confirm, READING_SHARE)
        except ValueError as exc:
            print(
                f"不能交叉检验 / cannot cross-check: {exc}\n"
                "  提示 / hint: each set left out must leave both outcomes in every model's items",
                file=sys.stderr,
            )
            return 2
        print(f"\n留一交叉检验 / each of {len(groups)} sets left out in turn (lines → calibrated):")
        heads = ("taken right", "taken wrong", "right first", "taken/offered")
        print(f"  {'kind':12} " + " ".join(f"{h:>14}" for h in heads))
        for kind, (before, after) in sorted(changed.items()):
            cells = [
                f"{getattr(before, k):>6} → {getattr(after, k):<5}"
                for k in ("taken_right", "taken_wrong", "shown_right", "offered")
            ]
            print(f"  {kind:12} " + " ".join(cells))
    models = calibration.fit_models(samples, confirm, READING_SHARE)
    same = models.same_as(calibration.shipped()) and heard == phrasings.load()
    print(
        f"\nDOUBT weighs {len(models.doubt.words)} n-grams of the words besides its "
        f"{len(models.doubt.names)} features."
    )
    print(f"听到的说法 / phrasings heard: {len(heard)} for {len(heard.options)} options")
    print(
        "与 simulator/fitted/ 中的模型"
        + (
            "相同 / the same as the shipped models and phrasings"
            if same
            else "不同 / not the shipped models and phrasings"
        )
    )
    if out is None:
        print("  to ship this fit: run again with --fit-out simulator/fitted/calibration.json")
        return 0
    # The calibration was fitted on lines that read these phrasings: they ship together, in
    # the folder already found writable, with the record of every file the fit read (which
    # the tests compare, in milliseconds, instead of refitting).
    beside = out.with_name(phrasings.FITTED.name)
    inputs = fit_inputs.record([*files, *content.files, *fit_inputs.code_files()])
    edited = sorted(n for n, digest in read_at_start.items() if inputs.get(n) != digest)
    if edited:
        print(
            "拟合期间文件有改动 / changed while the fit ran: " + ", ".join(edited) + "\n"
            "  提示 / hint: nothing was written; run the fit again once the edits are done",
            file=sys.stderr,
        )
        return 2
    for path, text in (
        (out, models.to_json()),
        (beside, heard.to_json()),
        (out.with_name(fit_inputs.FITTED.name), fit_inputs.to_json(inputs)),
    ):
        try:
            path.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"{path}: 无法写入 / cannot write: {exc.strerror}", file=sys.stderr)
            return 2
        print(f"写入 / written: {path}")
    return 0


def _needs_sklearn(what: str) -> bool:
    """Say so and return True when scikit-learn is missing."""
    try:
        import sklearn  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        print(
            f"需要 scikit-learn / fitting {what} needs scikit-learn\n"
            "  提示 / hint: pip install '.[fit]' (reading the fitted models does not)",
            file=sys.stderr,
        )
        return True
    return False


def _unwritable(out: Path, shipped: str) -> bool:
    """Say so and return True when `out` is not in a folder that can be written."""
    if out.parent.is_dir() and os.access(out.parent, os.W_OK):
        return False
    print(
        f"{out}: 无法写入 / cannot write here: {out.parent} is not a writable folder\n"
        "  提示 / hint: give OUT in a folder you can write to, then copy it to "
        f"simulator/fitted/{shipped} to ship it",
        file=sys.stderr,
    )
    return True


def fit_classifier(items: Sequence[LabelledText], keys: Sequence[Key]) -> Classifier:
    """The principle classifier fitted on labelled detector items (needs scikit-learn)."""
    from simulator import classifier

    labels = [
        {(p, "upholds") for p in item.upholds} | {(p, "violates") for p in item.violates}
        for item in items
    ]
    return classifier.fit([item.text for item in items], labels, keys)


def run_fit_detectors(args: argparse.Namespace, files: Sequence[Path], out: Path) -> int:
    """Fit the principle classifier on labelled detector sets, cross-check it by leaving each
    set out in turn, and write it to `out`; exit 2 on a file it cannot read or without
    scikit-learn."""
    from simulator import classifier
    from simulator.content import load_content
    from simulator.evaluation import (
        SetError,
        polarity_figures,
        read_detector_devset,
    )

    if _needs_sklearn("the classifier"):
        return 2
    if not files:
        print(
            "找不到标注集 / no labelled detector set to fit on\n"
            "  提示 / hint: give files after --fit-detectors OUT, or keep tests/data/eval",
            file=sys.stderr,
        )
        return 2
    content = load_content(list(args.content), raise_on_error=False)
    catalog = content.catalog
    keys = [(p, pol) for p in catalog.principles for pol in ("upholds", "violates")]
    by_file: dict[Path, list[LabelledText]] = {}
    for path in files:
        try:
            by_file[path] = read_detector_devset(path)
        except SetError as exc:
            print(exc, file=sys.stderr)  # it names the file, and the line where it can
            return 2
        except (KeyError, TypeError, AttributeError) as exc:
            print(
                f"{path}: 不是检测器标注集 / not a detector set ({exc})\n"
                "  提示 / hint: a YAML list of {text, upholds: [...], violates: [...], not: [...]}",
                file=sys.stderr,
            )
            return 2
    if _unwritable(out, "classifier.json"):
        return 2

    def fitted(paths: Sequence[Path]) -> classifier.Classifier:
        return fit_classifier([item for path in paths for item in by_file[path]], keys)

    groups = sorted({group_of(p) for p in files})
    print(f"原则分类器 / principle classifier — {sum(map(len, by_file.values()))} sentences")
    try:
        final = fitted(list(files))
    except ValueError as exc:
        print(
            f"不能拟合 / cannot fit: {exc}\n"
            "  提示 / hint: fit on more labelled sentences (the bundled sets hold about 4,000)",
            file=sys.stderr,
        )
        return 2
    rows: list[tuple[float, ...]] = []  # per file left out: patterns alone, with the classifier
    # The classifier's own additions down to its lowest line, on each set left out, by set.
    additions: dict[str, list[classifier.Addition]] = {}
    if len(groups) > 1:
        for group in groups:
            try:
                reader = fitted([p for p in files if group_of(p) != group])
            except ValueError as exc:
                print(f"  {group}: 不能交叉检验 / not cross-checked: {exc}", file=sys.stderr)
                continue
            additions[group] = _additions(
                [item for p in files if group_of(p) == group for item in by_file[p]],
                catalog,
                reader,
            )
            for path in files:
                if group_of(path) != group:
                    continue
                row: list[float] = []
                for learned in (False, True):
                    figures, (_chat, flagged) = polarity_figures(
                        by_file[path], catalog, learned=learned, reader=reader
                    )
                    row += [figures[pol].precision for pol in ("upholds", "violates")]
                    row += [figures[pol].recall for pol in ("upholds", "violates")]
                    row.append(flagged)
                rows.append(tuple(row))
    if rows:
        mean = [sum(r[i] for r in rows) / len(rows) for i in range(10)]
        print(
            f"\n留一交叉检验 / each of {len(groups)} sets left out in turn, "
            f"mean of {len(rows)} files"
        )
        print("  (patterns → patterns with the classifier; macro over principles)")
        for label, i in (
            ("upholds precision", 0),
            ("violates precision", 1),
            ("upholds recall", 2),
            ("violates recall", 3),
        ):
            print(f"  {label:20} {mean[i]:.3f} → {mean[i + 5]:.3f}")
        flagged_before = sum(int(r[4]) for r in rows)
        flagged_after = sum(int(r[9]) for r in rows)
        print(f"  {'chit-chat flagged':20} {flagged_before} → {flagged_after}")
    if additions:
        final = final.with_lines(_report_lines(additions))
    try:
        out.write_text(final.to_json(), encoding="utf-8")
    except OSError as exc:
        print(f"{out}: 无法写入 / cannot write: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"\n写入 / written: {out}  ({len(final.models)} models, {len(final.idf)} n-grams)")
    return 0


def _additions(
    items: Sequence[LabelledText], catalog: Catalog, reader: Classifier
) -> list[Addition]:
    """What `reader` adds on its own to `items` (a set left out of its fit) at its lowest line:
    each key, its probability, and whether the item's label has it."""
    from simulator import classifier
    from simulator.detectors import detect

    floor = reader.with_lines({key: classifier.LINES[0] for key in reader.models})
    out: list[Addition] = []
    for item in items:
        gold = {(p, "upholds") for p in item.upholds} | {(p, "violates") for p in item.violates}
        probability: dict[tuple[str, str], float] | None = None
        for hit in detect(item.text, catalog, reader=floor):
            if hit.detector != "learned":
                continue
            key = (hit.principle, hit.polarity)
            if probability is None:
                probability = floor.probabilities(item.text)
            out.append((key, probability[key], key in gold))
    return out


def _report_lines(additions: Mapping[str, Sequence[Addition]]) -> dict[tuple[str, str], float]:
    """The lines chosen on every set's additions, printed with what lines chosen without each
    set in turn did on it (the honest figure)."""
    from simulator import classifier

    def count(found: Sequence[Addition], lines: Mapping[tuple[str, str], float]) -> list[int]:
        kept = [
            right for key, p, right in found if p >= lines.get(key, classifier.default_line(key))
        ]
        return [sum(kept), len(kept) - sum(kept)]

    before, after = [0, 0], [0, 0]
    for group, found in additions.items():
        others = [a for g, seen in additions.items() if g != group for a in seen]
        for total, lines in ((before, {}), (after, classifier.choose_lines(others))):
            total[:] = [a + b for a, b in zip(total, count(found, lines), strict=True)]
    chosen = classifier.choose_lines([a for seen in additions.values() for a in seen])
    print("  the classifier's own additions, right / wrong (lines chosen without that set):")
    kept, broken = classifier.ADD_UPHOLDS, classifier.ADD_VIOLATES
    print(
        f"    {before[0]} / {before[1]} at {kept} (kept) and {broken} (broken)"
        f" → {after[0]} / {after[1]}"
    )
    for key, line in sorted(chosen.items()):
        print(f"    {key[0]} {key[1]}: added at {line} (not {classifier.default_line(key)})")
    return chosen
