"""`node(id)`: any object by its global id, or null when the viewer may not see it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from tortoise.expressions import Subquery

from app import models
from app.access.actors import Actor
from app.access.permissions import IN_THE_FIRM
from app.access.viewer import Viewer
from app.accounts.graphql import node as accounts
from app.accounts.policy import visible_accounts
from app.apps.graphql import node as apps
from app.contacts.graphql import node as contacts
from app.custom_fields.graphql import node as custom_fields
from app.email_sync.graphql.types import AccountDocument, EmailMessage
from app.firms.graphql import node as firms
from app.graphql.context import Info
from app.graphql.ids import parse_global_id, type_name
from app.graphql.types import Node
from app.inbox.graphql.types import Notification
from app.portal.graphql import node as portal
from app.tags.graphql import node as tags
from app.webhooks import service as webhooks
from app.webhooks.graphql.types import WebhookDelivery, WebhookEndpoint
from app.webhooks.policy import may_manage_webhooks

Finder = Callable[[Info, Viewer, int], Awaitable[Node | None]]


async def _notification(info: Info, viewer: Viewer, pk: int) -> Node | None:
    """The signed-in staff member's own notifications only."""
    staff_id = viewer.staff.id if viewer.staff else 0
    row = await models.Notification.get_or_none(id=pk, recipient_id=staff_id)
    return Notification.of(row) if row else None


async def _webhook_endpoint(info: Info, actor: Actor, pk: int) -> Node | None:
    """The firm's endpoints, for those who manage webhooks."""
    if not may_manage_webhooks(actor):
        return None
    row = await webhooks.endpoints_of(actor).get_or_none(id=pk)
    return WebhookEndpoint.of(row) if row else None


async def _webhook_delivery(info: Info, actor: Actor, pk: int) -> Node | None:
    if not may_manage_webhooks(actor):
        return None
    row = await webhooks.find_delivery(actor, pk)
    return WebhookDelivery.of(row) if row else None


def _on_visible_account(model: Any, of: Callable[[Any], Node]) -> Finder:
    """A finder for rows that belong to an account: found when the account is visible."""

    async def find(info: Info, viewer: Viewer, pk: int) -> Node | None:
        accounts = Subquery(visible_accounts(viewer).values("id"))
        row = await model.get_or_none(id=pk, account_id__in=accounts)
        return of(row) if row else None

    return find


# The domains' finders take the actor, and answer null for what it may not see.
ActorFinder = Callable[[Info, Actor, int], Awaitable[Node | None]]
DOMAIN_FINDERS: dict[str, ActorFinder] = {
    type_name(node_type): finder
    for module in (firms, accounts, tags, custom_fields, contacts, portal, apps)
    for node_type, finder in module.FINDERS.items()
}
# TRANSITIONAL: the finders of the domains still taking a viewer (staff only).
FINDERS: dict[str, Finder] = {
    "Notification": _notification,
    "EmailMessage": _on_visible_account(models.EmailMessage, EmailMessage.of),
    "AccountDocument": _on_visible_account(models.AccountDocument, AccountDocument.of),
}
# The webhook finders take the actor (an app with WEBHOOKS_MANAGE sees them too).
ACTOR_FINDERS: dict[str, ActorFinder] = {
    "WebhookEndpoint": _webhook_endpoint,
    "WebhookDelivery": _webhook_delivery,
}


async def node(info: Info, id: strawberry.ID) -> Node | None:
    actor = info.context.require_actor(IN_THE_FIRM)  # staff, clients and apps
    parsed = parse_global_id(id)
    if parsed is None:
        return None
    if domain_finder := DOMAIN_FINDERS.get(parsed[0]) or ACTOR_FINDERS.get(parsed[0]):
        return await domain_finder(info, actor, parsed[1])
    viewer = info.context.viewer  # None for an app: these finders are staff-only
    finder = FINDERS.get(parsed[0]) if viewer is not None and viewer.is_staff else None
    return await finder(info, viewer, parsed[1]) if finder and viewer else None
