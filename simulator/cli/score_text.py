"""`parley score-text TEXT|- [--json] [--catalog PATH]`: run the principle detectors on text.

Coaches use it to test their detector patterns. With `-` it reads one text per line from
stdin and answers each line at once (one JSON array per line with --json), so it can sit at
the end of a pipe.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.model import Catalog
    from simulator.scoring import PrincipleHit


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `score-text` subcommand."""
    parser = sub.add_parser(
        "score-text",
        help="用原则检测器检查一段话 / run the principle detectors on text",
        description="用原则检测器检查一段话；用 - 从标准输入逐行读取，每行输出一个结果。"
        " / Run the principle detectors on TEXT; with - read one text per line from stdin "
        "and print one result per line.",
    )
    parser.add_argument("text", help="要检查的话，或 - / the text, or - for stdin")
    parser.add_argument(
        "--json",
        action="store_true",
        help='输出 JSON:[{"principle", "polarity", "evidence", ...}] / print JSON',
    )
    parser.add_argument(
        "--catalog",
        type=Path,
        action="append",
        default=[],
        help="改用这个原则目录（可重复，依次合并）/ use this catalog instead of the bundled one "
        "(repeat to merge several)",
    )
    parser.add_argument(
        "--extend",
        type=Path,
        action="append",
        default=[],
        help="在自带目录上追加这个目录的检测器 / add this catalog's detectors to the bundled one",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the hits of each text; 2 when the catalog cannot be read."""
    from simulator.detectors import detect

    catalog = _catalog(list(args.catalog), list(args.extend))
    if catalog is None:
        return 2
    lang = "en" if getattr(args, "lang", None) == "en" else "zh"
    if args.text == "-":
        if hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(errors="replace")  # a stray byte must not end the batch
        texts = (line.rstrip("\r\n") for line in sys.stdin)
    else:
        texts = iter([args.text])
    for text in texts:
        hits = detect(text, catalog)
        if args.json:
            print(json.dumps([_json(h, catalog) for h in hits], ensure_ascii=False), flush=True)
        else:
            _print_listing(text, hits, catalog, lang, header=args.text == "-")
    return 0


def _catalog(paths: list[Path], extra: list[Path]) -> Catalog | None:
    """The catalog to use: `paths` merged, else the bundled one; plus `extra`. None on errors."""
    from simulator import library
    from simulator.content import merge_catalogs
    from simulator.loader import load_catalog

    chosen = paths or [library.bundled_catalog_path()]
    catalogs = []
    failed = False
    for path in chosen + extra:
        if not path.is_file():
            option = "--extend" if path in extra else "--catalog"
            fallback = "只用自带目录" if path in extra else "用自带目录"
            print(
                f"{path}: 找不到原则目录 / catalog not found\n"
                f"  提示 / hint: 检查路径,或去掉 {option} {fallback} / check the path, or drop "
                f"{option} to use the bundled catalog",
                file=sys.stderr,
            )
            failed = True
            continue
        catalog, diagnostics = load_catalog(path)
        for problem in diagnostics:
            print(problem, file=sys.stderr)
        if catalog is None:
            failed = True
        else:
            catalogs.append(catalog)
    if failed or not catalogs:
        print(
            "原则目录有错误，请按上面的提示修改 / the catalog has errors; fix them as shown above",
            file=sys.stderr,
        )
        return None
    merged = merge_catalogs(catalogs)
    if paths:
        return merged
    # Judged as a session judges it: the bundled library's options are examples too.
    from simulator.content import load_content
    from simulator.exemplars import with_library_examples

    library_content = load_content(include_local=False, raise_on_error=False)
    return with_library_examples(merged, library_content.scenarios.values())


def _json(hit: PrincipleHit, catalog: Catalog) -> dict[str, object]:
    """One hit for scripts: the seed file it rests on by name (people read its title)."""
    principle = catalog.principles.get(hit.principle)
    seed = principle.source[0] if principle is not None and principle.source else None
    source = None
    if seed is not None:
        source = {"file": seed.file, "title": {"zh": seed.title.zh, "en": seed.title.en}}
    return {
        "principle": hit.principle,
        "polarity": hit.polarity,
        "evidence": hit.evidence,
        "weight": hit.weight,
        "detector": hit.detector,
        "source": source,
    }


#: How much of each answer is printed back above its hits.
ECHO_CHARS = 200


def _print_listing(
    text: str, hits: list[PrincipleHit], catalog: Catalog, lang: str, *, header: bool
) -> None:
    if header:
        # A pasted page is judged whole, but only its beginning is shown back.
        shown = (
            text
            if len(text) <= ECHO_CHARS
            else f"{text[:ECHO_CHARS]}…（共 {len(text)} 字 / chars）"
        )
        print(f"» {shown}")
    if not hits:
        print("  （没有命中 / no hits）")
        return
    for hit in hits:
        principle = catalog.principles.get(hit.principle)
        name = f"{principle.name.zh} / {principle.name.en}" if principle else hit.principle
        verdict = "✓ 符合 upholds" if hit.weight > 0 else "✗ 违反 violates"
        print(f"  {verdict}  {name} ({hit.weight:+d})  「{hit.evidence}」")
        explanation = hit.explanation.get("en" if lang == "en" else "zh")
        if explanation:
            print(f"      {explanation}")
