"""HTML of the link pages: one shell, a form, a message; every value escaped."""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from string import Template

from starlette.responses import HTMLResponse, Response

from app.pages.csrf import FIELD

TEMPLATES = Path(__file__).parent / "templates"

# No script at all; styles only from our own stylesheet; forms post only to us; no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
PAGE_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    # Pages hold tokens: never cached, never stored in history's cache.
    "cache-control": "no-store",
    # The origin (not the URL, which holds the token) on our own form posts, so the Origin
    # header is real: under no-referrer browsers send "Origin: null" with forms.
    "referrer-policy": "strict-origin",
}


@cache
def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def stylesheet() -> Response:
    """The pages' stylesheet (CSP: style-src 'self')."""
    return Response(
        _template("pages.css"),
        media_type="text/css",
        headers={"cache-control": "public, max-age=3600"},
    )


def page(title: str, content: str, firm_name: str | None, status_code: int = 200) -> Response:
    """A whole page; `content` is HTML already escaped by the functions below."""
    firm = f'<p class="firm">{_e(firm_name)}</p>\n' if firm_name else ""
    body = Template(_template("page.html")).substitute(
        title=_e(title), firm_block=firm, content=content
    )
    return HTMLResponse(body, status_code=status_code, headers=PAGE_HEADERS)


def paragraph(text: str, css: str | None = None) -> str:
    return f'<p class="{css}">{_e(text)}</p>' if css else f"<p>{_e(text)}</p>"


def password_form(
    action: str, intro: str, button: str, token: str, csrf: str, errors: Sequence[str]
) -> str:
    """The form: the link's token and the CSRF token hidden, a password typed twice."""
    shown = "".join(f"<p>{_e(e)}</p>" for e in errors)
    error_block = f'<div class="errors" role="alert">{shown}</div>\n' if errors else ""
    return f"""<p>{_e(intro)}</p>
{error_block}<form method="post" action="{_e(action)}">
<input type="hidden" name="token" value="{_e(token)}">
<input type="hidden" name="{FIELD}" value="{_e(csrf)}">
<label for="password">New password</label>
<input type="password" id="password" name="password" autocomplete="new-password" required>
<p class="hint">At least 10 characters.</p>
<label for="repeat">The same password again</label>
<input type="password" id="repeat" name="repeat" autocomplete="new-password" required>
<button type="submit">{_e(button)}</button>
</form>"""


def _e(value: str | None) -> str:
    return html.escape(value or "", quote=True)
