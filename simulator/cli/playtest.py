"""`parley test [PATHS…] [--random N --seed S]`: playthrough tests and seeded random walks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.content import Content
    from simulator.model import Scenario


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `test` subcommand."""
    parser = sub.add_parser(
        "test",
        help="运行场景的演练测试 / run playthrough tests",
        description="运行 *.test.yaml 中的脚本演练并检查预期；--random 另外对每个场景做随机走查。"
        " / Run the scripted playthroughs in *.test.yaml files and check their expectations; "
        "with --random, also play N seeded random walks per scenario looking for crashes, "
        "dead ends and variables out of bounds.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="文件或目录 / files or folders")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="列出每个测试 / list every test"
    )
    parser.add_argument(
        "--random",
        type=int,
        default=0,
        metavar="N",
        help="每个场景随机走 N 次 / play N seeded random walks per scenario",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="随机走查的种子 / seed of the random walks (default 0)"
    )
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="列出测试没走到的选项、结局、分支、变体、规则和情绪 / list the options, endings, "
        "branches, line variants, rules and moods no test (or walk) sets off, and those that "
        "can never fire",
    )
    parser.add_argument(
        "--no-library",
        action="store_true",
        help="不加载自带和本地场景库 / do not load the bundled and local library (test the "
        "given files and what sits beside them on their own)",
    )
    parser.set_defaults(func=run)


def _under(path: str, roots: list[Path]) -> bool:
    target = Path(path).resolve()
    for root in roots:
        root = root.resolve()
        if target == root or root in target.parents:
            return True
    return False


def _walked_scenarios(content: Content, paths: list[Path], named: set[str]) -> list[Scenario]:
    """The scenarios under the given paths, plus those the test files name."""
    return [
        s for sid, s in sorted(content.scenarios.items()) if sid in named or _under(s.path, paths)
    ]


def _print_coverage(content: Content, outcomes_of: dict[str, list[object]]) -> None:
    """Per tested scenario: options and endings no playthrough test plays."""
    from simulator import playthrough

    for sid, outcomes in sorted(outcomes_of.items()):
        found = playthrough.coverage(content.scenarios[sid], outcomes)  # type: ignore[arg-type]
        covered = found.options - len(found.uncovered_options)
        print(
            f"coverage {sid}: {covered}/{found.options} options "
            f"({found.option_share:.0%}), {found.endings - len(found.unreached_endings)}"
            f"/{found.endings} endings / 覆盖率"
        )
        if found.uncovered_options:
            missing = ", ".join(f"{n}.{o}" for n, o in found.uncovered_options)
            print(f"    未测的选项 options no test plays: {missing}")
        if found.unreached_endings:
            print(f"    未到的结局 endings no test reaches: {', '.join(found.unreached_endings)}")


def _print_parts(
    content: Content, scenarios: list[Scenario], fired_of: dict[str, set[str]]
) -> None:
    """Per scenario: branches, variants, rules and moods no test or walk set off, and those
    that can never fire at all (with picked options, from the start values)."""
    from simulator import coverage

    for scenario in scenarios:
        every = coverage.parts(scenario)
        if not every:
            continue
        fired = fired_of.get(scenario.id, set())
        impossible = coverage.never_possible(
            scenario, content.personas.get(scenario.persona), content.catalog
        )
        quiet = [p for p in every if p not in fired and p not in (impossible or set())]
        print(
            f"coverage {scenario.id}: {len(set(every) & fired)}/{len(every)} branches, variants, "
            f"rules and moods fired / 分支、变体、规则、情绪的覆盖"
        )
        if quiet:
            print(f"    没触发过 never fired in tests or walks: {', '.join(quiet)}")
        if impossible:
            shown = [p for p in every if p in impossible]
            print(f"    永远不会触发 can never fire (picked options): {', '.join(shown)}")
        elif impossible is None:
            print("    (too many states to say which can never fire / 状态太多,无法判断)")


