"""Cross-site request forgery protection for the link pages' forms.

Two checks, both required: the request comes from one of our own origins (the Origin header,
or the Referer where a browser sends no Origin), and a double-submit token: a random value in
a SameSite=Strict, HttpOnly cookie that the form repeats in a hidden field. The link token in
the form is not enough: it proves someone holds the link, not that the person at this
browser filled in the form (another site could post a link it holds, with a password of its
choosing, from the visitor's browser and address).
"""

from __future__ import annotations

import hmac
import re
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

COOKIE = "crm_page_csrf"
SECURE_COOKIE = "__Host-crm_page_csrf"  # https only: bound to this host, path / and Secure
FIELD = "csrf"
_WELL_FORMED = re.compile(r"^[A-Za-z0-9_-]{43}$")


def _cookie_name(request: Request) -> str:
    return SECURE_COOKIE if request.url.scheme == "https" else COOKIE


def token_for(request: Request) -> str:
    """The browser's CSRF token, reused (several open pages keep working) or a new one."""
    current = request.cookies.get(_cookie_name(request), "")
    return current if _WELL_FORMED.match(current) else secrets.token_urlsafe(32)


def set_cookie(response: Response, request: Request, token: str) -> None:
    """Send the token as a cookie scripts cannot read and other sites cannot make us send."""
    https = request.url.scheme == "https"
    response.set_cookie(
        _cookie_name(request), token, httponly=True, samesite="strict", secure=https, path="/"
    )


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin(request: Request, public_url: str) -> bool:
    """Whether the form was posted from our own origin (this server, or CRM_PUBLIC_URL's)."""
    ours = {origin_of(str(request.url)), origin_of(public_url)}
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.lower() in ours  # "null" (sandboxed or privacy-stripped) never matches
    referer = request.headers.get("referer")
    return referer is not None and origin_of(referer) in ours


def token_matches(request: Request, submitted: str) -> bool:
    """Whether the form's hidden token is the one in the cookie."""
    cookie = request.cookies.get(_cookie_name(request), "")
    return bool(_WELL_FORMED.match(cookie)) and hmac.compare_digest(cookie, submitted)
