"""One access line per HTTP request, and a request id for it: taken from the caller's
X-Request-Id when that is a plain token (a proxy's or a client's), else made up; sent back as
X-Request-Id and carried by every log line written while the request is served."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.observability import request_facts
from app.observability.operation import operation_label
from app.observability.request_facts import RequestFacts

log = logging.getLogger("crm.access")

# Called once per finished request: (facts, route, status, seconds). The metrics use it.
Observer = Callable[[RequestFacts, str, int, float], None]


class RequestLog:
    """ASGI middleware: request id, one access line, and the observer told of every request."""

    def __init__(self, app: ASGIApp, *, observe: Observer | None = None) -> None:
        self.app = app
        self.observe = observe

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        facts = RequestFacts(request_facts.request_id_from(_header(scope, b"x-request-id")))
        reset = request_facts.current.set(facts)
        if scope["type"] == "websocket":  # a socket's log lines carry its id; no access line
            try:
                await self.app(scope, receive, send)
            finally:
                request_facts.current.reset(reset)
            return
        started, status = time.perf_counter(), 500
        request_id = facts.id.encode()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", request_id)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_facts.current.reset(reset)
            self._finish(facts, scope, status, time.perf_counter() - started)

    def _finish(self, facts: RequestFacts, scope: Scope, status: int, seconds: float) -> None:
        path: str = scope["path"]
        if facts.outcome is None and path == "/graphql" and status >= 400:
            facts.outcome = "rejected"  # refused before GraphQL ran (body, method, JSON)
        if facts.outcome is not None:
            facts.operation = operation_label(facts.execution)
        if self.observe is not None:
            self.observe(facts, path, status, seconds)
        if log.isEnabledFor(logging.INFO):
            log.handle(_access_record(facts, scope, status, seconds))


def _access_record(
    facts: RequestFacts, scope: Scope, status: int, seconds: float
) -> logging.LogRecord:
    """The access line, made directly: Logger.info would also look up its caller's frame,
    a fifth of the line's cost, for a source location no formatter here prints."""
    client = scope.get("client")
    method, path = scope["method"], scope["path"]
    fields = {
        "request_id": facts.id,
        "method": method,
        "path": path,  # never the query string: links carry tokens there
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
        "operation": facts.operation,
        "outcome": facts.outcome,
        "statements": facts.statements,
        "client": client[0] if client else None,
    }
    message = "%s %s %s %.1fms"
    args = (method, path, status, seconds * 1000)
    return log.makeRecord(log.name, logging.INFO, "", 0, message, args, None, extra=fields)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None
