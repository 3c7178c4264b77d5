"""Bearer sessions: opaque tokens handed out once, kept only as a hash, expiring, and ended
on demand (sign-out, revocation, password change or reset, deactivation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, cast

from tortoise.expressions import Q

from app.access.actors import Actor, ClientActor, SessionRef, StaffActor, session_of
from app.access.permissions import SIGNED_IN, entry_point
from app.access.secrets import hash_token, new_token
from app.access.viewer import Viewer
from app.apps.tokens import app_actor_for_token, is_api_token
from app.errors import ErrorCode, fail
from app.firms.models import AuthSession, Firm, StaffMember
from app.firms.policy import own_sessions
from app.firms.session_watch import announce_ended
from app.firms.staff import staff_actor

if TYPE_CHECKING:
    from app.portal.models import PortalLogin

# `last_used_at` is written at most this often per session, not on every request.
LAST_USE_PRECISION = timedelta(minutes=1)
USER_AGENT_LENGTH = 255  # the column's size


@dataclass(frozen=True)
class IssuedSession:
    """A session just opened: its token (shown only now) and who it signs in."""

    token: str
    expires_at: datetime
    id: int
    actor: StaffActor | ClientActor

    @property
    def ref(self) -> SessionRef:
        return SessionRef(self.id, self.expires_at)


async def open_session(
    firm: Firm,
    ttl: timedelta,
    *,
    staff: StaffMember | None = None,
    client: PortalLogin | None = None,
    user_agent: str | None = None,
) -> IssuedSession:
    """A new session for a staff member or a portal login; the token is shown only here.
    `user_agent` is the HTTP User-Agent it was opened with (trimmed to the column)."""
    token = new_token()
    now = datetime.now(UTC)
    expires_at = now + ttl
    row = await AuthSession.create(
        token_hash=hash_token(token),
        firm=firm,
        staff=staff,
        portal_login=client,
        expires_at=expires_at,
        last_used_at=now,  # signing in is a use
        user_agent=(user_agent or "").strip()[:USER_AGENT_LENGTH] or None,
    )
    ref = SessionRef(row.id, expires_at)
    actor: StaffActor | ClientActor
    if staff is not None:
        actor = staff_actor(staff, ref)
    else:
        assert client is not None, "a session is a staff member's or a portal login's"
        actor = ClientActor(firm.id, client.id, ref, client.contact_email_id)
    return IssuedSession(token, expires_at, row.id, actor)


async def actor_for_token(token: str) -> Actor | None:
    """Who a bearer token signs in (an app, for an API client's `crm_` token); None when
    unknown, expired, revoked or deactivated. Records the use when the last recorded one is
    over a minute old."""
    if is_api_token(token):
        return await app_actor_for_token(token)
    found = await _session_for_token(token)
    return _actor_of(found) if found else None


async def viewer_for_token(token: str) -> Viewer | None:
    """The viewer a bearer token stands for (transitional: `actor_for_token` replaces it)."""
    found = await _session_for_token(token)
    return _viewer_of(found) if found else None


async def actor_and_viewer_for_token(token: str) -> tuple[Actor, Viewer | None] | None:
    """Both from one look-up, while the other domains still read the viewer (transitional:
    `actor_for_token` replaces it once the viewer is gone); an app has no viewer."""
    if is_api_token(token):
        app = await app_actor_for_token(token)
        return (app, None) if app else None
    found = await _session_for_token(token)
    return (_actor_of(found), _viewer_of(found)) if found else None


async def _session_for_token(token: str) -> AuthSession | None:
    now = datetime.now(UTC)
    session = (
        await AuthSession.filter(token_hash=hash_token(token), expires_at__gt=now)
        .select_related("firm", "staff", "portal_login")  # the viewer's rows (transitional)
        .first()
    )
    if session is None or (session.staff_id is None and session.portal_login_id is None):
        return None
    if session.staff is not None and not session.staff.is_active:
        return None  # deactivation ends sessions; this covers one opened during it
    if session.last_used_at is None or session.last_used_at < now - LAST_USE_PRECISION:
        await _record_use(session.id, now)
    return session


def _actor_of(session: AuthSession) -> Actor:
    ref = SessionRef(session.id, session.expires_at)
    if session.staff is not None:
        return staff_actor(session.staff, ref)
    login = session.portal_login
    assert login is not None  # checked by _session_for_token
    return ClientActor(session.firm_id, login.id, ref, login.contact_email_id)


def _viewer_of(session: AuthSession) -> Viewer:
    ref = SessionRef(session.id, session.expires_at)
    return Viewer(session.firm, session.staff, session.portal_login, session=ref)


async def _record_use(session_id: int, now: datetime) -> None:
    # Conditional, so parallel requests of one session write it once a minute between them.
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USE_PRECISION)
    await AuthSession.filter(stale, id=session_id).update(last_used_at=now)


async def end_sessions(
    *, staff_id: int | None = None, portal_login_id: int | None = None, keep: int | None = None
) -> int:
    """End every session of a staff member or a portal login (all but the session `keep`),
    and close their open WebSockets in every server process; how many ended.

    Call it after the change that warrants it has committed; inside a transaction use
    `delete_sessions`, then `announce_ended` after the commit.
    """
    ended = await delete_sessions(staff_id=staff_id, portal_login_id=portal_login_id, keep=keep)
    await announce_ended(ended)
    return len(ended)


async def delete_sessions(
    *, staff_id: int | None = None, portal_login_id: int | None = None, keep: int | None = None
) -> list[int]:
    """Delete the person's sessions (all but `keep`); their ids, for `announce_ended`."""
    if (staff_id is None) == (portal_login_id is None):
        raise ValueError("end the sessions of one person: a staff_id or a portal_login_id")
    rows = (
        AuthSession.filter(staff_id=staff_id)
        if staff_id is not None
        else AuthSession.filter(portal_login_id=portal_login_id)
    )
    if keep is not None:
        rows = rows.exclude(id=keep)
    ids = cast(list[int], await rows.values_list("id", flat=True))
    if ids:
        await AuthSession.filter(id__in=ids).delete()
    return ids


async def end_session(session_id: int) -> int:
    """End one session (sign-out, revocation) and close its sockets everywhere; 1 or 0."""
    deleted = await AuthSession.filter(id=session_id).delete()
    await announce_ended([session_id] if deleted else [])
    return deleted


def bearer_token(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` value (the scheme is case-insensitive)."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


@entry_point(SIGNED_IN)
async def sessions_of(actor: Actor) -> list[AuthSession]:
    """The actor's unexpired sessions, newest first."""
    now = datetime.now(UTC)
    return await own_sessions(actor).filter(expires_at__gt=now).order_by("-created_at", "-id")


@entry_point(SIGNED_IN)
async def own_session(actor: Actor, session_id: int | None) -> AuthSession | None:
    """One of the actor's unexpired sessions, or None."""
    if session_id is None:
        return None
    now = datetime.now(UTC)
    return await own_sessions(actor).filter(id=session_id, expires_at__gt=now).first()


@entry_point(SIGNED_IN)
async def sign_out(actor: Actor) -> int:
    """End the session the actor came with."""
    session = session_of(actor)
    return await end_session(session.id) if session else 0


@entry_point(SIGNED_IN)
async def sign_out_everywhere(actor: Actor) -> int:
    """End every session of the actor's person, this one included."""
    match actor:
        case StaffActor():
            return await end_sessions(staff_id=actor.staff_id)
        case ClientActor():
            return await end_sessions(portal_login_id=actor.portal_login_id)
    return 0


@entry_point(SIGNED_IN)
async def revoke_session(actor: Actor, session_id: int | None) -> int:
    """End one of the actor's own sessions; NOT_FOUND for anyone else's or an unknown id."""
    if await own_session(actor, session_id) is None:
        raise fail(ErrorCode.NOT_FOUND, "No such session of yours.", "id")
    assert session_id is not None  # own_session found it
    return await end_session(session_id)
