"""The link pages in a real headless browser (JavaScript off: plain forms must do), served by
a real `crm serve` whose mail is printed on its standard output: open the mailed link, see
the firm's name, be refused a weak password, set a good one, then sign in through the API.

`CRM_SCREENSHOTS=docs pytest tests/portal/test_link_pages_browser.py` also writes the README's
screenshots to docs/.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from tests.support.documents.firms import SIGN_IN
from tests.support.documents.portal import REGISTER_CLIENT
from tests.support.graphql import Api
from tests.support.live_server import LiveServer
from tests.support.mailbox import PrintedMailbox
from tests.support.portal import client_sign_in, first_email_id, invite, registration, request_reset

GOOD = "my-own-long-password"
SCREENSHOTS = os.environ.get("CRM_SCREENSHOTS")


async def _invited(api: Api, owner: dict) -> str:
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com", login=True)
    await invite(api, owner["token"], first_email_id(account), "Welcome aboard!")
    return "/portal/activate"


async def _registered(api: Api, owner: dict) -> str:
    await api.mutate(REGISTER_CLIENT, registration("acme-tax", "Jane", "Doe", "jane@example.com"))
    return "/portal/confirm"


async def _reset_asked(api: Api, owner: dict) -> str:
    await request_reset(api, "owner@acme.example")
    return "/password/reset"


async def _client_signs_in(api: Api) -> None:
    await client_sign_in(api, "acme-tax", "jane@example.com", GOOD)


async def _staff_signs_in(api: Api) -> None:
    await api.mutate(SIGN_IN, {"email": "owner@acme.example", "password": GOOD})


Step = Callable[[Api, dict], Awaitable[str]]
FLOWS: dict[str, tuple[Step, str, str, Callable[[Api], Awaitable[None]]]] = {
    # name: (what mails the link, to whom, what the success page says, the API check)
    "activate": (_invited, "jane@example.com", "Your access is active", _client_signs_in),
    "confirm": (
        _registered,
        "jane@example.com",
        "Your registration is confirmed",
        _client_signs_in,
    ),
    "reset": (_reset_asked, "owner@acme.example", "Your password is set", _staff_signs_in),
}


@pytest.mark.parametrize("flow", list(FLOWS))
async def test_a_mailed_link_opens_a_page_that_works(
    browser, live_server: LiveServer, live_api: Api, tmp_path: Path, flow: str
):
    mail_it, to, success, signs_in = FLOWS[flow]
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    path = await mail_it(live_api, owner)
    link, token = await PrintedMailbox(live_server.printed).link(to, path)
    assert link.startswith(f"{live_server.base}{path}?token=")

    context = await browser.new_context(java_script_enabled=False)
    page = await context.new_page()
    shots = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    try:
        response = await page.goto(link)
        assert response.status == 200
        assert await page.locator(".firm").text_content() == "Acme Tax"
        await page.screenshot(path=shots / f"page-{flow}.png", full_page=True)

        await _submit(page, "short")
        assert "at least 10 characters" in await page.locator(".errors").inner_text()
        await page.screenshot(path=shots / f"page-{flow}-error.png", full_page=True)

        await _submit(page, GOOD)
        assert success in await page.locator("h1").inner_text()
        assert token not in page.url and page.url == f"{live_server.base}{path}"
        await page.screenshot(path=shots / f"page-{flow}-done.png", full_page=True)
    finally:
        await context.close()
    await signs_in(live_api)
    # The access lines name the page; no log line holds the token.
    await live_server.logged.wait_for(lambda logged: f"POST {path} 200" in logged)
    assert f"GET {path} 200" in live_server.logged.text
    assert token not in live_server.logged.text


async def test_a_used_link_shows_what_to_do(browser, live_server: LiveServer, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    await _reset_asked(live_api, owner)
    link, _ = await PrintedMailbox(live_server.printed).link(
        "owner@acme.example", "/password/reset"
    )
    await _reset_asked(live_api, owner)  # a newer request replaces the link
    context = await browser.new_context(java_script_enabled=False)
    page = await context.new_page()
    try:
        response = await page.goto(link)
        assert response.status == 404
        assert await page.locator("h1").inner_text() == "This link does not work any more"
        assert "Forgot your password?" in await page.locator("main").inner_text()
        if SCREENSHOTS:
            await page.screenshot(path=Path(SCREENSHOTS) / "page-dead-link.png", full_page=True)
    finally:
        await context.close()


async def _submit(page, password: str) -> None:
    await page.fill("#password", password)
    await page.fill("#repeat", password)
    await page.click("button[type=submit]")
    await page.wait_for_load_state()
