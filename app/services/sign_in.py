"""Staff sign-in with a per-email limit on failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.errors import ErrorCode, fail
from app.models import Firm, PortalLogin, SignInFailure, StaffMember
from app.security import burn_password_check, verify_password
from app.services import rate_limits
from app.services.portal_logins import entered_accounts, record_sign_in

FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5


async def check_failure_limit(email: str, address: str) -> None:
    """TOO_MANY_ATTEMPTS after MAX_FAILURES failures for this email within the window, or
    too many failures from the caller's address."""
    await rate_limits.check(rate_limits.SIGN_IN_FAILURES, address)
    since = datetime.now(UTC) - FAILURE_WINDOW
    if await SignInFailure.filter(email=email, at__gt=since).count() >= MAX_FAILURES:
        raise fail(
            ErrorCode.TOO_MANY_ATTEMPTS,
            "Too many failed sign-ins for this email; try again in 15 minutes.",
            "input",
            "email",
        )


def invalid_credentials():
    return fail(ErrorCode.INVALID_CREDENTIALS, "The email or the password is wrong.", "input")


async def authenticate_staff(email: str, password: str, address: str) -> StaffMember:
    """The staff member with these credentials; the same error for a wrong email or password."""
    email = email.strip().lower()
    await check_failure_limit(email, address)
    staff = await StaffMember.get_or_none(email=email).select_related("firm")
    if staff is None:
        await burn_password_check(password)
    if staff is None or not await verify_password(staff.password_hash, password):
        await record_failure(email, address)
        raise invalid_credentials()
    return staff


async def record_failure(email: str, address: str) -> None:
    await SignInFailure.create(email=email)
    await rate_limits.record(rate_limits.SIGN_IN_FAILURES, address)


async def authenticate_client(
    firm_slug: str, email: str, password: str, address: str
) -> PortalLogin:
    """A portal login of the firm with these credentials, recorded in its accounts.

    The same answer for an unknown firm, email or password; a login whose every account is
    archived is ARCHIVED (asked only once the password is right).
    """
    email = email.strip().lower()
    await check_failure_limit(email, address)
    firm = await Firm.get_or_none(slug=firm_slug.strip().lower())
    login = await PortalLogin.get_or_none(firm_id=firm.id, email=email) if firm else None
    if login is None:
        await burn_password_check(password)
    if login is None or not await verify_password(login.password_hash, password):
        await record_failure(email, address)
        raise invalid_credentials()
    if not await entered_accounts(login).exists():
        if await entered_accounts(login, archived=True).exists():
            raise fail(ErrorCode.ARCHIVED, "Every account of this login is archived.", "input")
        raise invalid_credentials()  # LOGIN is off everywhere: the access was withdrawn
    await record_sign_in(login)
    assert firm is not None  # a login was found in it
    login.firm = firm
    return login
