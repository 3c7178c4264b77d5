"""Sign-in of staff and portal clients, with failure limits that parallel tries cannot pass."""

from __future__ import annotations

from app import rate_limits
from app.access.secrets import burn_password_check, verify_password
from app.errors import ErrorCode, UserError, fail
from app.firms.models import Firm, StaffMember
from app.portal.logins import entered_accounts, record_sign_in
from app.portal.models import PortalLogin


def invalid_credentials() -> UserError:
    return fail(ErrorCode.INVALID_CREDENTIALS, "The email or the password is wrong.", "input")


def staff_failures(email: str) -> tuple[rate_limits.Limit, str]:
    """The limit a staff member's failed password checks count against."""
    return rate_limits.STAFF_SIGN_IN, email


def client_failures(firm_id: int | None, email: str) -> tuple[rate_limits.Limit, str]:
    """The limit a portal login's failed password checks count against; failures against a
    firm that does not exist count under a key no real firm has."""
    return rate_limits.PORTAL_SIGN_IN, f"{firm_id if firm_id else 'none'}:{email}"


async def authenticate_staff(email: str, password: str, address: str) -> StaffMember:
    """The active staff member with these credentials; the same error for a wrong email or
    password. The attempt counts before the password is checked (see rate_limits)."""
    email = email.strip().lower()
    attempts = await rate_limits.take(
        staff_failures(email), (rate_limits.SIGN_IN_FAILURES, address)
    )
    staff = await StaffMember.get_or_none(email=email).select_related("firm")
    if staff is None:
        await burn_password_check(password)
    if staff is None or not await verify_password(staff.password_hash, password):
        raise invalid_credentials()
    if not staff.is_active:
        raise invalid_credentials()  # deactivated: the attempt still counts
    await attempts.release()
    return staff


async def authenticate_client(
    firm_slug: str, email: str, password: str, address: str
) -> PortalLogin:
    """A portal login of the firm with these credentials, recorded in its accounts.

    The same answer for an unknown firm, email or password; a login whose every account is
    archived is ARCHIVED (asked only once the password is right).
    """
    email = email.strip().lower()
    firm = await Firm.get_or_none(slug=firm_slug.strip().lower())
    attempts = await rate_limits.take(
        client_failures(firm.id if firm else None, email), (rate_limits.SIGN_IN_FAILURES, address)
    )
    login = await PortalLogin.get_or_none(firm_id=firm.id, email=email) if firm else None
    if login is None:
        await burn_password_check(password)
    if login is None or not await verify_password(login.password_hash, password):
        raise invalid_credentials()
    await attempts.release()
    if not await entered_accounts(login).exists():
        if await entered_accounts(login, archived=True).exists():
            raise fail(ErrorCode.ARCHIVED, "Every account of this login is archived.", "input")
        raise invalid_credentials()  # LOGIN is off everywhere: the access was withdrawn
    await record_sign_in(login)
    assert firm is not None  # a login was found in it
    login.firm = firm
    return login
