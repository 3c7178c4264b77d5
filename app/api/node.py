"""`node(id)`: any object by its global id, or null when the viewer may not see it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from tortoise.expressions import Subquery

from app import models
from app.access.viewer import Viewer
from app.accounts.graphql.folder_types import FolderTemplate
from app.accounts.graphql.types import Account, AccountEmail, Note
from app.accounts.loaders import visible_account_by_id
from app.accounts.policy import visible_accounts
from app.contacts.graphql import node as contacts
from app.custom_fields.graphql.types import CustomFieldDefinition
from app.email_sync.graphql.types import AccountDocument, EmailMessage
from app.firms.graphql import node as firms
from app.graphql.context import Info
from app.graphql.ids import parse_global_id, type_name
from app.graphql.types import Node
from app.inbox.graphql.types import Notification
from app.portal.graphql import node as portal
from app.tags.graphql.types import Tag
from app.webhooks import service as webhooks
from app.webhooks.graphql.types import WebhookDelivery, WebhookEndpoint
from app.webhooks.policy import may_manage_webhooks

Finder = Callable[[Info, Viewer, int], Awaitable[Node | None]]


def _firm_owned(model: Any, shape: Callable[[Any], Node]) -> Finder:
    async def find(info: Info, viewer: Viewer, pk: int) -> Node | None:
        row = await model.get_or_none(id=pk, firm_id=viewer.firm_id)
        return shape(row) if row else None

    return find


async def _account(info: Info, viewer: Viewer, pk: int) -> Node | None:
    row = await info.context.load.load(visible_account_by_id, pk)
    return Account.of(row) if row else None


async def _account_email(info: Info, viewer: Viewer, pk: int) -> Node | None:
    accounts = Subquery(visible_accounts(viewer).values("id"))
    row = (
        await models.AccountEmail.filter(id=pk, account_id__in=accounts)
        .select_related("contact_email")
        .first()
    )
    return AccountEmail.of(row) if row else None


async def _notification(info: Info, viewer: Viewer, pk: int) -> Node | None:
    """The signed-in staff member's own notifications only."""
    staff_id = viewer.staff.id if viewer.staff else 0
    row = await models.Notification.get_or_none(id=pk, recipient_id=staff_id)
    return Notification.of(row) if row else None


async def _webhook_endpoint(info: Info, viewer: Viewer, pk: int) -> Node | None:
    """The firm's endpoints, for those who manage webhooks."""
    if not may_manage_webhooks(viewer):
        return None
    row = await webhooks.endpoints_of(viewer).get_or_none(id=pk)
    return WebhookEndpoint.of(row) if row else None


async def _webhook_delivery(info: Info, viewer: Viewer, pk: int) -> Node | None:
    if not may_manage_webhooks(viewer):
        return None
    row = await webhooks.find_delivery(viewer, pk)
    return WebhookDelivery.of(row) if row else None


def _on_visible_account(model: Any, of: Callable[[Any], Node]) -> Finder:
    """A finder for rows that belong to an account: found when the account is visible."""

    async def find(info: Info, viewer: Viewer, pk: int) -> Node | None:
        accounts = Subquery(visible_accounts(viewer).values("id"))
        row = await model.get_or_none(id=pk, account_id__in=accounts)
        return of(row) if row else None

    return find


def _by_actor(find: firms.Finder) -> Finder:
    """A domain's finder (taking the actor, and answering only what it may see)."""

    async def run(info: Info, viewer: Viewer, pk: int) -> Node | None:
        return await find(info, info.context.require_actor(), pk)

    return run


# Each domain's finders by Node type: they answer null for what the actor may not see.
DOMAIN_FINDERS = {**firms.FINDERS, **contacts.FINDERS, **portal.FINDERS}
ACTOR_FINDERS = {type_name(node): _by_actor(find) for node, find in DOMAIN_FINDERS.items()}

FINDERS: dict[str, Finder] = {
    **ACTOR_FINDERS,
    "Tag": _firm_owned(models.Tag, Tag.of),
    "CustomFieldDefinition": _firm_owned(models.CustomFieldDefinition, CustomFieldDefinition.of),
    "FolderTemplate": _firm_owned(models.FolderTemplate, FolderTemplate.of),
    "Account": _account,
    "AccountEmail": _account_email,
    "Note": _on_visible_account(models.Note, Note.of),
    "Notification": _notification,
    "EmailMessage": _on_visible_account(models.EmailMessage, EmailMessage.of),
    "AccountDocument": _on_visible_account(models.AccountDocument, AccountDocument.of),
    "WebhookEndpoint": _webhook_endpoint,
    "WebhookDelivery": _webhook_delivery,
}
# What a client may look up: their accounts (and what the domains' finders let them see:
# themselves, their sessions).
CLIENT_FINDERS = {**ACTOR_FINDERS, "Account": _account}


async def node(info: Info, id: strawberry.ID) -> Node | None:
    viewer = info.context.require_viewer()
    parsed = parse_global_id(id)
    finders = FINDERS if viewer.is_staff else CLIENT_FINDERS
    finder = finders.get(parsed[0]) if parsed else None
    return await finder(info, viewer, parsed[1]) if finder and parsed else None
