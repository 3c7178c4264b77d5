"""Which accounts an actor reaches: THE rule (tenant isolation and team rights), used by every
service, loader, node() finder and prefetch of the domain.

- staff: the firm's accounts, narrowed to the accounts of their teams unless they see every
  account (owners, admins, and staff with the right);
- a client: the non-archived accounts their login enters (app.portal decides which);
- the server acting for a firm, and an app (API client): every account of the firm.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Literal

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet, ValuesQuery

from app.access.actors import Actor, AppActor, ClientActor, StaffActor, SystemActor
from app.access.viewer import Viewer, actor_of
from app.accounts.models import Account, AccountContact, AccountEmail, AccountTeamMember
from app.contacts.models import Contact
from app.errors import ErrorCode, fail
from app.portal.logins import entered_accounts

if TYPE_CHECKING:
    pass


def as_actor(who: Actor | Viewer) -> Actor:
    """TRANSITIONAL: the policy's callers in domains not yet converted still pass a Viewer."""
    return actor_of(who) if isinstance(who, Viewer) else who


def visible_accounts(who: Actor | Viewer) -> QuerySet[Account]:
    """The accounts the actor reaches (see the module)."""
    actor = as_actor(who)
    match actor:
        case StaffActor():
            query = Account.filter(firm_id=actor.firm_id)
            if not actor.views_all_accounts:
                query = query.filter(id__in=Subquery(team_account_ids(actor.staff_id)))
            return query
        case ClientActor():
            return _entered_accounts(actor)
        case SystemActor() | AppActor():  # an app acts for the whole firm: no team filter
            return Account.filter(firm_id=actor.firm_id)


def visible_account_ids(who: Actor | Viewer) -> Subquery:
    """`visible_accounts` as an id subquery, for rows that belong to an account."""
    return Subquery(visible_accounts(who).values("id"))


def team_account_ids(staff_id: int) -> ValuesQuery[Literal[False]]:
    """The ids of the accounts whose team the staff member is on."""
    return AccountTeamMember.filter(staff_id=staff_id).values("account_id")


def _entered_accounts(actor: ClientActor) -> QuerySet[Account]:
    return entered_accounts(actor)  # the portal's rule: where the login's email has LOGIN on


async def visible_to_staff(
    pairs: Collection[tuple[StaffActor | Viewer, int]],
) -> dict[tuple[int, int], Account]:
    """`visible_accounts` for many (staff member, account id) pairs at once, in at most two
    statements: the visible ones by (staff id, account id). The same rule as
    `visible_accounts` gives staff: their firm, and their teams unless they see every
    account."""
    actors = [(as_actor(who), account_id) for who, account_id in pairs]
    staff = [(a, account_id) for a, account_id in actors if isinstance(a, StaffActor)]
    ids = {account_id for _, account_id in staff}
    accounts = {a.id: a for a in await Account.filter(id__in=ids)} if ids else {}
    restricted = {a.staff_id for a, _ in staff if not a.views_all_accounts}
    teams: set[tuple[int, int]] = set()
    if restricted and accounts:
        rows = AccountTeamMember.filter(staff_id__in=restricted, account_id__in=list(accounts))
        teams = set(await rows.values_list("staff_id", "account_id"))
    visible = {}
    for actor, account_id in staff:
        account = accounts.get(account_id)
        if account is None or account.firm_id != actor.firm_id:
            continue
        key = (actor.staff_id, account_id)
        if actor.views_all_accounts or key in teams:
            visible[key] = account
    return visible


def visible_contacts(who: Actor | Viewer) -> QuerySet[Contact]:
    """Contacts linked to a visible account, and contacts linked to no account yet;
    for a client, the contacts of their accounts. (Moving to app.contacts.policy.)"""
    actor = as_actor(who)
    if isinstance(actor, ClientActor):
        their_links = AccountContact.filter(account_id__in=visible_account_ids(actor))
        return Contact.filter(
            firm_id=actor.firm_id, id__in=Subquery(their_links.values("contact_id"))
        )
    query = Contact.filter(firm_id=actor.firm_id)
    if isinstance(actor, StaffActor) and not actor.views_all_accounts:
        seen = AccountContact.filter(account_id__in=Subquery(team_account_ids(actor.staff_id)))
        linked = AccountContact.filter(contact__firm_id=actor.firm_id)
        query = query.filter(
            Q(id__in=Subquery(seen.values("contact_id")))
            | ~Q(id__in=Subquery(linked.values("contact_id")))
        )
    return query


async def get_visible_account(who: Actor | Viewer, pk: int | None, *field: str) -> Account:
    """The account, or NOT_FOUND (for another firm's account too)."""
    account = await visible_accounts(who).get_or_none(id=pk or 0)
    if account is None:
        raise fail(ErrorCode.NOT_FOUND, "No such account.", *field)
    return account


async def get_visible_contact(who: Actor | Viewer, pk: int | None, *field: str) -> Contact:
    contact = await visible_contacts(who).get_or_none(id=pk or 0)
    if contact is None:
        raise fail(ErrorCode.NOT_FOUND, "No such contact.", *field)
    return contact


def visible_account_emails(who: Actor | Viewer) -> QuerySet[AccountEmail]:
    """The toggles rows (AccountEmail) of the accounts the actor reaches."""
    return AccountEmail.filter(account_id__in=visible_account_ids(who))


async def get_visible_account_email(
    who: Actor | Viewer, pk: int | None, *field: str
) -> AccountEmail:
    """An AccountEmail of an account the actor reaches, or NOT_FOUND."""
    row = (
        await visible_account_emails(who)
        .filter(id=pk or 0)
        .select_related("account", "contact_email")
        .first()
    )
    if row is None:
        raise fail(ErrorCode.NOT_FOUND, "No such account email.", *(field or ("input", "id")))
    return row
