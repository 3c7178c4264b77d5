"""Signing as the Standard Webhooks spec says (https://www.standardwebhooks.com/)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A fresh signing secret: `whsec_` + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def new_event_id() -> str:
    """An event's id, sent as `webhook-id`: unique, and the same on every retry."""
    return "msg_" + secrets.token_urlsafe(18)


def signature(secret: str, event_id: str, timestamp: int, body: str) -> str:
    """`v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed by the secret's bytes."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{event_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, event_id: str, timestamp: int, body: str) -> dict[str, str]:
    """The headers of one attempt; the timestamp is the attempt's, so receivers can refuse
    stale replays."""
    return {
        "content-type": "application/json",
        "webhook-id": event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, event_id, timestamp, body),
    }
