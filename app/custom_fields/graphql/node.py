"""`node(id)` for custom field definitions (staff only: a client finds none)."""

from __future__ import annotations

from app.access.actors import Actor
from app.access.permissions import STAFF
from app.custom_fields import service
from app.custom_fields.graphql.types import CustomFieldDefinition
from app.graphql.context import Info
from app.graphql.types import Node


async def _definition(info: Info, actor: Actor, pk: int) -> Node | None:
    row = await service.find_custom_field(actor, pk) if STAFF.allows(actor) else None
    return CustomFieldDefinition.of(row) if row else None


FINDERS = {CustomFieldDefinition: _definition}
