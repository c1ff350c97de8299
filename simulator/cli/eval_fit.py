"""`parley eval --fit [FILE …]`: fit the matcher's calibration on labelled sets.

Reads labelled matching sets (the bundled `tests/data/eval/match_*.yaml` when no file is given),
fits `simulator.calibration`'s two models on how the lines alone decided them, checks them by
leaving each set out in turn (a set's dev and held-back halves go together), and prints the
models as the Python source that `simulator/calibration.py` holds. It changes no file: a
maintainer pastes the source after reading the cross-check.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

#: A set's halves share a group: "match_v3_dev.yaml" and "match_v3_heldout.yaml" → "match_v3".
_HALF = re.compile(r"_(?:dev|heldout)$")


def group_of(path: Path) -> str:
    """The labelled set a file belongs to (its halves are left out together)."""
    return _HALF.sub("", path.stem)


def run_fit(args: argparse.Namespace, files: Sequence[Path]) -> int:
    """Fit, cross-check and print; exit 2 on a file it cannot read."""
    from simulator import calibration
    from simulator.content import load_content
    from simulator.evaluation import SetError, calibration_samples, read_labelled_set
    from simulator.understanding import DEFAULT_THRESHOLDS

    if not files:
        print(
            "找不到标注集 / no labelled matching set to fit on\n"
            "  提示 / hint: give files after --fit, e.g. parley eval --fit my_set.yaml",
            file=sys.stderr,
        )
        return 2
    content = load_content(list(args.content), raise_on_error=False)
    samples: list[calibration.Sample] = []
    for path in files:
        try:
            items = read_labelled_set(path)
        except (SetError, OSError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            return 2
        samples += calibration_samples(items, content.scenarios, group_of(path))
    confirm = DEFAULT_THRESHOLDS["confirm"]
    doubts = calibration.doubt_pool(samples)
    offers = calibration.offer_pool(samples, confirm)
    print(f"校准 / calibration — {len(samples)} 条 items from {len(files)} files")
    pools = (("DOUBT (taken by the lines)", doubts), ("OFFER (just under confirm)", offers))
    for name, pool in pools:
        right = sum(s.right for s in pool)
        print(f"  {name}: {len(pool)} items, {right} right, {len(pool) - right} not")
    if min(sum(s.right for s in pool) for pool in (doubts, offers)) == 0 or any(
        all(s.right for s in pool) for pool in (doubts, offers)
    ):
        print(
            "不能拟合 / cannot fit: each model needs right and wrong readings\n"
            "  提示 / hint: fit on more labelled sets (negated and off-topic items included)",
            file=sys.stderr,
        )
        return 2
    groups = sorted({s.group for s in samples})
    if len(groups) > 1:
        changed = calibration.cross_check(samples, confirm)
        print(f"\n留一交叉检验 / each of {len(groups)} sets left out in turn:")
        for change, label in (("doubted", "taken → confirmed"), ("offered", "clarified → offered")):
            parts = [
                f"{kind} {'right' if right else 'wrong'} {n}"
                for (c, kind, right), n in sorted(changed.items())
                if c == change
            ]
            print(f"  {label}: {', '.join(parts) or 'none'}")
    doubt = calibration.fit_pool(doubts)
    offer = calibration.fit_pool(offers)
    print("\n# simulator/calibration.py")
    print(doubt.source("DOUBT"))
    print(offer.source("OFFER"))
    return 0
