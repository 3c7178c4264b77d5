"""One attempt at posting a delivery: signed, to a checked address, redirects not followed,
at most a few KB of the answer read, everything within the timeout."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from app.webhooks.signing import headers
from app.webhooks.url_guard import RefusedUrl, resolve

# What of an answer is read (and what of it an error message keeps).
ANSWER_BYTES = 4096
ERROR_CHARS = 300


@dataclass(frozen=True)
class Outcome:
    """How an attempt ended: success, or an error that is worth retrying or not."""

    ok: bool
    status_code: int | None = None
    error: str | None = None
    retryable: bool = False


def client() -> httpx.AsyncClient:
    """The HTTP client a worker posts with: no redirects, no proxies from the environment."""
    return httpx.AsyncClient(follow_redirects=False, trust_env=False, verify=True)


async def attempt(
    http: httpx.AsyncClient,
    *,
    url: str,
    secret: str,
    event_id: str,
    body: str,
    timeout: float,
    allow_private: bool,
) -> Outcome:
    """Post `body` once; 2xx is success; timeouts, connection errors, 429 and 5xx may be
    retried; any other answer, or a URL that is now refused, may not."""
    try:
        target = await resolve(url, allow_private)
    except RefusedUrl as error:
        return Outcome(ok=False, error=f"Refused: {error}")
    request_url = httpx.URL(target.url)
    extensions = {}
    request_headers = headers(secret, event_id, int(time.time()), body)
    if target.address is not None:
        # Connect to the address that was checked, so a second DNS answer cannot differ.
        request_url = request_url.copy_with(host=target.address)
        request_headers["host"] = httpx.URL(target.url).netloc.decode()
        extensions["sni_hostname"] = target.host
    request = http.build_request(
        "POST",
        request_url,
        content=body.encode(),
        headers=request_headers,
        extensions={**extensions, "timeout": httpx.Timeout(timeout).as_dict()},
    )
    try:
        async with asyncio.timeout(timeout):
            response = await http.send(request, stream=True)
            try:
                answer = await _first_bytes(response)
            finally:
                await response.aclose()
    except TimeoutError:
        return Outcome(ok=False, error=f"No answer within {timeout:g}s.", retryable=True)
    except httpx.TimeoutException:
        return Outcome(ok=False, error=f"No answer within {timeout:g}s.", retryable=True)
    except httpx.HTTPError as error:
        message = f"Connection failed: {error!r}"[:ERROR_CHARS]
        return Outcome(ok=False, error=message, retryable=True)
    return _judge(response.status_code, answer)


async def _first_bytes(response: httpx.Response) -> bytes:
    answer = b""
    async for chunk in response.aiter_raw():
        answer += chunk
        if len(answer) >= ANSWER_BYTES:
            break
    return answer[:ANSWER_BYTES]


def _judge(status: int, answer: bytes) -> Outcome:
    if 200 <= status < 300:
        return Outcome(ok=True, status_code=status)
    text = answer.decode("utf-8", "replace").strip()
    error = f"HTTP {status}" + (f": {text}" if text else "")
    retryable = status == 429 or status >= 500
    return Outcome(ok=False, status_code=status, error=error[:ERROR_CHARS], retryable=retryable)
