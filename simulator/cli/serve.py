"""`parley serve`: the rehearsal app in browsers, for trainees who cannot run a terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.scenario_arg import add_content_argument


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `serve` subcommand."""
    parser = sub.add_parser(
        "serve",
        help="在浏览器中提供演练 / serve the rehearsal app to browsers",
        description="用 textual-serve 把演练界面提供给浏览器:每位访客一个独立进程,开始时询问姓名;"
        "记录和历史保存在本机的数据目录和历史数据库中。默认只监听本机。"
        " / Serve the app to browsers with textual-serve: one app process per visitor, who is"
        " asked their name first; transcripts and history stay in this machine's data folder"
        " and history database. Listens on this machine only unless told otherwise"
        " (docs/serve.md: reverse proxy, TLS, limits).",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="监听地址 / address to listen on (default 127.0.0.1: this machine only;"
        " 0.0.0.0: every interface)",
    )
    parser.add_argument("--port", type=_port, default=8000, help="端口 / port (default 8000)")
    parser.add_argument(
        "--public-url",
        default=None,
        metavar="URL",
        help="浏览器访问的地址(在反向代理之后时)/ the URL browsers use, when a reverse proxy"
        " stands in front (e.g. https://parley.example.com); default: the address asked for",
    )
    parser.add_argument(
        "--max-sessions",
        type=_count,
        default=0,
        metavar="N",
        help="同时会话上限(0 为不限)/ at most N visitors at once, each an app process;"
        " more are asked to try again later (default 0: no limit)",
    )
    parser.add_argument(
        "--trainee-header",
        default=None,
        metavar="HEADER",
        help="由登录代理提供学员姓名的请求头 / take the trainee's name from this request header,"
        " set by the sign-on proxy in front (e.g. X-Remote-User); the name is then not asked."
        " Only behind such a proxy: anyone reaching the server directly could set it",
    )
    parser.add_argument("--lang", dest="lang_sub", choices=("zh", "en"), default=None)
    add_content_argument(parser)
    parser.set_defaults(func=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"端口应为数字 / not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"端口应在 1–65535 / port out of range: {port}")
    return port


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数 / not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"不能为负数 / cannot be negative: {value}")
    return value


def run(args: argparse.Namespace) -> int:
    """Check the address, then serve until Ctrl+C or SIGTERM."""
    try:
        from simulator.web.server import ParleyServer, ServeError, bind_message, visitor_command
    except ImportError as exc:
        print(
            f"parley serve 需要 textual-serve / parley serve needs textual-serve ({exc.name} is"
            " not installed): pip install '.[serve]' in the Parley checkout",
            file=sys.stderr,
        )
        return 1
    public_url = args.public_url
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        print(
            f"--public-url 应以 http:// 或 https:// 开头 / --public-url must start with http:// "
            f"or https://: {public_url!r}",
            file=sys.stderr,
        )
        return 2
    lang = getattr(args, "lang_sub", None) or getattr(args, "lang", None)
    content = [Path(p) for p in args.content]
    missing = [p for p in content if not p.exists()]
    if missing:
        print(f"找不到 / not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    server = ParleyServer(
        visitor_command(lang, content),
        host=args.host,
        port=args.port,
        public_url=public_url,
        max_sessions=args.max_sessions,
        trainee_header=args.trainee_header,
        lang=lang,
        content=content,
    )
    try:
        server.check_bind()
        server.serve()
    except ServeError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:  # lost the race for the address after the check
        print(bind_message(args.host, args.port, exc), file=sys.stderr)
        return 1
    return 0
