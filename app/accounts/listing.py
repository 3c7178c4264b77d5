"""Filtering and ordering of the account and contact lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from app.access.actors import Actor
from app.access.permissions import READ_ACCOUNTS, entry_point
from app.access.viewer import Viewer
from app.accounts.models import (
    Account,
    AccountContact,
    AccountEmail,
    AccountTeamMember,
    AccountType,
)
from app.accounts.policy import visible_accounts, visible_contacts
from app.contacts.models import Contact, ContactEmail
from app.db.paging import fetch_page
from app.pagination import Page, PageRequest
from app.portal.models import PortalLogin
from app.tags.models import AccountTag, ContactTag


@dataclass(frozen=True)
class AccountQuery:
    search: str | None = None
    type: AccountType | None = None
    tag_ids: Sequence[int] | None = None
    team_member_ids: Sequence[int] | None = None
    login_active: bool | None = None
    pending_activation: bool | None = None
    archived: bool | None = None
    order_by: str = "name"  # "name" or "created_at"
    descending: bool = False


def _words(search: str | None) -> list[str]:
    return (search or "").strip().lower().split()[:8]


def _contact_matches(word: str) -> Q:
    """Contacts whose name or any email contains the word."""
    emails = ContactEmail.filter(address__icontains=word).values("contact_id")
    return (
        Q(first_name__icontains=word)
        | Q(middle_name__icontains=word)
        | Q(last_name__icontains=word)
        | Q(id__in=Subquery(emails))
    )


@entry_point(READ_ACCOUNTS)
async def list_accounts(actor: Actor, query: AccountQuery, request: PageRequest) -> Page[Account]:
    """One page of the accounts the actor reaches, filtered and ordered as asked."""
    return await fetch_page(accounts(actor, query), request)


def accounts(actor: Actor, query: AccountQuery) -> QuerySet[Account]:
    """Every word of the search must match the name, a linked contact's name or email."""
    rows = visible_accounts(actor)
    rows = rows.filter(archived_at__isnull=not query.archived)
    for word in _words(query.search):
        contacts = Contact.filter(firm_id=actor.firm_id).filter(_contact_matches(word))
        links = AccountContact.filter(contact_id__in=Subquery(contacts.values("id")))
        rows = rows.filter(Q(name__icontains=word) | Q(id__in=Subquery(links.values("account_id"))))
    if query.type is not None:
        rows = rows.filter(type=query.type)
    if query.tag_ids:
        tagged = AccountTag.filter(tag_id__in=list(query.tag_ids)).values("account_id")
        rows = rows.filter(id__in=Subquery(tagged))
    if query.team_member_ids:
        teams = AccountTeamMember.filter(staff_id__in=list(query.team_member_ids))
        rows = rows.filter(id__in=Subquery(teams.values("account_id")))
    login_on = AccountEmail.filter(login_enabled=True).values("account_id")
    if query.login_active is not None:
        condition = Q(id__in=Subquery(login_on))
        rows = rows.filter(condition if query.login_active else ~condition)
    if query.pending_activation is not None:
        active = PortalLogin.filter(firm_id=actor.firm_id).values("email")
        pending = (
            AccountEmail.filter(login_enabled=True)
            .exclude(contact_email__address__in=Subquery(active))
            .values("account_id")
        )
        condition = Q(id__in=Subquery(pending))
        rows = rows.filter(condition if query.pending_activation else ~condition)
    direction = "-" if query.descending else ""
    return rows.order_by(f"{direction}{query.order_by}", f"{direction}id")


def contacts(
    viewer: Actor | Viewer, search: str | None, tag_ids: Sequence[int] | None
) -> QuerySet[Contact]:
    rows = visible_contacts(viewer)
    for word in _words(search):
        rows = rows.filter(_contact_matches(word))
    if tag_ids:
        tagged = ContactTag.filter(tag_id__in=list(tag_ids)).values("contact_id")
        rows = rows.filter(id__in=Subquery(tagged))
    return rows.order_by("last_name", "first_name", "id")
