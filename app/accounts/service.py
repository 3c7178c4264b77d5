"""Client accounts: creation with contacts, updates, archiving."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Protocol

from tortoise.exceptions import IntegrityError

from app.access.actors import Actor, StaffActor, staff_id_of
from app.access.permissions import MANAGE_ACCOUNTS, entry_point
from app.accounts import folders, teams
from app.accounts.links import CheckedLink, ContactLink, check_link, check_no_repeats, insert_link
from app.accounts.models import Account, AccountContact, AccountEmail, AccountType
from app.accounts.names import generated_name, initials, next_client_id
from app.accounts.policy import get_visible_account
from app.custom_fields import service as custom_fields
from app.custom_fields.models import CustomFieldTarget
from app.custom_fields.service import CustomFieldEntry
from app.db.unit_of_work import unit_of_work
from app.errors import Collector, ErrorCode, fail
from app.firms.facts import account_name_format, first_name_of
from app.inbox.models import Notification, NotificationKind
from app.inbox.service import notify
from app.tags import service as tags
from app.validation import Address, clean_name
from app.webhooks import events as webhooks


class Keep(Enum):
    """An update field not given: the account keeps its value."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class NewAccount:
    type: AccountType
    contacts: Sequence[ContactLink]
    name: str | None = None
    company_name: str | None = None
    address: Address | None = None
    tag_ids: Sequence[int] = ()
    team_member_ids: Sequence[int] = ()
    folder_template_id: int | None = None
    custom_fields: Sequence[CustomFieldEntry] = ()


@dataclass(frozen=True)
class AccountChanges:
    """What updateAccount changes: KEEP (or None where a value cannot be cleared) leaves a
    field as it is; a name set to None goes back to the generated one."""

    type: AccountType | None = None
    name: str | None | Keep = KEEP
    company_name: str | None | Keep = KEEP
    address: Address | None | Keep = KEEP
    tag_ids: Sequence[int] | None = None
    team_member_ids: Sequence[int] | None = None
    custom_fields: Sequence[CustomFieldEntry] = ()


@dataclass
class AccountChange:
    """What a change did, for the payload and for notifications after commit."""

    account: Account
    login_turned_on: list[AccountEmail] = field(default_factory=list)
    staff_added: list[int] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)


@entry_point(MANAGE_ACCOUNTS)
async def create_account(actor: Actor, data: NewAccount) -> AccountChange:
    """A new account with its contacts, tags, team, folders and custom fields; the team's
    new members are told (ACCOUNT_ASSIGNED) after the commit."""
    errors = Collector()
    name = errors.check(clean_name, data.name, "name", required=False)
    company = errors.check(clean_name, data.company_name, "company_name", required=False)
    if not data.contacts:
        errors.add(
            fail(ErrorCode.LAST_CONTACT, "An account needs at least one contact.", "contacts")
        )
    if data.type == AccountType.COMPANY and not (name or company) and not errors.errors:
        errors.add(fail(ErrorCode.REQUIRED, "A company needs its company name.", "company_name"))
    errors.raise_any()
    links = [
        await check_link(actor, link, "contacts", str(i)) for i, link in enumerate(data.contacts)
    ]
    check_no_repeats(links, "contacts")
    firm_id = actor.firm_id
    tag_ids = await tags.check_tag_ids(firm_id, data.tag_ids, "tag_ids")
    team = await teams.check_staff_ids(firm_id, data.team_member_ids, "team_member_ids")
    tree = await folders.tree_for_new_account(firm_id, data.folder_template_id)
    values = await custom_fields.check_entries(
        firm_id, CustomFieldTarget.ACCOUNT, data.custom_fields, "custom_fields"
    )
    first, last = links[0].names
    if not name:
        name_format = await account_name_format(firm_id)
        generated = generated_name(data.type, name_format, first, last, company)
    columns = {
        "firm_id": firm_id,
        "type": data.type,
        "name": name or generated,
        "name_is_generated": not name,
        "company_name": company,
        "folders": tree,
        **(data.address or Address()).columns(),
    }
    prefix = initials(data.type, first, last, company or name)
    for attempt in range(5):  # two creators may race for the same client ID
        try:
            async with unit_of_work():
                change = await _insert_account(
                    columns, prefix, links, tag_ids, team, values, staff_id_of(actor)
                )
                await _tell_added_staff(actor, change)
                await webhooks.account_created(change.account)
            return change
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


async def _insert_account(
    columns: dict[str, Any],
    prefix: str,
    links: list[CheckedLink],
    tag_ids: list[int],
    team: list[int],
    values: list,
    staff_id: int | None,
) -> AccountChange:
    client_id = await next_client_id(columns["firm_id"], prefix)
    account = await Account.create(client_id=client_id, **columns)
    change = AccountChange(account)
    for link in links:
        change.login_turned_on += await insert_link(account, link, staff_id)
    await tags.set_account_tags(account.id, tag_ids)
    members = await teams.default_team(account.firm_id, staff_id)
    added = await teams.set_team(account.id, [*members, *team])
    change.staff_added = [s for s in added if s != staff_id]
    await custom_fields.apply_values(values, account_id=account.id, changed_by_id=staff_id)
    return change


