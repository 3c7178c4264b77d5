"""`node(id)` for API clients: owners and admins see their firm's; anyone else, null."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from app.access.actors import Actor
from app.apps import service
from app.apps.graphql.types import ApiClient
from app.apps.policy import MANAGE_API_CLIENTS
from app.graphql.context import Info
from app.graphql.types import Node

Finder = Callable[[Info, Actor, int], Awaitable[Node | None]]


async def _api_client(info: Info, actor: Actor, pk: int) -> Node | None:
    if not MANAGE_API_CLIENTS.allows(actor):
        return None
    row = await service.find_api_client(actor, pk)
    return ApiClient.of(row) if row else None


FINDERS: dict[type[Any], Finder] = {ApiClient: _api_client}
