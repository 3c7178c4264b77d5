"""A page of accounts loads, before its fields resolve, what its selection asks for.

The same DataLoaders the fields use, with the same keys, so the statements are the ones the
fields would send; but the fields then find their values loaded and complete at once
(`app.graphql.loaders.shaped`) instead of each awaiting a batch as a task of its own, which
for a page of 50 accounts with contacts, emails and toggles was most of its cost.

The fields are named by their Strawberry definitions (a renamed field fails at import, not
silently), and a field's own permissions (staff_only) decide whether it is read ahead.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from typing import Any

from strawberry.permission import PermissionExtension
from strawberry.schema.name_converter import NameConverter
from strawberry.types.base import get_object_definition
from strawberry.types.field import StrawberryField
from strawberry.types.nodes import SelectedField

from app import models
from app.accounts.graphql.types import Account, AccountContact, AccountEmail, shown_emails
from app.contacts.graphql.types import Contact
from app.contacts.loaders import emails_by_contact_id
from app.graphql.context import Info
from app.graphql.selection import reached
from app.portal.loaders import active_login_by_address


def field_of(node_type: type, python_name: str) -> StrawberryField:
    """The Strawberry field `python_name` of a type (LookupError when it has none)."""
    definition = get_object_definition(node_type, strict=True)
    for field in definition.fields:
        if field.python_name == python_name:
            return field
    raise LookupError(f"{definition.name} has no field {python_name!r}")


def graphql_name(node_type: type, python_name: str) -> str:
    """The field's name in the schema, as a selection spells it."""
    return NameConverter().get_graphql_name(field_of(node_type, python_name))


TAGS_FIELD = field_of(Account, "tags")
TAGS = graphql_name(Account, "tags")
CONTACTS = graphql_name(Account, "contacts")
# Account fields computed from the account's emails.
EMAIL_SUMMARIES = tuple(
    graphql_name(Account, name) for name in ("login_status", "notify_enabled", "email_sync_enabled")
)
LINK_EMAILS = graphql_name(AccountContact, "emails")
LINK_CONTACT = graphql_name(AccountContact, "contact")
CONTACT_EMAILS = graphql_name(Contact, "emails")
PORTAL_ACCESS = graphql_name(AccountEmail, "portal_access")


async def prefetch_accounts(
    info: Info, rows: list[models.Account], accounts: list[SelectedField]
) -> None:
    """Load what `accounts` (the selections of these accounts' fields) ask for. A failure is
    left in its loader, for the field that needs the value to report."""
    load = info.context.load
    group = load.accounts
    ids = [row.id for row in rows]

    def asks(*path: str) -> bool:
        return bool(reached(accounts, *path))

    first: list[Awaitable[Any]] = []
    if asks(TAGS) and _permitted(TAGS_FIELD, info):
        first.append(group.tags.load_many(ids))
    links = asks(CONTACTS)
    if links:
        first.append(group.contact_links.load_many(ids))
    if any(asks(name) for name in EMAIL_SUMMARIES) or asks(CONTACTS, LINK_EMAILS):
        first.append(group.emails.load_many(ids))
    if not await _settled(first):
        return

    then: list[Awaitable[Any]] = []
    if links and asks(CONTACTS, LINK_CONTACT, CONTACT_EMAILS):
        linked = await group.contact_links.load_many(ids)
        contact_ids = [link.contact_id for found in linked for link in found]
        then.append(load[emails_by_contact_id].load_many(contact_ids))
    if links and asks(CONTACTS, LINK_EMAILS, PORTAL_ACCESS):
        emails = await group.emails.load_many(ids)
        addresses = [
            email.contact_email.address
            for found in emails
            for email in shown_emails(info, found)
            if email.login_enabled
        ]
        then.append(load[active_login_by_address].load_many(addresses))
    await _settled(then)


def _permitted(field: StrawberryField, info: Info) -> bool:
    """Whether the field's own permission classes (staff_only()) let this caller see it."""
    for extension in field.extensions:
        if isinstance(extension, PermissionExtension):
            for permission in extension.permissions:
                allowed = permission.has_permission(None, info)
                if inspect.iscoroutine(allowed):
                    allowed.close()  # an async check is left to the field itself
                    return False
                if not allowed:
                    return False
    return True


async def _settled(loads: list[Awaitable[Any]]) -> bool:
    """Wait for all; whether every one succeeded."""
    results = await asyncio.gather(*loads, return_exceptions=True)
    return not any(isinstance(result, BaseException) for result in results)
