"""Telling a team that a client registered or activated: Inbox+ and an email per member."""

from __future__ import annotations

from collections.abc import Sequence

from app.accounts.models import Account, AccountTeamMember
from app.firms.models import Firm
from app.graphql.ids import to_global_id
from app.inbox.models import Notification, NotificationKind
from app.inbox.service import store
from app.mail import outbox
from app.settings import Settings

TITLES = {
    NotificationKind.CLIENT_REGISTERED: "{name} registered in the client portal",
    NotificationKind.CLIENT_ACTIVATED: "{name} activated their client portal access",
}


async def tell_teams(
    firm: Firm,
    accounts: Sequence[Account],
    kind: NotificationKind,
    client_name: str,
    client_email: str,
    settings: Settings,
) -> list[Notification]:
    """One notification and one queued email per (active team member, account), in bulk.

    Runs inside the caller's transaction; publish and ring after commit.
    """
    by_id = {a.id: a for a in accounts}
    members = (
        await AccountTeamMember.filter(
            account_id__in=list(by_id), staff__deactivated_at__isnull=True
        )
        .select_related("staff")
        .order_by("account_id", "staff_id")
    )
    title = TITLES[kind].format(name=client_name)
    notices, mails = [], []
    for member in members:
        account = by_id[member.account_id]
        notices.append(
            Notification(
                firm_id=firm.id,
                recipient_id=member.staff_id,
                kind=kind,
                title=title,
                body=f"{client_email}, account {account.name} ({account.client_id})",
                account_id=account.id,
            )
        )
        account_url = f"{settings.public_url}/accounts/{to_global_id('Account', account.id)}"
        context = {
            "firm_name": firm.name,
            "staff_name": member.staff.first_name,
            "client_email": client_email,
            "account_name": account.name,
            "account_url": account_url,
        }
        mails.append((member.staff.email, context))
    await outbox.queue_many(firm_id=firm.id, template=kind.value.lower(), mails=mails)
    return await store(notices)
