"""`parley check [PATHS…] [--strict] [--json]`: every problem in scenarios, personas, catalogs."""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.content import Content
    from simulator.diagnostics import Diagnostic
    from simulator.model import Scenario


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `check` subcommand."""
    parser = sub.add_parser(
        "check",
        help="检查场景、角色和原则目录 / check scenarios, personas and the principle catalog",
        description="检查 YAML 文件并列出每个问题（文件：行：列、代码、修改建议）。"
        "不给路径时检查当前文件夹里的场景文件，没有时检查自带和本地场景库。 / Check YAML files "
        "and list every problem with file:line:column, a code (see docs/diagnostics.md) and a "
        "hint. Without paths, checks the Parley files in the current folder, or, where it has "
        "none, the bundled and local library.",
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, help="文件或目录 / files or folders to check"
    )
    parser.add_argument(
        "--strict", action="store_true", help="警告也算失败 / treat warnings as failures"
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.add_argument(
        "--library",
        action="store_true",
        help="不给路径时检查自带和本地场景库，即使当前文件夹有场景文件 / without paths, check the "
        "bundled and local library even where the current folder holds Parley files",
    )
    parser.add_argument(
        "--analyse",
        action="store_true",
        help="场景很多时也做对话分析（PAR078–PAR082）/ run the play analysis (PAR078–PAR082) "
        "even over many scenarios",
    )
    parser.add_argument(
        "--no-library",
        action="store_true",
        help="不加载自带和本地场景库作为参照 / do not load the bundled and local library "
        "for references (check the given files on their own)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="不用缓存，重新读取、分析每个文件 / read and analyse every file again instead of "
        "using the cache of unchanged files (see docs/performance.md)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="最多 N 个进程并行读取 / read files in at most N processes (default: one per core "
        "when there are many files; 1: no extra processes)",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="保存即重新检查,Ctrl-C 退出 / check again on every save (Ctrl-C to stop): leave it "
        "open in a terminal beside the editor",
    )
    parser.set_defaults(func=run)


def _ordered(diagnostics: list[Diagnostic]) -> list[tuple[str, list[Diagnostic]]]:
    """Diagnostics grouped by file (first-seen order), errors before warnings, by position."""
    groups: dict[str, list[Diagnostic]] = {}
    for diag in diagnostics:
        groups.setdefault(diag.location.path, []).append(diag)
    return [
        (
            path,
            sorted(
                items,
                key=lambda d: (d.severity != "error", d.location.line, d.location.column, d.code),
            ),
        )
        for path, items in groups.items()
    ]


def _as_json(diag: Diagnostic) -> dict[str, object]:
    return {
        "code": diag.code,
        "severity": diag.severity,
        "message": diag.message,
        "hint": diag.hint,
        "file": diag.location.path,
        "line": diag.location.line,
        "column": diag.location.column,
    }


@functools.cache
def _resolved(path: str) -> str:
    return str(Path(path).resolve())


def _same(path: str | Path) -> str:
    """A path in a form that compares equal for the same file however it was written."""
    return _resolved(str(path))


def test_files(paths: list[Path]) -> list[Path]:
    """The playthrough tests among `paths`, and beside each scenario file given (`x.test.yaml`)."""
    from simulator.content import TEST_SUFFIX
    from simulator.playthrough import find_files

    found = find_files(paths)
    for path in paths:
        if path.is_file() and not path.name.endswith(TEST_SUFFIX):
            beside = path.with_name(path.name.removesuffix(path.suffix) + TEST_SUFFIX)
            if beside.is_file() and beside not in found:
                found.append(beside)
    return found


def _test_file_problems(paths: list[Path], content: Content) -> list[Diagnostic]:
    """Format and reference problems of the `*.test.yaml` files (run them with parley test)."""
    from simulator import playthrough
    from simulator.content import TEST_SUFFIX

    found: list[Diagnostic] = []
    broken = {_resolved(d.location.path) for d in content.errors if d.location.path}
    for path in test_files(paths):
        loaded, problems = playthrough.load_file(path)
        found += problems
        if loaded is None:
            continue
        beside = path.with_name(path.name.removesuffix(TEST_SUFFIX) + ".yaml")
        if loaded.scenario_id not in content.scenarios and _resolved(str(beside)) in broken:
            # The scenario beside it did not load, and its own errors say why: "no scenario
            # 'x'" on top of them is one mistake counted twice (a coach's cold tryout).
            continue
        found += playthrough.check_references(loaded, content.scenarios)
    return found


#: How often `--watch` looks at the files' modification times, in seconds.
WATCH_INTERVAL = 0.4


def _stamps(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    """(mtime, size) of every YAML file a check of `paths` reads, to notice a save."""
    from simulator.content import context_paths
    from simulator.folders import yaml_under

    stamps: dict[Path, tuple[int, int]] = {}
    for root in [*paths, *context_paths([p for p in paths if p.exists()])]:
        files = yaml_under(root) if root.is_dir() else [root]
        for path in files:
            try:
                info = path.stat()
            except OSError:
                continue  # deleted between listing and looking: the next look sees it
            stamps[path] = (info.st_mtime_ns, info.st_size)
    return stamps


def watch(args: argparse.Namespace) -> int:
    """Check, then check again whenever a file changes, until Ctrl-C.

    Polls modification times (no new dependency); an editor's save (write, rename, or a
    delete and re-create) changes a stamp, and the check runs again from the files as saved.
    """
    import signal
    import time
    from datetime import datetime

    paths: list[Path] = list(args.paths) or [Path(".")]
    args.paths = paths
    # Ctrl-C is the only way out, so it must work even when this process started with SIGINT
    # ignored, as a shell script's background job does (Python then leaves it ignored).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        while True:
            seen = _stamps(paths)
            stamp = datetime.now().strftime("%H:%M:%S")
            print(f"═══ {stamp} parley check {' '.join(map(str, paths))}", flush=True)
            status = check_once(args)
            print(
                f"═══ {'通过 / OK' if status == 0 else '未通过 / FAILED'} — 保存文件即重新检查,"
                f"Ctrl-C 退出 / save a file to check again, Ctrl-C to stop",
                flush=True,
            )
            while _stamps(paths) == seen:
                time.sleep(WATCH_INTERVAL)
            time.sleep(0.05)  # let an editor finish writing the file
            print(flush=True)
    except KeyboardInterrupt:
        print("\n已停止 / stopped", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGINT, previous)


def run(args: argparse.Namespace) -> int:
    """Check once, or keep checking with --watch."""
    if getattr(args, "watch", False):
        return watch(args)
    return check_once(args)


def _analysis(analysed: dict[str, Scenario], content: Content, cached: bool) -> list[Diagnostic]:
    """The play analysis of `analysed`; with `cached`, each scenario's is read from the cache
    when its file and everything it may depend on are the bytes analysed before."""
    from simulator import checkcache
    from simulator.analysis import check_scenarios

    if not cached:
        return check_scenarios(analysed, content.personas, content.catalog)
    cache = checkcache.CheckCache(checkcache.analysis_dir(), checkcache.judging_key())
    scenario_files = {_same(s.path) for s in content.scenarios.values()}
    context = checkcache.context_key(
        sorted(Path(p) for p in content.files if _same(p) not in scenario_files)
    )
    found: list[Diagnostic] = []
    for sid, scenario in analysed.items():
        key = checkcache.analysis_key(Path(scenario.path), context)
        stored = cache.get(key) if key is not None else None
        if isinstance(stored, list):
            found += stored
            continue
        own = check_scenarios({sid: scenario}, content.personas, content.catalog)
        if key is not None:
            cache.put(key, own)
        found += own
    return found


def _n(count: int, noun: str) -> str:
    """`count` and `noun`, plural unless one ("1 scenario", "0 warnings")."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


