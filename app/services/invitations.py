"""Invitations to the client portal: sent by mail through the outbox, single use, revocable."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from app.errors import ErrorCode, fail
from app.mail import outbox
from app.models import AccountEmail, ContactEmail, Firm, Invitation, StaffMember
from app.security import hash_token, new_token
from app.services.portal_logins import active_addresses
from app.services.visibility import get_visible_account_email
from app.settings import Settings
from app.viewer import Viewer

MAX_MESSAGE_LENGTH = 5000


def clean_message(message: str | None, *field: str) -> str | None:
    """A personal message: trimmed, empty becomes None, at most MAX_MESSAGE_LENGTH."""
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise fail(ErrorCode.INVALID, f"At most {MAX_MESSAGE_LENGTH} characters, please.", *field)
    return message or None


async def check_invitable(row: AccountEmail, *field: str) -> None:
    """LOGIN on, the account not archived, and the address not yet active."""
    if not row.login_enabled:
        raise fail(ErrorCode.LOGIN_OFF, "Turn LOGIN on before inviting.", *field)
    if row.account.archived_at is not None:
        raise fail(ErrorCode.ARCHIVED, "The account is archived.", *field)
    if await active_addresses(row.account.firm_id, [row.contact_email.address]):
        raise fail(ErrorCode.ALREADY_ACTIVE, "This address already has a portal login.", *field)


async def send_invitation(
    viewer: Viewer, pk: int | None, message: str | None, settings: Settings
) -> AccountEmail:
    """Invite the address of an AccountEmail now; an earlier link for the address dies."""
    row = await get_visible_account_email(viewer, pk)
    text = clean_message(message, "input", "message")
    await check_invitable(row, "input", "id")
    async with in_transaction():
        await issue(viewer.firm, row.contact_email, text, viewer.staff, settings)
    outbox.ring()
    return row


async def issue(
    firm: Firm,
    email: ContactEmail,
    message: str | None,
    sent_by: StaffMember | None,
    settings: Settings,
) -> Invitation:
    """Revoke the address's pending invitation, make a new one and queue its mail.

    Runs inside the caller's transaction; the caller rings the mail worker after commit.
    """
    await revoke_pending(firm.id, address=email.address)
    token = new_token()
    now = datetime.now(UTC)
    invitation = await Invitation.create(
        firm_id=firm.id,
        contact_email_id=email.id,
        email=email.address,
        token_hash=hash_token(token),
        message=message,
        sent_by_id=sent_by.id if sent_by else None,
        sent_at=now,
        expires_at=now + settings.invitation_ttl,
    )
    contact = await email.contact
    await outbox.queue_mail(
        firm_id=firm.id,
        to=email.address,
        template="invitation",
        context={
            "firm_name": firm.name,
            "contact_name": contact.display_name,
            "message": message or "",
            "link": f"{settings.public_url}/portal/activate?token={token}",
        },
    )
    return invitation


async def revoke_pending(
    firm_id: int, *, address: str | None = None, contact_email_id: int | None = None
) -> int:
    """Revoke the waiting invitations of an address or of a contact email row."""
    query = Invitation.filter(firm_id=firm_id, accepted_at__isnull=True, revoked_at__isnull=True)
    if address is not None:
        query = query.filter(email=address)
    if contact_email_id is not None:
        query = query.filter(contact_email_id=contact_email_id)
    return await query.update(revoked_at=datetime.now(UTC))


async def revoke_unless_login_on(firm_id: int, contact_email_id: int) -> None:
    """After LOGIN went off: the link dies once no account has LOGIN on for this email."""
    if not await AccountEmail.exists(contact_email_id=contact_email_id, login_enabled=True):
        await revoke_pending(firm_id, contact_email_id=contact_email_id)
