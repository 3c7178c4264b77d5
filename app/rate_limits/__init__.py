"""Rate limits, held in the database so that every server process counts the same attempts.

An attempt is written first and counted after: of any number of parallel attempts, the ones
that see at most `max_hits` rows (their own included) are the first `max_hits` to commit, so
racing cannot pass a limit. An attempt that finds itself over the limit takes its row back,
so hammering does not stretch the lock-out; one that turns out not to count (a successful
sign-in) is taken back with `release`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.errors import ErrorCode, UserError, fail
from app.rate_limits.models import RateLimitHit


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window: timedelta
    message: str = "Too many attempts from your address; try again later."

    def key(self, who: str) -> str:
        return f"{self.name}:{who}"[:300]


# Every use of a mailed link: activation, registration confirmation, password reset.
ACTIVATION = Limit("activate", 20, timedelta(minutes=15))
REGISTRATION = Limit("register", 20, timedelta(minutes=15))
# Mails registerClient sends to one address of one firm, whoever asks (no mail past it).
REGISTRATION_MAILS = Limit("register:email", 5, timedelta(hours=1))
FIRM_SIGNUP = Limit("create-firm", 20, timedelta(hours=1))
# Failed sign-ins: per staff email, per (firm, client email), and per client address whatever
# the email (password spraying).
_SIGN_IN_LOCKED = "Too many failed sign-ins for this email; try again in 15 minutes."
STAFF_SIGN_IN = Limit("sign-in:staff", 5, timedelta(minutes=15), _SIGN_IN_LOCKED)
PORTAL_SIGN_IN = Limit("sign-in:portal", 5, timedelta(minutes=15), _SIGN_IN_LOCKED)
SIGN_IN_FAILURES = Limit("sign-in-failures", 20, timedelta(minutes=15))
# Password reset mails: per address asked for, and per client address.
RESET_REQUESTS = Limit("reset:email", 5, timedelta(hours=1))
RESET_REQUESTS_FROM = Limit("reset:address", 20, timedelta(hours=1))
LIMITS = (
    ACTIVATION,
    REGISTRATION,
    REGISTRATION_MAILS,
    FIRM_SIGNUP,
    STAFF_SIGN_IN,
    PORTAL_SIGN_IN,
    SIGN_IN_FAILURES,
    RESET_REQUESTS,
    RESET_REQUESTS_FROM,
)
LONGEST_WINDOW = max(limit.window for limit in LIMITS)


class Attempts:
    """Attempts taken against one or more limits, to be released if they turn out not to count."""

    def __init__(self, hits: Sequence[RateLimitHit]) -> None:
        self.hits = list(hits)

    async def release(self) -> None:
        """Take the attempts back: they do not count (e.g. the sign-in succeeded)."""
        await RateLimitHit.filter(id__in=[hit.id for hit in self.hits]).delete()
        self.hits = []


async def take(*counted: tuple[Limit, str], field: tuple[str, ...] = ("input",)) -> Attempts:
    """Count one attempt against each (limit, who); TOO_MANY_ATTEMPTS (and nothing counted)
    when any of them is over its limit with this attempt."""
    now = datetime.now(UTC)
    attempts = Attempts(
        [await RateLimitHit.create(key=limit.key(who), at=now) for limit, who in counted]
    )
    for limit, who in counted:
        since = now - limit.window
        if await RateLimitHit.filter(key=limit.key(who), at__gt=since).count() > limit.max_hits:
            await attempts.release()
            raise fail(ErrorCode.TOO_MANY_ATTEMPTS, limit.message, *field)
    await RateLimitHit.filter(at__lt=now - LONGEST_WINDOW).delete()
    return attempts


async def spend(limit: Limit, who: str) -> None:
    """Count an attempt that counts whether or not it succeeds; TOO_MANY_ATTEMPTS past the limit."""
    await take((limit, who))


async def allowed(*counted: tuple[Limit, str]) -> bool:
    """`take`, answering False instead of raising: for actions whose answer must not change
    (a password reset request is accepted either way; past the limit nothing is mailed)."""
    try:
        await take(*counted)
    except UserError:
        return False
    return True
