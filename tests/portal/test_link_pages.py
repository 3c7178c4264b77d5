"""The pages mailed links open, over HTTP: the firm's name, the form, CSRF checks, security
headers, dead links, and outcomes that follow the API's rules (browser runs: see
test_link_pages_browser.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.pages.redaction import RedactLinkTokens
from app.portal.models import Invitation, LinkToken
from tests.support.documents.portal import REGISTER_CLIENT
from tests.support.graphql import PASSWORD, Api
from tests.support.mailbox import OutboxMailbox
from tests.support.portal import (
    activation_errors,
    client_sign_in,
    first_email_id,
    invite,
    registration,
    request_reset,
)

CSP = (
    "default-src 'none'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
ORIGIN = "http://test"
GOOD = "a-good-long-password"


async def invitation_link(api: Api, owner: dict) -> str:
    """The token of an invitation to jane@example.com, read from the queued mail."""
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com", login=True)
    await invite(api, owner["token"], first_email_id(account))
    return (await OutboxMailbox().link("jane@example.com", "/portal/activate"))[1]


async def open_form(client: httpx.AsyncClient, path: str, token: str) -> tuple[str, str]:
    """GET the page: the CSRF token of its form and cookie (they are the same value)."""
    response = await client.get(path, params={"token": token})
    assert response.status_code == 200, response.text
    field = re.search(r'name="csrf" value="([^"]+)"', response.text)
    assert field, response.text
    assert response.cookies["crm_page_csrf"] == field.group(1)
    return field.group(1), response.text


async def post_form(
    client: httpx.AsyncClient,
    path: str,
    fields: dict[str, str],
    *,
    cookie: str | None,
    origin: str | None = ORIGIN,
    referer: str | None = None,
) -> httpx.Response:
    headers = {"content-type": "application/x-www-form-urlencoded"}
    if origin is not None:
        headers["origin"] = origin
    if referer is not None:
        headers["referer"] = referer
    if cookie is not None:
        headers["cookie"] = f"crm_page_csrf={cookie}"
    client.cookies.clear()  # only what this test sends
    return await client.post(path, data=fields, headers=headers)


async def test_the_activation_page_names_the_firm_and_holds_a_safe_form(api: Api, owner):
    token = await invitation_link(api, owner)
    response = await api.client.get("/portal/activate", params={"token": token})
    assert response.status_code == 200
    html = response.text
    assert "Acme Tax" in html and "Hello Jane Doe" in html and "jane@example.com" in html
    assert "<script" not in html
    assert f'<input type="hidden" name="token" value="{token}">' in html
    assert '<form method="post" action="/portal/activate">' in html
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "strict-origin"
    assert response.headers["x-frame-options"] == "DENY"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    # Looking at the page uses nothing up.
    assert (await Invitation.get()).accepted_at is None
    css = await api.client.get("/assets/pages.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


@pytest.mark.parametrize("path", ["/portal/activate", "/portal/confirm", "/password/reset"])
async def test_an_unknown_link_says_so_and_what_to_do(api: Api, path: str):
    response = await api.client.get(path, params={"token": "no-such-token"})
    assert response.status_code == 404
    assert "This link does not work any more" in response.text
    assert "<form" not in response.text
    missing = await api.client.get(path)
    assert missing.status_code == 404


async def test_expired_and_used_links_say_so(api: Api, owner):
    await api.mutate(REGISTER_CLIENT, registration("acme-tax", "Jane", "Doe", "jane@example.com"))
    _, token = await OutboxMailbox().link("jane@example.com", "/portal/confirm")
    await LinkToken.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    expired = await api.client.get("/portal/confirm", params={"token": token})
    assert expired.status_code == 410
    assert "This link has expired" in expired.text and "Register again" in expired.text

    await request_reset(api, "owner@acme.example")
    _, reset = await OutboxMailbox().link("owner@acme.example", "/password/reset")
    csrf, _ = await open_form(api.client, "/password/reset", reset)
    form = {"token": reset, "csrf": csrf, "password": GOOD, "repeat": GOOD}
    done = await post_form(api.client, "/password/reset", form, cookie=csrf)
    assert done.status_code == 200 and "Your password is set" in done.text
    again = await api.client.get("/password/reset", params={"token": reset})
    assert again.status_code == 404 and "does not work any more" in again.text


@pytest.mark.parametrize(
    "origin, referer, cookie",
    [
        (None, None, "same"),  # neither Origin nor Referer
        ("https://evil.example", None, "same"),  # another site
        ("null", None, "same"),  # a sandboxed or privacy-stripped origin
        (None, "https://evil.example/page", "same"),
        (ORIGIN, None, None),  # no cookie (or cookies off)
        (ORIGIN, None, "other"),  # a cookie that is not the form's
    ],
)
async def test_a_forged_or_unchecked_form_is_refused_and_uses_nothing(
    api: Api, owner, origin, referer, cookie
):
    token = await invitation_link(api, owner)
    csrf, _ = await open_form(api.client, "/portal/activate", token)
    sent_cookie = {"same": csrf, "other": "x" * 43, None: None}[cookie]
    form = {"token": token, "csrf": csrf, "password": GOOD, "repeat": GOOD}
    response = await post_form(
        api.client, "/portal/activate", form, cookie=sent_cookie, origin=origin, referer=referer
    )
    assert response.status_code == 403
    assert "The form was refused" in response.text
    assert (await Invitation.get()).accepted_at is None


async def test_a_same_origin_referer_stands_in_for_a_missing_origin(api: Api, owner):
    token = await invitation_link(api, owner)
    csrf, _ = await open_form(api.client, "/portal/activate", token)
    form = {"token": token, "csrf": csrf, "password": GOOD, "repeat": GOOD}
    response = await post_form(
        api.client, "/portal/activate", form, cookie=csrf, origin=None, referer=f"{ORIGIN}/x"
    )
    assert response.status_code == 200, response.text


async def test_errors_reshow_the_form_and_success_uses_the_link(api: Api, owner):
    token = await invitation_link(api, owner)
    csrf, _ = await open_form(api.client, "/portal/activate", token)
    base = {"token": token, "csrf": csrf}
    differ = await post_form(
        api.client,
        "/portal/activate",
        {**base, "password": GOOD, "repeat": GOOD + "x"},
        cookie=csrf,
    )
    assert differ.status_code == 400 and "The two passwords differ." in differ.text
    weak = await post_form(
        api.client,
        "/portal/activate",
        {**base, "password": "short", "repeat": "short"},
        cookie=csrf,
    )
    assert weak.status_code == 400
    assert "The password must have at least 10 characters." in weak.text
    assert '<form method="post"' in weak.text and "Acme Tax" in weak.text
    assert (await Invitation.get()).accepted_at is None

    done = await post_form(
        api.client, "/portal/activate", {**base, "password": GOOD, "repeat": GOOD}, cookie=csrf
    )
    assert done.status_code == 200
    assert "Your access is active" in done.text and "jane@example.com" in done.text
    assert token not in done.text and "<form" not in done.text
    assert str(done.url) == f"{ORIGIN}/portal/activate"  # no secret in the URL
    await client_sign_in(api, "acme-tax", "jane@example.com", GOOD)
    assert await activation_errors(api, token, PASSWORD) == ["INVALID_TOKEN"]


async def test_a_confirmation_page_creates_the_client_as_the_mutation_does(api: Api, owner):
    await api.mutate(REGISTER_CLIENT, registration("acme-tax", "Jane", "Doe", "jane@example.com"))
    _, token = await OutboxMailbox().link("jane@example.com", "/portal/confirm")
    csrf, html = await open_form(api.client, "/portal/confirm", token)
    assert "Acme Tax" in html and "Confirm your registration" in html
    form = {"token": token, "csrf": csrf, "password": GOOD, "repeat": GOOD}
    done = await post_form(api.client, "/portal/confirm", form, cookie=csrf)
    assert done.status_code == 200 and "Your registration is confirmed" in done.text
    signed_in = await client_sign_in(api, "acme-tax", "jane@example.com", GOOD)
    assert [a["name"] for a in signed_in["viewer"]["client"]["accounts"]] == ["Jane Doe"]


async def test_page_attempts_count_like_the_mutations(api: Api, owner):
    await request_reset(api, "owner@acme.example")
    _, reset = await OutboxMailbox().link("owner@acme.example", "/password/reset")
    csrf, _ = await open_form(api.client, "/password/reset", reset)
    weak = {"token": reset, "csrf": csrf, "password": "short", "repeat": "short"}
    for _ in range(20):
        answer = await post_form(api.client, "/password/reset", weak, cookie=csrf)
        assert answer.status_code == 400
    limited = await post_form(api.client, "/password/reset", weak, cookie=csrf)
    assert limited.status_code == 429 and "Too many attempts" in limited.text


def test_link_tokens_are_redacted_from_access_log_lines():
    import logging

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/portal/activate?token=s3cret-Value_1&x=1", "1.1", 200),
        None,
    )
    assert RedactLinkTokens().filter(record)
    assert record.getMessage() == (
        '127.0.0.1:5000 - "GET /portal/activate?token=[redacted]&x=1 HTTP/1.1" 200'
    )
