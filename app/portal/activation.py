"""Activating a portal login from an invitation link."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from app import rate_limits
from app.access.secrets import check_password_strength, hash_password, hash_token
from app.db.unit_of_work import unit_of_work
from app.errors import ErrorCode, fail
from app.firms.link_tokens import invalid_token, token_expired
from app.inbox.models import Notification, NotificationKind
from app.portal.logins import entered_accounts, record_sign_in
from app.portal.models import Invitation, PortalLogin
from app.portal.notices import tell_teams
from app.settings import Settings
from app.webhooks import events as webhooks
from app.webhooks.models import WebhookEventType


@dataclass
class PortalEntry:
    """A portal login that just came in, with what it caused."""

    login: PortalLogin
    notifications: list[Notification] = field(default_factory=list)


async def find_invitation(token: str) -> Invitation:
    """The usable invitation for this token, its firm and contact loaded; nothing used up."""
    invitation = await Invitation.get_or_none(token_hash=hash_token(token.strip())).select_related(
        "firm", "contact_email__contact"
    )
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        raise invalid_token()
    if invitation.expires_at <= datetime.now(UTC):
        raise token_expired()
    return invitation


async def activate_portal_access(
    token: str, password: str, settings: Settings, address: str
) -> PortalEntry:
    """Consume the invitation, create the login, record the sign-in and tell the teams.

    Every attempt counts against the caller's address (guessing tokens is pointless, but
    cheap attempts at Argon2 cost would not be)."""
    await rate_limits.spend(rate_limits.ACTIVATION, address)
    check_password_strength(password, "password")
    invitation = await find_invitation(token)
    now = datetime.now(UTC)
    password_hash = await hash_password(password)
    firm, email = invitation.firm, invitation.contact_email
    async with unit_of_work():
        # Single use even under a race: only one request flips accepted_at.
        claimed = await Invitation.filter(
            id=invitation.id, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(accepted_at=now)
        if claimed != 1:
            raise invalid_token()
        # The address's older login, or the login of this email row under its old address,
        # retires now that the address accepted.
        await PortalLogin.filter(firm_id=firm.id, email=invitation.email).delete()
        await PortalLogin.filter(firm_id=firm.id, contact_email_id=email.id).delete()
        login = await PortalLogin.create(
            firm_id=firm.id,
            email=invitation.email,
            contact_email_id=email.id,
            password_hash=password_hash,
        )
        accounts = await entered_accounts(login)
        if not accounts:
            if not await entered_accounts(login, archived=True).exists():
                raise invalid_token()  # LOGIN went off everywhere since the link was sent
            # The field is the whole input (not one of its fields).
            raise fail(ErrorCode.ARCHIVED, "Every account of this login is archived.", "input")
        await record_sign_in(login)
        entry = PortalEntry(login)
        entry.notifications = await tell_teams(
            firm,
            accounts,
            NotificationKind.CLIENT_ACTIVATED,
            email.contact.display_name,
            login.email,
            settings,
        )
        await webhooks.portal_entry(
            firm.id, WebhookEventType.CLIENT_ACTIVATED, email, [a.id for a in accounts]
        )
    login.firm = firm
    return entry
