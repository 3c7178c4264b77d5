"""A signed-in person changing their own password."""

from __future__ import annotations

from app import rate_limits
from app.access.secrets import check_password_strength, hash_password, verify_password
from app.access.viewer import Viewer
from app.errors import ErrorCode, fail
from app.firms.models import StaffMember
from app.firms.sessions import end_sessions
from app.firms.sign_in import client_failures, staff_failures
from app.portal.models import PortalLogin


async def change_password(viewer: Viewer, current: str, new: str, address: str) -> int:
    """Set the viewer's new password once the current one is given; end every other session
    of theirs (the current one stays); how many ended.

    A wrong current password counts as a failed sign-in of that person (and of the address),
    so a stolen session cannot be used to guess it faster than the sign-in form would allow.
    """
    check_password_strength(new, "input", "newPassword")
    person: StaffMember | PortalLogin
    if viewer.staff is not None:
        person, failures = viewer.staff, staff_failures(viewer.staff.email)
    elif viewer.client is not None:
        person, failures = viewer.client, client_failures(viewer.firm_id, viewer.client.email)
    else:
        raise fail(ErrorCode.INVALID, "Only a person signed in has a password.", "input")
    attempts = await rate_limits.take(failures, (rate_limits.SIGN_IN_FAILURES, address))
    # The hash as stored now, not as read with the session.
    stored = await type(person).filter(id=person.id).values_list("password_hash", flat=True)
    if not stored or not await verify_password(str(stored[0]), current):
        raise fail(
            ErrorCode.INVALID_CREDENTIALS,
            "The current password is wrong.",
            "input",
            "currentPassword",
        )
    await attempts.release()
    await type(person).filter(id=person.id).update(password_hash=await hash_password(new))
    keep = viewer.session.id if viewer.session else None
    if isinstance(person, StaffMember):
        return await end_sessions(staff_id=person.id, keep=keep)
    return await end_sessions(portal_login_id=person.id, keep=keep)
