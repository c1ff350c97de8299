"""`parley new scenario|persona NAME [-o DIR]`: a commented skeleton that passes `parley check`.

A scenario comes with `NAME.test.yaml`, playthrough tests of the skeleton's paths that
`parley test` passes, to be rewritten with the scenario.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from string import Template

_ID = re.compile(r"[a-z][a-z0-9_]*")
#: The persona a new scenario talks to unless told otherwise (a bundled one, so it checks).
DEFAULT_PERSONA = "wang_xiulan"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `new` subcommand."""
    parser = sub.add_parser(
        "new",
        help="新建场景或角色骨架 / start a scenario or persona from a skeleton",
        description="写出一个带注释的骨架文件，原样即可通过 parley check，再逐段改成自己的内容。"
        " / Write a commented skeleton that passes `parley check` as it is; then make it yours "
        "section by section.",
    )
    parser.add_argument("kind", choices=("scenario", "persona"), help="scenario 或 persona")
    parser.add_argument("name", help="id，小写加下划线 / the id, lower_snake_case")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("."),
        help="写到哪个目录（默认当前目录）/ folder to write into (default: here)",
    )
    parser.add_argument(
        "--persona",
        help=f"场景的客户角色 id（默认 {DEFAULT_PERSONA}）/ the scenario's persona id "
        f"(default {DEFAULT_PERSONA})",
    )
    parser.add_argument(
        "--family",
        choices=("retail", "credit", "pitch"),
        default="retail",
        help="场景类别 / scenario family (default retail)",
    )
    parser.add_argument(
        "--from",
        dest="source",
        metavar="SCENARIO",
        help="复制一个已有场景(id 或文件)并改成新 id / copy an existing scenario (id or file) "
        "under the new id, with its tests",
    )
    parser.add_argument(
        "--force", action="store_true", help="覆盖已有文件 / overwrite an existing file"
    )
    parser.set_defaults(func=run)


def _copy(args: argparse.Namespace, name: str, target: Path) -> dict[Path, str] | None:
    """The files of `--from SCENARIO` under the new id `name` (None after saying why not)."""
    from simulator.cli.scenario_arg import find_scenario, load_library
    from simulator.content import TEST_SUFFIX, context_paths
    from simulator.schema import MODELINE_PREFIX, modeline

    paths = [Path(args.source)] if Path(args.source).suffix in (".yaml", ".yml") else []
    content = load_library([*paths, *context_paths(paths)])
    scenario = find_scenario(content, args.source)
    if scenario is None or not scenario.path:
        return None
    source = Path(scenario.path)
    text = source.read_text(encoding="utf-8")
    body = re.sub(
        rf"^id:[ \t]*['\"]?{re.escape(scenario.id)}['\"]?[ \t]*(#.*)?$",
        f"id: {name}",
        text,
        count=1,
        flags=re.MULTILINE,
    )
    lines = body.splitlines(keepends=True)
    if lines and lines[0].startswith(MODELINE_PREFIX):
        lines = lines[1:]
    files = {target: f"{modeline('scenario', target)}\n{''.join(lines)}"}
    tests = source.with_name(source.name.removesuffix(source.suffix) + TEST_SUFFIX)
    test_target = target.with_name(f"{name}{TEST_SUFFIX}")
    if tests.is_file() and (not test_target.exists() or args.force):
        test_text = tests.read_text(encoding="utf-8")
        test_text = re.sub(
            rf"^scenario:[ \t]*['\"]?{re.escape(scenario.id)}['\"]?[ \t]*$",
            f"scenario: {name}",
            test_text,
            count=1,
            flags=re.MULTILINE,
        )
        test_lines = test_text.splitlines(keepends=True)
        if test_lines and test_lines[0].startswith(MODELINE_PREFIX):
            test_lines = test_lines[1:]
        files[test_target] = f"{modeline('playthrough', test_target)}\n{''.join(test_lines)}"
    return files


def _persona_known(persona: str, folder: Path) -> bool:
    """Whether `persona` is in the library or in the folder the scenario is written to."""
    from simulator.cli.scenario_arg import load_library
    from simulator.content import context_paths

    near = [folder] if folder.is_dir() else []
    content = load_library([*near, *context_paths(near)])
    return persona in content.personas


def skeleton(kind: str, name: str, target: Path, persona: str, family: str) -> str:
    """The text of a new `kind` file called `name`, to be written at `target`."""
    from simulator.schema import modeline

    source = Path(__file__).resolve().parent.parent / "skeletons" / f"{kind}.yaml"
    body = Template(source.read_text(encoding="utf-8")).substitute(
        id=name,
        persona=persona,
        family=family,
        file=target.as_posix(),
        folder=target.parent.as_posix(),
    )
    schema_kind = "playthrough" if kind == "scenario.test" else kind
    return f"{modeline(schema_kind, target)}\n{body}"  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    """Write the skeleton; 2 when the name is not an id or the file exists."""
    name: str = args.name
    if not _ID.fullmatch(name):
        print(
            f"名称 {name!r} 不是合法 id：请用小写字母、数字和下划线，以字母开头 / "
            f"{name!r} is not an id: use lower-case letters, digits and underscores, "
            f"starting with a letter (e.g. retail_late_delivery)",
            file=sys.stderr,
        )
        return 2
    folder: Path = args.output
    target = folder / f"{name}.yaml"
    if target.exists() and not args.force:
        print(
            f"{target} 已存在，未覆盖（加 --force 覆盖）/ already exists; not overwritten "
            f"(use --force)",
            file=sys.stderr,
        )
        return 2
    persona = args.persona or DEFAULT_PERSONA
    if args.kind == "scenario" and args.persona and not _ID.fullmatch(args.persona):
        print(f"--persona {args.persona!r} 不是合法 id / is not an id", file=sys.stderr)
        return 2
    if getattr(args, "source", None):
        if args.kind != "scenario":
            print("--from 只用于场景 / --from is for scenarios", file=sys.stderr)
            return 2
        copied = _copy(args, name, target)
        if copied is None:
            return 2
        return _write(copied, folder, target, args)
    if args.kind == "scenario" and not _persona_known(persona, folder):
        # A skeleton naming a persona nobody wrote would fail its first check (PAR041).
        print(
            f"找不到客户角色 {persona} / no persona '{persona}' in the library or in {folder}\n"
            f"    hint: first `parley new persona {persona} -o {folder}`, or name an existing "
            f"one with --persona (parley list shows the bundled scenarios' personas)",
            file=sys.stderr,
        )
        return 2
    files = {target: skeleton(args.kind, name, target, persona, args.family)}
    if args.kind == "scenario":
        tests = folder / f"{name}.test.yaml"
        if not tests.exists() or args.force:
            files[tests] = skeleton("scenario.test", name, target, persona, args.family)
    return _write(files, folder, target, args)


def _write(files: dict[Path, str], folder: Path, target: Path, args: argparse.Namespace) -> int:
    """Write the new files and say what to run next."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"无法写入 / cannot write in {folder}: {error.strerror}", file=sys.stderr)
        return 2
    for path in files:
        print(f"已创建 / created: {path}")
    print(f"下一步 / next: parley check {target}")
    if args.kind == "scenario":
        print(f"            parley test {folder}   ·   parley graph {target}")
    return 0
