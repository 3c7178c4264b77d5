"""`node(id)` for the firm's types: each finder answers null for what the actor may not see."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from app.access.actors import Actor, StaffActor, session_of
from app.access.permissions import SIGNED_IN
from app.firms import sessions, staff
from app.firms.graphql.session_types import SessionInfo
from app.firms.graphql.types import Firm, StaffMember
from app.firms.service import firm_of
from app.graphql.context import Info
from app.graphql.types import Node

Finder = Callable[[Info, Actor, int], Awaitable[Node | None]]


async def _firm(info: Info, actor: Actor, pk: int) -> Node | None:
    """Staff see their own firm."""
    if not isinstance(actor, StaffActor) or pk != actor.firm_id:
        return None
    return Firm.of(await firm_of(actor))


async def _staff_member(info: Info, actor: Actor, pk: int) -> Node | None:
    """Staff see the members of their firm."""
    if not isinstance(actor, StaffActor):
        return None
    row = await staff.staff_member(actor, pk)
    return StaffMember.of(row) if row else None


async def _session(info: Info, actor: Actor, pk: int) -> Node | None:
    """Anyone signed in sees their own sessions only (an app has none)."""
    if not SIGNED_IN.allows(actor):
        return None
    row = await sessions.own_session(actor, pk)
    current = session_of(actor)
    return SessionInfo.of(row, current.id if current else None) if row else None


FINDERS: dict[type[Any], Finder] = {
    Firm: _firm,
    StaffMember: _staff_member,
    SessionInfo: _session,
}