def run(args: argparse.Namespace) -> int:
    """Run the tests; exit 1 when any fails, any walk finds a problem, or a file is malformed."""
    from simulator import playthrough, walk
    from simulator.content import context_paths, load_content
    from simulator.library import bundled_scenarios_dir

    if args.random < 0:
        print("--random 必须 ≥ 0 / --random must be 0 or more", file=sys.stderr)
        return 2
    paths = list(args.paths) or [bundled_scenarios_dir()]
    given = [p for p in paths if p.exists()]
    with_library = not args.no_library
    # The scenario's folder comes along (a persona beside it), as for check, play and graph.
    content = load_content(
        [*given, *context_paths(given)],
        include_bundled=with_library,
        include_local=with_library,
        raise_on_error=False,
    )
    errors = [d for d in content.diagnostics if d.severity == "error"]
    if errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        print(
            "场景有错误，先运行 parley check / fix the content first (parley check)",
            file=sys.stderr,
        )
        return 1
    files = playthrough.find_files(paths)
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        print(f"{path}: 不存在 / no such file or folder", file=sys.stderr)
    passed = failed = 0
    named: set[str] = set()
    outcomes_of: dict[str, list[playthrough.Outcome]] = {}
    for path in files:
        loaded, problems = playthrough.load_file(path)
        if loaded is not None:
            named.add(loaded.scenario_id)
            problems += playthrough.check_references(loaded, content.scenarios)
        if problems or loaded is None:
            for problem in problems:
                print(problem, file=sys.stderr)
            failed += 1
            continue
        for outcome in playthrough.run_file(
            loaded, content.scenarios, content.personas, content.catalog
        ):
            outcomes_of.setdefault(outcome.scenario_id, []).append(outcome)
            if outcome.passed:
                passed += 1
                if args.verbose:
                    print(f"PASS {outcome.scenario_id} · {outcome.name} (grade {outcome.grade})")
            else:
                failed += 1
                print(f"FAIL {outcome.scenario_id} · {outcome.name}")
                print(f"    path: {' → '.join(outcome.visited)}")
                for failure in outcome.failures:
                    print(f"    {failure}")
    if files or not args.random:
        print(f"{passed} passed, {failed} failed")
    if args.coverage:
        _print_coverage(content, outcomes_of)
    fired_of: dict[str, set[str]] = {
        sid: set().union(*(o.fired for o in outcomes)) for sid, outcomes in outcomes_of.items()
    }
    walk_failed = 0
    if args.random:
        scenarios = _walked_scenarios(content, [p for p in paths if p.exists()], named)
        for report in walk.walk_all(
            scenarios, content.personas, content.catalog, args.random, args.seed
        ):
            endings = ", ".join(f"{e}×{n}" for e, n in sorted(report.endings.items()))
            status = "PASS" if report.ok else "FAIL"
            if args.verbose or not report.ok:
                print(
                    f"{status} random {report.scenario_id}: {report.walks} walks, "
                    f"{report.failed_walks} with problems (endings: {endings or 'none'})"
                )
            for found in report.issues:
                print(f"    {found}")
            fired_of.setdefault(report.scenario_id, set()).update(report.fired)
            walk_failed += not report.ok
        print(
            f"random walks / 随机走查：{len(scenarios)} scenarios × {args.random} "
            f"(seed {args.seed}), {walk_failed} with problems"
        )
        if not scenarios:
            print("没有可走查的场景 / no scenario to walk", file=sys.stderr)
            return 1
    if args.coverage:
        covered = sorted(
            {*outcomes_of, *(s.id for s in _walked_scenarios(content, given, named))}
            if args.random
            else outcomes_of
        )
        _print_parts(content, [content.scenarios[sid] for sid in covered], fired_of)
    no_tests = not files and not args.random
    return 1 if failed or walk_failed or missing or no_tests else 0