@entry_point(MANAGE_ACCOUNTS)
async def update_account(actor: Actor, pk: int | None, changes: AccountChanges) -> AccountChange:
    """Apply the given fields only; an empty name goes back to the generated one."""
    account = await get_visible_account(actor, pk, "id")
    columns = _changed_columns(changes)
    regenerate = (
        not columns["name"]
        if "name" in columns
        else account.name_is_generated and bool({"type", "company_name"} & columns.keys())
    )
    if regenerate:
        merged = {"type": account.type, "company_name": account.company_name, **columns}
        columns["name"] = await _generated_name_for(actor, account, merged)
        columns["name_is_generated"] = True
    firm_id = actor.firm_id
    tag_ids = team = None
    if changes.tag_ids is not None:
        tag_ids = await tags.check_tag_ids(firm_id, changes.tag_ids, "tag_ids")
    if changes.team_member_ids is not None:
        team = await teams.check_staff_ids(
            firm_id, changes.team_member_ids, "team_member_ids", account_id=account.id
        )
    values = await custom_fields.check_entries(
        firm_id, CustomFieldTarget.ACCOUNT, changes.custom_fields, "custom_fields"
    )
    change = AccountChange(account)
    staff_id = staff_id_of(actor)
    async with unit_of_work():
        if columns:
            account.update_from_dict(columns)
            await account.save(update_fields=list(columns))
        if tag_ids is not None:
            await tags.set_account_tags(account.id, tag_ids)
        if team is not None:
            added = await teams.set_team(account.id, team)
            change.staff_added = [s for s in added if s != staff_id]
        await custom_fields.apply_values(values, account_id=account.id, changed_by_id=staff_id)
        await _tell_added_staff(actor, change)
        await webhooks.account_updated(account, columns, tag_ids, team, bool(values))
    return change


def _changed_columns(changes: AccountChanges) -> dict[str, Any]:
    """The account columns the changes set, checked (all problems reported at once)."""
    errors = Collector()
    columns: dict[str, Any] = {}
    if changes.type is not None:
        columns["type"] = changes.type
    if changes.company_name is not KEEP:
        columns["company_name"] = errors.check(
            clean_name, changes.company_name, "company_name", required=False
        )
    if changes.name is not KEEP:
        columns["name"] = errors.check(clean_name, changes.name, "name", required=False)
        columns["name_is_generated"] = False
    if changes.address is not KEEP:
        columns.update((changes.address or Address()).columns())
    errors.raise_any()
    return columns


async def _tell_added_staff(actor: Actor, change: AccountChange) -> None:
    """Inside the change's unit of work: store the notices (announced after the commit)."""
    change.notifications = await _assignment_notices(actor, change)


async def _assignment_notices(actor: Actor, change: AccountChange) -> list[Notification]:
    """ACCOUNT_ASSIGNED to each staff member a staff member added to the team.

    A client's registration tells the team with CLIENT_REGISTERED instead.
    """
    if not isinstance(actor, StaffActor) or not change.staff_added:
        return []
    account = change.account
    title, body = assignment_text(account, await first_name_of(actor.staff_id))
    return await notify(
        actor.firm_id,
        change.staff_added,
        NotificationKind.ACCOUNT_ASSIGNED,
        title,
        body=body,
        account_id=account.id,
    )


class _Named(Protocol):
    first_name: str


def assignment_text(account: Account, added_by: _Named | str) -> tuple[str, str]:
    """The title and body of an ACCOUNT_ASSIGNED notification (`added_by`: the staff member
    who added them, or their first name)."""
    first_name = added_by if isinstance(added_by, str) else added_by.first_name
    return (
        f"You were added to the team of {account.name}",
        f"Client ID {account.client_id}; added by {first_name}.",
    )


async def _generated_name_for(actor: Actor, account: Account, merged: dict[str, Any]) -> str:
    first_link = (
        await AccountContact.filter(account_id=account.id)
        .order_by("id")
        .select_related("contact")
        .first()
    )
    contact = first_link.contact if first_link else None
    if merged["type"] == AccountType.COMPANY and not merged["company_name"]:
        raise fail(ErrorCode.REQUIRED, "A company needs its company name.", "company_name")
    return generated_name(
        merged["type"],
        await account_name_format(actor.firm_id),
        contact.first_name if contact else "",
        contact.last_name if contact else "",
        merged["company_name"],
    )


@entry_point(MANAGE_ACCOUNTS)
async def set_archived(actor: Actor, pk: int | None, archived: bool) -> Account:
    """Archive (data kept, clients kept out) or restore."""
    account = await get_visible_account(actor, pk, "id")
    if archived != (account.archived_at is not None):
        account.archived_at = datetime.now(UTC) if archived else None
        async with unit_of_work():
            await account.save(update_fields=["archived_at"])
            await webhooks.account_archived(account)
    return account
