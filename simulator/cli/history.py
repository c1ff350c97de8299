"""`parley history [--trainee NAME] [--scenario ID] [--group G] [--since DATE]`: past sessions,
finished and abandoned apart, and per-principle trends grouped by the database."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.store import HistoryStore, NoteRecord, SessionRecord, TraineeSummary, Trend

ARROWS = {"up": "↑", "down": "↓", "flat": "→"}
OUTCOMES = {
    "success": "成功 success",
    "partial": "部分 partial",
    "fail": "失败 fail",
    "abandoned": "未完 abandoned",
}


#: How many of a principle's latest scores the trends list, oldest first.
LAST_SHOWN = 3
#: Above this many trainees, the trends are summed up one line per trainee.
DETAILED_TRAINEES = 5


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `history` subcommand."""
    parser = sub.add_parser(
        "history",
        help="历史记录与进步趋势 / past sessions and per-principle trends",
        description="列出已记录的会话（已完成与未完成分开），并按原则给出趋势（近期会话权重更高）。"
        " / List recorded sessions (finished and abandoned apart) and, per principle, a trend"
        " where recent sessions weigh more.",
    )
    parser.add_argument("--trainee", default=None, help="只看此学员 / only this trainee")
    parser.add_argument("--scenario", default=None, help="只看此场景 / only this scenario id")
    add_filter_arguments(parser)
    parser.add_argument(
        "--limit",
        type=int,
        default=30,
        help="列出最近多少次会话(默认 30)/ how many recent sessions to list (default 30)",
    )
    parser.add_argument("--all", action="store_true", help="列出全部会话 / list every session")
    parser.add_argument(
        "--notes",
        nargs="?",
        const="",
        default=None,
        metavar="LABEL",
        help="列出导入的教练批注(可按标签)/ list the coach notes imported with the transcripts"
        " (optionally one label: missed, better, avoid, try)",
    )
    add_db_argument(parser)
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    parser.set_defaults(func=run)


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """The --db option shared by history commands."""
    parser.add_argument(
        "--db",
        default=None,
        help="历史数据库：文件路径或 postgresql:// 地址（默认 $PARLEY_DATABASE_URL，否则"
        " $PARLEY_HOME 下的文件）/ history database: a file path or a postgresql:// URL (default:"
        " $PARLEY_DATABASE_URL, else a file under $PARLEY_HOME)",
    )


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """--group and --since, shared by history and cohort."""
    parser.add_argument("--group", default=None, help="只看此学员组 / only this cohort")
    parser.add_argument(
        "--since",
        default=None,
        type=since_date,
        help="只看此日期之后开始的会话 / only sessions started on or after this date (YYYY-MM-DD)",
    )


def since_date(text: str) -> str:
    """An ISO date (YYYY-MM-DD) as given, or argparse's clear error."""
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: 日期应为 YYYY-MM-DD / a date is written YYYY-MM-DD, e.g. 2026-03-01"
        ) from None


