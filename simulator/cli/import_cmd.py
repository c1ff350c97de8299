"""`parley import PATHS…`: pull transcripts trainees sent into the history database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.history import add_db_argument


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `import` subcommand."""
    parser = sub.add_parser(
        "import",
        help="导入学员的记录文件 / import transcripts into the history",
        description="导入记录文件（文件或文件夹）；同一份记录导入两次不会重复。"
        " / Import transcripts (files or folders); importing the same one twice changes nothing.",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="记录文件或文件夹 / files or folders")
    add_db_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import, then say what was added, updated, already there, or unreadable."""
    from simulator.store import StoreError, open_store

    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"{path}: 找不到 / not found", file=sys.stderr)
    paths = [p for p in args.paths if p.exists()]
    try:
        with open_store(args.db) as store:
            try:
                report = store.import_paths(paths)
            except store.errors as exc:
                raise StoreError(f"{store.where}: {exc}") from None
    except StoreError as exc:
        print(f"历史数据库出错 / history database error: {exc}", file=sys.stderr)
        return 1
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    for _path, message in report.errors:
        print(message, file=sys.stderr)
    print(
        f"新增 {len(report.added)}，更新 {len(report.updated)}，已存在 {len(report.unchanged)},"
        f"出错 {len(report.errors) + len(missing)}"
        f" / added {len(report.added)}, updated {len(report.updated)},"
        f" already there {len(report.unchanged)}, failed {len(report.errors) + len(missing)}"
    )
    return 1 if report.errors or missing else 0
