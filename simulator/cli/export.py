"""`parley export SCENARIO --twee [-o FILE]`: a scenario as a Twee 3 story for Twine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.scenario_arg import add_scenario_argument


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `export` subcommand."""
    parser = sub.add_parser(
        "export",
        help="把场景导出为 Twine 故事（Twee 3）/ export a scenario as a Twine story (Twee 3)",
        description="把场景写成 Twee 3：每个节点和结局一个段落，选项是链接，"
        "Parley 的数据在段落标签和 "
        "```parley 数据块里（Twine 导入时只保留元数据中的位置和大小）。"
        "用 parley import-twee 转回 YAML。"
        " / Write the scenario as Twee 3 that Twine 2.6+ imports: one passage per node and "
        "ending, links for options; Parley's data lives in passage tags and a ```parley block "
        "in each passage (Twine keeps only position and size from passage metadata). "
        "`parley import-twee` turns it back into scenario YAML.",
    )
    parser.add_argument(
        "--twee", action="store_true", required=True, help="输出 Twee 3 / write Twee 3"
    )
    parser.add_argument("-o", "--output", type=Path, help="写入文件 / write to FILE (.twee)")
    add_scenario_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print or write the Twee story; 2 when the scenario cannot be used."""
    from simulator import twee
    from simulator.cli.scenario_arg import chosen_scenario

    chosen = chosen_scenario(args)
    if chosen is None:
        return 2
    _, scenario = chosen
    story = twee.export_twee(scenario)
    if args.output is None:
        sys.stdout.write(story)
        return 0
    try:
        args.output.write_text(story, encoding="utf-8")
    except OSError as error:
        print(f"无法写入 / cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 2
    print(
        f"已写入 / written: {args.output}  (Twine：库 Library → 导入 Import)",
        file=sys.stderr,
    )
    return 0
