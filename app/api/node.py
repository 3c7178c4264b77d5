"""`node(id)`: any object by its global id, or null when the viewer may not see it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from tortoise.expressions import Subquery

from app import models
from app.access.actors import Actor
from app.access.viewer import Viewer
from app.accounts.graphql.node import FINDERS as ACCOUNT_FINDERS
from app.accounts.policy import visible_accounts, visible_contacts
from app.contacts.graphql.types import Contact, ContactEmail
from app.contacts.loaders import visible_contact_by_id
from app.custom_fields.graphql.node import FINDERS as CUSTOM_FIELD_FINDERS
from app.email_sync.graphql.types import AccountDocument, EmailMessage
from app.firms.graphql.session_types import SessionInfo
from app.firms.graphql.types import Firm, StaffMember
from app.firms.sessions import own_session
from app.graphql.context import Info
from app.graphql.ids import parse_global_id, type_name
from app.graphql.types import Node
from app.inbox.graphql.types import Notification
from app.portal.graphql.types import PortalUser
from app.tags.graphql.node import FINDERS as TAG_FINDERS

Finder = Callable[[Info, Viewer, int], Awaitable[Node | None]]


def _firm_owned(model: Any, shape: Callable[[Any], Node]) -> Finder:
    async def find(info: Info, viewer: Viewer, pk: int) -> Node | None:
        row = await model.get_or_none(id=pk, firm_id=viewer.firm_id)
        return shape(row) if row else None

    return find


async def _firm(info: Info, viewer: Viewer, pk: int) -> Node | None:
    return Firm.of(viewer.firm) if pk == viewer.firm_id else None


async def _contact(info: Info, viewer: Viewer, pk: int) -> Node | None:
    row = await info.context.load.load(visible_contact_by_id, pk)
    return Contact.of(row) if row else None


async def _contact_email(info: Info, viewer: Viewer, pk: int) -> Node | None:
    contacts = Subquery(visible_contacts(viewer).values("id"))
    row = await models.ContactEmail.get_or_none(id=pk, contact_id__in=contacts)
    return ContactEmail.of(row) if row else None


async def _portal_user(info: Info, viewer: Viewer, pk: int) -> Node | None:
    """A client's own login only."""
    client = viewer.client
    return PortalUser.of(client) if client is not None and client.id == pk else None


async def _notification(info: Info, viewer: Viewer, pk: int) -> Node | None:
    """The signed-in staff member's own notifications only."""
    staff_id = viewer.staff.id if viewer.staff else 0
    row = await models.Notification.get_or_none(id=pk, recipient_id=staff_id)
    return Notification.of(row) if row else None


async def _session(info: Info, viewer: Viewer, pk: int) -> Node | None:
    """The viewer's own sessions only."""
    row = await own_session(viewer, pk)
    current = viewer.session.id if viewer.session else None
    return SessionInfo.of(row, current) if row else None


def _on_visible_account(model: Any, of: Callable[[Any], Node]) -> Finder:
    """A finder for rows that belong to an account: found when the account is visible."""

    async def find(info: Info, viewer: Viewer, pk: int) -> Node | None:
        accounts = Subquery(visible_accounts(viewer).values("id"))
        row = await model.get_or_none(id=pk, account_id__in=accounts)
        return of(row) if row else None

    return find


FINDERS: dict[str, Finder] = {
    "Firm": _firm,
    "StaffMember": _firm_owned(models.StaffMember, StaffMember.of),
    "Contact": _contact,
    "ContactEmail": _contact_email,
    "PortalUser": _portal_user,
    "Notification": _notification,
    "EmailMessage": _on_visible_account(models.EmailMessage, EmailMessage.of),
    "AccountDocument": _on_visible_account(models.AccountDocument, AccountDocument.of),
    "SessionInfo": _session,
}
# What a client may look up: their accounts (the domains' finders decide), themselves and
# their sessions.
CLIENT_FINDERS = {"PortalUser": _portal_user, "SessionInfo": _session}
# The converted domains' finders take the actor, and answer None for one who may not look.
ActorFinder = Callable[[Info, Actor, int], Awaitable[Node | None]]
DOMAIN_FINDERS: dict[str, ActorFinder] = {
    type_name(node_type): finder
    for finders in (ACCOUNT_FINDERS, TAG_FINDERS, CUSTOM_FIELD_FINDERS)
    for node_type, finder in finders.items()
}


async def node(info: Info, id: strawberry.ID) -> Node | None:
    viewer = info.context.require_viewer()
    parsed = parse_global_id(id)
    if parsed is None:
        return None
    domain_finder = DOMAIN_FINDERS.get(parsed[0])
    if domain_finder is not None:
        return await domain_finder(info, info.context.require_actor(), parsed[1])
    finders = FINDERS if viewer.is_staff else CLIENT_FINDERS
    finder = finders.get(parsed[0])
    return await finder(info, viewer, parsed[1]) if finder else None
