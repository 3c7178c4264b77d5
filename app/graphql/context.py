"""The typed per-request context: request, settings, viewer and DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from app.access.viewer import Viewer
from app.errors import ErrorCode
from app.graphql.loaders import Loaders
from app.inbox.feed import InboxFeed
from app.realtime import Hub
from app.settings import Settings


class ApiError(Exception):
    """A top-level GraphQL error meant for the client (never masked), with its code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.extensions = {"code": code}


def unauthenticated() -> ApiError:
    return ApiError("Sign in first: send Authorization: Bearer <token>.", "UNAUTHENTICATED")


def forbidden() -> ApiError:
    return ApiError("You may not do this.", "FORBIDDEN")


def limit_exceeded(message: str) -> ApiError:
    return ApiError(message, ErrorCode.LIMIT_EXCEEDED)


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | None
    settings: Settings
    viewer: Viewer | None
    loaders: Loaders | None
    hub: Hub | None = None
    inbox_feed: InboxFeed | None = None
    # WebSocket only: the connection_init payload, and the bearer token found in it.
    connection_params: dict[str, Any] | None = None
    token: str | None = None

    def require_viewer(self) -> Viewer:
        if self.viewer is None:
            raise unauthenticated()
        return self.viewer

    def require_staff(self) -> Viewer:
        viewer = self.require_viewer()
        if viewer.staff is None:
            raise forbidden()
        return viewer

    @property
    def client_address(self) -> str:
        """The caller's IP address (behind a proxy, as uvicorn's --proxy-headers gives it)."""
        client = self.request.client
        return client.host if client else "unknown"

    @property
    def user_agent(self) -> str | None:
        """The caller's User-Agent header, recorded with a session it opens."""
        return self.request.headers.get("user-agent")

    @property
    def load(self) -> Loaders:
        assert self.loaders is not None, "loaders exist whenever a viewer does"
        return self.loaders


Info = strawberry.Info[Context, None]
