"""Statements per request, counted inside the server process the bench starts.

Tortoise logs every statement it sends on the `tortoise.db_client` logger; a handler adds
each one to the counter of the request being served (a context variable, so concurrent
requests and the DataLoader tasks they spawn each count into their own request). A pure ASGI
middleware answers the count in the `x-sql-statements` response header. Only the bench's
server uses it: the app itself has no such hook.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

HEADER = b"x-sql-statements"

_current: ContextVar[list[int] | None] = ContextVar("sql_statements", default=None)


class _StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)

    def emit(self, record: logging.LogRecord) -> None:
        counter = _current.get()
        # Tortoise logs connection set-up and tear-down on the same logger: not statements.
        if counter is not None and not str(record.msg).startswith(("Created ", "Closed ")):
            counter[0] += 1


def install() -> None:
    """Start counting in this process (Tortoise's query log goes to the counter only)."""
    logger = logging.getLogger("tortoise.db_client")
    logger.addHandler(_StatementCounter())
    logger.setLevel(logging.DEBUG)
    logger.propagate = False  # the statements are counted, not printed


class CountStatements:
    """ASGI middleware: `x-sql-statements` on every HTTP response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        counter = [0]
        _current.set(counter)

        async def send_counted(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (HEADER, str(counter[0]).encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_counted)
