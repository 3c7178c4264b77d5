"""Bearer sessions: opaque tokens handed out once, kept only as a hash, expiring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.models import AuthSession, Firm, PortalLogin, StaffMember
from app.security import hash_token, new_token
from app.viewer import Viewer


@dataclass(frozen=True)
class IssuedSession:
    token: str
    expires_at: datetime


async def open_session(
    firm: Firm,
    ttl: timedelta,
    *,
    staff: StaffMember | None = None,
    client: PortalLogin | None = None,
) -> IssuedSession:
    """A new session for a staff member or a portal login; the token is shown only here."""
    token = new_token()
    expires_at = datetime.now(UTC) + ttl
    await AuthSession.create(
        token_hash=hash_token(token),
        firm=firm,
        staff=staff,
        portal_login=client,
        expires_at=expires_at,
    )
    return IssuedSession(token, expires_at)


async def viewer_for_token(token: str) -> Viewer | None:
    """The viewer a bearer token stands for; None when unknown or expired."""
    session = (
        await AuthSession.filter(token_hash=hash_token(token), expires_at__gt=datetime.now(UTC))
        .select_related("firm", "staff", "portal_login")
        .first()
    )
    if session is None or (session.staff is None and session.portal_login is None):
        return None
    return Viewer(firm=session.firm, staff=session.staff, client=session.portal_login)


def bearer_token(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` value (the scheme is case-insensitive)."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
