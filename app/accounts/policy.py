"""Which accounts and contacts a viewer may see (tenant isolation and team rights)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet, ValuesQuery

from app.access.viewer import Viewer
from app.accounts.models import Account, AccountContact, AccountEmail, AccountTeamMember
from app.contacts.models import Contact
from app.errors import ErrorCode, fail
from app.portal.logins import entered_accounts


def visible_accounts(viewer: Viewer) -> QuerySet[Account]:
    """The firm's accounts, narrowed to the viewer's teams unless they see every account;
    for a client, the non-archived accounts their login enters."""
    if viewer.client is not None:
        return entered_accounts(viewer.client)
    query = Account.filter(firm_id=viewer.firm_id)
    if not viewer.sees_all_accounts:
        staff_id = viewer.staff.id if viewer.staff else 0
        query = query.filter(id__in=Subquery(_team_account_ids(staff_id)))
    return query


async def visible_to_staff(
    pairs: Collection[tuple[Viewer, int]],
) -> dict[tuple[int, int], Account]:
    """`visible_accounts` for many (staff viewer, account id) pairs at once, in at most two
    statements: the visible ones by (staff id, account id). The same rule as above: the
    viewer's firm, and their teams unless they see every account."""
    ids = {account_id for _, account_id in pairs}
    accounts = {a.id: a for a in await Account.filter(id__in=ids)} if ids else {}
    restricted = {v.staff.id for v, _ in pairs if v.staff and not v.sees_all_accounts}
    teams: set[tuple[int, int]] = set()
    if restricted and accounts:
        rows = AccountTeamMember.filter(staff_id__in=restricted, account_id__in=list(accounts))
        teams = set(await rows.values_list("staff_id", "account_id"))
    visible = {}
    for viewer, account_id in pairs:
        account = accounts.get(account_id)
        if viewer.staff is None or account is None or account.firm_id != viewer.firm_id:
            continue
        key = (viewer.staff.id, account_id)
        if viewer.sees_all_accounts or key in teams:
            visible[key] = account
    return visible


def visible_contacts(viewer: Viewer) -> QuerySet[Contact]:
    """Contacts linked to a visible account, and contacts linked to no account yet;
    for a client, the contacts of their accounts."""
    if viewer.client is not None:
        entered = Subquery(entered_accounts(viewer.client).values("id"))
        their_links = AccountContact.filter(account_id__in=entered).values("contact_id")
        return Contact.filter(firm_id=viewer.firm_id, id__in=Subquery(their_links))
    query = Contact.filter(firm_id=viewer.firm_id)
    if not viewer.sees_all_accounts:
        staff_id = viewer.staff.id if viewer.staff else 0
        seen = AccountContact.filter(account_id__in=Subquery(_team_account_ids(staff_id)))
        linked = AccountContact.filter(contact__firm_id=viewer.firm_id)
        query = query.filter(
            Q(id__in=Subquery(seen.values("contact_id")))
            | ~Q(id__in=Subquery(linked.values("contact_id")))
        )
    return query


def _team_account_ids(staff_id: int) -> ValuesQuery[Literal[False]]:
    return AccountTeamMember.filter(staff_id=staff_id).values("account_id")


async def get_visible_account(viewer: Viewer, pk: int | None, *field: str) -> Account:
    """The account, or NOT_FOUND (for another firm's account too)."""
    account = await visible_accounts(viewer).get_or_none(id=pk or 0)
    if account is None:
        raise fail(ErrorCode.NOT_FOUND, "No such account.", *field)
    return account


async def get_visible_contact(viewer: Viewer, pk: int | None, *field: str) -> Contact:
    contact = await visible_contacts(viewer).get_or_none(id=pk or 0)
    if contact is None:
        raise fail(ErrorCode.NOT_FOUND, "No such contact.", *field)
    return contact


async def get_visible_account_email(viewer: Viewer, pk: int | None) -> AccountEmail:
    """An AccountEmail of an account the viewer sees, or NOT_FOUND."""
    row = (
        await AccountEmail.filter(
            id=pk or 0, account_id__in=Subquery(visible_accounts(viewer).values("id"))
        )
        .select_related("account", "contact_email")
        .first()
    )
    if row is None:
        raise fail(ErrorCode.NOT_FOUND, "No such account email.", "input", "id")
    return row
