"""Rate limits per client address (and per email for sign-in), held in the database so
that every server process counts the same attempts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.errors import ErrorCode, fail
from app.models import RateLimitHit


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window: timedelta

    def key(self, who: str) -> str:
        return f"{self.name}:{who}"[:300]


ACTIVATION = Limit("activate", 20, timedelta(minutes=15))
REGISTRATION = Limit("register", 20, timedelta(minutes=15))
FIRM_SIGNUP = Limit("create-firm", 20, timedelta(hours=1))
# Failed sign-ins from one address, whatever the email: stops password spraying.
SIGN_IN_FAILURES = Limit("sign-in-failures", 20, timedelta(minutes=15))
LONGEST_WINDOW = max(limit.window for limit in (ACTIVATION, REGISTRATION, FIRM_SIGNUP))


async def check(limit: Limit, who: str) -> None:
    """TOO_MANY_ATTEMPTS once `who` has `max_hits` hits within the window."""
    since = datetime.now(UTC) - limit.window
    if await RateLimitHit.filter(key=limit.key(who), at__gt=since).count() >= limit.max_hits:
        raise fail(
            ErrorCode.TOO_MANY_ATTEMPTS,
            "Too many attempts from your address; try again later.",
            "input",
        )


async def record(limit: Limit, who: str) -> None:
    """Count one attempt (and forget hits no window needs any more)."""
    now = datetime.now(UTC)
    await RateLimitHit.create(key=limit.key(who), at=now)
    await RateLimitHit.filter(at__lt=now - LONGEST_WINDOW).delete()


async def spend(limit: Limit, who: str) -> None:
    """Check, then count this attempt: for actions counted whether or not they succeed."""
    await check(limit, who)
    await record(limit, who)
