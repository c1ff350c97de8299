"""`parley schema [scenario|persona|catalog|dialogue|playthrough]`: print a format's JSON Schema."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `schema` subcommand."""
    parser = sub.add_parser(
        "schema",
        help="输出 YAML 文件的 JSON Schema / print the JSON Schema of a YAML format",
        description="输出场景、角色、原则目录或演练测试文件的 JSON Schema，供编辑器补全和校验。"
        "文件首行写 `# yaml-language-server: $schema=路径` 即可启用。 / Print the JSON Schema of "
        "scenario, persona, principle-catalog or playthrough-test files, for editor completion "
        "and validation: "
        "put `# yaml-language-server: $schema=PATH` on a file's first line.",
    )
    parser.add_argument(
        "kind",
        nargs="?",
        choices=("scenario", "persona", "catalog", "dialogue", "playthrough"),
        default="scenario",
        help="哪种文件（默认 scenario）/ which format (default scenario)",
    )
    parser.add_argument(
        "--path",
        action="store_true",
        help="只输出随包安装的 schema 文件路径 / print the path of the shipped schema file instead",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema (or its path)."""
    from simulator.schema import schema_path

    path = schema_path(args.kind)
    if args.path:
        print(path)
        return 0
    sys.stdout.write(path.read_text(encoding="utf-8"))
    return 0
