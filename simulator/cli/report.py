"""`parley report PATHS… --format md|html -o FILE`: export a debrief of one or many transcripts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `report` subcommand."""
    parser = sub.add_parser(
        "report",
        help="导出复盘报告 / export a debrief (Markdown or HTML)",
        description="把一份或多份同一场景的记录导出为复盘报告：对话、逐轮点评、批注、成绩单和小组总结。"
        " / Export transcripts of one scenario as a debrief: the conversations, per-turn feedback,"
        " coach notes, scorecards and the group summary.",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="记录文件或文件夹 / files or folders")
    parser.add_argument("--format", choices=("md", "html"), default=None, help="默认按 -o 的后缀")
    parser.add_argument(
        "-o", "--output", type=Path, default=None, help="输出文件（默认打印）/ output file"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the report."""
    from simulator.files import WriteFailed, write_atomic
    from simulator.group import GroupError, load_group
    from simulator.report import render_html, render_markdown
    from simulator.transcript import TranscriptError

    fmt = args.format
    if fmt is None:
        fmt = "html" if args.output and args.output.suffix.lower() in (".html", ".htm") else "md"
    try:
        group = load_group(args.paths)
    except (TranscriptError, GroupError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for warning in group.warnings:
        print(warning, file=sys.stderr)
    for path, why in group.skipped:
        print(f"{path}: 未纳入报告 / left out of the report: {why}", file=sys.stderr)
    text = render_html(group) if fmt == "html" else render_markdown(group)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        # Atomic: a failed write (full disk, read-only folder) leaves an earlier report whole.
        write_atomic(args.output, text.encode("utf-8"))
    except WriteFailed as failure:
        print(
            f"{args.output}: 无法写入报告 / cannot write the report: {failure.reason}. "
            "已有的同名文件保持原样 / any earlier report there is left as it was; "
            "换一个位置再试 / try another place with -o",
            file=sys.stderr,
        )
        return 1
    print(f"已导出 / written: {args.output}")
    return 0
