"""`parley xapi`: sessions as xAPI statements, sent to an LRS or written to a JSONL file."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.transcript import Transcript
    from simulator.xapi import XapiConfig


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `xapi` subcommand."""
    from simulator.xapi import DEFAULT_ACTIVITY_BASE, DEFAULT_HOME_PAGE, DEFAULT_PASSING_GRADE

    parser = sub.add_parser(
        "xapi",
        help="把会话发送到 LRS(xAPI)/ send sessions to an LRS as xAPI statements",
        description="把会话转为 xAPI 1.0.3 语句,发送到 LRS 或写入 JSONL 文件。不给路径和 --since 时"
        "处理历史中的全部会话;已被该 LRS 接收的语句不再发送。"
        " / Turn sessions into xAPI 1.0.3 statements and send them to an LRS or write them to a"
        " JSONL file. Without PATHS or --since, every session in the history; statements an LRS"
        " already stored are not sent to it again (see docs/serve.md).",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATHS",
        help="记录文件或目录 / transcripts or folders",
    )
    parser.add_argument(
        "--since",
        type=_date,
        default=None,
        metavar="DATE",
        help="只处理此后开始的会话(历史中)/ sessions in the history started on or after DATE"
        " (YYYY-MM-DD or an ISO time)",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--lrs", metavar="URL", help="LRS 地址 / the LRS's xAPI endpoint")
    target.add_argument(
        "--out", type=Path, metavar="FILE.jsonl", help="写入文件 / write statements to a file"
    )
    parser.add_argument("--user", default=None, help="LRS 用户 / LRS user ($PARLEY_LRS_USER)")
    parser.add_argument(
        "--password", default=None, help="LRS 密码 / LRS password ($PARLEY_LRS_PASSWORD)"
    )
    parser.add_argument(
        "--home-page",
        default=DEFAULT_HOME_PAGE,
        metavar="URL",
        help="学员账号所在的主页 / home page of trainee accounts (the LMS or sign-on address;"
        f" default {DEFAULT_HOME_PAGE})",
    )
    parser.add_argument(
        "--mbox-map",
        type=Path,
        default=None,
        metavar="FILE.csv",
        help="学员姓名与邮箱对照表 / CSV of trainee,email: these trainees are sent as mbox",
    )
    parser.add_argument(
        "--mbox-domain",
        default=None,
        metavar="DOMAIN",
        help="其余学员用 姓名@域名 / other trainees as NAME@DOMAIN (names must be logins)",
    )
    parser.add_argument(
        "--activity-base",
        default=DEFAULT_ACTIVITY_BASE,
        metavar="IRI",
        help=f"场景 IRI 前缀 / base of scenario IRIs (default {DEFAULT_ACTIVITY_BASE})",
    )
    parser.add_argument(
        "--passing-grade",
        type=int,
        default=DEFAULT_PASSING_GRADE,
        metavar="N",
        help="通过所需分数(且须成功结局)/ grade a success ending needs to pass"
        f" (default {DEFAULT_PASSING_GRADE})",
    )
    parser.add_argument(
        "--resend",
        action="store_true",
        help="忽略发送记录,全部重发 / send again what the LRS already stored (it keeps one copy)",
    )
    parser.add_argument(
        "--batch",
        type=_positive,
        default=500,
        metavar="N",
        help="每次 POST 最多 N 条语句(整次会话不拆开)/ at most N statements per POST, whole"
        " sessions (default 500); an LRS stores or rejects a POST as a whole",
    )
    add_db_argument(parser)
    parser.set_defaults(func=run)


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """--db, as the history commands have it."""
    from simulator.cli.history import add_db_argument as add

    add(parser)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数 / not a positive whole number: {text!r}")
    return value


def _date(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期格式应为 YYYY-MM-DD / not a date: {text!r} (use YYYY-MM-DD)"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


def _fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


def _config(args: argparse.Namespace) -> XapiConfig | str:
    from simulator.xapi import XapiConfig

    mbox: dict[str, str] = {}
    if args.mbox_map is not None:
        try:
            with open(args.mbox_map, encoding="utf-8-sig", newline="") as f:
                for lineno, row in enumerate(csv.reader(f), start=1):
                    if not row or not "".join(row).strip() or row[0].startswith("#"):
                        continue
                    if len(row) < 2 or "@" not in row[1]:
                        if lineno == 1:
                            continue  # a header line (trainee,email)
                        return f"{args.mbox_map}:{lineno}: 应为 姓名,邮箱 / expected trainee,email"
                    mbox[row[0].strip()] = row[1].strip()
        except OSError as exc:
            return f"{args.mbox_map}: 无法读取 / cannot read: {exc.strerror}"
    for name, value in (("--home-page", args.home_page), ("--activity-base", args.activity_base)):
        if not value.startswith(("http://", "https://")):
            return f"{name} 应为 http(s) 地址 / {name} must be an http(s) URL: {value!r}"
    return XapiConfig(
        home_page=args.home_page,
        mbox_map=mbox,
        mbox_domain=args.mbox_domain,
        activity_base=args.activity_base,
        passing_grade=args.passing_grade,
    )


def _transcripts(args: argparse.Namespace) -> tuple[list[Transcript], list[str]]:
    """The transcripts named, or those of the history (since --since); and what went wrong."""
    from simulator.store import HistoryStore, StoreError
    from simulator.transcript import TranscriptError, find_transcripts, read_transcript

    problems: list[str] = []
    if args.paths:
        paths = find_transcripts(args.paths)
    else:
        try:
            with HistoryStore(args.db) as store:
                records = store.sessions()
        except StoreError as exc:
            return [], [f"历史数据库出错 / history database error: {exc}"]
        paths = []
        for record in records:
            if args.since is not None:
                try:
                    started = datetime.fromisoformat(record.started_at)
                except ValueError:
                    continue
                if (started if started.tzinfo else started.astimezone()) < args.since:
                    continue
            paths.append(Path(record.transcript))
    found: list[Transcript] = []
    for path in paths:
        try:
            found.append(read_transcript(path))
        except TranscriptError as exc:
            problems.append(str(exc))
    return found, problems


def run(args: argparse.Namespace) -> int:
    """Build the statements, then write them or send them session by session."""
    from simulator.lrs import Ledger, Lrs, LrsError
    from simulator.xapi import XapiError, statements

    if args.paths and args.since is not None:
        return _fail("PATHS 与 --since 只能二选一 / give PATHS or --since, not both", 2)
    config = _config(args)
    if isinstance(config, str):
        return _fail(config, 2)
    transcripts, problems = _transcripts(args)
    for problem in problems:
        print(problem, file=sys.stderr)
    batches: list[tuple[Transcript, list[dict[str, Any]]]] = []
    for transcript in transcripts:
        try:
            batches.append((transcript, statements(transcript, config)))
        except XapiError as exc:
            problems.append(f"{transcript.path}: {exc}")
            print(problems[-1], file=sys.stderr)
    if args.out is not None:
        return _write(args.out, batches, problems)

    user = args.user or os.environ.get("PARLEY_LRS_USER")
    password = args.password
    if password is None:
        password = os.environ.get("PARLEY_LRS_PASSWORD")
    lrs = Lrs(args.lrs, user, password)
    ledger = Ledger()
    already = ledger.sent(args.lrs)
    pending: list[tuple[Transcript, list[dict[str, Any]]]] = []
    skipped = 0
    seen: set[str] = set()
    for transcript, made in batches:
        # The same transcript named twice (a file and its folder, or a copy) is sent once.
        made = [s for s in made if s["id"] not in seen]
        seen.update(s["id"] for s in made)
        todo = made if args.resend else [s for s in made if s["id"] not in already]
        skipped += len(made) - len(todo)
        if todo:
            pending.append((transcript, todo))
    sent = sessions = new = 0
    for group in _groups(pending, args.batch):
        flat = [s for _, todo in group for s in todo]
        try:
            new += len(lrs.send(flat))
        except LrsError as exc:
            print(_blame(exc, group), file=sys.stderr)
            print(
                f"此前已发送 {sent} 条语句({sessions} 次会话),其余未发送 / sent {sent} "
                f"statements ({sessions} sessions) before this; the rest were not sent",
                file=sys.stderr,
            )
            return 1
        try:
            for transcript, todo in group:
                ledger.record(
                    args.lrs, transcript.identity, str(transcript.path), [s["id"] for s in todo]
                )
        except OSError as exc:
            print(
                f"{ledger.path}: 无法记录发送情况 / cannot record what was sent ({exc.strerror});"
                " the LRS has the statements, and sending them again changes nothing there",
                file=sys.stderr,
            )
            return 1
        sent += len(flat)
        sessions += len(group)
    print(
        f"已发送 {sent} 条语句({sessions} 次会话)到 {lrs.url},其中 {new} 条是 LRS 新存的;"
        f"{skipped} 条此前已发送,未再发送 / sent {sent} statements ({sessions} sessions) to "
        f"{lrs.url}, {new} of them new to the LRS; {skipped} sent before were skipped"
    )
    return 1 if problems else 0


Batch = list[tuple["Transcript", list[dict[str, Any]]]]


def _groups(pending: Batch, size: int) -> list[Batch]:
    """Whole sessions in POSTs of at most `size` statements (a longer session goes alone)."""
    groups: list[Batch] = []
    current: Batch = []
    count = 0
    for item in pending:
        if current and count + len(item[1]) > size:
            groups.append(current)
            current, count = [], 0
        current.append(item)
        count += len(item[1])
    if current:
        groups.append(current)
    return groups


def _blame(exc: Exception, group: Batch) -> str:
    """The LRS's refusal, naming the session at fault when the LRS says which statement."""
    from simulator.lrs import LrsError

    index = exc.statement_index if isinstance(exc, LrsError) else None
    if index is not None:
        position = 0
        for transcript, todo in group:
            if position <= index < position + len(todo):
                return f"{transcript.path}: {exc}"
            position += len(todo)
    if len(group) == 1:
        return f"{group[0][0].path}: {exc}"
    names = ", ".join(str(t.path) for t, _ in group[:5]) + (" …" if len(group) > 5 else "")
    return f"{exc}\n    这一批的会话 / sessions in this batch: {names}"


def _write(
    out: Path, batches: list[tuple[Transcript, list[dict[str, Any]]]], problems: list[str]
) -> int:
    lines = [json.dumps(s, ensure_ascii=False) + "\n" for _, made in batches for s in made]
    if str(out) == "-":
        sys.stdout.writelines(lines)
        return 1 if problems else 0
    partial = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "w", encoding="utf-8") as f:
            f.writelines(lines)
            f.flush()
            os.fsync(f.fileno())
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        return _fail(f"{out}: 无法写入 / cannot write: {exc.strerror}")
    print(
        f"已写入 {len(lines)} 条语句({len(batches)} 次会话)/ wrote {len(lines)} statements "
        f"({len(batches)} sessions) to {out}"
    )
    return 1 if problems else 0
