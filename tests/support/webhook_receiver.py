"""A real HTTP server on this test's event loop that receives webhooks: it records each
request and answers with the status codes it is told to; it can go down and come back on
the same port. Tests wait on what it received, never sleep."""

from __future__ import annotations

import asyncio
import json
import socket
from collections import deque
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: str

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body)

    @property
    def event_id(self) -> str:
        return self.headers["webhook-id"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Receiver:
    """`answers` are used in turn (then `default`); `hang` makes it never answer."""

    def __init__(self, default: int = 200) -> None:
        self.port = free_port()
        self.default = default
        self.answers: deque[int] = deque()
        self.hang = False
        self.received: list[Received] = []
        self._changed = asyncio.Condition()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._serve, "127.0.0.1", self.port, reuse_address=True
        )

    async def stop(self) -> None:
        """Go down: stop listening and drop every open connection."""
        if self._server is not None:
            self._server.close()
            for writer in list(self._writers):
                writer.close()
            await self._server.wait_closed()
            self._server = None

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """The first `count` requests, once that many arrived."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: len(self.received) >= count)
        return self.received[:count]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                async with self._changed:
                    self.received.append(Received(headers, body.decode()))
                    self._changed.notify_all()
                if self.hang:
                    await asyncio.Event().wait()  # until the client gives up
                status = self.answers.popleft() if self.answers else self.default
                reply = b"nope" if status >= 300 else b"ok"
                writer.write(
                    f"HTTP/1.1 {status} X\r\ncontent-length: {len(reply)}\r\n\r\n".encode() + reply
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()
