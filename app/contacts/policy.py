"""Which contacts an actor may see: the one rule every service, loader and node() finder of
the contacts domain uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet, ValuesQuery

from app.access.actors import Actor, AppActor, ClientActor, StaffActor, SystemActor
from app.accounts.models import AccountContact
from app.accounts.policy import visible_accounts
from app.contacts.models import Contact, ContactEmail

if TYPE_CHECKING:
    from app.accounts.models import Account


def visible_contacts(actor: Actor) -> QuerySet[Contact]:
    """Staff: the firm's contacts linked to an account they see, and those linked to no
    account yet. A client: the contacts of the accounts their login enters. The server
    acting for a firm, and an app: all of the firm's."""
    firm_contacts = Contact.filter(firm_id=actor.firm_id)
    match actor:
        case ClientActor():
            return firm_contacts.filter(id__in=Subquery(_linked_to(visible_accounts(actor))))
        case StaffActor() if not actor.views_all_accounts:
            linked = AccountContact.filter(contact__firm_id=actor.firm_id).values("contact_id")
            return firm_contacts.filter(
                Q(id__in=Subquery(_linked_to(visible_accounts(actor))))
                | ~Q(id__in=Subquery(linked))
            )
        case StaffActor() | SystemActor() | AppActor():  # an app: the whole firm's
            return firm_contacts


def _linked_to(accounts: QuerySet[Account]) -> ValuesQuery[Literal[False]]:
    """The ids of the contacts linked to these accounts (a subquery)."""
    return AccountContact.filter(account_id__in=Subquery(accounts.values("id"))).values(
        "contact_id"
    )


def visible_contact_emails(actor: Actor) -> QuerySet[ContactEmail]:
    """The emails of the contacts the actor sees."""
    return ContactEmail.filter(contact_id__in=Subquery(visible_contacts(actor).values("id")))
