"""Portal logins: which accounts a login enters, which addresses are active, sign-in records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from app.access.actors import ClientActor
from app.accounts.models import Account, AccountEmail
from app.portal.models import LoginActivity, PortalLogin


def contact_email_of(actor: ClientActor) -> Subquery:
    """The contact email id of the client's login, as a subquery (no statement of its own)."""
    return Subquery(PortalLogin.filter(id=actor.portal_login_id).values("contact_email_id"))


def entered_accounts(
    client: ClientActor | PortalLogin, *, archived: bool = False
) -> QuerySet[Account]:
    """Accounts where the client's login email has LOGIN on (archived ones only when asked):
    the portal's rule, used by the accounts policy for a ClientActor. A PortalLogin row is
    taken too (signing in, before there is an actor)."""
    if isinstance(client, ClientActor):
        own_email = PortalLogin.filter(id=client.portal_login_id, firm_id=client.firm_id)
        email_ids: object = Subquery(own_email.values("contact_email_id"))
        with_login = AccountEmail.filter(contact_email_id__in=email_ids, login_enabled=True)
    else:
        with_login = AccountEmail.filter(
            contact_email_id=client.contact_email_id or 0, login_enabled=True
        )
    query = Account.filter(firm_id=client.firm_id, id__in=Subquery(with_login.values("account_id")))
    return query if archived else query.filter(archived_at__isnull=True)


async def entered_accounts_by_email(
    firm_id: int, contact_email_ids: Sequence[int]
) -> dict[int, list[Account]]:
    """`entered_accounts` for many logins at once, by their contact email id: the live
    accounts where LOGIN is on for it, by name (one statement)."""
    rows = (
        await AccountEmail.filter(
            contact_email_id__in=list(contact_email_ids),
            login_enabled=True,
            account__firm_id=firm_id,
            account__archived_at__isnull=True,
        )
        .select_related("account")
        .order_by("account__name", "account_id")
    )
    entered: dict[int, list[Account]] = {}
    for row in rows:
        entered.setdefault(row.contact_email_id, []).append(row.account)
    return entered


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


async def portal_login(login_id: int) -> PortalLogin:
    """The portal login with this id (a signed-in client's: it exists while they do)."""
    return await PortalLogin.get(id=login_id)
