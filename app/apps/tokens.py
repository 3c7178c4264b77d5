"""An API client's token: made once, recognised by its prefix, resolved to an AppActor."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q

from app.access.actors import AppActor
from app.access.scopes import ApiScope
from app.access.secrets import hash_token
from app.apps.models import ApiClient

TOKEN_PREFIX = "crm_"
# How much of the token is kept readable, to recognise it ("crm_" and 4 more characters).
SHOWN_PREFIX_LENGTH = 8
# `last_used_at` is written at most this often per API client, not on every request.
LAST_USE_PRECISION = timedelta(minutes=1)


def new_api_token() -> str:
    """`crm_` + 32 random bytes, URL-safe."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def is_api_token(token: str) -> bool:
    """Whether a bearer token is an API client's (a session's never starts with `crm_`)."""
    return token.startswith(TOKEN_PREFIX)


async def app_actor_for_token(token: str) -> AppActor | None:
    """The app an API token stands for; None when unknown, revoked or expired. Records the
    use when the last recorded one is over a minute old."""
    now = datetime.now(UTC)
    client = await ApiClient.get_or_none(token_hash=hash_token(token), revoked_at=None)
    if client is None or (client.expires_at is not None and client.expires_at <= now):
        return None
    if client.last_used_at is None or client.last_used_at < now - LAST_USE_PRECISION:
        # Conditional, so parallel requests write it once a minute between them.
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USE_PRECISION)
        await ApiClient.filter(stale, id=client.id).update(last_used_at=now)
    scopes = frozenset(ApiScope(s) for s in client.scopes)
    return AppActor(client.firm_id, client.id, scopes)
