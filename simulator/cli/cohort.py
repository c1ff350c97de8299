"""`parley cohort`: a group of trainees at a glance, and the commands that make the groups.

parley cohort [--group NAME] [--since DATE] [--html FILE] [--json]
parley cohort add NAME TRAINEE…      put trainees in a group (kept in the history database)
parley cohort remove NAME TRAINEE…   take them out
parley cohort groups                 list the groups and their members
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.cli.history import add_db_argument, add_filter_arguments
from simulator.cli.scenario_arg import add_content_argument

if TYPE_CHECKING:
    from simulator.cohort import CohortView
    from simulator.store import HistoryStore


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `cohort` subcommand and its actions."""
    parser = sub.add_parser(
        "cohort",
        help="学员组概览：进步与停滞、未试场景、下一个建议 / a cohort: trends, untried, next",
        description="按学员和原则显示:谁在进步、谁停滞;每人还没试过的场景;针对其最弱原则建议的下一个场景。"
        " 用 `parley cohort add 组名 学员…` 建组。 / Per trainee and per principle: who is"
        " improving and who is stuck, the scenarios each has not tried, and the next scenario"
        " for their weakest principles. Make a group with `parley cohort add NAME TRAINEE…`.",
    )
    add_filter_arguments(parser)
    parser.add_argument("--html", type=Path, default=None, help="导出 HTML / write an HTML page")
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.add_argument(
        "--tui", action="store_true", help="在终端界面中查看 / show it in the terminal app"
    )
    add_db_argument(parser)
    add_content_argument(parser)
    parser.set_defaults(func=run, action=None)
    actions = parser.add_subparsers(dest="action", metavar="{add,remove,groups}")
    for name, text in (
        ("add", "把学员加入学员组 / put trainees in a group"),
        ("remove", "把学员移出学员组 / take trainees out of a group"),
    ):
        act = actions.add_parser(name, help=text, description=text)
        act.add_argument("group", help="学员组名 / the group's name")
        act.add_argument("trainees", nargs="+", help="学员名 / trainee names")
        add_db_argument(act)
        act.set_defaults(func=run)
    groups = actions.add_parser("groups", help="列出学员组 / list the groups")
    add_db_argument(groups)
    groups.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    groups.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Change the groups, or show a cohort."""
    from simulator.store import StoreError, open_store

    try:
        with open_store(args.db) as store:
            try:
                return _act(store, args)
            except store.errors as exc:
                raise StoreError(f"{store.where}: {exc}") from None
    except StoreError as exc:
        print(f"历史数据库出错 / history database error: {exc}", file=sys.stderr)
        return 1


def _act(store: HistoryStore, args: argparse.Namespace) -> int:
    if args.action in ("add", "remove"):
        names = [n.strip() for n in args.trainees if n.strip()]
        if not args.group.strip() or not names:
            print("学员组名和学员名不能为空 / names cannot be empty", file=sys.stderr)
            return 2
        if args.action == "add":
            done = store.add_to_cohort(args.group, names)
            print(
                f"{args.group}: 加入 {len(done)} 人 / added {len(done)}"
                + (f" ({', '.join(done)})" if done else "")
            )
        else:
            done = store.remove_from_cohort(args.group, names)
            missing = [n for n in names if n not in done]
            print(f"{args.group}: 移出 {len(done)} 人 / removed {len(done)}")
            if missing:
                print(f"不在此组 / not in {args.group}: {', '.join(missing)}", file=sys.stderr)
        return 0
    if args.action == "groups":
        groups = store.cohorts()
        if args.json:
            print(json.dumps(groups, ensure_ascii=False, indent=2))
        elif not groups:
            print("还没有学员组 / no groups yet: parley cohort add NAME TRAINEE…")
        for name, members in groups.items() if not args.json else ():
            print(f"{name} ({len(members)}): {', '.join(members)}")
        return 0
    return _show(store, args)


def _show(store: HistoryStore, args: argparse.Namespace) -> int:
    from simulator import cohort
    from simulator.cli.history import group_filter
    from simulator.cohort_text import cohort_lines
    from simulator.library_snapshot import read_listing

    members = group_filter(store, args.group)
    library = read_listing(list(args.content))
    if getattr(args, "tui", False):
        from simulator.tui.app import ParleyApp
        from simulator.tui.cohort import CohortScreen

        lang = "en" if getattr(args, "lang", None) == "en" else "zh"
        app = ParleyApp(
            lang=lang,
            start=lambda _app: CohortScreen(
                library, lang, group=args.group, since=args.since, db=args.db, standalone=True
            ),
        )
        app.run()
        return 0
    view = cohort.build(store, library, group=args.group, since=args.since, members=members)
    if args.html is not None:
        from simulator.cohort_html import cohort_html

        try:
            args.html.parent.mkdir(parents=True, exist_ok=True)
            args.html.write_text(cohort_html(view), encoding="utf-8")
        except OSError as exc:
            print(f"{args.html}: 无法写入 / cannot write: {exc.strerror}", file=sys.stderr)
            return 1
        print(f"已写入 / written: {args.html}")
        return 0
    if args.json:
        print(json.dumps(_as_json(view), ensure_ascii=False, indent=2))
        return 0
    if not view.trainees:
        print("没有学员的会话 / no trainees with sessions here (parley import, parley cohort add)")
        return 0
    print("\n".join(cohort_lines(view)))
    return 0


def _as_json(view: CohortView) -> dict[str, object]:
    return {
        "group": view.group,
        "since": view.since,
        "principles": [
            {
                "principle": r.principle,
                "trainees": r.trainees,
                "mean": round(r.mean, 1),
                "states": dict(r.states),
            }
            for r in view.principles
        ],
        "trainees": [
            {
                "trainee": t.trainee,
                "sessions": t.summary.sessions if t.summary else 0,
                "finished": t.summary.finished if t.summary else 0,
                "abandoned": t.summary.abandoned if t.summary else 0,
                "mean_grade": None
                if t.summary is None or t.summary.mean_grade is None
                else round(t.summary.mean_grade, 1),
                "principles": {
                    pid: {
                        "weighted": round(tr.weighted, 1),
                        "recent": list(tr.recent),
                        "state": t.states[pid],
                    }
                    for pid, tr in t.trends.items()
                },
                "improving": t.with_state("improving"),
                "stuck": t.with_state("stuck"),
                "untried": list(t.untried),
                "next": None
                if t.suggestion is None
                else {
                    "scenario": t.suggestion.scenario,
                    "principles": list(t.suggestion.principles),
                    "reason": {"zh": t.suggestion.reason.zh, "en": t.suggestion.reason.en},
                },
            }
            for t in view.trainees
        ],
    }
