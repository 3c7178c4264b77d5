"""node(id) for the contacts domain's types: found when the actor sees them (staff only)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.access.actors import Actor, StaffActor
from app.contacts.graphql.types import Contact, ContactEmail
from app.graphql.context import Info
from app.graphql.types import Node

Finder = Callable[[Info, Actor, int], Awaitable[Node | None]]


async def _contact(info: Info, actor: Actor, pk: int) -> Node | None:
    if not isinstance(actor, StaffActor):
        return None  # a client reaches contacts through their accounts, not by id
    row = await info.context.load.contacts.by_id.load(pk)
    return Contact.of(row) if row else None


async def _contact_email(info: Info, actor: Actor, pk: int) -> Node | None:
    if not isinstance(actor, StaffActor):
        return None
    row = await info.context.load.contacts.email_by_id.load(pk)
    return ContactEmail.of(row) if row else None


FINDERS: dict[type[Node], Finder] = {Contact: _contact, ContactEmail: _contact_email}
