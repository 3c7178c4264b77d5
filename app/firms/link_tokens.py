"""Links mailed to prove an address or to reset a password: single use, only a hash kept.

A link is looked up without being used (the pages show the firm's name first), and used once
inside the transaction that does what it allows (`claim`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.access.secrets import hash_token, new_token
from app.errors import ErrorCode, UserError, fail
from app.portal.models import LinkPurpose, LinkToken


def invalid_token() -> UserError:
    return fail(ErrorCode.INVALID_TOKEN, "This link is not valid (used or revoked).", "token")


def token_expired() -> UserError:
    return fail(ErrorCode.TOKEN_EXPIRED, "This link has expired; ask for a new one.", "token")


async def issue_link(
    purpose: LinkPurpose,
    *,
    email: str,
    ttl: timedelta,
    firm_id: int | None,
    staff_id: int | None = None,
    portal_login_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> str:
    """A new link token, valid for `ttl`; answers the token, which is kept only as a hash."""
    token = new_token()
    await LinkToken.create(
        purpose=purpose,
        token_hash=hash_token(token),
        firm_id=firm_id,
        email=email,
        staff_id=staff_id,
        portal_login_id=portal_login_id,
        data=data,
        expires_at=datetime.now(UTC) + ttl,
    )
    return token


async def revoke_links(purpose: LinkPurpose, **whose: Any) -> int:
    """Use up the unused links of this purpose for `whose` (e.g. staff_id=..., email=...)."""
    return await LinkToken.filter(purpose=purpose, used_at__isnull=True, **whose).update(
        used_at=datetime.now(UTC)
    )


async def find_link(token: str, purpose: LinkPurpose) -> LinkToken:
    """The usable link for this token, its firm loaded; INVALID_TOKEN or TOKEN_EXPIRED.

    Nothing is used up here."""
    link = await LinkToken.get_or_none(
        token_hash=hash_token(token.strip()), purpose=purpose
    ).select_related("firm")
    if link is None or link.used_at is not None:
        raise invalid_token()
    if link.expires_at <= datetime.now(UTC):
        raise token_expired()
    return link


async def claim(link: LinkToken) -> None:
    """Use the link up, in the caller's transaction; INVALID_TOKEN when another request did.

    Single use even under a race: only one request flips `used_at`."""
    used = await LinkToken.filter(id=link.id, used_at__isnull=True).update(
        used_at=datetime.now(UTC)
    )
    if used != 1:
        raise invalid_token()
