"""`node(id)` for tags (staff only: a client finds none)."""

from __future__ import annotations

from app.access.actors import Actor
from app.access.permissions import STAFF
from app.graphql.context import Info
from app.graphql.types import Node
from app.tags import service
from app.tags.graphql.types import Tag


async def _tag(info: Info, actor: Actor, pk: int) -> Node | None:
    row = await service.find_tag(actor, pk) if STAFF.allows(actor) else None
    return Tag.of(row) if row else None


FINDERS = {Tag: _tag}
