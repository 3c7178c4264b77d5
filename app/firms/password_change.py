"""A signed-in person changing their own password."""

from __future__ import annotations

from app import rate_limits
from app.access.actors import Actor, ClientActor, StaffActor, session_of
from app.access.permissions import SIGNED_IN, entry_point
from app.access.secrets import check_password_strength, hash_password, verify_password
from app.errors import ErrorCode, fail
from app.firms.models import StaffMember
from app.firms.sessions import end_sessions
from app.firms.sign_in import client_failures, staff_failures
from app.portal.logins import portal_login
from app.portal.models import PortalLogin


@entry_point(SIGNED_IN)
async def change_password(actor: Actor, current: str, new: str, address: str) -> int:
    """Set the actor's new password once the current one is given; end every other session
    of theirs (the current one stays); how many ended.

    A wrong current password counts as a failed sign-in of that person (and of the address),
    so a stolen session cannot be used to guess it faster than the sign-in form would allow.
    """
    check_password_strength(new, "new_password")
    person: StaffMember | PortalLogin
    match actor:
        case StaffActor():
            person = await StaffMember.get(id=actor.staff_id)
            failures = staff_failures(person.email)
        case ClientActor():
            person = await portal_login(actor.portal_login_id)
            failures = client_failures(actor.firm_id, person.email)
        case _:  # the server itself has no password (SIGNED_IN refuses it anyway)
            raise fail(ErrorCode.INVALID, "Only a person signed in has a password.", "input")
    attempts = await rate_limits.take(failures, (rate_limits.SIGN_IN_FAILURES, address))
    if not await verify_password(person.password_hash, current):
        wrong = "The current password is wrong."
        raise fail(ErrorCode.INVALID_CREDENTIALS, wrong, "current_password")
    await attempts.release()
    await type(person).filter(id=person.id).update(password_hash=await hash_password(new))
    session = session_of(actor)
    keep = session.id if session else None
    if isinstance(person, StaffMember):
        return await end_sessions(staff_id=person.id, keep=keep)
    return await end_sessions(portal_login_id=person.id, keep=keep)
