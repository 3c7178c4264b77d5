"""This process's open WebSockets, by the session they signed in with, so that ending a
session closes its sockets (code 4403) at once."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Protocol

# The close code of a socket whose session ended (graphql-transport-ws's "Forbidden").
SESSION_ENDED = 4403


class SessionSocket(Protocol):
    def end_session(self) -> None:
        """Stop the socket's operations and close it with SESSION_ENDED; returns at once."""


class SessionSockets:
    """Sockets by session id, and when each session was last seen valid in the database."""

    def __init__(self) -> None:
        self._sockets: dict[int, set[SessionSocket]] = {}
        self._checked: dict[int, float] = {}  # session id -> time.monotonic() of the check

    def add(self, session_id: int, socket: SessionSocket) -> None:
        self._sockets.setdefault(session_id, set()).add(socket)
        self._checked[session_id] = time.monotonic()  # it was just verified to sign in

    def discard(self, session_id: int, socket: SessionSocket) -> None:
        sockets = self._sockets.get(session_id)
        if sockets is not None:
            sockets.discard(socket)
            if not sockets:
                del self._sockets[session_id]
                self._checked.pop(session_id, None)

    def session_ids(self) -> list[int]:
        """The sessions that have at least one open socket here."""
        return list(self._sockets)

    def count(self) -> int:
        """How many sockets are open (for tests and diagnostics)."""
        return sum(len(sockets) for sockets in self._sockets.values())

    def checked(self, session_ids: Iterable[int]) -> None:
        """Record that these sessions were just found valid in the database."""
        now = time.monotonic()
        for session_id in session_ids:
            if session_id in self._sockets:
                self._checked[session_id] = now

    def checked_within(self, session_id: int, seconds: float) -> bool:
        """Whether the session was found valid at most `seconds` ago."""
        at = self._checked.get(session_id)
        return at is not None and time.monotonic() - at <= seconds

    def end(self, session_ids: Iterable[int]) -> int:
        """Close every socket of these sessions (they ended); how many were open."""
        ended = 0
        for session_id in session_ids:
            for socket in list(self._sockets.get(session_id, ())):
                socket.end_session()
                ended += 1
        return ended


# One registry per process: the sockets any app of this process holds.
open_sockets = SessionSockets()
