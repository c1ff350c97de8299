"""`parley bench`: measure the performance targets and print the figures as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `bench` subcommand."""
    parser = sub.add_parser(
        "bench",
        help="性能基准 / measure the performance targets",
        description="测量每回合延迟、检查速度、场景列表、TUI 冷启动和记录读取，输出 JSON。"
        " / Measure turn latency, check speed, listing, TUI cold start and transcript figures"
        " as JSON.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="小规模快速运行 / small sizes, for a smoke test"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=("turn", "check", "list", "tui", "history", "replay"),
        help="只运行这些 / run only these (repeatable)",
    )
    parser.add_argument(
        "--scale",
        action="store_true",
        help="十万次会话规模:导入、history、stats,SQLite 与 PostgreSQL 对照(需几分钟)"
        " / at 100,000 sessions: import, history and stats on SQLite and PostgreSQL side by side"
        " (takes a few minutes)",
    )
    parser.add_argument(
        "--sessions",
        type=int,
        default=100_000,
        help="--scale 生成的会话数(默认 100000)/ sessions --scale generates (default 100000)",
    )
    parser.add_argument(
        "--db",
        default=None,
        help=(
            "--scale 使用的 PostgreSQL 地址(默认 $PARLEY_DATABASE_URL;在其中建临时 schema,用后删除)"
            " / the PostgreSQL server for --scale (default $PARLEY_DATABASE_URL;"
            " a throwaway schema is made there and dropped after)"
        ),
    )
    parser.add_argument("-o", "--output", type=Path, help="写入文件 / write the JSON to a file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the benchmarks; exit 1 when a measured figure misses its target."""
    from simulator import bench

    if args.scale:
        return _scale(args)
    only = set(args.only or ("turn", "check", "list", "tui", "history", "replay"))
    results: dict[str, object] = {}
    if "turn" in only:
        results["turn"] = bench.bench_turn(bench.bench_catalog(), 200 if args.quick else 2000)
    if "check" in only:
        results["check"] = bench.bench_check(50 if args.quick else 1000)
    if "list" in only:
        results["list"] = bench.bench_list(50 if args.quick else 1000, 1 if args.quick else 3)
    if "tui" in only:
        results["tui_cold_start"] = bench.optional("tui", lambda: _tui(args.quick))
    if "history" in only:
        results["history"] = bench.optional("history", lambda: _history(args.quick))
    if "replay" in only:
        results["replay_steps"] = bench.optional("replay", lambda: _replay(args.quick))
    text = json.dumps(results, ensure_ascii=False, indent=2)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    print(text)
    missed = [name for name, figures in results.items() if _missed(figures)]
    return 1 if missed and not args.quick else 0


def _scale(args: argparse.Namespace) -> int:
    import os
    import sys

    from simulator.bench_scale import bench_scale
    from simulator.database import DATABASE_URL_ENV, is_url

    url = args.db or os.environ.get(DATABASE_URL_ENV) or None
    if url and not is_url(url):
        print(
            f"--db: {url}: 需要 postgresql:// 地址 / a postgresql:// URL is needed", file=sys.stderr
        )
        return 2
    if args.sessions < 1:
        print("--sessions: 至少 1 / at least 1", file=sys.stderr)
        return 2
    figures = bench_scale(
        args.sessions, url, progress=lambda text: print(text, file=sys.stderr, flush=True)
    )
    text = json.dumps({"scale": figures}, ensure_ascii=False, indent=2)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    print(text)
    # Targets are for 100,000 sessions; a smaller run reports its figures without judging them.
    return 1 if args.sessions >= 100_000 and _missed(figures) else 0


def _tui(quick: bool) -> dict[str, object]:
    figures = _coldstart(quick, 0)
    figures["large_library"] = _coldstart(quick, 50 if quick else 1000)
    figures["ok"] = bool(figures["ok"] and figures["large_library"]["ok"])  # type: ignore[index]
    return figures


def _coldstart(quick: bool, scenarios: int) -> dict[str, object]:
    from simulator.tui import coldstart

    result = coldstart.measure(runs=1 if quick else 7, scenarios=scenarios)
    return {
        "extra_scenarios": scenarios,
        "runs": result.runs,
        "parley_ms": round(result.parley * 1000, 1),  # the scenarios listed
        "minimal_textual_ms": round(result.minimal * 1000, 1),
        "ratio": round(result.ratio, 2),
        "parley_screen_ms": round(result.parley_shown * 1000, 1),  # up and taking keys
        "screen_ratio": round(result.shown_ratio, 2),
        "target_ratio": coldstart.TARGET_RATIO,
        "ok": result.within_target,
    }


def _history(quick: bool) -> dict[str, object]:
    from simulator import bench_history

    return {
        "replay_open": bench_history.bench_replay_open(1000 if quick else 10_000),
        "import": bench_history.bench_import(50 if quick else 1000),
    }


def _replay(quick: bool) -> dict[str, object]:
    from simulator.tui import replaytiming

    if quick:
        return replaytiming.measure(turns=1000, long_answer=20_000, steps=3)
    return replaytiming.measure()


def _missed(figures: object) -> bool:
    """True when a figure, or any figure nested in it, says it missed its target."""
    if not isinstance(figures, dict):
        return False
    return figures.get("ok") is False or any(_missed(v) for v in figures.values())
