"""Client accounts: creation with contacts, updates, archiving."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from app.access.viewer import Viewer
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
from app.firms.models import StaffMember
from app.inbox.models import Notification, NotificationKind
from app.inbox.service import notify
from app.tags import service as tags
from app.validation import Address, clean_name


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


@dataclass
class AccountChange:
    """What a change did, for the payload and for notifications after commit."""

    account: Account
    login_turned_on: list[AccountEmail] = field(default_factory=list)
    staff_added: list[int] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)


async def create_account(viewer: Viewer, data: NewAccount) -> AccountChange:
    errors = Collector()
    name = errors.check(clean_name, data.name, "input", "name", required=False)
    company = errors.check(clean_name, data.company_name, "input", "companyName", required=False)
    if not data.contacts:
        errors.add(
            fail(
                ErrorCode.LAST_CONTACT,
                "An account needs at least one contact.",
                "input",
                "contacts",
            )
        )
    if data.type == AccountType.COMPANY and not (name or company) and not errors.errors:
        errors.add(
            fail(ErrorCode.REQUIRED, "A company needs its company name.", "input", "companyName")
        )
    errors.raise_any()
    links = [
        await check_link(viewer, link, "input", "contacts", str(i))
        for i, link in enumerate(data.contacts)
    ]
    check_no_repeats(links, "input", "contacts")
    firm_id = viewer.firm_id
    tag_ids = await tags.check_tag_ids(firm_id, data.tag_ids, "input", "tagIds")
    team = await teams.check_staff_ids(firm_id, data.team_member_ids, "input", "teamMemberIds")
    tree = await folders.tree_for_new_account(firm_id, data.folder_template_id)
    values = await custom_fields.check_entries(
        firm_id, CustomFieldTarget.ACCOUNT, data.custom_fields, "input", "customFields"
    )
    staff_id = viewer.staff.id if viewer.staff else None
    first, last = links[0].names
    columns = {
        "firm_id": firm_id,
        "type": data.type,
        "name": name
        or generated_name(data.type, viewer.firm.account_name_format, first, last, company),
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
                    columns, prefix, links, tag_ids, team, values, staff_id
                )
                change.notifications = await assignment_notices(viewer, change)
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


async def update_account(viewer: Viewer, pk: int | None, changes: dict[str, Any]) -> AccountChange:
    """Apply the given fields only; an empty name goes back to the generated one."""
    account = await get_visible_account(viewer, pk, "input", "id")
    errors = Collector()
    columns: dict[str, Any] = {}
    if changes.get("type") is not None:
        columns["type"] = changes["type"]
    if "company_name" in changes:
        columns["company_name"] = errors.check(
            clean_name, changes["company_name"], "input", "companyName", required=False
        )
    if "name" in changes:
        columns["name"] = errors.check(clean_name, changes["name"], "input", "name", required=False)
        columns["name_is_generated"] = False
    if "address" in changes:
        columns.update((changes["address"] or Address()).columns())
    errors.raise_any()
    regenerate = (
        not columns["name"]
        if "name" in columns
        else account.name_is_generated and bool({"type", "company_name"} & columns.keys())
    )
    if regenerate:
        merged = {"type": account.type, "company_name": account.company_name, **columns}
        columns["name"] = await _generated_name_for(viewer, account, merged)
        columns["name_is_generated"] = True
    firm_id = viewer.firm_id
    tag_ids = team = None
    if changes.get("tag_ids") is not None:
        tag_ids = await tags.check_tag_ids(firm_id, changes["tag_ids"], "input", "tagIds")
    if changes.get("team_member_ids") is not None:
        team = await teams.check_staff_ids(
            firm_id, changes["team_member_ids"], "input", "teamMemberIds", account_id=account.id
        )
    values = await custom_fields.check_entries(
        firm_id,
        CustomFieldTarget.ACCOUNT,
        changes.get("custom_fields") or (),
        "input",
        "customFields",
    )
    change = AccountChange(account)
    staff_id = viewer.staff.id if viewer.staff else None
    async with unit_of_work():
        if columns:
            account.update_from_dict(columns)
            await account.save(update_fields=list(columns))
        if tag_ids is not None:
            await tags.set_account_tags(account.id, tag_ids)
        if team is not None:
            change.staff_added = [
                s for s in await teams.set_team(account.id, team) if s != staff_id
            ]
        await custom_fields.apply_values(values, account_id=account.id, changed_by_id=staff_id)
        change.notifications = await assignment_notices(viewer, change)
    return change


async def assignment_notices(viewer: Viewer, change: AccountChange) -> list[Notification]:
    """ACCOUNT_ASSIGNED to each staff member a staff member added to the team.

    A client's registration tells the team with CLIENT_REGISTERED instead.
    """
    if viewer.staff is None or not change.staff_added:
        return []
    account = change.account
    title, body = assignment_text(account, viewer.staff)
    return await notify(
        viewer.firm_id,
        change.staff_added,
        NotificationKind.ACCOUNT_ASSIGNED,
        title,
        body=body,
        account_id=account.id,
    )


def assignment_text(account: Account, actor: StaffMember) -> tuple[str, str]:
    """The title and body of an ACCOUNT_ASSIGNED notification."""
    return (
        f"You were added to the team of {account.name}",
        f"Client ID {account.client_id}; added by {actor.first_name}.",
    )


async def _generated_name_for(viewer: Viewer, account: Account, merged: dict[str, Any]) -> str:
    first_link = (
        await AccountContact.filter(account_id=account.id)
        .order_by("id")
        .select_related("contact")
        .first()
    )
    contact = first_link.contact if first_link else None
    if merged["type"] == AccountType.COMPANY and not merged["company_name"]:
        raise fail(ErrorCode.REQUIRED, "A company needs its company name.", "input", "companyName")
    return generated_name(
        merged["type"],
        viewer.firm.account_name_format,
        contact.first_name if contact else "",
        contact.last_name if contact else "",
        merged["company_name"],
    )


async def set_archived(viewer: Viewer, pk: int | None, archived: bool) -> Account:
    """Archive (data kept, clients kept out) or restore."""
    account = await get_visible_account(viewer, pk, "id")
    if archived != (account.archived_at is not None):
        account.archived_at = datetime.now(UTC) if archived else None
        await account.save(update_fields=["archived_at"])
    return account
