"""`parley history [--trainee NAME] [--scenario ID]`: past sessions and per-principle trends."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import unicodedata
from pathlib import Path

ARROWS = {"up": "↑", "down": "↓", "flat": "→"}
OUTCOMES = {
    "success": "成功 success",
    "partial": "部分 partial",
    "fail": "失败 fail",
    "abandoned": "未完 abandoned",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `history` subcommand."""
    parser = sub.add_parser(
        "history",
        help="历史记录与进步趋势 / past sessions and per-principle trends",
        description="列出已记录的会话，并按原则给出趋势（近期会话权重更高）。"
        " / List recorded sessions and, per principle, a trend where recent sessions weigh more.",
    )
    parser.add_argument("--trainee", default=None, help="只看此学员 / only this trainee")
    parser.add_argument("--scenario", default=None, help="只看此场景 / only this scenario id")
    add_db_argument(parser)
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.set_defaults(func=run)


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """The --db option shared by history commands."""
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="历史数据库路径（默认在 $PARLEY_HOME）/ history database (default under $PARLEY_HOME)",
    )


def width(text: str) -> int:
    """Terminal cells `text` takes: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cells: int) -> str:
    """`text` padded with spaces to `cells` terminal cells."""
    return text + " " * max(0, cells - width(text))


def run(args: argparse.Namespace) -> int:
    """Print the sessions and the trends."""
    from simulator.report import principle_names
    from simulator.store import HistoryStore, StoreError, trends

    try:
        with HistoryStore(args.db) as store:
            records = store.sessions(trainee=args.trainee, scenario=args.scenario)
    except (StoreError, sqlite3.Error) as exc:
        print(f"历史数据库出错 / history database error: {exc}", file=sys.stderr)
        return 1
    trainees = sorted({r.trainee for r in records})
    by_trainee = {name: trends([r for r in records if r.trainee == name]) for name in trainees}
    if args.json:
        payload = {
            "sessions": [
                {
                    "trainee": r.trainee,
                    "scenario": r.scenario,
                    "content_hash": r.content_hash,
                    "rubric_version": r.rubric_version,
                    "mode": r.mode,
                    "outcome": r.outcome,
                    "ending": r.ending,
                    "grade": r.grade,
                    "turns": r.turns,
                    "started_at": r.started_at,
                    "ended_at": r.ended_at,
                    "transcript": r.transcript,
                    "principles": dict(r.principles),
                    "areas": dict(r.areas),
                }
                for r in records
            ],
            "trends": {
                name: {
                    pid: {
                        "sessions": tr.sessions,
                        "mean": round(tr.mean, 1),
                        "weighted": round(tr.weighted, 1),
                        "change": round(tr.change, 1),
                        "last": tr.last,
                        "direction": tr.direction,
                    }
                    for pid, tr in trend.items()
                }
                for name, trend in by_trainee.items()
            },
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print("还没有记录 / no sessions recorded yet (play one, or `parley import PATHS…`)")
        return 0
    print(f"共 {len(records)} 次会话 / {len(records)} sessions")
    header = [("开始 started", 17), ("学员 trainee", 14), ("场景 scenario", 30)]
    header += [("模式 mode", 11), ("结局 outcome", 16), ("得分 grade", 10)]
    print("  ".join(pad(h, w) for h, w in header))
    for r in records:
        cells = [
            r.started_at[:16].replace("T", " "),
            r.trainee,
            r.scenario,
            r.mode,
            OUTCOMES.get(r.outcome, r.outcome),
            "-" if r.grade is None else str(r.grade),
        ]
        print("  ".join(pad(c, w) for c, (_, w) in zip(cells, header, strict=True)))
    names = principle_names()
    for name, trend in by_trainee.items():
        if not trend:
            continue
        print()
        print(
            f"原则趋势 / principle trends — {name}（近期会话权重更高 / recent sessions weigh more）"
        )
        print(
            "  "
            + pad("原则 principle", 46)
            + pad("次数 n", 8)
            + pad("均分 mean", 11)
            + pad("近期 recent", 13)
            + "变化 change"
        )
        ordered = sorted(trend.values(), key=lambda tr: (tr.weighted, tr.principle))
        for tr in ordered:
            label = names.get(tr.principle)
            title = f"{label.zh} {tr.principle}" if label else tr.principle
            print(
                "  "
                + pad(title, 45)
                + " "
                + pad(str(tr.sessions), 8)
                + pad(f"{tr.mean:.0f}", 11)
                + pad(f"{tr.weighted:.0f}", 13)
                + (f"{ARROWS[tr.direction]} {tr.change:+.0f}" if tr.sessions > 1 else "—")
            )
    return 0
