"""`parley test [PATHS…]`: run the coach-written playthrough tests (`*.test.yaml`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `test` subcommand."""
    parser = sub.add_parser(
        "test",
        help="运行场景的演练测试 / run playthrough tests",
        description="运行 *.test.yaml 中的脚本演练并检查预期。"
        " / Run the scripted playthroughs in *.test.yaml files and check their expectations.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="文件或目录 / files or folders")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="列出每个测试 / list every test"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the tests; exit 1 when any fails or any file is malformed."""
    from simulator import playthrough
    from simulator.content import load_content
    from simulator.library import bundled_scenarios_dir

    paths = list(args.paths) or [bundled_scenarios_dir()]
    content = load_content([p for p in paths if p.exists()])
    errors = [d for d in content.diagnostics if d.severity == "error"]
    if errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        print(
            "场景有错误,先运行 parley check / fix the content first (parley check)", file=sys.stderr
        )
        return 1
    files = playthrough.find_files(paths)
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        print(f"{path}: 不存在 / no such file or folder", file=sys.stderr)
    passed = failed = 0
    for path in files:
        loaded, problems = playthrough.load_file(path)
        if loaded is not None:
            problems += playthrough.check_references(loaded, content.scenarios)
        if problems or loaded is None:
            for problem in problems:
                print(problem, file=sys.stderr)
            failed += 1
            continue
        for outcome in playthrough.run_file(
            loaded, content.scenarios, content.personas, content.catalog
        ):
            if outcome.passed:
                passed += 1
                if args.verbose:
                    print(f"PASS {outcome.scenario_id} · {outcome.name} (grade {outcome.grade})")
            else:
                failed += 1
                print(f"FAIL {outcome.scenario_id} · {outcome.name}")
                for failure in outcome.failures:
                    print(f"    {failure}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or missing or not files else 0