@lru_cache(maxsize=8192)
def width(text: str) -> int:
    """Terminal cells `text` takes: wide (CJK) characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cells: int) -> str:
    """`text` padded with spaces to `cells` terminal cells."""
    return text + " " * max(0, cells - width(text))


def group_filter(store: HistoryStore, group: str | None) -> list[str] | None:
    """The trainees of `group` (None: no group asked); StoreError when there is no such group."""
    from simulator.store import StoreError

    if group is None:
        return None
    members = store.cohort_members(group)
    if not members:
        known = ", ".join(store.cohorts()) or "-"
        raise StoreError(
            f"没有学员组 {group!r} / no cohort named {group!r} (cohorts: {known});"
            f" add trainees with `parley cohort add {group} NAME…`"
        )
    return members


def run(args: argparse.Namespace) -> int:
    """Print the sessions and the trends."""
    from simulator.store import StoreError, open_store

    try:
        with open_store(args.db) as store:
            try:
                return _show(store, args)
            except store.errors as exc:
                raise StoreError(f"{store.where}: {exc}") from None
    except StoreError as exc:
        print(f"历史数据库出错 / history database error: {exc}", file=sys.stderr)
        return 1


def principle_names() -> dict[str, str]:
    """Principle id -> Chinese name, from the bundled catalog.

    The names are kept in a small JSON file in the data folder's cache, keyed on the catalog
    file's path, size and modification time: reading the YAML (importing the parser compiles
    its rules) took half of `parley history`'s start-up, more than the query at 100,000
    sessions. The catalog is read for its names alone when the cache is absent or stale.
    """
    from simulator.library import bundled_catalog_path, data_dir

    source = bundled_catalog_path()
    cached = data_dir() / "cache" / "principle-names.json"
    try:
        st = source.stat()
        key = f"{source}\0{st.st_size}\0{st.st_mtime_ns}"
    except OSError:
        return {}
    try:
        stored = json.loads(cached.read_text(encoding="utf-8"))
        if stored["key"] == key and isinstance(stored["names"], dict):
            return {str(k): str(v) for k, v in stored["names"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        pass  # absent, torn or stale: read the catalog
    names = _catalog_names(source)
    if names:
        _keep(cached, json.dumps({"key": key, "names": names}, ensure_ascii=False))
    return names


def _catalog_names(source: Path) -> dict[str, str]:
    import yaml

    from simulator.yamlsource import SAFE_LOADER

    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        return {str(p["id"]): str(p["name"].get("zh", "")) for p in data["principles"]}
    except Exception:  # a history without principle names beats no history
        return {}


def _keep(path: Path, text: str) -> None:
    """Write a cache file whole (a temporary file renamed over it); a failure only costs time."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError:
        pass


#: How many recorded names a hint lists.
NAMES_SHOWN = 12


def _unknown_names(store: HistoryStore, args: argparse.Namespace) -> list[str]:
    """For a --scenario or --trainee that no recorded session has at all (a typo, most
    likely): the names that are recorded, and the closest one."""
    import difflib

    tried = store.tried()
    asked = (
        ("scenario", "场景", args.scenario, sorted({s for by in tried.values() for s in by})),
        ("trainee", "学员", args.trainee, sorted(tried)),
    )
    lines: list[str] = []
    for what, zh, name, known in asked:
        if not name or name in known:
            continue
        shown = ", ".join(known[:NAMES_SHOWN]) + (" …" if len(known) > NAMES_SHOWN else "")
        lines.append(f"历史里没有{zh} {name}；有记录的{zh}：{shown}")
        lines.append(f"  / no {what} {name} in the history; recorded: {shown}")
        close = difflib.get_close_matches(name, known, n=1)
        if close:
            lines.append(f"  是不是想找 / did you mean: --{what} {close[0]}")
    return lines


