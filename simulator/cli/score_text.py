"""`parley score-text TEXT|- [--json]`: run the principle detectors on any text."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `score-text` subcommand."""
    parser = sub.add_parser(
        "score-text",
        help="用原则检测器检查一段话 / run the principle detectors on text",
        description="用原则检测器检查一段话;用 - 从标准输入逐行读取。"
        " / Run the principle detectors on TEXT; with - read one text per line from stdin.",
    )
    parser.add_argument("text", help="要检查的话,或 - / the text, or - for stdin")
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.add_argument(
        "--catalog", type=Path, action="append", default=[], help="额外的原则目录 / extra catalog"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the hits of each text."""
    from simulator.content import load_content
    from simulator.detectors import detect
    from simulator.scoring import hit_json

    content = load_content(args.catalog, include_local=False, raise_on_error=False)
    errors = [d for d in content.diagnostics if d.severity == "error" and "catalog" in d.message]
    for problem in errors:
        print(problem, file=sys.stderr)
    texts = (line.rstrip("\r\n") for line in sys.stdin) if args.text == "-" else iter([args.text])
    for text in texts:
        hits = detect(text, content.catalog)
        if args.json:
            shown = [
                {
                    k: v
                    for k, v in hit_json(h).items()
                    if k in ("principle", "polarity", "evidence", "weight", "detector")
                }
                for h in hits
            ]
            print(json.dumps(shown, ensure_ascii=False), flush=True)
            continue
        if not hits:
            print("(没有命中 / no hits)")
        for hit in hits:
            principle = content.catalog.principles.get(hit.principle)
            name = f"{principle.name.zh} / {principle.name.en}" if principle else hit.principle
            mark = "✓" if hit.weight > 0 else "✗"
            print(f"{mark} {name} {hit.weight:+d}  「{hit.evidence}」")
    return 0
