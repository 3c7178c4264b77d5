"""A page of accounts loads, before its fields resolve, what its selection asks for.

The same DataLoaders the fields use, with the same keys, so the statements are the ones the
fields would send; but the fields then find their values loaded and complete at once
(`Loaders.shaped`) instead of each awaiting a batch as a task of its own, which for a page of
50 accounts with contacts, emails and toggles was most of its cost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from strawberry.types.nodes import SelectedField

from app import models
from app.accounts.graphql.types import shown_emails
from app.accounts.loaders import (
    account_emails_by_account_id,
    contact_links_by_account_id,
    tags_by_account_id,
)
from app.contacts.loaders import emails_by_contact_id
from app.graphql.context import Info
from app.graphql.selection import reached
from app.portal.loaders import active_login_by_address

# Account fields computed from the account's emails.
EMAIL_SUMMARIES = ("loginStatus", "notifyEnabled", "emailSyncEnabled")


async def prefetch_accounts(
    info: Info, rows: list[models.Account], accounts: list[SelectedField]
) -> None:
    """Load what `accounts` (the selections of these accounts' fields) ask for. A failure is
    left in its loader, for the field that needs the value to report."""
    load, viewer = info.context.load, info.context.viewer
    ids = [row.id for row in rows]

    def asks(*path: str) -> bool:
        return bool(reached(accounts, *path))

    first: list[Awaitable[Any]] = []
    if asks("tags") and viewer is not None and viewer.staff is not None:  # staff_only
        first.append(load[tags_by_account_id].load_many(ids))
    links = asks("contacts")
    if links:
        first.append(load[contact_links_by_account_id].load_many(ids))
    if any(asks(name) for name in EMAIL_SUMMARIES) or asks("contacts", "emails"):
        first.append(load[account_emails_by_account_id].load_many(ids))
    if not await _settled(first):
        return

    then: list[Awaitable[Any]] = []
    if links and asks("contacts", "contact", "emails"):
        groups = await load[contact_links_by_account_id].load_many(ids)
        contact_ids = [link.contact_id for group in groups for link in group]
        then.append(load[emails_by_contact_id].load_many(contact_ids))
    if links and asks("contacts", "emails", "portalAccess"):
        groups = await load[account_emails_by_account_id].load_many(ids)
        addresses = [
            email.contact_email.address
            for group in groups
            for email in shown_emails(info, group)
            if email.login_enabled
        ]
        then.append(load[active_login_by_address].load_many(addresses))
    await _settled(then)


async def _settled(loads: list[Awaitable[Any]]) -> bool:
    """Wait for all; whether every one succeeded."""
    results = await asyncio.gather(*loads, return_exceptions=True)
    return not any(isinstance(result, BaseException) for result in results)
