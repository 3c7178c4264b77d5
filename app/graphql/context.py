"""The typed per-request context: request, settings, viewer and DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from app.access.actors import Actor, StaffActor
from app.access.permissions import SIGNED_IN, STAFF, Permission, require
from app.access.viewer import Viewer, actor_of
from app.errors import Forbidden
from app.inbox.feed import InboxFeed
from app.realtime import Hub
from app.settings import Settings

if TYPE_CHECKING:  # the composition layer assembles every domain's loaders
    from app.api.loaders import Loaders


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

    @property
    def actor(self) -> Actor | None:
        """Who is asking: None for an anonymous request (made once per viewer)."""
        cached = self.__dict__.get("_actor")
        if cached is None or cached[0] is not self.viewer:
            actor = actor_of(self.viewer) if self.viewer is not None else None
            cached = self.__dict__["_actor"] = (self.viewer, actor)
        return cached[1]

    def require_actor(self, permission: Permission = SIGNED_IN) -> Actor:
        """The actor holding `permission` (UNAUTHENTICATED without one, else FORBIDDEN)."""
        return require(self.actor, permission)

    def require_staff_actor(self, permission: Permission = STAFF) -> StaffActor:
        """The staff member acting, holding `permission` (else UNAUTHENTICATED/FORBIDDEN)."""
        actor = require(self.actor, permission)
        if not isinstance(actor, StaffActor):
            raise Forbidden("Only staff members may do this.")
        return actor

    def require_viewer(self) -> Viewer:
        require(self.actor, SIGNED_IN)
        assert self.viewer is not None
        return self.viewer

    def require_staff(self) -> Viewer:
        require(self.actor, STAFF)
        assert self.viewer is not None
        return self.viewer

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
