"""A sign-on proxy for the tests: it forwards every request, the app's WebSocket included, to
`parley serve` with the signed-on name in a header, as a department's single-sign-on proxy in
front of it does. (A browser's own extra headers do not reach the WebSocket handshake in
every Chromium: since 150 they do not.)"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Iterator

import aiohttp
from aiohttp import web

#: Hop-by-hop headers a proxy does not pass on.
_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "content-length", "host"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def signon_proxy(upstream: str, header: str, name: str) -> Iterator[str]:
    """Serve a proxy to `upstream` (http://host:port) adding `header: name`; yield its URL."""
    port = _free_port()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    runner: web.AppRunner | None = None

    async def forward(request: web.Request) -> web.StreamResponse:
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() not in _HOP and not k.lower().startswith("sec-websocket-")
        }
        headers[header] = name
        headers["Host"] = request.host  # the page's WebSocket URL points back at the proxy
        target = upstream.rstrip("/") + request.path_qs
        async with aiohttp.ClientSession(auto_decompress=False) as session:
            if request.headers.get("Upgrade", "").lower() == "websocket":
                downstream = web.WebSocketResponse()
                await downstream.prepare(request)
                async with session.ws_connect(
                    target.replace("http", "ws", 1), headers=headers
                ) as up:

                    async def pump_up() -> None:
                        async for message in downstream:
                            if message.type == aiohttp.WSMsgType.TEXT:
                                await up.send_str(message.data)
                            elif message.type == aiohttp.WSMsgType.BINARY:
                                await up.send_bytes(message.data)

                    task = asyncio.ensure_future(pump_up())
                    async for message in up:
                        if message.type == aiohttp.WSMsgType.TEXT:
                            await downstream.send_str(message.data)
                        elif message.type == aiohttp.WSMsgType.BINARY:
                            await downstream.send_bytes(message.data)
                    task.cancel()
                await downstream.close()
                return downstream
            body = await request.read()
            async with session.request(
                request.method, target, headers=headers, data=body or None, allow_redirects=False
            ) as answer:
                payload = await answer.read()
                kept = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP}
                return web.Response(body=payload, status=answer.status, headers=kept)

    async def start() -> None:
        nonlocal runner
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", forward)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        started.set()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop)
    started.wait(10)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        if runner is not None:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
