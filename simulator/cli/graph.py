"""`parley graph SCENARIO [--format mermaid|dot] [-o FILE] [--transcript FILE]`: draw a scenario."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.scenario_arg import add_scenario_argument


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `graph` subcommand."""
    parser = sub.add_parser(
        "graph",
        help="把场景画成状态图 / draw a scenario as a state diagram",
        description="输出场景的状态图（Mermaid 或 DOT）：结局按类型标色并注明可能的分数区间，"
        "⚠ 为陷阱选项，⛔ 为红线，⟲ 为全局规则；--transcript 高亮学员走过的路径。"
        " / Print the scenario as a state diagram (Mermaid, or DOT): endings styled by kind with "
        "the grade range a trainee can finish with there, ⚠ trap options, ⛔ red lines, "
        "⟲ scenario rules; --transcript highlights the path a trainee took (▶1, ▶2 … on the "
        "options taken).",
    )
    parser.add_argument(
        "--format",
        choices=("mermaid", "dot"),
        default="mermaid",
        help="mermaid（默认，无需安装）或 dot（需要 graphviz 包）/ mermaid (default, needs "
        "nothing) or dot (needs the graphviz Python package)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="写入文件（.md 会加上代码块）/ write to FILE (.md: fenced)",
    )
    parser.add_argument(
        "--transcript", type=Path, help="高亮这份记录的路径 / highlight this transcript's path"
    )
    parser.add_argument(
        "--no-ranges",
        action="store_true",
        help="不计算结局的分数区间 / do not compute the grade range of each ending",
    )
    parser.add_argument(
        "--no-rules",
        action="store_true",
        help="不画全局规则的连线（每个节点一条）/ leave out the scenario rules' edges "
        "(one from every node)",
    )
    add_scenario_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print or write the diagram; 2 when the scenario or transcript cannot be used."""
    from simulator import analysis, graph
    from simulator.cli.scenario_arg import chosen_scenario
    from simulator.transcript import TranscriptError, read_transcript

    chosen = chosen_scenario(args)
    if chosen is None:
        return 2
    content, scenario = chosen
    path: list[tuple[str, str, str]] = []
    if args.transcript is not None:
        try:
            transcript = read_transcript(args.transcript)
        except (TranscriptError, OSError) as error:
            print(f"无法读取记录 / cannot read the transcript: {error}", file=sys.stderr)
            return 2
        if transcript.header.scenario != scenario.id:
            print(
                f"{args.transcript}: 这份记录属于场景 {transcript.header.scenario}，不是 "
                f"{scenario.id} / the transcript is of scenario '{transcript.header.scenario}', "
                f"not '{scenario.id}'",
                file=sys.stderr,
            )
            return 2
        try:
            path = graph.transcript_path(scenario, transcript.turn_results)
        except ValueError as error:
            print(
                f"{args.transcript}: 记录与当前场景不符（场景改过？）/ the transcript does not "
                f"fit the scenario as it is now (was it edited?): {error}",
                file=sys.stderr,
            )
            return 2
    ranges: dict[str, tuple[int, int]] = {}
    if not args.no_ranges:
        found = analysis.analyse(scenario, content.personas.get(scenario.persona), content.catalog)
        ranges = {e: (r.low, r.high) for e, r in found.endings.items() if r.reached}
    try:
        source = graph.render(
            scenario, args.format, path=path, ranges=ranges, rules=not args.no_rules
        )
    except graph.DotUnavailable:
        print(
            "DOT 输出需要 graphviz 包：在 Parley 目录里 pip install '.[dot]'，"
            "或用 --format mermaid / DOT output needs the graphviz Python package: "
            "pip install '.[dot]' in the Parley checkout (or use --format mermaid, which needs "
            "nothing)",
            file=sys.stderr,
        )
        return 2
    if args.output is None:
        sys.stdout.write(source)
        return 0
    if args.output.suffix.lower() == ".md":
        fence = "mermaid" if args.format == "mermaid" else "dot"
        source = f"```{fence}\n{source}```\n"
    try:
        args.output.write_text(source, encoding="utf-8")
    except OSError as error:
        print(f"无法写入 / cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 2
    print(f"已写入 / written: {args.output}", file=sys.stderr)
    return 0
