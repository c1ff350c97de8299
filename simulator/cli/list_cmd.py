"""`parley list [--json]`: the scenarios on offer, grouped by family."""

from __future__ import annotations

import argparse
import json

from simulator.cli.scenario_arg import add_content_argument


def family_name(family: str) -> str:
    """ "零售客户 / retail": the app's name of the family (i18n), so the two never disagree."""
    from simulator.i18n import STRINGS

    names = STRINGS.get(f"family.{family}")
    return f"{names[0]} / {family}" if names else family


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `list` subcommand."""
    parser = sub.add_parser(
        "list",
        help="列出场景 / list the scenarios",
        description="按类别列出可演练的场景（自带场景库和本地场景）。"
        " / List the scenarios you can play, grouped by family (bundled and local).",
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    add_content_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the usable scenarios; files with errors are counted and left out."""
    import sys

    from simulator.library_snapshot import read_listing
    from simulator.model import FAMILIES

    # An unchanged library's listing is one small file; a changed library is loaded through
    # the check cache, which parses only the files it has not seen (docs/performance.md).
    listing = read_listing(args.content)
    broken = listing.broken
    rows = sorted(listing.scenarios.values(), key=lambda s: (s.family, s.difficulty, s.id))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "family": s.family,
                        "title": {"zh": s.title.zh, "en": s.title.en},
                        "difficulty": s.difficulty,
                        "persona": s.persona,
                        "path": s.path,
                    }
                    for s in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        if not rows:
            print("没有可用的场景 / no scenarios found")
        for family in FAMILIES:
            members = [s for s in rows if s.family == family]
            if not members:
                continue
            print(family_name(family))
            for s in members:
                stars = "★" * s.difficulty + "☆" * (5 - s.difficulty)
                who = f"{s.persona_name.zh} ({s.persona})" if s.persona_name.zh else s.persona
                print(f"  {s.id:<28} {s.title.zh} / {s.title.en}")
                print(f"  {'':<28} {stars}  {who}")
            print()
    if broken:
        print(
            f"{len(broken)} 个文件有错误未列出，运行 parley check 查看 / "
            f"{len(broken)} file(s) with errors left out; run `parley check` for details",
            file=sys.stderr,
        )
    return 0
