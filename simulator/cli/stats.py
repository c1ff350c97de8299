"""`parley stats [--scenario ID]`: how trainees moved through scenarios, from the history."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from simulator.cli.history import add_db_argument
from simulator.cli.scenario_arg import add_content_argument

if TYPE_CHECKING:
    from simulator.model import Catalog, Scenario
    from simulator.stats import ScenarioStats

FLAGS = {"easy": "太简单 too easy", "hard": "难点 trainees struggle"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `stats` subcommand."""
    parser = sub.add_parser(
        "stats",
        help="学员在各场景中的选择统计 / how trainees chose, node by node",
        description=(
            "从历史数据库记下的统计：每个节点有多少会话到达、各选项被选的次数、会话在哪里结束、"
            "最常违反的原则；标出几乎人人选对（太简单）和普遍选错（难点）的节点。"
        )
        + " / From the tallies the history database keeps as sessions are recorded: per node,"
        + " how many sessions reached it and which options were chosen how often; where sessions"
        + " ended; the principles most often broken. Nodes where nearly everyone picks the best"
        + " option are flagged too easy, nodes with poor choices as hard.",
    )
    parser.add_argument("--scenario", default=None, help="只看此场景 / only this scenario id")
    parser.add_argument("--trainee", default=None, help="只看此学员 / only this trainee")
    add_db_argument(parser)
    add_content_argument(parser)
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.set_defaults(func=run)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def _as_json(stats: ScenarioStats, scenario: Scenario | None) -> dict[str, object]:
    from simulator.stats import node_order

    return {
        "scenario": stats.scenario_id,
        "sessions": stats.sessions,
        "outcomes": stats.outcomes,
        "mean_grade": stats.mean_grade,
        "endings": stats.endings,
        "quit_at": stats.quit_at,
        "other_versions": stats.other_versions,
        "untallied": stats.untallied,
        "nodes": [
            {
                "node": n.node_id,
                "known": n.known,
                "sessions": n.sessions,
                "turns": n.turns,
                "choices": _all_choices(n.choices, n.node_id, scenario),
                "typed": n.typed,
                "mean_quality": n.mean_quality,
                "flag": n.flag,
            }
            for n in node_order(stats, scenario)
        ],
        "most_broken": [
            {"principle": p, "sessions": s, "turns": t} for p, s, t in stats.most_broken(10)
        ],
    }


def _all_choices(
    choices: dict[str, int], node_id: str, scenario: Scenario | None
) -> dict[str, int]:
    """Every option of the node (never-chosen ones as 0), then options no longer there."""
    node = scenario.nodes.get(node_id) if scenario is not None else None
    merged = {o.id: choices.get(o.id, 0) for o in node.options} if node is not None else {}
    merged.update({k: v for k, v in choices.items() if k not in merged})
    return merged


def _print(stats: ScenarioStats, scenario: Scenario | None, catalog: Catalog) -> None:
    from simulator.cli.history import pad
    from simulator.stats import node_order

    title = (
        f"  {scenario.title.zh} / {scenario.title.en}"
        if scenario
        else "  （场景已不在库中 / not in the library）"
    )
    outcomes = " · ".join(f"{k} {v}" for k, v in sorted(stats.outcomes.items()))
    grade = f"{stats.mean_grade:.0f}" if stats.mean_grade is not None else "-"
    print(f"══ {stats.scenario_id}{title}")
    print(f"   {stats.sessions} 次会话 sessions: {outcomes}；平均分 mean grade {grade}")
    if stats.other_versions:
        print(f"   其中 {stats.other_versions} 次用的是旧版场景 / played on another version")
    if stats.untallied:
        print(
            f"   {stats.untallied} 次会话升级时已找不到记录文件,只计结局"
            " / sessions whose transcript was gone when the history was upgraded:"
            " counted in outcomes only"
        )
    endings = ", ".join(f"{e} ×{n}" for e, n in sorted(stats.endings.items(), key=lambda x: -x[1]))
    print(f"   结局 endings: {endings or '-'}")
    if stats.quit_at:
        quits = ", ".join(
            f"{e} ×{n}" for e, n in sorted(stats.quit_at.items(), key=lambda x: -x[1])
        )
        print(f"   中途退出 quit at: {quits}")
    print(
        f"   {pad('节点 node', 22)}{pad('到达 reached', 14)}{pad('质量 quality', 14)}选择 choices"
    )
    for node in node_order(stats, scenario):
        quality = f"{node.mean_quality:.2f}" if node.mean_quality is not None else "-"
        choices = _all_choices(node.choices, node.node_id, scenario)
        spread = " · ".join(f"{oid} {n} ({_percent(n, node.turns)})" for oid, n in choices.items())
        name = node.node_id + ("" if node.known else " （已删除 gone）")
        print(f"   {pad(name, 22)}{pad(str(node.sessions), 14)}{pad(quality, 14)}{spread or '-'}")
        if node.flag:
            print(f"   {'':22}⚑ {FLAGS[node.flag]}")
    broken = stats.most_broken()
    if broken:
        # By name, as the scorecard shows them; the id after it, as `--json` gives it (round
        # forty-four's cold tryout read only ids here).
        text = ", ".join(
            f"{_principle_name(catalog, p)} {p} ({s} sessions, {t} turns)" for p, s, t in broken
        )
        print(f"   最常违反的原则 most broken: {text}")
    print()


def _principle_name(catalog: Catalog, principle_id: str) -> str:
    """The principle's Chinese name, or nothing for one the catalog no longer holds."""
    found = catalog.principles.get(principle_id)
    return found.name.zh if found is not None else ""


def run(args: argparse.Namespace) -> int:
    """Print the stats of every scenario in the history (or one)."""
    from simulator.library_snapshot import load_library
    from simulator.stats import collect
    from simulator.store import StoreError, open_store

    content = load_library(list(args.content))
    try:
        with open_store(args.db) as store:
            try:
                per_scenario = collect(
                    store, content.scenarios, scenario=args.scenario, trainee=args.trainee
                )
            except store.errors as exc:
                raise StoreError(f"{store.where}: {exc}") from None
    except StoreError as exc:
        print(f"历史数据库出错 / history database error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        payload = [
            _as_json(s, content.scenarios.get(sid)) for sid, s in sorted(per_scenario.items())
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    if not per_scenario:
        which = f"场景 {args.scenario} " if args.scenario else ""
        print(f"{which}还没有记录的会话 / no recorded sessions yet (parley play, parley import)")
        return 0
    for sid, stats in sorted(per_scenario.items()):
        _print(stats, content.scenarios.get(sid), content.catalog)
    return 0
