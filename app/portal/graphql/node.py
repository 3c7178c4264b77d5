"""node(id) for the portal's types: a client finds their own login, nobody else does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.access.actors import Actor, ClientActor
from app.graphql.context import Info
from app.graphql.types import Node
from app.portal.graphql.types import PortalUser

Finder = Callable[[Info, Actor, int], Awaitable[Node | None]]


async def _portal_user(info: Info, actor: Actor, pk: int) -> Node | None:
    """A client's own login only."""
    if not isinstance(actor, ClientActor) or actor.portal_login_id != pk:
        return None
    login = await info.context.load.portal.own_login.load(pk)
    return PortalUser.of(login) if login else None


FINDERS: dict[type[Node], Finder] = {PortalUser: _portal_user}
