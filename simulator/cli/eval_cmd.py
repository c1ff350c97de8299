"""`parley eval`: how well free text is understood and judged, measured on the dev sets.

Prints matching accuracy on the paraphrase set (top-1, how often the confirm/clarify fallback
fired, how often a wrong option was taken without asking) and per-principle detector
precision/recall on the detector set. Exits 1 when a target is missed, so CI can run it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

#: Targets of issue 4.
TOP1_TARGET = 0.90
WRONG_TARGET = 0.03
PRECISION_TARGET = 0.90
RECALL_TARGET = 0.80


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `eval` subcommand."""
    parser = sub.add_parser(
        "eval",
        help="在开发集上测量自由文本理解和原则检测 / measure understanding and detectors",
        description="在标注的开发集上测量:自由文本匹配的准确率(首选正确率、追问率、误取率)"
        "和每条原则检测器的精确率/召回率。未达标时退出码为 1。 / Measure free-text matching "
        "(top-1, fallback and wrong-option rates) and per-principle detector precision/recall "
        "on the labelled dev sets; exit 1 when a target is missed.",
    )
    parser.add_argument(
        "--paraphrases", type=Path, default=None, help="释义开发集 / paraphrase dev set YAML"
    )
    parser.add_argument(
        "--detectors", type=Path, default=None, help="检测器开发集 / detector dev set YAML"
    )
    parser.add_argument(
        "--content",
        type=Path,
        action="append",
        default=[],
        help="额外的场景或原则目录 / extra scenario or catalog files/folders",
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="列出每个错误 / list every miss"
    )
    parser.set_defaults(func=run)


def _default(name: str) -> Path:
    from simulator import library

    return library.bundled_root() / "tests" / "data" / name


def run(args: argparse.Namespace) -> int:
    """Measure, print, and return 1 when a target is missed (2 on unreadable input)."""
    from simulator.content import load_content
    from simulator.evaluation import (
        detector_figures,
        matching_figures,
        read_detector_devset,
        read_paraphrase_devset,
    )

    paraphrase_path = args.paraphrases or _default("paraphrase_devset.yaml")
    detector_path = args.detectors or _default("detector_devset.yaml")
    for path, flag in ((paraphrase_path, "--paraphrases"), (detector_path, "--detectors")):
        if not path.is_file():
            print(
                f"{path}: 找不到开发集 / dev set not found\n"
                f"  提示 / hint: 用 {flag} PATH 指定 / give it with {flag} PATH",
                file=sys.stderr,
            )
            return 2
    content = load_content(list(args.content), raise_on_error=False)
    try:
        paraphrases = read_paraphrase_devset(paraphrase_path)
        labelled = read_detector_devset(detector_path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        print(f"开发集格式有误 / cannot read the dev set: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # yaml.YAMLError and friends, without importing yaml here
        print(f"开发集无法解析 / cannot parse the dev set: {exc}", file=sys.stderr)
        return 2
    matching = matching_figures(paraphrases, content.scenarios)
    detectors = detector_figures(labelled, content.catalog)
    below = [
        f for f in detectors.values() if f.precision < PRECISION_TARGET or f.recall < RECALL_TARGET
    ]
    ok = (
        matching.total > 0
        and matching.top1_rate >= TOP1_TARGET
        and matching.wrong_rate <= WRONG_TARGET
        and not below
    )
    if args.json:
        print(
            json.dumps(
                {
                    "matching": {
                        "paraphrases": matching.total,
                        "top1": round(matching.top1_rate, 4),
                        "fallback": round(matching.fallback_rate, 4),
                        "confirm": matching.confirm,
                        "clarify": matching.clarify,
                        "wrong_option": round(matching.wrong_rate, 4),
                        "offtopic": matching.offtopic,
                        "offtopic_taken": matching.offtopic_taken,
                        "unresolved": matching.unresolved,
                    },
                    "detectors": {
                        f.principle: {
                            "precision": round(f.precision, 4),
                            "recall": round(f.recall, 4),
                            "tp": f.tp,
                            "fp": f.fp,
                            "fn": f.fn,
                        }
                        for f in detectors.values()
                    },
                    "ok": ok,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0 if ok else 1
    print(f"自由文本理解 / understanding  ({paraphrase_path})")
    print(f"  释义 paraphrases: {matching.total}")
    print(f"  首选正确 top-1:          {matching.top1_rate:6.1%}  (target ≥ {TOP1_TARGET:.0%})")
    print(
        f"  追问 fallback:           {matching.fallback_rate:6.1%}  "
        f"(确认 confirm {matching.confirm}, 澄清 clarify {matching.clarify})"
    )
    print(f"  误取 wrong option taken: {matching.wrong_rate:6.1%}  (target ≤ {WRONG_TARGET:.0%})")
    print(f"  离题被采纳 off-topic taken: {matching.offtopic_taken}/{matching.offtopic}")
    if matching.unresolved:
        print(f"  找不到的场景/节点/选项 unresolved: {len(matching.unresolved)}")
    if args.verbose:
        for line in matching.errors + matching.unresolved:
            print(f"    - {line}")
    print(f"\n原则检测器 / detectors  ({detector_path}, {len(labelled)} 条 answers)")
    print(f"  {'principle':24} {'P':>6} {'R':>6}   tp  fp  fn")
    for f in detectors.values():
        mark = "" if f not in below else "  ← 未达标 below target"
        print(
            f"  {f.principle:24} {f.precision:6.2f} {f.recall:6.2f}  {f.tp:3d} {f.fp:3d} {f.fn:3d}"
            f"{mark}"
        )
        if args.verbose:
            for line in f.false_positives:
                print(f"      FP {line}")
            for line in f.misses:
                print(f"      FN {line}")
    print("\n达标 / all targets met" if ok else "\n未达标 / a target is missed")
    return 0 if ok else 1
