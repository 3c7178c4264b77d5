"""When the server wrote each `next` frame on its WebSockets, read inside the server process.

The clients' clocks measure the delivery as a whole (the server, the loopback, and a bench
process reading 1,000 sockets); the server's own moment of writing each frame leaves the
reading out. `NoteSends` keeps (wall clock, frame) for every graphql-transport-ws `next` frame
the app sends, and answers them at GET /bench/ws-sends (and forgets them): per frame, the ms
from the notification's `createdAt` (the row stored) to the write. Only the bench's server
has it.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

PATH = "/bench/ws-sends"


class NoteSends:
    """ASGI middleware: notes each `next` frame sent on a WebSocket; serves PATH."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.sent: list[tuple[float, str]] = []

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == PATH:
            await self._answer(send)
        elif scope["type"] == "websocket":
            await self.app(scope, receive, self._noting(send))
        else:
            await self.app(scope, receive, send)

    def _noting(self, send: Any) -> Any:
        async def send_noted(message: dict) -> None:
            await send(message)
            text = message.get("text")
            # After the write (uvicorn has handed the frame to the transport); parsed later,
            # so that the noting costs the fan-out next to nothing.
            if message["type"] == "websocket.send" and text and '"type":"next"' in text:
                self.sent.append((time.time(), text))

        return send_noted

    async def _answer(self, send: Any) -> None:
        sent, self.sent = self.sent, []
        body = json.dumps([_ms_after_created(at, text) for at, text in sent]).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _ms_after_created(at: float, text: str) -> float | None:
    """ms from the frame's notification's createdAt to `at`; None for another subscription."""
    inbox = (json.loads(text).get("payload", {}).get("data") or {}).get("inbox")
    if not inbox or "createdAt" not in inbox:
        return None
    return (at - datetime.fromisoformat(inbox["createdAt"]).timestamp()) * 1000
