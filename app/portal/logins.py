"""Portal logins: which accounts a login enters, which addresses are active, sign-in records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from app.access.actors import ClientActor
from app.accounts.models import Account, AccountEmail
from app.portal.models import LoginActivity, PortalLogin


def contact_email_of(actor: ClientActor) -> Subquery:
    """The contact email id of the client's login, as a subquery (no statement of its own)."""
    return Subquery(PortalLogin.filter(id=actor.portal_login_id).values("contact_email_id"))


def entered_accounts(login: PortalLogin, *, archived: bool = False) -> QuerySet[Account]:
    """Accounts where the login's email has LOGIN on (archived ones only when asked)."""
    with_login = AccountEmail.filter(
        contact_email_id=login.contact_email_id or 0, login_enabled=True
    ).values("account_id")
    query = Account.filter(firm_id=login.firm_id, id__in=Subquery(with_login))
    return query if archived else query.filter(archived_at__isnull=True)


async def active_addresses(firm_id: int, addresses: Iterable[str]) -> set[str]:
    """The addresses among these that have an activated portal login in the firm."""
    wanted = list(set(addresses))
    if not wanted:
        return set()
    rows = await PortalLogin.filter(firm_id=firm_id, email__in=wanted).values_list(
        "email", flat=True
    )
    return set(cast(list[str], rows))


async def record_sign_in(login: PortalLogin) -> None:
    """One LoginActivity row in every account the login may enter."""
    ids = await entered_accounts(login).values_list("id", flat=True)
    await LoginActivity.bulk_create([LoginActivity(account_id=pk, email=login.email) for pk in ids])
