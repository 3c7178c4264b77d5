"""Bulk toggles: LOGIN / NOTIFY / EMAIL SYNC on every email of many accounts at once.

Set-based: each chunk of accounts costs a bounded number of SQL statements whatever its
size. The whole run is one transaction, invitations queued in it, and it ends with a
BULK_UPDATE_COMPLETED notification to the staff member who ran it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, cast

from tortoise.expressions import Q, Subquery

from app.access.actors import StaffActor
from app.access.permissions import SET_TOGGLES, entry_point
from app.accounts.models import AccountContact, AccountEmail
from app.accounts.policy import visible_accounts
from app.accounts.toggles import after_login_off, preference_columns, toggle_columns
from app.contacts.models import ContactEmail
from app.db.unit_of_work import unit_of_work
from app.errors import Collector, ErrorCode, fail
from app.firms.models import StaffMember
from app.firms.staff import staff_with_firm
from app.inbox.models import Notification, NotificationKind
from app.inbox.service import notify
from app.portal import invitations
from app.portal.logins import active_addresses
from app.settings import Settings
from app.webhooks import events as webhooks
from app.webhooks.models import WebhookEventType

MAX_ACCOUNTS = 10_000
# Accounts per chunk: keeps every IN (...) list well under the databases' parameter limits.
CHUNK_SIZE = 500


class ToggleAction(StrEnum):
    NO_CHANGE = "NO_CHANGE"
    ENABLE = "ENABLE"
    DISABLE = "DISABLE"

    @property
    def wanted(self) -> bool | None:
        """The toggle's new value, or None to leave it as it is."""
        return {ToggleAction.ENABLE: True, ToggleAction.DISABLE: False}.get(self)


@dataclass(frozen=True)
class BulkChange:
    """What to do to every email of the selected accounts."""

    login: ToggleAction = ToggleAction.NO_CHANGE
    notify: ToggleAction = ToggleAction.NO_CHANGE
    email_sync: ToggleAction = ToggleAction.NO_CHANGE
    # By category name (`document_uploads`, ...); only with notify ENABLE.
    notification_preferences: Mapping[str, bool | None] | None = None
    send_invitations: bool = False
    invitation_message: str | None = None


@dataclass(frozen=True)
class ItemError:
    """An account (by the id as given) or one of its contacts that did not take the change."""

    account_id: str | None
    email: str | None
    code: ErrorCode
    message: str


@dataclass
class BulkReport:
    accounts_requested: int = 0
    accounts_updated: int = 0
    emails_updated: int = 0
    invitations_sent: int = 0
    errors: list[ItemError] = field(default_factory=list)


@dataclass
class _Run:
    actor: StaffActor
    settings: Settings
    columns: dict[str, bool]  # AccountEmail column -> value, for every email that differs
    send_invitations: bool
    message: str | None
    report: BulkReport = field(default_factory=BulkReport)
    updated_accounts: set[int] = field(default_factory=set)
    invited: set[int] = field(default_factory=set)  # contact email ids, one invitation each
    sender: StaffMember | None = None  # read once, when the first invitations go

    def error(self, account_id: str, code: ErrorCode, message: str) -> None:
        self.report.errors.append(ItemError(account_id, None, code, message))


@entry_point(SET_TOGGLES)
async def bulk_update_contact_toggles(
    actor: StaffActor, requested: Mapping[str, int | None], change: BulkChange, settings: Settings
) -> BulkReport:
    """Apply `change` to the accounts requested (id as given -> its pk, None if not ours).

    Accounts not found or not visible, archived accounts, and contacts without an email are
    reported in `errors` and left alone; the rest is applied.
    """
    columns, message = _checked(requested, change)
    run = _Run(actor, settings, columns, change.send_invitations, message)
    run.report.accounts_requested = len(requested)
    by_pk: dict[int, str] = {}
    for given, pk in requested.items():
        if pk is None:
            run.error(given, ErrorCode.NOT_FOUND, "No such account.")
        else:
            by_pk.setdefault(pk, given)
    pks = list(by_pk)
    async with unit_of_work():
        for start in range(0, len(pks), CHUNK_SIZE):
            await _apply_chunk(run, {pk: by_pk[pk] for pk in pks[start : start + CHUNK_SIZE]})
        run.report.accounts_updated = len(run.updated_accounts)
        order = {given: i for i, given in enumerate(requested)}
        run.report.errors.sort(key=lambda e: order.get(e.account_id or "", -1))
        await _tell_the_caller(actor, run.report)
        await webhooks.report_completed(
            actor.firm_id, WebhookEventType.BULK_UPDATE_COMPLETED, run.report
        )
    return run.report


def _checked(
    requested: Mapping[str, int | None], change: BulkChange
) -> tuple[dict[str, bool], str | None]:
    """The columns to set and the invitation message, or every problem with the input."""
    errors = Collector()
    if not requested:
        errors.add(fail(ErrorCode.REQUIRED, "Select at least one account.", "account_ids"))
    elif len(requested) > MAX_ACCOUNTS:
        errors.add(
            fail(
                ErrorCode.LIMIT_EXCEEDED,
                f"At most {MAX_ACCOUNTS:,} accounts a call.",
                "account_ids",
            )
        )
    if change.send_invitations and change.login is not ToggleAction.ENABLE:
        errors.add(
            fail(ErrorCode.INVALID, "Invitations go with login: ENABLE.", "send_invitations")
        )
    if change.notification_preferences is not None and change.notify is not ToggleAction.ENABLE:
        errors.add(
            fail(
                ErrorCode.INVALID,
                "Notification preferences go with notify: ENABLE.",
                "notification_preferences",
            )
        )
    message = errors.check(
        invitations.clean_message,
        change.invitation_message if change.send_invitations else None,
        "invitation_message",
    )
    columns = toggle_columns(
        login=change.login.wanted, notify=change.notify.wanted, email_sync=change.email_sync.wanted
    )
    if change.notify is ToggleAction.ENABLE and change.notification_preferences:
        columns |= preference_columns(change.notification_preferences)
    if not columns and not errors.errors:
        errors.add(
            fail(ErrorCode.INVALID, "Choose ENABLE or DISABLE for at least one setting.", "input")
        )
    errors.raise_any()
    return columns, message


