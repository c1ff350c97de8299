"""`parley eval`: how well free text is understood and judged, on the dev and held-out sets.

Prints matching accuracy on each paraphrase set (top-1, taken right at once, how often the
confirm/clarify fallback fired, how often a wrong option was taken without asking) and
per-principle detector precision/recall on each detector set. The dev sets carry the targets
of issue 4 (marked when one is missed); the held-out sets, written by someone else and never
tuned on, are reported beside them so that a reader sees how far the dev figures generalise.
It measures and never gates: exit 0 whatever the figures, 2 on a file it cannot read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.cli.scenario_arg import add_content_argument

if TYPE_CHECKING:
    from simulator.classifier import Classifier
    from simulator.evaluation import MatchingFigures, PolarityFigures, PrincipleFigures, SetItem
    from simulator.model import Catalog

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
        description="在标注的开发集上测量：自由文本匹配的准确率（首选正确率、追问率、误取率）"
        "和每条原则检测器的精确率/召回率。只测量，不把关：无论结果如何退出码都是 0，读不了文件时"
        "是 2。 / Measure free-text matching (top-1, fallback and wrong-option rates) and "
        "per-principle detector precision/recall on the labelled dev sets. It measures and "
        "never gates: exit 0 whatever the figures, 2 on a file it cannot read.",
    )
    parser.add_argument(
        "--paraphrases", type=Path, default=None, help="释义开发集 / paraphrase dev set YAML"
    )
    parser.add_argument(
        "--detectors", type=Path, default=None, help="检测器开发集 / detector dev set YAML"
    )
    parser.add_argument(
        "--heldout-paraphrases",
        type=Path,
        action="append",
        default=[],
        help="留出释义集（可重复）/ held-out paraphrase set YAML, repeatable (reported, no target)",
    )
    parser.add_argument(
        "--heldout-detectors",
        type=Path,
        action="append",
        default=[],
        help="留出检测器集（可重复）/ held-out detector set YAML, repeatable (reported, no target)",
    )
    parser.add_argument("--no-heldout", action="store_true", help="只测开发集 / dev sets only")
    parser.add_argument(
        "--no-labelled",
        action="store_true",
        help="不测内置的标注集 / skip the bundled labelled sets (tests/data/eval): only the "
        "paraphrase and detector sets, in seconds rather than minutes",
    )
    parser.add_argument(
        "--no-cross-check",
        action="store_true",
        help="--fit 时不做留一交叉检验 / with --fit, skip the leave-one-set-out check (minutes): "
        "fit, compare with the shipped models and write them",
    )
    parser.add_argument(
        "--set",
        dest="labelled_set",
        type=Path,
        default=None,
        metavar="FILE",
        help="只测这个标注集 / measure only this labelled set: a YAML list of "
        "{scenario, node, text, expect} (or a detector set with items of "
        "{text, upholds, violates, not})",
    )
    parser.add_argument(
        "--fit",
        nargs="*",
        type=Path,
        default=None,
        metavar="FILE",
        help="拟合理解的校准模型 / fit the matcher's calibration on labelled matching sets "
        "(the bundled ones when no file is given), with a leave-one-set-out check (needs "
        "scikit-learn: pip install '.[fit]')",
    )
    parser.add_argument(
        "--fit-out",
        type=Path,
        default=None,
        metavar="OUT",
        help="把 --fit 的模型写入 OUT / write the models --fit fitted to OUT (to ship them: "
        "simulator/fitted/calibration.json)",
    )
    parser.add_argument(
        "--fit-detectors",
        type=Path,
        default=None,
        metavar="OUT",
        help="拟合原则分类器并写入 OUT / fit the principle classifier on the labelled detector "
        "sets (the bundled ones, or the files given with --fit) and write it to OUT, with a "
        "leave-one-set-out check (needs scikit-learn: pip install '.[fit]')",
    )
    add_content_argument(parser)
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.add_argument(
        "--json-out",
        type=Path,
        default=None,
        metavar="FILE",
        help="同时把 JSON 写入 FILE，照常打印文字报告 / also write the JSON to FILE, and print "
        "the text report as usual (one run, both forms: a long evaluation need not run twice)",
    )
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="列出每个错误 / list every miss"
    )
    parser.set_defaults(func=run)


def _bundled(stem: str) -> list[Path]:
    """The bundled held-out sets whose file name starts with `stem`, in name order."""
    folder = _default("")
    return sorted(folder.glob(f"{stem}*.yaml")) if folder.is_dir() else []


def _own_set(path: Path) -> str | None:
    """The name of a bundled labelled set (`tests/data/eval`), whose items the shipped heard
    phrasings learned from: it is judged by what the other sets taught. A copy of one kept
    elsewhere (the same bytes, under any name) is that set: judged by everything heard, it
    would score itself. None for any other file (a coach's, or one Parley never saw):
    everything heard reads it."""
    from simulator.cli.eval_fit import group_of

    folder = _default("eval")
    try:
        if path.resolve().parent == folder.resolve():
            return group_of(path)
        data = path.read_bytes()
        for candidate in sorted(folder.glob("*.yaml")):
            if candidate.stat().st_size == len(data) and candidate.read_bytes() == data:
                return group_of(candidate)
    except OSError:
        return None
    return None


#: The keys a detector set's item may have (`kind`, `family` and `note` are read as notes).
_DETECTOR_KEYS = ("text", "upholds", "violates", "not", "family", "kind", "note")


def _label_problems(path: Path, catalog: Catalog) -> list[str]:
    """Each key of a detector set's items Parley does not read, and each principle id its
    catalog does not have, at its line: a label Parley cannot read would silently count as
    none."""
    import yaml

    from simulator.loader.fields import did_you_mean

    try:
        tree = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # the reader has said what is wrong with the file
    if isinstance(tree, yaml.MappingNode):
        tree = next((v for k, v in tree.value if getattr(k, "value", None) == "items"), None)
    if not isinstance(tree, yaml.SequenceNode):
        return []
    problems = []
    for item in tree.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        for key, value in item.value:
            where = f"{path}:{key.start_mark.line + 1}:{key.start_mark.column + 1}"
            name = str(key.value)
            if name not in _DETECTOR_KEYS:
                hint = did_you_mean(name, _DETECTOR_KEYS) or f"keys: {', '.join(_DETECTOR_KEYS)}"
                problems.append(
                    f"{where}: 未知的键 / unknown key '{name}': not read  (提示 / hint: {hint})"
                )
                continue
            if name not in ("upholds", "violates", "not"):
                continue
            ids = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for node in ids:
                pid = str(getattr(node, "value", ""))
                if pid and pid not in catalog.principles:
                    at = f"{path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"
                    hint = did_you_mean(pid, catalog.principles) or "ids: scenarios/principles.yaml"
                    problems.append(
                        f"{at}: 未知的原则 / unknown principle '{pid}': not counted  "
                        f"(提示 / hint: {hint})"
                    )
    return problems


def _classifier_without(group: str, catalog: Catalog) -> tuple[Classifier | None, str]:
    """For a bundled detector set (`group`), which the shipped classifier learned from: a
    classifier fitted on every other bundled set, so that its figures are held-out (with the
    shipped lines), and a note saying so; without scikit-learn, None and a note that the
    figures are not held-out."""
    from simulator import classifier
    from simulator.cli.eval_fit import fit_classifier, group_of
    from simulator.evaluation import read_detector_devset

    try:
        import sklearn  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return None, (
            "  注意：随附的分类器学过这个标注集，以上不是留出成绩 / the shipped classifier "
            "learned from this set: these figures are not held-out\n"
            "  提示 / hint: pip install '.[fit]' and the set is judged by a classifier fitted "
            "without it"
        )
    others = [p for p in _bundled("eval/detect_") if group_of(p) != group]
    items = [item for p in others for item in read_detector_devset(p)]
    if not items:
        return None, "  注意：没有其他标注集可拟合 / no other set to fit a classifier on"
    keys = [(pid, pol) for pid in catalog.principles for pol in ("upholds", "violates")]
    fitted = fit_classifier(items, keys)
    shipped = classifier.load()
    if shipped is not None:
        fitted = fitted.with_lines(shipped.lines)
    return fitted, (
        f"  分类器已不含此集重新拟合（{len(others)} 个其他标注集），以上为留出成绩 / the "
        f"classifier was refitted without this set (on {len(others)} other sets): "
        "held-out figures"
    )


def _default(name: str) -> Path:
    from simulator import library

    return library.bundled_root() / "tests" / "data" / name


def _matching_json(matching: MatchingFigures) -> dict[str, Any]:
    return {
        "paraphrases": matching.total,
        "top1": round(matching.top1_rate, 4),
        "taken_right": round(matching.taken_right_rate, 4),
        "fallback": round(matching.fallback_rate, 4),
        "confirm": matching.confirm,
        "clarify": matching.clarify,
        "wrong_option": round(matching.wrong_rate, 4),
        "offtopic": matching.offtopic,
        "offtopic_taken": matching.offtopic_taken,
        "unresolved": matching.unresolved,
    }


def _macro(figures: PolarityFigures) -> str:
    """One polarity's macro precision and recall, "—" where nothing fired or was labelled."""
    table = figures.per_principle.values()
    fired = any(f.tp + f.fp for f in table)
    labelled = any(f.tp + f.fn for f in table)
    precision = f"{figures.precision:.2f}" if fired else "—"
    recall = f"{figures.recall:.2f}" if labelled else "—"
    return f"{figures.polarity} P {precision} R {recall}"


def _detectors_json(detectors: Mapping[str, PrincipleFigures]) -> dict[str, Any]:
    # No hit and no label: nothing measured, null (the text shows "—"), not a perfect 1.0.
    return {
        f.principle: {
            "precision": round(f.precision, 4) if f.tp + f.fp else None,
            "recall": round(f.recall, 4) if f.tp + f.fn else None,
            "tp": f.tp,
            "fp": f.fp,
            "fn": f.fn,
        }
        for f in detectors.values()
    }


def _micro(detectors: Mapping[str, PrincipleFigures]) -> tuple[float, float]:
    """Micro-averaged precision and recall over all principles."""
    tp = sum(f.tp for f in detectors.values())
    fp = sum(f.fp for f in detectors.values())
    fn = sum(f.fn for f in detectors.values())
    return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


def _print_matching(title: str, path: Path, matching: MatchingFigures, verbose: bool) -> None:
    target = title == "dev"
    print(f"自由文本理解 / understanding — {title}  ({path})")
    print(f"  释义 paraphrases: {matching.total}")
    goal = f"  (target ≥ {TOP1_TARGET:.0%})" if target else ""
    print(f"  首选正确 top-1:          {matching.top1_rate:6.1%}{goal}")
    print(f"  直接正确 taken right:    {matching.taken_right_rate:6.1%}")
    print(
        f"  追问 fallback:           {matching.fallback_rate:6.1%}  "
        f"（确认 confirm {matching.confirm}，澄清 clarify {matching.clarify}）"
    )
    goal = f"  (target ≤ {WRONG_TARGET:.0%})" if target else ""
    print(f"  误取 wrong option taken: {matching.wrong_rate:6.1%}{goal}")
    print(f"  离题被采纳 off-topic taken: {matching.offtopic_taken}/{matching.offtopic}")
    if matching.unresolved:
        print(f"  找不到的场景/节点/选项 unresolved: {len(matching.unresolved)}")
    if verbose:
        for line in matching.errors + matching.unresolved:
            print(f"    - {line}")


def _print_detectors(
    title: str,
    path: Path,
    count: int,
    detectors: Mapping[str, PrincipleFigures],
    below: list[PrincipleFigures],
    verbose: bool,
    *,
    learned: bool,
) -> None:
    """One detector set's figures per principle; `learned`: measured with the classifier."""
    print(f"\n原则检测器 / detectors — {title}  ({path}, {count} 条 answers)")
    if not learned:
        print("  （模式与示例，不含分类器 / patterns and examples, the classifier aside）")
    print(f"  {'principle':24} {'P':>6} {'R':>6}   tp  fp  fn")
    for f in detectors.values():
        mark = "" if f not in below else "  ← 未达标 below target"
        # No hit and no label: there is nothing to measure, not a perfect score.
        shown_p = f"{f.precision:6.2f}" if f.tp + f.fp else f"{'—':>6}"
        shown_r = f"{f.recall:6.2f}" if f.tp + f.fn else f"{'—':>6}"
        print(f"  {f.principle:24} {shown_p} {shown_r}  {f.tp:3d} {f.fp:3d} {f.fn:3d}{mark}")
        if verbose:
            for line in f.false_positives:
                print(f"      FP {line}")
            for line in f.misses:
                print(f"      FN {line}")
    precision, recall = _micro(detectors)
    fired = any(f.tp + f.fp for f in detectors.values())
    labelled = any(f.tp + f.fn for f in detectors.values())
    shown_p = f"{precision:6.2f}" if fired else f"{'—':>6}"
    shown_r = f"{recall:6.2f}" if labelled else f"{'—':>6}"
    print(f"  {'all (micro)':24} {shown_p} {shown_r}")


def run(args: argparse.Namespace) -> int:
    """Measure and print; exit 0 whatever the figures (2 on a file it cannot read)."""
    if args.fit_detectors is not None:
        from simulator.cli.eval_fit import run_fit_detectors

        return run_fit_detectors(args, args.fit or _bundled("eval/detect_"), args.fit_detectors)
    if args.fit is not None:
        from simulator.cli.eval_fit import run_fit

        return run_fit(args, args.fit or _bundled("eval/match_"))
    out = args.json_out
    if out is not None and (
        out.is_dir() or not out.parent.is_dir() or not os.access(out.parent, os.W_OK)
    ):
        # Said before the minutes of measuring, not after them.
        print(
            f"{out}: 写不了 JSON / cannot write the JSON here\n"
            "  提示 / hint: give --json-out a file in a folder that exists and you can write to",
            file=sys.stderr,
        )
        return 2
    if args.labelled_set is not None:
        return _run_set(args)
    code = _run_bundled(args)
    return 2 if code == 2 else 0


def _run_set(args: argparse.Namespace) -> int:
    """`parley eval --set FILE`: one labelled set, by kind and overlap, or item by item."""
    from simulator.content import load_content
    from simulator.evaluation import (
        SetError,
        detector_figures,
        judge_items,
        polarity_figures,
        read_detector_devset,
        read_labelled_set,
        set_figures,
    )

    path: Path = args.labelled_set
    if not path.is_file():
        print(
            f"{path}: 找不到标注集 / labelled set not found\n"
            "  提示 / hint: 给出一个 YAML 文件的路径 / give the path of a YAML file",
            file=sys.stderr,
        )
        return 2
    try:
        items = read_labelled_set(path)
    except SetError as exc:
        detector_items = _detector_items(path, read_detector_devset)
        if detector_items is None:
            print(str(exc), file=sys.stderr)
            return 2
        content = load_content(list(args.content), raise_on_error=False)
        for problem in _label_problems(path, content.catalog):
            print(problem, file=sys.stderr)  # a label Parley cannot read is no label: say so
        own = _own_set(path)
        reader, note = _classifier_without(own, content.catalog) if own else (None, None)
        figures = detector_figures(detector_items, content.catalog, reader=reader)
        as_json = json.dumps(_detectors_json(figures), ensure_ascii=False, indent=2)
        if args.json_out is not None and not _write_json(args.json_out, as_json + "\n"):
            return 2
        if args.json:
            print(as_json)
            if note:
                print(note, file=sys.stderr)
        else:
            _print_detectors(
                "set", path, len(detector_items), figures, [], args.verbose, learned=True
            )
            by_polarity, (chat, flagged) = polarity_figures(
                detector_items, content.catalog, reader=reader
            )
            print(
                "  按极性（宏平均）/ by polarity (macro): "
                + "; ".join(_macro(f) for f in by_polarity.values())
                + f"; 闲聊误判 / chit-chat flagged {flagged}/{chat}"
            )
            print(
                "  （正确但未标注的命中也计为 fp；`not:` 只是说明 / a right reading the set does "
                "not label counts as a false positive; `not:` is a note, not a label）"
            )
            if note:
                print(note)
        return 0
    content = load_content(list(args.content), raise_on_error=False)
    results = judge_items(items, content.scenarios, _own_set(path))
    if args.json_out is not None and not _write_json(
        args.json_out,
        "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in results),
    ):
        return 2
    if args.json:
        for result in results:
            data = result.to_json()
            if result.unresolved:
                data["unresolved"] = True  # a script can tell it from a reading
            print(json.dumps(data, ensure_ascii=False))
            if result.unresolved:
                item = result.item
                print(
                    f"{path}:{item.line}: 找不到 / unresolved: {_ids(item)}  "
                    f"(提示 / hint: {_UNRESOLVED_HINT}; the line above is not a reading)",
                    file=sys.stderr,
                )
        return 0
    unresolved = [r.item for r in results if r.unresolved]
    print(f"自由文本理解 / understanding — {path}  ({len(items)} 条 items)")
    _print_kinds(set_figures(results), args.verbose)
    if unresolved:
        print(f"  找不到的场景/节点/选项 unresolved: {len(unresolved)}")
        for item in unresolved:
            print(f"    - {path}:{item.line}: {_ids(item)}")
        print(f"  提示 / hint: {_UNRESOLVED_HINT}")
    return 0


#: What to do about an item whose scenario, node or option is not found (a coach's own
#: scenario outside the library is the usual cause: a cold tryout, round twenty-nine).
_UNRESOLVED_HINT = (
    "check the ids with `parley list` and the scenario file; a scenario of your own outside "
    "the library is read with --content FOLDER"
)


def _ids(item: SetItem) -> str:
    """scenario/node/expected option of an item, `none` for no option."""
    return f"{item.scenario}/{item.node}/{item.expect or 'none'}"


def _write_json(path: Path, text: str) -> bool:
    """Write the JSON form where `--json-out` says; say so on stderr and return False when the
    file cannot be written."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(
            f"{path}: 写不了 JSON / cannot write the JSON ({exc.strerror or exc})\n"
            "  提示 / hint: give --json-out a file in a folder you can write to",
            file=sys.stderr,
        )
        return False
    return True


def _detector_items(path: Path, reader: Any) -> Any:
    """The file read as a detector set, or None when it is not one."""
    try:
        items = reader(path)
    except Exception:
        return None
    return items or None


def _print_kinds(figures: Mapping[str, Any], verbose: bool) -> None:
    """One line per kind and per overlap bucket."""
    print("\n".join(_kind_lines(figures, verbose)))


def _kind_lines(figures: Mapping[str, Any], verbose: bool) -> list[str]:
    lines = [
        f"  {'kind':18} {'n':>4} {'top-1':>7} {'taken right':>12} {'confirm':>8} "
        f"{'clarify':>8} {'wrong taken':>12} {'offered':>8}"
    ]
    for label, f in figures.items():
        lines.append(
            f"  {label:18} {f.total:4d} {f.rate(f.top1):7.1%} {f.rate(f.taken_right):12.1%} "
            f"{f.rate(f.confirm):8.1%} {f.rate(f.clarify):8.1%} {f.rate(f.taken_wrong):12.1%} "
            f"{f.rate(f.offered):8.1%}"
        )
        if verbose:
            lines.extend(f"      - {line}" for line in f.misses)
    return lines


def _labelled_sets(args: argparse.Namespace, content: Any) -> dict[str, tuple[Any, list[str]]]:
    """The bundled labelled sets (tests/data/eval): matching by kind, detectors by polarity."""
    from simulator.evaluation import (
        judge_items,
        polarity_figures,
        read_detector_devset,
        read_labelled_set,
        set_figures,
    )

    folder = _default("eval")
    out: dict[str, tuple[Any, list[str]]] = {}
    if args.no_labelled or not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.yaml")):
        if args.no_heldout and "heldout" in path.name:
            continue
        lines: list[str] = []
        if path.name.startswith("detect"):
            by_pol, (chat, flagged) = polarity_figures(read_detector_devset(path), content.catalog)
            data: dict[str, Any] = {
                pol: {"precision": round(f.precision, 4), "recall": round(f.recall, 4)}
                for pol, f in by_pol.items()
            }
            data["chitchat_flagged"] = [flagged, chat]
            for pol, f in by_pol.items():
                lines.append(f"  {pol:10} macro P {f.precision:5.2f}  R {f.recall:5.2f}")
                if args.verbose:
                    for fig in f.per_principle.values():
                        if fig.tp + fig.fp + fig.fn:
                            lines.append(
                                f"    {fig.principle:24} P {fig.precision:5.2f} R {fig.recall:5.2f}"
                                f"  tp {fig.tp} fp {fig.fp} fn {fig.fn}"
                            )
            lines.append(f"  闲聊被判违反 chit-chat flagged as a violation: {flagged}/{chat}")
            lines.append(
                "  （分类器学过这些句子 / the classifier learned from these sets: "
                "`parley eval --fit-detectors OUT` gives figures on sets it did not see）"
            )
        else:
            figures = set_figures(
                judge_items(read_labelled_set(path), content.scenarios, _own_set(path))
            )
            data = {
                label: {
                    "n": f.total,
                    "top1": round(f.rate(f.top1), 4),
                    "taken_right": round(f.rate(f.taken_right), 4),
                    "taken_wrong": round(f.rate(f.taken_wrong), 4),
                    "confirm": round(f.rate(f.confirm), 4),
                    "clarify": round(f.rate(f.clarify), 4),
                    "offered": round(f.rate(f.offered), 4),
                }
                for label, f in figures.items()
            }
            lines.extend(_kind_lines(figures, args.verbose))
        out[path.name] = (data, lines)
    return out


def _run_bundled(args: argparse.Namespace) -> int:
    """Every bundled set: the labelled sets by kind, then the paraphrase and detector sets."""
    from simulator.content import load_content
    from simulator.evaluation import (
        detector_figures,
        matching_figures,
        read_detector_devset,
        read_paraphrase_devset,
    )

    paraphrase_path = args.paraphrases or _default("paraphrase_devset.yaml")
    detector_path = args.detectors or _default("detector_devset.yaml")
    required = [(paraphrase_path, "--paraphrases"), (detector_path, "--detectors")]
    heldout_paraphrases: list[Path] = []
    heldout_detectors: list[Path] = []
    if not args.no_heldout:
        # Named explicitly, a held-out set must exist; by default every bundled one is read.
        heldout_paraphrases = list(args.heldout_paraphrases) or _bundled("paraphrase_heldout")
        heldout_detectors = list(args.heldout_detectors) or _bundled("detector_heldout")
        required += [(p, "--heldout-paraphrases") for p in args.heldout_paraphrases]
        required += [(p, "--heldout-detectors") for p in args.heldout_detectors]
    for path, flag in required:
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
        held_paraphrases = [(p, read_paraphrase_devset(p)) for p in heldout_paraphrases]
        held_labelled = [(p, read_detector_devset(p)) for p in heldout_detectors]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        print(f"开发集格式有误 / cannot read the dev set: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # yaml.YAMLError and friends, without importing yaml here
        print(f"开发集无法解析 / cannot parse the dev set: {exc}", file=sys.stderr)
        return 2
    matching = matching_figures(paraphrases, content.scenarios)
    # The older developer-written detector sets are the patterns' regression line: measured
    # without the classifier (which learned from the blind labelled sets, by other hands).
    detectors = detector_figures(labelled, content.catalog, learned=False)
    below = [
        f for f in detectors.values() if f.precision < PRECISION_TARGET or f.recall < RECALL_TARGET
    ]
    # No detectors at all (e.g. a catalog that failed to load) is a failure, not a pass.
    ok = (
        matching.total > 0
        and bool(detectors)
        and matching.top1_rate >= TOP1_TARGET
        and matching.wrong_rate <= WRONG_TARGET
        and not below
    )
    held_matching = [
        (p, matching_figures(items, content.scenarios)) for p, items in held_paraphrases
    ]
    held_detectors = [
        (p, len(items), detector_figures(items, content.catalog, learned=False))
        for p, items in held_labelled
    ]
    sets = _labelled_sets(args, content)
    if args.json or args.json_out is not None:
        report: dict[str, Any] = {
            "matching": _matching_json(matching),
            "detectors": _detectors_json(detectors),
            "ok": ok,
        }
        heldout: dict[str, Any] = {}
        if held_matching:
            heldout["matching"] = _matching_json(held_matching[0][1])
        if held_detectors:
            heldout["detectors"] = _detectors_json(held_detectors[0][2])
        if heldout:
            heldout["sets"] = {
                **{p.name: _matching_json(m) for p, m in held_matching},
                **{p.name: _detectors_json(d) for p, _n, d in held_detectors},
            }
            report["heldout"] = heldout
        report["sets"] = {name: data for name, (data, _lines) in sets.items()}
        as_json = json.dumps(report, ensure_ascii=False, indent=2)
        if args.json:
            print(as_json)
            return 0 if ok else 1
        if not _write_json(args.json_out, as_json + "\n"):
            return 2
    for name, (_data, lines) in sets.items():
        print(f"标注集 / labelled set — {name}")
        print("\n".join(lines))
        print()
    _print_matching("dev", paraphrase_path, matching, args.verbose)
    for path, figures in held_matching:
        print()
        _print_matching("held-out", path, figures, args.verbose)
    _print_detectors(
        "dev", detector_path, len(labelled), detectors, below, args.verbose, learned=False
    )
    for path, count, figures in held_detectors:
        _print_detectors("held-out", path, count, figures, [], args.verbose, learned=False)
    print(
        "\n达标 / all dev targets met (held-out figures are reported, not gated)"
        if ok
        else "\n未达标 / a dev target is missed"
    )
    return 0 if ok else 1
