"""graphql-transport-ws bound to the session it signed in with: the socket closes (4403) when
that session ends, and no operation runs or answers once it has."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from datetime import UTC, datetime

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    Message,
    SubscribeMessage,
)

from app.access.actors import SessionRef, session_of
from app.firms.session_watch import session_is_valid
from app.graphql.context import Context
from app.realtime.session_sockets import SESSION_ENDED, open_sockets

# How old a "the session is valid" may be when an operation answers (the sweep refreshes it
# every second). A new operation (a `subscribe` message) always asks the database.
CHECK_SECONDS = 2.0


class SessionBoundHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Registers the signed-in socket in this process's `open_sockets`; checks the session
    before running each operation and before sending each result."""

    session: SessionRef | None = None
    ended = False
    _ending: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        actor = self.context.actor
        session = session_of(actor) if actor is not None else None
        if self.connection_acknowledged and session is not None:
            self.session = session
            open_sockets.add(session.id, self)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.session is not None and not await self._session_valid(0.0):
            self.end_session()
            return
        await super().handle_subscribe(message)

    async def send_message(self, message: Message) -> None:
        if (
            message["type"] == "next"
            and self.session is not None
            and not await self._session_valid(CHECK_SECONDS)
        ):
            self.end_session()
            return
        await super().send_message(message)

    def end_session(self) -> None:
        """Stop every operation and close the socket with 4403 (in a task of its own, as an
        operation's task may be the caller)."""
        self.ended = True
        if self._ending is None:
            self._ending = asyncio.create_task(self._close(), name="end a session's socket")

    async def _close(self) -> None:
        # Operations first, so none sends on a closed socket.
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)
        with suppress(Exception):  # the client may be gone already
            await self.websocket.close(code=SESSION_ENDED, reason="Session ended")

    async def shutdown(self) -> None:
        if self.session is not None:
            open_sockets.discard(self.session.id, self)
        await super().shutdown()

    async def _session_valid(self, max_age: float) -> bool:
        session = self.session
        assert session is not None
        if self.ended or session.expires_at <= datetime.now(UTC):
            return False
        if max_age and open_sockets.checked_within(session.id, max_age):
            return True
        if not await session_is_valid(session.id):
            return False
        open_sockets.checked([session.id])
        return True
