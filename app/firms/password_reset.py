"""Password reset by mail, for staff members and portal logins.

A request is always accepted; a known address gets a link valid for an hour. A new link
revokes the person's earlier unused ones, so only the newest works.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app import rate_limits
from app.access.secrets import check_password_strength, hash_password
from app.db.unit_of_work import after_commit, unit_of_work
from app.errors import ErrorCode, fail
from app.firms.link_tokens import claim, find_link, invalid_token, issue_link, revoke_links
from app.firms.models import Firm, StaffMember
from app.firms.session_watch import announce_ended
from app.firms.sessions import delete_sessions
from app.mail import outbox
from app.portal.logins import entered_accounts, record_sign_in
from app.portal.models import LinkPurpose, LinkToken, PortalLogin
from app.settings import Settings
from app.validation import clean_email

RESET_TTL = timedelta(hours=1)


async def request_password_reset(
    email: str, firm_slug: str | None, settings: Settings, address: str
) -> None:
    """Mail a reset link to a known address (staff without a firm, clients with one).

    Malformed input is a user error; after that nothing about the address shows: past the
    limits, or for an unknown address, no mail goes and the answer is the same."""
    email = clean_email(email, "email")
    slug = (firm_slug or "").strip().lower()
    if not await rate_limits.allowed(
        (rate_limits.RESET_REQUESTS, email), (rate_limits.RESET_REQUESTS_FROM, address)
    ):
        return
    async with unit_of_work():  # the mail worker is rung once it commits
        await (_mail_client(slug, email, settings) if slug else _mail_staff(email, settings))


async def _mail_staff(email: str, settings: Settings) -> bool:
    staff = await StaffMember.get_or_none(email=email, deactivated_at__isnull=True)
    if staff is None:
        return False
    firm = await Firm.get(id=staff.firm_id)
    link = await _new_link(firm, email, settings, staff_id=staff.id)
    context = {"firm_name": firm.name, "name": staff.first_name, "link": link}
    await outbox.queue_mail(firm_id=firm.id, to=email, template="password_reset", context=context)
    return True


async def _mail_client(slug: str, email: str, settings: Settings) -> bool:
    firm = await Firm.get_or_none(slug=slug)
    login = await PortalLogin.get_or_none(firm_id=firm.id, email=email) if firm else None
    if firm is None or login is None or not await entered_accounts(login).exists():
        return False
    link = await _new_link(firm, email, settings, portal_login_id=login.id)
    context = {"firm_name": firm.name, "name": email, "link": link}
    await outbox.queue_mail(firm_id=firm.id, to=email, template="password_reset", context=context)
    return True


async def mail_existing_login(firm: Firm, login: PortalLogin, settings: Settings) -> None:
    """Tell a login's address, registering again, that it has access, with a reset link.

    Runs in the caller's transaction; the caller rings the mail worker after commit."""
    link = await _new_link(firm, login.email, settings, portal_login_id=login.id)
    context = {"firm_name": firm.name, "firm_slug": firm.slug, "email": login.email, "link": link}
    await outbox.queue_mail(
        firm_id=firm.id, to=login.email, template="registration_existing_login", context=context
    )


async def _new_link(
    firm: Firm,
    email: str,
    settings: Settings,
    *,
    staff_id: int | None = None,
    portal_login_id: int | None = None,
) -> str:
    whose = {"staff_id": staff_id} if staff_id else {"portal_login_id": portal_login_id}
    await revoke_links(LinkPurpose.PASSWORD_RESET, **whose)
    token = await issue_link(
        LinkPurpose.PASSWORD_RESET, firm_id=firm.id, email=email, ttl=RESET_TTL, **whose
    )
    return f"{settings.public_url}/password/reset?token={token}"


@dataclass(frozen=True)
class PasswordReset:
    """Whose password was reset: a staff member or a portal login, with the firm loaded."""

    firm: Firm
    staff: StaffMember | None = None
    login: PortalLogin | None = None


async def find_reset_link(token: str) -> LinkToken:
    """The usable reset link (its firm, staff member and login loaded), not used up."""
    link = await find_link(token, LinkPurpose.PASSWORD_RESET)
    await link.fetch_related("staff", "portal_login")
    staff = link.staff
    if (staff is not None and not staff.is_active) or (staff is None and not link.portal_login):
        raise invalid_token()  # deactivated since the mail went
    return link


async def reset_password(token: str, new_password: str, address: str) -> PasswordReset:
    """Set the new password, use the link up and end every session of that person.

    Every attempt counts against the caller's address, as activation attempts do."""
    await rate_limits.spend(rate_limits.ACTIVATION, address)
    check_password_strength(new_password, "new_password")
    link = await find_reset_link(token)
    password_hash = await hash_password(new_password)
    firm, staff, login = link.firm, link.staff, link.portal_login
    assert firm is not None  # reset links always name the firm
    async with unit_of_work():
        await claim(link)
        if staff is not None:
            await revoke_links(LinkPurpose.PASSWORD_RESET, staff_id=staff.id)
            await StaffMember.filter(id=staff.id).update(password_hash=password_hash)
        else:
            assert login is not None
            await revoke_links(LinkPurpose.PASSWORD_RESET, portal_login_id=login.id)
            await PortalLogin.filter(id=login.id).update(password_hash=password_hash)
            await _check_login_enters(login)
            await record_sign_in(login)
        # Whoever knew the old password is out: every session of the person ends.
        ended = await delete_sessions(
            staff_id=staff.id if staff else None, portal_login_id=login.id if login else None
        )
        after_commit(lambda: announce_ended(ended))  # their WebSockets close, everywhere
    if staff is not None:
        staff.firm = firm
    if login is not None:
        login.firm = firm
    return PasswordReset(firm, staff, login)


async def _check_login_enters(login: PortalLogin) -> None:
    if not await entered_accounts(login).exists():
        if await entered_accounts(login, archived=True).exists():
            raise fail(ErrorCode.ARCHIVED, "Every account of this login is archived.", "input")
        raise invalid_token()  # LOGIN went off everywhere since the link was sent
