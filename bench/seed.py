"""A fresh database seeded fast (bulk inserts), holding what the app itself would create.

Not measured: 10,000 accounts through GraphQL would take minutes and measure nothing the
bench reports. The rows follow the app's rules: generated names and client IDs (initials
plus the smallest free number), the default folder tree, one AccountEmail with toggles per
(account, linked contact, contact email), the creator (the owner) on every team.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from tortoise import connections
from tortoise.models import Model

from app import db
from app.access.secrets import hash_token, new_token
from app.accounts.folders import DEFAULT_TREE
from app.accounts.models import (
    Account,
    AccountContact,
    AccountEmail,
    AccountTeamMember,
    AccountType,
)
from app.accounts.names import initials
from app.contacts.models import Contact, ContactEmail, Phone
from app.firms.models import AuthSession, Firm, StaffMember, StaffRole
from app.portal.models import LinkPurpose, LinkToken
from app.tags.models import AccountTag, ContactTag, Tag

FIRST_NAMES = ["Jane", "John", "Maria", "Wei", "Aisha", "Lukas", "Sofia", "Omar", "Emma", "Ravi"]
LAST_NAMES = ["Doe", "Smith", "Garcia", "Chen", "Khan", "Muller", "Rossi", "Haddad", "Brown"]
TAG_NAMES = ["VIP", "Payroll", "Bookkeeping", "Tax 2025", "Audit", "New", "Nonprofit", "Trust"]
EMPLOYEES = 5
# Every seeded staff member has this (never used) password hash: nobody signs in with it.
UNUSABLE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$bench$bench"
STAFF_IDS_FROM = 100_001


@dataclass(frozen=True)
class InboxFirm:
    """A firm for the Inbox+ runs: its staff's tokens, and the plain tokens of registration
    links waiting for confirmation (what registerClient would have mailed); confirming one
    tells every staff member (CLIENT_REGISTERED)."""

    slug: str
    staff_tokens: list[str]
    confirmations: list[str]


@dataclass
class Seeded:
    owner_token: str
    account_ids: list[int]
    # Subscriber count -> its firm.
    inbox_firms: dict[int, InboxFirm] = field(default_factory=dict)


class _Rows:
    """Rows to insert, with ids given here so that related rows can point at them."""

    def __init__(self) -> None:
        self.rows: dict[type[Model], list[Model]] = defaultdict(list)
        self._ids: dict[type[Model], itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        # Inbox+ channels are named by staff id (inbox.<id>): on a Redis shared with a test
        # suite, the bench's must not be the tests' inbox.1, inbox.2...
        self._ids[StaffMember] = itertools.count(STAFF_IDS_FROM)
        self.client_numbers: dict[tuple[int, str], int] = defaultdict(int)  # the last used

    def add(self, model: type[Model], **values: Any) -> int:
        pk = next(self._ids[model])
        self.rows[model].append(model(id=pk, **values))
        return pk


async def seed(
    database_url: str, accounts: int, subscriber_counts: list[int], registrations: int
) -> Seeded:
    """Migrate an empty database and fill it; answer the tokens the bench needs
    (`registrations` waiting confirmation links per Inbox+ firm)."""
    await db.migrate(database_url)
    await db.open_database(database_url)
    try:
        rows = _Rows()
        now = datetime.now(UTC)
        owner_token, firm_id, owner_id = _firm(rows, "bench", "Bench Tax & Accounting", now)
        staff = [owner_id] + [
            _staff(rows, firm_id, f"employee{i}@bench.example", StaffRole.EMPLOYEE)
            for i in range(EMPLOYEES)
        ]
        tags = [rows.add(Tag, firm_id=firm_id, name=name) for name in TAG_NAMES]
        account_ids = [_account(rows, firm_id, i, staff, tags) for i in range(accounts)]
        seeded = Seeded(owner_token, account_ids)
        for count in subscriber_counts:
            seeded.inbox_firms[count] = _inbox_firm(rows, count, now, registrations)
        for model in _INSERT_ORDER:
            await model.bulk_create(rows.rows[model], batch_size=1000)
        if database_url.startswith("postgres"):
            await _advance_sequences()
            # What autovacuum would have done to a long-lived database: without statistics,
            # PostgreSQL may switch the bulk update's statements to a much worse plan; without
            # the visibility map, a page's index-only scans (migration 0007) read the tables.
            await connections.get("default").execute_script("VACUUM ANALYZE;")
        return seeded
    finally:
        await db.close_database()


# Parents before children.
_INSERT_ORDER: list[type[Model]] = [
    Firm,
    LinkToken,
    StaffMember,
    AuthSession,
    Tag,
    Account,
    Contact,
    ContactEmail,
    Phone,
    AccountContact,
    AccountEmail,
    AccountTag,
    ContactTag,
    AccountTeamMember,
]


def _firm(rows: _Rows, slug: str, name: str, now: datetime) -> tuple[str, int, int]:
    """A firm and its owner; the owner's token, the firm's id and the owner's id."""
    firm_id = rows.add(Firm, name=name, slug=slug)
    owner_id = _staff(rows, firm_id, f"owner@{slug}.example", StaffRole.OWNER)
    return _session(rows, firm_id, owner_id, now), firm_id, owner_id


def _staff(rows: _Rows, firm_id: int, email: str, role: StaffRole, **rights: bool) -> int:
    return rows.add(
        StaffMember,
        firm_id=firm_id,
        email=email,
        first_name="Staff",
        last_name=email.split("@")[0].title(),
        role=role,
        password_hash=UNUSABLE_HASH,
        **rights,
    )


