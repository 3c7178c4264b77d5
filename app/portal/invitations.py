"""Invitations to the client portal: sent by mail through the outbox, single use, revocable."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Subquery

from app.access.actors import Actor, ClientActor, staff_id_of
from app.access.permissions import SEND_INVITATIONS, entry_point
from app.access.secrets import hash_token, new_token
from app.accounts import policy as accounts_policy
from app.accounts.models import AccountEmail
from app.contacts.models import ContactEmail
from app.db.unit_of_work import unit_of_work
from app.errors import ErrorCode, Forbidden, fail
from app.firms.models import Firm, StaffMember
from app.mail import outbox
from app.portal.logins import active_addresses
from app.portal.models import Invitation
from app.settings import Settings

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


@entry_point(SEND_INVITATIONS)
async def send_invitation(
    actor: Actor, account_email_id: int | None, message: str | None, settings: Settings
) -> AccountEmail:
    """Invite the address of an AccountEmail now; an earlier link for the address dies."""
    row = await _visible_account_email(actor, account_email_id)
    text = clean_message(message, "message")
    await check_invitable(row, "id")
    async with unit_of_work():
        await issue_in_firm(actor.firm_id, row.contact_email, staff_id_of(actor), settings, text)
    return row


async def _visible_account_email(actor: Actor, pk: int | None) -> AccountEmail:
    """An AccountEmail of an account the actor sees, or NOT_FOUND (clients never get here:
    sending invitations is staff business)."""
    if isinstance(actor, ClientActor):
        raise Forbidden()
    return await accounts_policy.get_visible_account_email(actor, pk)


async def issue(
    firm: Firm,
    email: ContactEmail,
    message: str | None,
    sent_by: StaffMember | None,
    settings: Settings,
) -> None:
    """Revoke the address's pending invitation, make a new one and queue its mail.

    Runs inside the caller's transaction; the caller rings the mail worker after commit.
    """
    contact = await email.contact
    await issue_many(
        firm, [Invitee(email.id, email.address, contact.display_name)], message, sent_by, settings
    )


async def issue_in_firm(
    firm_id: int,
    email: ContactEmail,
    sent_by_id: int | None,
    settings: Settings,
    message: str | None = None,
) -> None:
    """`issue` for a firm known by its id (its name is read for the mail)."""
    firm_name = await Firm.filter(id=firm_id).first().values_list("name", flat=True)
    contact = await email.contact
    invitee = Invitee(email.id, email.address, contact.display_name)
    await _issue_many(firm_id, str(firm_name), [invitee], message, sent_by_id, settings)


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


@dataclass(frozen=True)
class Invitee:
    """One address to invite (bulk): its contact email row and the contact's display name."""

    contact_email_id: int
    address: str
    contact_name: str


async def issue_many(
    firm: Firm,
    invitees: Sequence[Invitee],
    message: str | None,
    sent_by: StaffMember | None,
    settings: Settings,
) -> int:
    """`issue` for many addresses (one each) in four statements, whatever their number.

    Runs inside the caller's transaction; the caller rings the mail worker after commit.
    """
    sent_by_id = sent_by.id if sent_by else None
    return await _issue_many(firm.id, firm.name, invitees, message, sent_by_id, settings)


async def _issue_many(
    firm_id: int,
    firm_name: str,
    invitees: Sequence[Invitee],
    message: str | None,
    sent_by_id: int | None,
    settings: Settings,
) -> int:
    if not invitees:
        return 0
    now = datetime.now(UTC)
    await Invitation.filter(
        firm_id=firm_id,
        email__in=[i.address for i in invitees],
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now)
    tokens = [new_token() for _ in invitees]
    await Invitation.bulk_create(
        [
            Invitation(
                firm_id=firm_id,
                contact_email_id=invitee.contact_email_id,
                email=invitee.address,
                token_hash=hash_token(token),
                message=message,
                sent_by_id=sent_by_id,
                sent_at=now,
                expires_at=now + settings.invitation_ttl,
            )
            for invitee, token in zip(invitees, tokens, strict=True)
        ]
    )
    mails = [
        (
            invitee.address,
            {
                "firm_name": firm_name,
                "contact_name": invitee.contact_name,
                "message": message or "",
                "link": f"{settings.public_url}/portal/activate?token={token}",
            },
        )
        for invitee, token in zip(invitees, tokens, strict=True)
    ]
    await outbox.queue_many(firm_id=firm_id, template="invitation", mails=mails)
    return len(invitees)


async def revoke_unless_login_on_many(firm_id: int, contact_email_ids: Collection[int]) -> int:
    """After LOGIN went off: each email's link dies once no account has LOGIN on for it."""
    if not contact_email_ids:
        return 0
    ids = list(contact_email_ids)
    still_on = AccountEmail.filter(contact_email_id__in=ids, login_enabled=True)
    return (
        await Invitation.filter(
            firm_id=firm_id,
            contact_email_id__in=ids,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        )
        .exclude(contact_email_id__in=Subquery(still_on.values("contact_email_id")))
        .update(revoked_at=datetime.now(UTC))
    )