def _show(store: HistoryStore, args: argparse.Namespace) -> int:
    filters = {
        "trainee": args.trainee,
        "scenario": args.scenario,
        "since": args.since,
        "trainees": group_filter(store, args.group),
    }
    limit = None if args.all else max(0, args.limit)
    if args.notes is not None:
        return _show_notes(store, filters, args)
    by_trainee = store.trends_by_trainee(**filters)
    if args.json:
        records = store.sessions(**filters, limit=None if args.all or args.json else limit)
        payload = {
            "sessions": [_session_json(r) for r in records],
            "trends": {
                name: {pid: _trend_json(tr) for pid, tr in trend.items()}
                for name, trend in by_trainee.items()
            },
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    summaries = store.trainee_summaries(**filters)
    total = sum(s.sessions for s in summaries)
    finished = sum(s.finished for s in summaries)
    if not total:
        named = [f"{k}={v}" for k, v in filters.items() if v and k != "trainees"]
        if args.group:
            named.append(f"group={args.group}")
        if named and sum(s.sessions for s in store.trainee_summaries()):
            # Sessions exist, none of them match: say so, not that nothing was ever played.
            shown = ", ".join(named)
            print(
                f"没有符合 {shown} 的记录（去掉筛选条件可看全部）"
                f" / no sessions match {shown} (drop the filter to see them all)"
            )
            for line in _unknown_names(store, args):
                print(line)
            return 0
        print("还没有记录 / no sessions recorded yet (play one, or `parley import PATHS…`)")
        return 0
    out: list[str] = []
    out.append(
        f"共 {total} 次会话：完成 {finished}，未完成 {total - finished}"
        f" / {total} sessions: {finished} finished, {total - finished} abandoned"
    )
    done = store.sessions(**filters, finished=True, limit=limit)
    if done:
        out.append("")
        out.append(_listed("已完成的会话 / finished sessions", len(done), finished))
        header = [("开始 started", 17), ("学员 trainee", 14), ("场景 scenario", 30)]
        header += [("模式 mode", 11), ("结局 outcome", 16), ("得分 grade", 10)]
        out.append("  ".join(pad(h, w) for h, w in header))
        for r in done:
            cells = [
                r.started_at[:16].replace("T", " "),
                r.trainee,
                r.scenario,
                r.mode,
                OUTCOMES.get(r.outcome, r.outcome),
                "-" if r.grade is None else str(r.grade),
            ]
            out.append("  ".join(pad(c, w) for c, (_, w) in zip(cells, header, strict=True)))
    quit_count = total - finished
    if quit_count:
        quit_sessions = store.sessions(**filters, finished=False, limit=limit)
        out.append("")
        out.append(
            _listed(
                "未完成的会话（没有得分）/ abandoned sessions (no grade)",
                len(quit_sessions),
                quit_count,
            )
        )
        header = [("开始 started", 17), ("学员 trainee", 14), ("场景 scenario", 30)]
        header += [("模式 mode", 11), ("已进行 turns played", 20)]
        out.append("  ".join(pad(h, w) for h, w in header))
        for r in quit_sessions:
            cells = [
                r.started_at[:16].replace("T", " "),
                r.trainee,
                r.scenario,
                r.mode,
                f"{r.turns} 轮 turns",
            ]
            out.append("  ".join(pad(c, w) for c, (_, w) in zip(cells, header, strict=True)))
    names = principle_names()
    if len(by_trainee) > DETAILED_TRAINEES:
        out.append("")
        out += _trainee_lines(summaries, by_trainee, names)
    else:
        for name, trend in by_trainee.items():
            out.append("")
            out += _trend_lines(name, trend, names)
    print("\n".join(out))
    return 0


def _show_notes(store: HistoryStore, filters: dict[str, object], args: argparse.Namespace) -> int:
    from simulator.notes import LABELS

    notes = store.notes(**filters, label=args.notes or None)
    if args.json:
        print(json.dumps([_note_json(n) for n in notes], ensure_ascii=False, indent=2))
        return 0
    if not notes:
        print(
            "没有教练批注 / no coach notes (notes travel beside transcripts into `parley import`)"
        )
        return 0
    for n in notes:
        label = LABELS.get(n.label)
        name = f"{label.zh} {label.en}" if label else n.label
        who = f" — {n.author}" if n.author else ""
        when = n.started_at[:16].replace("T", " ")
        turn = f"第 {n.turn + 1} 轮 turn {n.turn + 1}"
        print(f"{when}  {n.trainee}  {n.scenario}  {turn}  [{name}]{who}")
        print(f"    {n.text}")
    return 0


def _note_json(n: NoteRecord) -> dict[str, object]:
    return {
        "trainee": n.trainee,
        "scenario": n.scenario,
        "started_at": n.started_at,
        "transcript": n.transcript,
        "turn": n.turn,
        "node": n.node,
        "label": n.label,
        "author": n.author,
        "time": n.time,
        "text": n.text,
    }


def _listed(title: str, shown: int, total: int) -> str:
    if shown == total:
        return title
    return (
        f"{title} — 最近 {shown} 次，共 {total} / latest {shown} of {total} (--all for every one)"
    )


def _trend_lines(name: str, trend: dict[str, Trend], names: Mapping[str, str]) -> list[str]:
    out = [f"原则趋势 / principle trends — {name}（近期会话权重更高 / recent sessions weigh more）"]
    out.append(
        "  "
        + pad("原则 principle", 46)
        + pad("次数 n", 8)
        + pad("均分 mean", 11)
        + pad("近期 recent", 13)
        + pad("最近几次 last", 18)
        + "变化 change"
    )
    for tr in sorted(trend.values(), key=lambda tr: (tr.weighted, tr.principle)):
        label = names.get(tr.principle)
        title = f"{label} {tr.principle}" if label else tr.principle
        out.append(
            "  "
            + pad(title, 45)
            + " "
            + pad(str(tr.sessions), 8)
            + pad(f"{tr.mean:.0f}", 11)
            + pad(f"{tr.weighted:.0f}", 13)
            + pad(" → ".join(str(x) for x in tr.recent[-LAST_SHOWN:]) or str(tr.last), 18)
            + (f"{ARROWS[tr.direction]} {_signed(tr.change)}" if tr.sessions > 1 else "—")
        )
    out.append(
        "  近期：越近的会话权重越高的均分；变化：最近一次会话让近期均分变了多少"
        " / recent: a mean where later sessions weigh more; change: how far the latest"
        " session moved it"
    )
    return out


def _trainee_lines(
    summaries: Sequence[TraineeSummary],
    by_trainee: dict[str, dict[str, Trend]],
    names: Mapping[str, str],
) -> list[str]:
    """One line per trainee: sessions, mean grade, and the weakest principle now."""
    out = [
        f"学员概况 / trainees ({len(summaries)});"
        " 单个学员的原则趋势见 --trainee NAME / per-principle trends: --trainee NAME"
    ]
    out.append(
        "  "
        + pad("学员 trainee", 16)
        + pad("完成/未完 done/quit", 21)
        + pad("平均分 mean", 13)
        + "最弱原则 weakest principle (近期 recent)"
    )
    for s in summaries:
        trend = by_trainee.get(s.trainee, {})
        weakest = min(trend.values(), key=lambda tr: (tr.weighted, tr.principle), default=None)
        if weakest is None:
            weak = "-"
        else:
            label = names.get(weakest.principle)
            weak = f"{label or weakest.principle} {weakest.weighted:.0f}"
            weak += f" {ARROWS[weakest.direction]}" if weakest.sessions > 1 else ""
        mean = "-" if s.mean_grade is None else f"{s.mean_grade:.0f}"
        out.append(
            "  "
            + pad(s.trainee, 16)
            + pad(f"{s.finished} / {s.abandoned}", 21)
            + pad(mean, 13)
            + weak
        )
    return out


def _session_json(r: SessionRecord) -> dict[str, object]:
    return {
        "trainee": r.trainee,
        "scenario": r.scenario,
        "content_hash": r.content_hash,
        "rubric_version": r.rubric_version,
        "mode": r.mode,
        "outcome": r.outcome,
        "finished": r.finished,
        "ending": r.ending,
        "grade": r.grade,
        "turns": r.turns,
        "started_at": r.started_at,
        "ended_at": r.ended_at,
        "transcript": r.transcript,
        "principles": dict(r.principles),
        "areas": dict(r.areas),
    }


def _trend_json(tr: Trend) -> dict[str, object]:
    return {
        "sessions": tr.sessions,
        "mean": round(tr.mean, 1),
        "weighted": round(tr.weighted, 1),
        "change": round(tr.change, 1),
        "last": tr.last,
        "recent": list(tr.recent),
        "direction": tr.direction,
    }


def _signed(change: float) -> str:
    """A change in points as shown: "+3", "-2", and "0" for less than half a point either way
    (never "-0")."""
    rounded = round(change)
    return f"{rounded:+d}" if rounded else "0"
