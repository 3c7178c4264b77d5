"""GraphiQL, served whole by the app: the page, and its scripts and styles from the package
(`static/`, pinned versions with their licences in `static/licences/`), so it works on a
machine without internet; nothing loads from elsewhere, which its Content-Security-Policy
states."""

from __future__ import annotations

from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

HERE = Path(__file__).parent
PAGE = (HERE / "page.html").read_text()
# Only this server: its scripts (no inline ones, no eval), its styles (GraphiQL's editors also
# set inline styles), fonts embedded as data: URLs, and fetch/WebSocket to the API itself.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


def graphiql_page() -> HTMLResponse:
    """The GraphiQL page (served at /graphql to browsers), with its security policy."""
    return HTMLResponse(PAGE, headers={"content-security-policy": CONTENT_SECURITY_POLICY})


def assets() -> StaticFiles:
    """The page's scripts and styles, mounted at /graphiql."""
    return StaticFiles(directory=HERE / "static")