def _session(rows: _Rows, firm_id: int, staff_id: int, now: datetime) -> str:
    token = new_token()
    expires_at = now + timedelta(days=1)
    rows.add(
        AuthSession,
        token_hash=hash_token(token),
        firm_id=firm_id,
        staff_id=staff_id,
        expires_at=expires_at,
    )
    return token


def _inbox_firm(rows: _Rows, count: int, now: datetime, registrations: int) -> InboxFirm:
    """A firm whose owner and `count - 1` staff with defaultAccountAccess hear of every
    registration: `count` Inbox+ recipients, each with a token."""
    slug = f"inbox-{count}"
    owner_token, firm_id, _ = _firm(rows, slug, f"Inbox {count}", now)
    tokens = [owner_token]
    for i in range(count - 1):
        staff_id = _staff(
            rows,
            firm_id,
            f"staff{i}@{slug}.example",
            StaffRole.EMPLOYEE,
            has_default_account_access=True,
        )
        tokens.append(_session(rows, firm_id, staff_id, now))
    confirmations = [
        _registration(rows, firm_id, f"registered{n}@{slug}.example", now)
        for n in range(registrations)
    ]
    return InboxFirm(slug, tokens, confirmations)


def _registration(rows: _Rows, firm_id: int, email: str, now: datetime) -> str:
    """A registration's confirmation link, as registerClient makes it; its plain token."""
    token = new_token()
    rows.add(
        LinkToken,
        purpose=LinkPurpose.REGISTRATION,
        token_hash=hash_token(token),
        firm_id=firm_id,
        email=email,
        data={
            "account_type": AccountType.INDIVIDUAL.value,
            "first_name": "Newly",
            "last_name": email.split("@")[0].title(),
            "company_name": None,
        },
        created_at=now,
        expires_at=now + timedelta(days=1),
    )
    return token


def _account(rows: _Rows, firm_id: int, i: int, staff: list[int], tags: list[int]) -> int:
    """Account number `i`: 1 to 3 contacts, one or two emails each, some toggles on."""
    type_ = [AccountType.INDIVIDUAL] * 16 + [AccountType.COMPANY] * 3 + [AccountType.OTHER]
    kind = type_[i % len(type_)]
    first, last = FIRST_NAMES[i % 10], f"{LAST_NAMES[i % 9]}{i // 90}"
    company = f"{last} Holdings LLC" if kind == AccountType.COMPANY else None
    prefix = initials(kind, first, last, company)
    rows.client_numbers[firm_id, prefix] += 1
    account_id = rows.add(
        Account,
        firm_id=firm_id,
        client_id=f"{prefix}{rows.client_numbers[firm_id, prefix]}",
        type=kind,
        name=company or f"{first} {last}",
        name_is_generated=True,
        company_name=company,
        folders=DEFAULT_TREE,
    )
    for j in range(i % 3 + 1):
        names = (first, last) if j == 0 else (FIRST_NAMES[(i + j) % 10], last)
        _linked_contact(rows, firm_id, account_id, i, j, names, tags)
    for tag_id in tags[i % len(tags) :][: i % 3]:
        rows.add(AccountTag, account_id=account_id, tag_id=tag_id)
    for staff_id in dict.fromkeys([staff[0], staff[1 + i % (len(staff) - 1)]]):
        rows.add(AccountTeamMember, account_id=account_id, staff_id=staff_id)
    return account_id


def _linked_contact(
    rows: _Rows,
    firm_id: int,
    account_id: int,
    i: int,
    j: int,
    names: tuple[str, str],
    tags: list[int],
) -> None:
    contact_id = rows.add(Contact, firm_id=firm_id, first_name=names[0], last_name=names[1])
    rows.add(Phone, contact_id=contact_id, number=f"+1 555 {i:04d}", is_primary=True)
    if j == 0 and i % 4 == 0:
        rows.add(ContactTag, contact_id=contact_id, tag_id=tags[i % len(tags)])
    link_id = rows.add(
        AccountContact,
        account_id=account_id,
        contact_id=contact_id,
        description="Primary contact" if j == 0 else None,
    )
    mix = i // 9  # not i: names repeat every 90 accounts, toggles must not repeat with them
    for k in range(1 + (i + j) % 2):
        address = f"{names[0]}.{names[1]}.{i}.{j}.{k}@example.com".lower()
        email_id = rows.add(ContactEmail, firm_id=firm_id, contact_id=contact_id, address=address)
        rows.add(
            AccountEmail,
            account_id=account_id,
            link_id=link_id,
            contact_email_id=email_id,
            login_enabled=j == 0 and k == 0 and mix % 3 == 0,
            notify_enabled=k == 0 and mix % 2 == 0,
            email_sync_enabled=j == 0 and mix % 5 == 0,
        )


async def _advance_sequences() -> None:
    """Ids were given explicitly: move each PostgreSQL sequence past them."""
    conn = connections.get("default")
    for model in _INSERT_ORDER:
        table = model._meta.db_table
        await conn.execute_script(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false);"
        )


async def database_is_empty(database_url: str) -> bool:
    """Whether a PostgreSQL database has no tables in its public schema."""
    conn = await asyncpg.connect(database_url)
    try:
        return not await conn.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
    finally:
        await conn.close()


async def wipe(database_url: str) -> None:
    """Drop everything in a PostgreSQL database's public schema (asked for with --wipe)."""
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()
