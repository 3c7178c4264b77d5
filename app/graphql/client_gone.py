"""Work for a client that left: when an HTTP client disconnects before its answer, the query
in flight is cancelled (its statements too, on PostgreSQL), since nobody will read it; a
mutation finishes, so its transaction commits or rolls back as a whole. And the other way
round: a request the server itself cuts off (a shutdown past its bound) is answered
UNAVAILABLE, "send it again", not a bare 500.

Once the request body is read, the app no longer listens to the connection; this wrapper
does, and cancels the work when the server reports `http.disconnect`. Whether the work is a
mutation is read from the request's facts (app/observability/request_facts.py): until the
document is parsed nothing has run, and cancelling is safe.
"""

from __future__ import annotations

import asyncio
import logging
import time

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.types.graphql import OperationType

from app.graphql.http import unavailable_response
from app.observability import request_facts

log = logging.getLogger("crm.http")

# The status the access line shows for a request whose client left before the answer
# (nginx's "client closed request"); nothing is sent: the connection is gone.
CLIENT_CLOSED = 499
SHUTTING_DOWN = "The server is shutting down; send the request again."


class CancelOnDisconnect:
    """ASGI wrapper of the GraphQL endpoint's HTTP requests (WebSockets pass through)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body_read = asyncio.Event()
        if scope["method"] == "GET":
            body_read.set()  # nothing to read: listen at once
        answering = False

        async def app_receive() -> Message:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_read.set()
            return message

        async def app_send(message: Message) -> None:
            nonlocal answering
            answering = answering or message["type"] == "http.response.start"
            await send(message)

        work = asyncio.ensure_future(self.app(scope, app_receive, app_send))
        watch = asyncio.create_task(_client_left(body_read, receive))
        try:
            await asyncio.wait({work, watch}, return_when=asyncio.FIRST_COMPLETED)
            if work.done() or not watch.result() or not _may_cancel():
                if not work.done():
                    log.info("client disconnected; the mutation finishes")
                await work
                return
            await _cancel(work)
            await send({"type": "http.response.start", "status": CLIENT_CLOSED, "headers": []})
            await send({"type": "http.response.body", "body": b""})
        except asyncio.CancelledError:
            # Cut off by the server (a shutdown past CRM_SHUTDOWN_SECONDS): say so, and that
            # trying again is right, unless an answer is already on its way.
            work.cancel()
            if not answering:
                accept = Headers(scope=scope).get("accept")
                await unavailable_response(accept, SHUTTING_DOWN)(scope, receive, send)
            raise
        finally:
            for task in (work, watch):
                task.cancel()


async def _cancel(work: asyncio.Future[None]) -> None:
    """Cancel the work of a client that left, and say so (the log, the access line)."""
    started = time.monotonic()
    work.cancel()
    await asyncio.wait({work})  # its clean-up runs (statements cancelled on the server)
    facts = request_facts.current.get()
    if facts is not None:
        facts.outcome = "cancelled"
    log.info("client disconnected; query cancelled (%.3fs to stop)", time.monotonic() - started)


async def _client_left(body_read: asyncio.Event, receive: Receive) -> bool:
    """True once the client disconnects (after the app has read the body)."""
    await body_read.wait()
    message = await receive()
    return message["type"] == "http.disconnect"


def _may_cancel() -> bool:
    """Whether the request's work may stop now: anything but a mutation that has begun."""
    facts = request_facts.current.get()
    execution = facts.execution if facts is not None else None
    if execution is None or execution.graphql_document is None:
        return True  # not parsed yet: nothing has run
    try:
        return execution.operation_type is not OperationType.MUTATION
    except Exception:  # no such operation: it will not run
        return True