#: A top-level key of a Parley scenario, persona, dialogue or catalog (`id:`, `start:`,
#: `nodes:`, `persona:`, `principles:`), at the start of a line: the sign that a YAML file in
#: the current folder is one a coach is writing (even a broken one), not another tool's.
_PARLEY_KEY = re.compile(r"^(?:id|start|nodes|persona|principles):", re.MULTILINE)


def _here(folder: Path | None = None) -> list[Path]:
    """The Parley YAML files at the top of the current folder, and the `*.test.yaml` files
    beside them, when `parley check` is given no path: a coach who ran `parley new scenario`
    here checks what they are writing (a cold tryout's coach got the bundled library checked
    instead). Other tools' YAML is left out;
    an empty list (the bundled and local library is checked) when there is none."""
    folder = folder or Path.cwd()
    found: list[Path] = []
    try:
        candidates = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        return []
    tests = [p for p in candidates if p.name.endswith(".test.yaml") and p.is_file()]
    for path in candidates:
        if path in tests or not path.is_file():
            continue
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:200_000]
        except OSError:
            continue
        if _PARLEY_KEY.search(head):
            found.append(path)
    return [*found, *tests] if found else []


def check_once(args: argparse.Namespace) -> int:
    """Check the files and print the problems; 1 when any error (or warning with --strict)."""
    from simulator.checkcache import CheckCache
    from simulator.content import context_paths, discover, load_content

    paths: list[Path] = list(args.paths) or ([] if args.library else _here())
    if paths and not args.paths and not args.json:
        mine = sum(not p.name.endswith(".test.yaml") for p in paths)
        print(
            f"检查当前文件夹的 {mine} 个场景文件（自带场景库：parley check --library）/ "
            f"checking the {mine} Parley file(s) in this folder "
            "(the bundled library: parley check --library)"
        )
    with_library = not args.no_library
    # What sits beside a checked file (its persona, dialogues, catalog) is loaded for
    # references; only the given files' problems are shown.
    content: Content = load_content(
        [*paths, *context_paths(paths)],
        include_bundled=with_library or not paths,
        include_local=with_library or not paths,
        raise_on_error=False,
        cache=None if args.no_cache else CheckCache(),
        jobs=max(1, args.jobs) if args.jobs is not None else None,
    )
    shown = content.diagnostics
    # Paths are compared resolved: `scenarios/x.yaml` given on the command line is the same
    # file as the bundled one the library loaded under its absolute path.
    checked_files = {_same(p) for p in content.files}
    if paths:
        given, _ = discover(paths, include_bundled=False, include_local=False)
        checked_files = {_same(p) for p in given}
        wanted = checked_files | {_same(p) for p in paths}
        shown = [d for d in shown if _same(d.location.path) in wanted]
    shown = shown + _test_file_problems(paths, content)
    from simulator.analysis import ANALYSIS_LIMIT  # play analysis, PAR078–089

    analysed = {sid: s for sid, s in content.scenarios.items() if _same(s.path) in checked_files}
    if args.analyse or len(analysed) <= ANALYSIS_LIMIT:
        shown = shown + _analysis(analysed, content, cached=not args.no_cache)
    else:
        print(
            f"未做对话分析：{len(analysed)} 个场景超过 {ANALYSIS_LIMIT} 个（加 --analyse 强制）/ "
            f"play analysis skipped for {_n(len(analysed), 'scenario')} (> {ANALYSIS_LIMIT}); "
            f"--analyse runs it",
            file=sys.stderr,
        )
    errors = [d for d in shown if d.severity == "error"]
    warnings = [d for d in shown if d.severity == "warning"]
    scenarios = [s for s in content.scenarios.values() if _same(s.path) in checked_files]
    personas = [p for p in content.personas.values() if _same(p.location.path) in checked_files]
    dialogues = [d for d in content.dialogues.values() if _same(d.path) in checked_files]
    failed = bool(errors) or (args.strict and bool(warnings))
    if args.json:
        report = {
            "ok": not failed,
            "files": sorted(checked_files),
            "scenarios": len(scenarios),
            "personas": len(personas),
            "dialogues": len(dialogues),
            "principles": len(content.catalog.principles),
            "errors": len(errors),
            "warnings": len(warnings),
            "diagnostics": [_as_json(d) for _, group in _ordered(shown) for d in group],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 1 if failed else 0
    for path, group in _ordered(shown):
        n_err = sum(d.severity == "error" for d in group)
        print(f"── {path}  ({_n(n_err, 'error')}, {_n(len(group) - n_err, 'warning')})")
        for diag in group:
            print(str(diag))
        print()
    if failed:
        print(
            f"检查未通过 / FAILED: {_n(len(errors), 'error')}, {_n(len(warnings), 'warning')} "
            f"in {_n(len({d.location.path for d in shown}), 'file')}"
            + ("  (--strict: warnings count)" if args.strict and not errors else "")
        )
        return 1
    print(
        f"检查通过 / OK: {_n(len(scenarios), 'scenario')}, {_n(len(personas), 'persona')}, "
        + (f"{_n(len(dialogues), 'dialogue')}, " if dialogues else "")
        + f"{_n(len(content.catalog.principles), 'principle')}, {_n(len(warnings), 'warning')}"
    )
    return 0
