"""`parley import PATHS…`: pull transcripts trainees sent into the history database."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `import` subcommand."""
    parser = sub.add_parser(
        "import",
        help="导入学员的记录文件 / import transcripts into the history",
        description="导入记录文件（文件或文件夹）；同一份记录导入两次不会重复。"
        " / Import transcripts (files or folders); importing the same one twice changes nothing.",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="记录文件或文件夹 / files or folders")
    parser.add_argument("--db", type=Path, default=None, help="历史数据库 / history database")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import, then say what was added, updated, already there, or unreadable."""
    from simulator.store import HistoryStore, StoreError

    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"{path}: 找不到 / not found", file=sys.stderr)
    paths = [p for p in args.paths if p.exists()]
    try:
        with HistoryStore(args.db) as store:
            report = store.import_paths(paths)
    except (StoreError, sqlite3.Error) as exc:
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
