"""A minimal HTTP/1.1 keep-alive client on asyncio streams, for the load loops.

httpx spends several times the CPU uvicorn does on a `{ __typename }` request, so on a small
machine it, not the server, would set the ceiling. This client sends one prepared POST and
reads a Content-Length answer: enough for /graphql, and cheap.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlparse


class HttpError(Exception):
    """An answer this client does not read (no Content-Length, or a closed connection)."""


class Connection:
    """One keep-alive connection posting the same JSON body again and again."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, base: str) -> Connection:
        url = urlparse(base)
        reader, writer = await asyncio.open_connection(url.hostname, url.port or 80)
        return cls(reader, writer)

    async def send(self, request: bytes) -> tuple[int, dict[str, str], bytes]:
        """Send a prepared request; answer the status, the headers (lower-cased) and body."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        if "content-length" not in headers:
            raise HttpError(f"no Content-Length in {status_line!r}")
        body = await self.reader.readexactly(int(headers["content-length"]))
        return int(status_line.split(" ", 2)[1]), headers, body

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


def post_request(base: str, path: str, body: dict[str, Any], token: str | None) -> bytes:
    """The bytes of a JSON POST, prepared once and sent many times."""
    url = urlparse(base)
    content = json.dumps(body).encode()
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {url.netloc}",
        "Content-Type: application/json",
        "Accept: application/json",
        f"Content-Length: {len(content)}",
        *([f"Authorization: Bearer {token}"] if token else []),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + content
