"""GraphiQL works without internet: a real headless browser, every request that would leave
the machine failed, loads the page from the server's own assets, runs a query with the
Headers tab's token, and a subscription signed in with the same headers."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode, urlsplit

import httpx

from app.graphql.ids import to_global_id
from tests.support.graphql import Api
from tests.support.inbox import assign

QUERY = "{ viewer { firm { slug } } accounts { totalCount } }"
# From the start of Sam's inbox: what was stored before the socket opened comes first.
SUBSCRIPTION = (
    f'subscription {{ inbox(after: "{to_global_id("Notification", 0)}") {{ kind title }} }}'
)


async def offline_page(browser, base: str, query: str, token: str):
    """A page on GraphiQL with `query` and the token in the Headers tab, every non-local
    request failed; the page, the list of URLs that tried to leave, and the page's errors."""
    context = await browser.new_context()
    left: list[str] = []
    errors: list[str] = []

    async def only_local(route) -> None:
        url = route.request.url
        if url.startswith("data:") or urlsplit(url).hostname in ("127.0.0.1", "localhost"):
            await route.continue_()
        else:
            left.append(url)
            await route.abort("internetdisconnected")

    await context.route("**/*", only_local)
    page = await context.new_page()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    headers = json.dumps({"Authorization": f"Bearer {token}"})
    await page.goto(
        f"{base}/graphql?" + urlencode({"q": query, "headers": headers}, quote_via=quote)
    )
    return page, left, errors


async def test_graphiql_runs_a_query_with_nothing_from_the_internet(browser, live, live_api: Api):
    from playwright.async_api import expect

    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    page, left, errors = await offline_page(browser, live, QUERY, owner["token"])
    await page.locator(".graphiql-execute-button").click()
    result = page.locator(".graphiql-response")
    await expect(result).to_contain_text('"slug": "acme-tax"', timeout=15_000)
    await expect(result).to_contain_text('"totalCount": 0')
    assert left == []
    assert errors == []  # no script error, no Content-Security-Policy violation
    await page.context.close()


async def test_graphiql_subscribes_with_the_headers_as_connection_payload(
    browser, live, live_api: Api
):
    from playwright.async_api import expect

    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example")
    await assign(live_api, owner["token"], "Mine", sam["id"])  # ACCOUNT_ASSIGNED for Sam
    page, left, errors = await offline_page(browser, live, SUBSCRIPTION, sam["token"])
    async with page.expect_websocket():  # the subscription goes over the WebSocket
        await page.locator(".graphiql-execute-button").click()
    # Only a socket signed in with the Headers tab's token gets Sam's inbox (else: 4403).
    result = page.locator(".graphiql-response")
    await expect(result).to_contain_text("ACCOUNT_ASSIGNED", timeout=15_000)
    assert left == [] and errors == []
    await page.context.close()


def test_the_page_carries_a_content_security_policy(live):
    page = httpx.get(f"{live}/graphql", headers={"Accept": "text/html"})
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unpkg.com" not in page.text and "https://" not in page.text
    asset = httpx.get(f"{live}/graphiql/graphiql-3.8.3.min.js")
    assert asset.status_code == 200 and len(asset.content) > 1_000_000
