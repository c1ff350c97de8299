"""`parley serve`: the Parley app in browsers, one app process per visitor, via textual-serve.

textual-serve's `Server` starts a command for each browser that opens the page's websocket and
pipes the terminal through it. Parley's server adds what a training department's IT expects:
a page of its own that loads nothing from the internet, URLs built from the address the browser
used (so `--host 0.0.0.0` works without `--public-url`), a limit on concurrent sessions with a
"try again later" answer instead of an overloaded machine, and bind errors told in words.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from simulator.trainee import check_name

log = logging.getLogger("parley.serve")

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: WebSocket close code 1013, "try again later": the browser gets no app while all seats are taken.
TRY_AGAIN_LATER = 1013
#: Seconds the visitors' apps get to quit when the server stops, before they are killed.
SHUTDOWN_WAIT = 10.0
#: WebSocket close code 1008, "policy violation": no signed-on name where one is required.
POLICY_VIOLATION = 1008

BUSY_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Parley</title>
<meta http-equiv="refresh" content="30"></head>
<body style="font-family: sans-serif; margin: 3em;">
<h1>Parley</h1>
<p>现在同时练习的人数已满（{limit} 人）。请稍后再试，本页每 30 秒自动刷新。</p>
<p>All {limit} practice seats are in use right now. Please try again in a few minutes;
this page reloads itself every 30 seconds.</p>
</body></html>
"""


class ServeError(Exception):
    """The server cannot start (the address is taken, not this machine's, not allowed)."""


def visitor_command(
    lang: str | None, content: Sequence[Path] = (), trainee: str | None = None
) -> str:
    """The shell command textual-serve runs for a visitor: the app, asking the name unless known."""
    argv = [sys.executable, "-m", "simulator", "tui", "--visitor"]
    if lang is not None:
        argv += ["--lang", lang]
    for path in content:
        argv += ["--content", str(Path(path).resolve())]
    if trainee is not None:
        argv += ["--trainee", trainee]
    return shlex.join(argv)


