"""What a chunk needs from the database, read with a fixed number of IN-list queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from tortoise import connections
from tortoise.functions import Lower

from app.accounts.models import AccountContact, AccountTeamMember
from app.accounts.policy import visible_accounts, visible_contacts
from app.contacts.models import Contact, ContactEmail, Phone
from app.importing.rows import ImportRow
from app.importing.state import KnownAccount, RunState
from app.tags.models import AccountTag, ContactTag


@dataclass
class Lookups:
    contact_by_address: dict[str, int] = field(default_factory=dict)  # found in the database
    visible_contact_ids: set[int] = field(default_factory=set)
    contacts: dict[int, Contact] = field(default_factory=dict)
    emails: dict[int, list[ContactEmail]] = field(default_factory=lambda: defaultdict(list))
    with_phones: set[int] = field(default_factory=set)
    contact_tags: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    links: dict[int, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    accounts_named: dict[str, list[KnownAccount]] = field(default_factory=lambda: defaultdict(list))
    team: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    account_tags: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))


async def load(state: RunState, rows: Sequence[ImportRow]) -> Lookups:
    """At most ten statements, whatever the number of rows."""
    found = Lookups()
    viewer = state.viewer
    addresses = {a for row in rows for a in row.emails if a not in state.contacts}
    if addresses:
        found.contact_by_address = await _contacts_by_address(viewer.firm_id, addresses)
    new_ids = set(found.contact_by_address.values())
    if new_ids and not viewer.sees_all_accounts:
        seen = await visible_contacts(viewer).filter(id__in=new_ids).values_list("id", flat=True)
        found.visible_contact_ids = set(cast(list[int], seen))
    else:
        found.visible_contact_ids = new_ids
    contact_ids = found.visible_contact_ids | {
        state.contacts[a] for row in rows for a in row.emails if state.contacts.get(a, 0) > 0
    }
    if contact_ids:
        await _load_contacts(found, contact_ids)
    names = {row.group for row in rows if row.group and row.group not in state.accounts}
    if names:
        await _load_accounts_named(found, state, names)
    account_ids = {a.id for known in found.accounts_named.values() for a in known} | {
        state.accounts[row.group].id
        for row in rows
        if row.group in state.accounts and state.accounts[row.group].id > 0
    }
    if account_ids:
        for account_id, staff_id in await AccountTeamMember.filter(
            account_id__in=account_ids
        ).values_list("account_id", "staff_id"):
            found.team[account_id].add(staff_id)
        for account_id, tag_id in await AccountTag.filter(account_id__in=account_ids).values_list(
            "account_id", "tag_id"
        ):
            found.account_tags[account_id].add(tag_id)
    return found


async def _contacts_by_address(firm_id: int, addresses: set[str]) -> dict[str, int]:
    """Contact ids by address. On PostgreSQL as a join with the unnested array: after five
    runs a prepared statement gets a generic plan, which for `address IN (...)` (or `= ANY`)
    filters every address of the firm against the whole list; the join looks each one up."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        rows = await conn.execute_query_dict(
            "SELECT e.address, e.contact_id FROM unnest($2::varchar[]) AS wanted(address) "
            "JOIN contact_email e ON e.firm_id = $1 AND e.address = wanted.address",
            [firm_id, list(addresses)],
        )
        return {row["address"]: row["contact_id"] for row in rows}
    pairs = await ContactEmail.filter(firm_id=firm_id, address__in=addresses).values_list(
        "address", "contact_id"
    )
    return dict(pairs)


async def _load_contacts(found: Lookups, ids: set[int]) -> None:
    for contact in await Contact.filter(id__in=ids):
        found.contacts[contact.id] = contact
    for email in await ContactEmail.filter(contact_id__in=ids).order_by("id"):
        found.emails[email.contact_id].append(email)
    found.with_phones = set(
        cast(list[int], await Phone.filter(contact_id__in=ids).values_list("contact_id", flat=True))
    )
    for contact_id, tag_id in await ContactTag.filter(contact_id__in=ids).values_list(
        "contact_id", "tag_id"
    ):
        found.contact_tags[contact_id].add(tag_id)
    for link_id, account_id, contact_id in await AccountContact.filter(
        contact_id__in=ids
    ).values_list("id", "account_id", "contact_id"):
        found.links[contact_id][account_id] = link_id


async def _load_accounts_named(found: Lookups, state: RunState, names: set[str]) -> None:
    """Non-archived accounts the viewer sees, by lower-case name; not those this run made (a
    generated name is no account_name of the file, and a dry run would not find them)."""
    rows = (
        await visible_accounts(state.viewer)
        .filter(archived_at__isnull=True)
        .annotate(lower_name=Lower("name"))
        .filter(lower_name__in=names)
        .values_list("id", "name", "client_id", "type")
    )
    for pk, name, client_id, type_ in rows:
        if pk not in state.created_accounts:
            found.accounts_named[name.lower()].append(KnownAccount(pk, name, client_id, type_))