async def _apply_chunk(run: _Run, chunk: dict[int, str]) -> None:
    """One chunk of accounts (pk -> id as given), in a bounded number of statements."""
    open_ids = await _open_accounts(run, chunk)
    if not open_ids:
        return
    await _report_contacts_without_email(run, chunk, open_ids)
    differs = Q(
        *(Q(**cast(dict[str, Any], {column: not value})) for column, value in run.columns.items()),
        join_type="OR",
    )
    changing = (
        await AccountEmail.filter(differs, account_id__in=open_ids)
        .order_by("id")
        .values("id", "account_id", "contact_email_id", "login_enabled")
    )
    if not changing:
        return
    # The same condition as the read, so the statement's size follows the accounts, not emails.
    await AccountEmail.filter(differs, account_id__in=open_ids).update(**run.columns)
    run.report.emails_updated += len(changing)
    run.updated_accounts.update(r["account_id"] for r in changing)
    login = run.columns.get("login_enabled")
    switched = {r["contact_email_id"] for r in changing if r["login_enabled"] != login}
    if login is False and switched:
        await after_login_off(run.actor.firm_id, switched)
    if login and run.send_invitations:
        await _invite(run, switched)


async def _open_accounts(run: _Run, chunk: dict[int, str]) -> list[int]:
    """The chunk's visible, non-archived accounts; the others are reported."""
    found = dict(
        await visible_accounts(run.actor)
        .filter(id__in=list(chunk))
        .values_list("id", "archived_at")
    )
    for pk, given in chunk.items():
        if pk not in found:
            run.error(given, ErrorCode.NOT_FOUND, "No such account.")
        elif found[pk] is not None:
            run.error(given, ErrorCode.ARCHIVED, "The account is archived.")
    return [pk for pk, archived_at in found.items() if archived_at is None]


async def _report_contacts_without_email(
    run: _Run, chunk: dict[int, str], open_ids: list[int]
) -> None:
    """A contact with no email has no toggles: NO_EMAIL for each, naming the contact."""
    with_email = AccountEmail.filter(account_id__in=open_ids).values("link_id")
    links = (
        await AccountContact.filter(account_id__in=open_ids)
        .exclude(id__in=Subquery(with_email))
        .order_by("account_id", "id")
        .select_related("contact")
    )
    for link in links:
        name = link.contact.display_name
        run.error(chunk[link.account_id], ErrorCode.NO_EMAIL, f"{name} has no email address.")


async def _invite(run: _Run, switched: set[int]) -> None:
    """Invite the emails whose LOGIN just went on and whose address is not yet active."""
    wanted = switched - run.invited
    if not wanted:
        return
    run.invited |= wanted
    # Plain values, not models: building 10,000 of them would cost more than the statements.
    emails = (
        await ContactEmail.filter(id__in=list(wanted))
        .order_by("id")
        .values("id", "address", *(f"contact__{part}" for part in _NAME_PARTS))
    )
    active = await active_addresses(run.actor.firm_id, [e["address"] for e in emails])
    invitees = [
        invitations.Invitee(e["id"], e["address"], _display_name(e))
        for e in emails
        if e["address"] not in active
    ]
    if invitees and run.sender is None:
        run.sender = await staff_with_firm(run.actor.staff_id)
    sender = run.sender
    if sender is not None:
        run.report.invitations_sent += await invitations.issue_many(
            sender.firm, invitees, run.message, sender, run.settings
        )


_NAME_PARTS = ("first_name", "middle_name", "last_name")


def _display_name(values: Mapping[str, str | None]) -> str:
    """`Contact.display_name` from a row of values."""
    return " ".join(p for p in (values[f"contact__{part}"] for part in _NAME_PARTS) if p)


async def _tell_the_caller(actor: StaffActor, report: BulkReport) -> list[Notification]:
    """BULK_UPDATE_COMPLETED to the staff member who ran it, summarising the report."""
    return await notify(
        actor.firm_id,
        [actor.staff_id],
        NotificationKind.BULK_UPDATE_COMPLETED,
        "Bulk update of contact toggles completed",
        body=summary(report),
    )


def summary(report: BulkReport) -> str:
    """The report in one line, e.g. for the notification's body."""
    text = (
        f"Accounts requested: {report.accounts_requested}. "
        f"Accounts updated: {report.accounts_updated}. "
        f"Emails updated: {report.emails_updated}. "
        f"Invitations sent: {report.invitations_sent}. "
        f"Errors: {len(report.errors)}"
    )
    by_code = Counter(e.code.value for e in report.errors)
    if by_code:
        text += " (" + ", ".join(f"{code} {n}" for code, n in sorted(by_code.items())) + ")"
    return text + "."
