"""`parley import-twee FILE [-o FILE]`: a Twee story exported by Parley, back as scenario YAML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `import-twee` subcommand."""
    parser = sub.add_parser(
        "import-twee",
        help="把 Twine 故事（Twee 3）转回场景 YAML / turn a Twee 3 story back into scenario YAML",
        description="读取 parley export --twee 导出（可在 Twine 中编辑过）的 Twee 3 文件，"
        "从各段落的 ```parley 数据块重建场景 YAML，并检查结果。 / Read a Twee 3 file written by "
        "`parley export --twee` (and perhaps edited in Twine; export it from Twine with "
        "Library → Archive/Twee), rebuild the scenario YAML from each passage's ```parley "
        "block, and check the result.",
    )
    parser.add_argument("file", type=Path, help="Twee 文件 / the .twee file")
    parser.add_argument("-o", "--output", type=Path, help="写入 YAML 文件 / write the YAML to FILE")
    parser.add_argument(
        "--force", action="store_true", help="覆盖已有文件 / overwrite an existing file"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write or print the scenario YAML; 1 when it has errors, 2 when the file is unusable."""
    from simulator import schema, twee
    from simulator.loader import scenario_from_document
    from simulator.validator import check_scenario
    from simulator.yamlsource import read_document

    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        # Python's codec message names a byte offset; a coach needs the line and a fix
        line = error.object[: error.start].count(b"\n") + 1
        byte = error.object[error.start]
        print(
            f"{args.file}:{line}: 不是 UTF-8 文本 / not UTF-8 text (byte 0x{byte:02x})\n"
            "    hint: give the .twee file Twine exported (Twee 3 is UTF-8 text)",
            file=sys.stderr,
        )
        return 2
    except OSError as error:
        print(f"无法读取 / cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
        return 2
    try:
        twee.import_twee(text, str(args.file))  # refuses a story it cannot read, with the line
    except twee.TweeError as error:
        print(str(error), file=sys.stderr)
        return 2
    for note in twee.link_edits(text):
        print(f"{args.file}:{note}", file=sys.stderr)
    if args.output is None:
        sys.stdout.write(twee.scenario_text(text, str(args.file)))
        return 0
    if args.output.exists() and not args.force:
        print(
            f"{args.output} 已存在，未覆盖（加 --force）/ already exists; not overwritten "
            f"(use --force)",
            file=sys.stderr,
        )
        return 2
    line = schema.modeline("scenario", args.output)
    try:
        args.output.write_text(twee.scenario_text(text, str(args.file), line), encoding="utf-8")
    except OSError as error:
        print(f"无法写入 / cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 2
    scenario, problems = scenario_from_document(read_document(args.output))
    if scenario is not None:
        # Twine edits break references most easily (a renamed passage): check the graph too.
        problems += check_scenario(scenario)
    errors = [p for p in problems if p.severity == "error"]
    for problem in errors:
        print(str(problem), file=sys.stderr)
    print(f"已写入 / written: {args.output}", file=sys.stderr)
    if errors:
        print(
            "场景有错误（在 Twine 里改坏了？）/ the scenario has errors (edited in Twine?); "
            "fix them and run parley check",
            file=sys.stderr,
        )
        return 1
    print(f"下一步 / next: parley check {args.output}", file=sys.stderr)
    return 0
