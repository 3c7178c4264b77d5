"""Bounded input before parsing: bodies over CRM_MAX_BODY_BYTES answer 413 while they stream
in (never buffered whole), and JSON nested too deeply answers 400, not a 500."""

from __future__ import annotations

import dataclasses
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from app.settings import Settings
from app.web.app import create_app
from tests.support.live_server import Output, crm_env, crm_serve

MB = 1024 * 1024


@pytest.fixture
async def small_limit_api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app with a 1 MB body limit."""
    app = create_app(dataclasses.replace(settings, max_body_bytes=MB), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_a_body_over_the_limit_is_413_and_one_under_it_runs(small_limit_api):
    padding = " " * (MB + 1)
    big = await small_limit_api.post(
        "/graphql",
        content=f'{{"query": "{{ __typename }}"{padding}}}',
        headers={"content-type": "application/json"},
    )
    assert big.status_code == 413
    assert "larger than this server takes" in big.json()["errors"][0]["message"]
    fits = await small_limit_api.post(
        "/graphql",
        content=f'{{"query": "{{ __typename }}"{" " * (MB - 100)}}}',
        headers={"content-type": "application/json"},
    )
    assert fits.status_code == 200 and fits.json() == {"data": {"__typename": "Query"}}


async def test_a_chunked_body_is_counted_as_it_arrives(small_limit_api):
    async def chunks():
        yield b'{"query": "{ __typename }", "x": "'
        for _ in range(3):
            yield b"a" * (MB // 2)
        yield b'"}'

    answer = await small_limit_api.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413


@pytest.mark.parametrize("depth", [100_000, 2_000, 65])
async def test_json_nested_too_deeply_is_400(api, depth):
    body = '{"query": "{ __typename }", "variables": {"v": ' + "[" * depth + "]" * depth + "}}"
    answer = await api.client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 400, answer.text
    assert "nested too deeply" in answer.text


async def test_json_nested_as_deep_as_real_inputs_runs(api):
    nested = "[" * 30 + "]" * 30
    body = '{"query": "{ __typename }", "variables": {"v": ' + nested + "}}"
    answer = await api.client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 200 and answer.json()["data"] == {"__typename": "Query"}


def test_max_body_bytes_setting_is_validated():
    assert Settings.from_env({}).max_body_bytes == 12 * MB
    assert Settings.from_env({"CRM_MAX_BODY_BYTES": "2048"}).max_body_bytes == 2048
    for bad in ("0", "-5", "12MB", "1.5"):
        with pytest.raises(ValueError, match="CRM_MAX_BODY_BYTES"):
            Settings.from_env({"CRM_MAX_BODY_BYTES": bad})


def test_a_60_mb_upload_to_crm_serve_is_refused_while_streaming(database_url, tmp_path: Path):
    """A real server: a 60 MB chunked POST gets its 413 after about 12 MB has gone out, and
    the server's memory does not grow by the body's size."""
    output = Output()
    env = crm_env(CRM_DATABASE_URL=database_url)
    with crm_serve(env, tmp_path, output=output) as base:
        address = urlsplit(base)
        rss_before = _rss_bytes(output.pid)
        sent, answer = _stream_chunked(address.hostname, address.port, total=60 * MB)
        rss_after = _rss_bytes(output.pid)
        declared = _declared_upload(address.hostname, address.port, length=60 * MB)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 30 * MB, f"{sent} bytes went out before the answer"
    assert rss_after - rss_before < 30 * MB, (rss_before, rss_after)
    # Declared too large: refused at once, before any of the body is sent.
    assert declared.startswith(b"HTTP/1.1 413"), declared[:200]


def _stream_chunked(host: str, port: int, total: int) -> tuple[int, bytes]:
    """POST `total` bytes in 256 KB chunks, reading between chunks; the bytes sent when the
    answer came (or the socket closed), and the answer."""
    chunk = b"a" * (256 * 1024)
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        sent, answer = 0, b""
        deadline = time.monotonic() + 60
        while sent < total and time.monotonic() < deadline:
            try:
                s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                break  # the server answered and closed: read what it said
            sent += len(chunk)
            s.setblocking(False)
            try:
                answer += s.recv(65536)
            except BlockingIOError:
                pass
            finally:
                s.setblocking(True)
            if answer:
                break
        s.settimeout(10)
        while b"\r\n\r\n" not in answer:
            more = s.recv(65536)
            if not more:
                break
            answer += more
    return sent, answer


def _declared_upload(host: str, port: int, length: int) -> bytes:
    """Headers declaring a `length`-byte body, and no body: the server's answer."""
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % length
        )
        return s.recv(65536)


def _rss_bytes(pid: int) -> int:
    """The resident memory of a process (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")
