"""The events other domains report: one call each, inside the transaction of the change.

Each builds the event's `data` (global ids of what is involved, plus what changed) only
when some endpoint of the firm takes that event type, so a firm without webhooks pays one
small SELECT per change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from app.graphql.ids import to_global_id
from app.webhooks.models import WebhookEventType as Type
from app.webhooks.outbox import record, subscribed, write

if TYPE_CHECKING:
    from app.accounts.models import Account, AccountEmail
    from app.contacts.models import Contact, ContactEmail
    from app.email_sync.models import EmailMessage


# AccountEmail columns as the API names the toggles.
TOGGLE_NAMES = {
    "login_enabled": "login",
    "notify_enabled": "notify",
    "email_sync_enabled": "emailSync",
}
# How many of a report's errors its event lists (errorCount has them all).
REPORT_ERRORS_SHOWN = 100


def _id(type_name: str, pk: int | None) -> str | None:
    return to_global_id(type_name, pk) if pk is not None else None


def camel(name: str) -> str:
    """A Python field name as the API spells it: `company_name` -> `companyName`."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def changes_of(columns: Mapping[str, Any]) -> dict[str, Any]:
    """Changed columns as the event's `changes`: API names, JSON values."""
    return {camel(name): _plain(value) for name, value in columns.items()}


async def portal_entry(
    firm_id: int, event_type: Type, email: ContactEmail, account_ids: Sequence[int]
) -> None:
    """CLIENT_ACTIVATED or CLIENT_REGISTERED: one event per account the login entered."""
    endpoints = await subscribed(firm_id, event_type)
    if not endpoints:
        return
    from app.accounts.models import AccountEmail

    rows = await AccountEmail.filter(account_id__in=list(account_ids), contact_email_id=email.id)
    by_account = {row.account_id: row.id for row in rows}
    events = [
        {
            "accountId": _id("Account", account_id),
            "contactId": _id("Contact", email.contact_id),
            "contactEmailId": _id("ContactEmail", email.id),
            "accountEmailId": _id("AccountEmail", by_account.get(account_id)),
            "email": email.address,
        }
        for account_id in account_ids
    ]
    await write(endpoints, event_type, events)


async def account_created(account: Account) -> None:
    """ACCOUNT_CREATED with the account's names and its linked contacts."""
    endpoints = await subscribed(account.firm_id, Type.ACCOUNT_CREATED)
    if not endpoints:
        return
    from app.accounts.models import AccountContact

    contact_ids = await AccountContact.filter(account_id=account.id).order_by("id")
    data = {
        "accountId": _id("Account", account.id),
        "clientId": account.client_id,
        "name": account.name,
        "type": _plain(account.type),
        "companyName": account.company_name,
        "contactIds": [_id("Contact", link.contact_id) for link in contact_ids],
    }
    await write(endpoints, Type.ACCOUNT_CREATED, [data])


async def account_updated(
    account: Account,
    columns: Mapping[str, Any],
    tag_ids: Sequence[int] | None = None,
    team_member_ids: Sequence[int] | None = None,
    custom_fields: bool = False,
) -> None:
    """ACCOUNT_UPDATED: `changes` holds the new values of the fields set (ids for tags and
    team members); `changedFields` names them all, custom fields included."""
    changes = changes_of(columns)
    changes.pop("nameIsGenerated", None)
    if tag_ids is not None:
        changes["tagIds"] = [_id("Tag", pk) for pk in tag_ids]
    if team_member_ids is not None:
        changes["teamMemberIds"] = [_id("StaffMember", pk) for pk in team_member_ids]
    changed = [*changes, *(["customFields"] if custom_fields else [])]
    if not changed:
        return
    data = {"accountId": _id("Account", account.id), "changedFields": changed, "changes": changes}
    await record(account.firm_id, Type.ACCOUNT_UPDATED, data)