class ParleyServer(Server):
    """textual-serve's server with Parley's page, a session limit and request-derived URLs."""

    def __init__(
        self,
        command: str,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        public_url: str | None = None,
        max_sessions: int = 0,
        title: str = "Parley · 客户沟通演练",
        trainee_header: str | None = None,
        lang: str | None = None,
        content: Sequence[Path] = (),
    ) -> None:
        super().__init__(
            command,
            host=host,
            port=port,
            title=title,
            public_url=public_url.rstrip("/") if public_url else None,
            templates_path=TEMPLATES,
        )
        self.given_public_url = public_url.rstrip("/") if public_url else None
        """The URL browsers reach the server at, when a proxy stands in front (else None)."""
        self.max_sessions = max_sessions
        """At most this many visitors at once (0: no limit)."""
        self.active = 0
        """Visitors connected now, each with its own app process."""
        self.services: set[AppService] = set()
        """The app processes running now, stopped with the server."""
        self.trainee_header = trainee_header
        """A request header, set by the sign-on proxy in front, that carries the trainee's name."""
        self.lang = lang
        self.content = tuple(content)

    # -- pages ----------------------------------------------------------------------------------

    def _base_url(self, request: web.Request) -> str:
        """Where the browser reaches us: --public-url, else the scheme and host it asked for."""
        if self.given_public_url:
            return self.given_public_url
        return f"{request.scheme}://{request.host}"

    def _full(self) -> bool:
        return self.max_sessions > 0 and self.active >= self.max_sessions

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        """The page that opens the app; a 503 page while every seat is taken."""
        if self._full():
            return web.Response(
                text=BUSY_PAGE.format(limit=self.max_sessions),
                status=503,
                content_type="text/html",
                headers={"Retry-After": "30"},
            )
        import aiohttp_jinja2

        base = self._base_url(request)
        router = request.app.router
        ws_url = f"{base}{router['websocket'].url_for()}"
        ws_url = ("wss:" if ws_url.startswith("https:") else "ws:") + ws_url.split(":", 1)[1]
        static = f"{base}{router['static'].url_for(filename='/')}".rstrip("/") + "/"
        context: dict[str, Any] = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws_url,
            "config": {"static": {"url": static}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start an app process for this visitor, unless every seat is taken."""
        if self._full():
            websocket = web.WebSocketResponse()
            await websocket.prepare(request)
            await websocket.close(code=TRY_AGAIN_LATER, message=b"all seats are in use")
            log.warning("visitor from %s turned away: %d sessions", request.remote, self.active)
            return websocket
        command = self.command
        if self.trainee_header is not None:
            name, problem = check_name(request.headers.get(self.trainee_header, ""))
            if problem is not None:
                # The proxy should have signed the visitor on: without a usable name, no app.
                websocket = web.WebSocketResponse()
                await websocket.prepare(request)
                await websocket.close(code=POLICY_VIOLATION, message=b"no trainee name")
                log.warning(
                    "visitor from %s turned away: header %s %s",
                    request.remote,
                    self.trainee_header,
                    "missing" if problem == "name.empty" else "unusable",
                )
                return websocket
            command = visitor_command(self.lang, self.content, trainee=name)
        self.active += 1
        log.info("visitor from %s connected (%d active)", request.remote, self.active)
        try:
            return await self._run_app(request, command)
        finally:
            self.active -= 1
            log.info("visitor from %s left (%d active)", request.remote, self.active)

    async def _run_app(self, request: web.Request, command: str) -> web.WebSocketResponse:
        """textual-serve's websocket handler, running this visitor's own command.

        The same steps as `Server.handle_websocket`, which always runs `self.command`.
        """
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            self.services.add(app_service)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a visitor's failure is logged; the server goes on
            log.exception(error)
        finally:
            if app_service is not None:
                self.services.discard(app_service)
                await app_service.stop()
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """Stop every visitor's app with the server, so none is left running on its own.

        Each is told to quit (its finished turns are on disk and it records the session as
        abandoned); one that has not gone within SHUTDOWN_WAIT seconds is killed.
        """
        services = list(self.services)
        if not services:
            return
        log.info("stopping %d visitor app(s)", len(services))
        done = asyncio.gather(*(s.stop() for s in services), return_exceptions=True)
        try:
            await asyncio.wait_for(done, SHUTDOWN_WAIT)
        except (TimeoutError, asyncio.CancelledError):
            pass
        for service in services:
            process = service._process  # textual-serve keeps no public handle on it
            if process is not None and process.returncode is None:
                process.kill()

    async def on_startup(self, app: web.Application) -> None:
        """Say where the server is, in both languages (textual-serve prints a logo)."""
        url = self.given_public_url or f"http://{_url_host(self.host)}:{self.port}"
        limit = f"{self.max_sessions}" if self.max_sessions else "不限 / no limit"
        self.console.print(
            f"Parley 已在 {url} 上服务 / serving on {url}\n"
            f"  数据目录 / data folder: {_data_dir()}\n"
            f"  同时会话上限 / concurrent sessions: {limit}\n"
            "  按 Ctrl+C 停止 / press Ctrl+C to stop",
            markup=False,
            highlight=False,
        )

    # -- running --------------------------------------------------------------------------------

    def check_bind(self) -> None:
        """Raise ServeError, in words, if the address cannot be listened on."""
        check_bind(self.host, self.port)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _data_dir() -> Path:
    from simulator.library import data_dir

    return data_dir()


def check_bind(host: str, port: int) -> None:
    """Try to listen on (host, port) and let go; raise ServeError saying why it cannot."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(
            f"无法解析主机名 {host!r} / cannot resolve the host name {host!r} ({exc.strerror}); "
            "use an address of this machine, 127.0.0.1 (this machine only) or 0.0.0.0 (every "
            "network interface)"
        ) from None
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                raise ServeError(bind_message(host, port, exc)) from None


def bind_message(host: str, port: int, exc: OSError) -> str:
    """What an OSError from binding (host, port) means, and what to do about it."""
    where = f"{_url_host(host)}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return (
            f"端口已被占用 / {where} is already in use: another program (perhaps another "
            "parley serve) is listening there; stop it or choose another port with --port"
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return (
            f"本机没有这个地址 / cannot listen on {where}: {host} is not an address of this "
            "machine; use 127.0.0.1 (this machine only), 0.0.0.0 (every network interface) or "
            "one of this machine's addresses"
        )
    if exc.errno == errno.EACCES:
        return (
            f"没有权限监听 / not allowed to listen on {where}: ports below 1024 need "
            "administrator rights; use a port of 1024 or above and put a reverse proxy in front "
            "(see docs/serve.md)"
        )
    return f"无法监听 / cannot listen on {where}: {exc.strerror or exc}"