async def account_archived(account: Account) -> None:
    """ACCOUNT_ARCHIVED or ACCOUNT_RESTORED, as the account now is."""
    archived = account.archived_at is not None
    await record(
        account.firm_id,
        Type.ACCOUNT_ARCHIVED if archived else Type.ACCOUNT_RESTORED,
        {"accountId": _id("Account", account.id), "archivedAt": _plain(account.archived_at)},
    )


async def contact_created(contact: Contact, addresses: Sequence[str]) -> None:
    await record(
        contact.firm_id,
        Type.CONTACT_CREATED,
        {
            "contactId": _id("Contact", contact.id),
            "firstName": contact.first_name,
            "middleName": contact.middle_name,
            "lastName": contact.last_name,
            "emails": list(addresses),
        },
    )


async def contact_updated(
    contact: Contact,
    columns: Mapping[str, Any],
    phones: Sequence[tuple[str, bool]] | None = None,
    tag_ids: Sequence[int] | None = None,
    custom_fields: bool = False,
) -> None:
    """CONTACT_UPDATED: `changes` holds the new values of the fields set; `changedFields`
    names them all, custom fields included."""
    changes = changes_of(columns)
    if phones is not None:
        changes["phones"] = [{"number": n, "primary": p} for n, p in phones]
    if tag_ids is not None:
        changes["tagIds"] = [_id("Tag", pk) for pk in tag_ids]
    changed = [*changes, *(["customFields"] if custom_fields else [])]
    if not changed:
        return
    data = {"contactId": _id("Contact", contact.id), "changedFields": changed, "changes": changes}
    await record(contact.firm_id, Type.CONTACT_UPDATED, data)


async def contact_email_changed(
    contact_id: int,
    firm_id: int,
    email: ContactEmail,
    *,
    added: str | None = None,
    removed: str | None = None,
) -> None:
    """CONTACT_UPDATED for one address added, removed or changed (removed, then added)."""
    changes = {"emailAdded": added, "emailRemoved": removed}
    data = {
        "contactId": _id("Contact", contact_id),
        "contactEmailId": _id("ContactEmail", email.id),
        "changedFields": ["emails"],
        "changes": {k: v for k, v in changes.items() if v is not None},
    }
    await record(firm_id, Type.CONTACT_UPDATED, data)


async def toggles_changed(firm_id: int, row: AccountEmail, changed: Mapping[str, bool]) -> None:
    """CONTACT_TOGGLES_CHANGED for one AccountEmail: the toggles that changed, new values."""
    await record(
        firm_id,
        Type.CONTACT_TOGGLES_CHANGED,
        {
            "accountId": _id("Account", row.account_id),
            "contactId": _id("Contact", row.contact_email.contact_id),
            "accountEmailId": _id("AccountEmail", row.id),
            "contactEmailId": _id("ContactEmail", row.contact_email_id),
            "changes": {TOGGLE_NAMES.get(k, camel(k)): v for k, v in changed.items()},
        },
    )


async def email_received(firm_id: int, message: EmailMessage) -> None:
    await record(
        firm_id,
        Type.EMAIL_RECEIVED,
        {
            "accountId": _id("Account", message.account_id),
            "emailMessageId": _id("EmailMessage", message.id),
            "from": message.from_address,
            "subject": message.subject,
        },
    )


async def report_completed(firm_id: int, event_type: Type, report: Any) -> None:
    """IMPORT_COMPLETED or BULK_UPDATE_COMPLETED: the report's counts and errors."""
    counts = {
        camel(f.name): getattr(report, f.name)
        for f in dataclasses.fields(report)
        if isinstance(getattr(report, f.name), int)
    }
    if hasattr(report, "rows_failed"):
        counts["rowsFailed"] = report.rows_failed
    errors = list(getattr(report, "errors", []))
    counts["errorCount"] = len(errors)
    # The first errors only: a 10,000-account run must not make a megabyte event.
    shown = [changes_of(dataclasses.asdict(error)) for error in errors[:REPORT_ERRORS_SHOWN]]
    await record(firm_id, event_type, {**counts, "errors": shown})
