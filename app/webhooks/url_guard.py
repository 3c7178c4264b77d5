"""Where webhooks may go: http(s) URLs whose host is a public address (SSRF guard).

Checked when an endpoint is saved and again before every attempt, since what a host name
resolves to may change; the attempt then connects to the address that was checked.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

URL_MAX = 2048


class RefusedUrl(ValueError):
    """The URL may not receive webhooks; the message says why, for the user."""


@dataclass(frozen=True)
class Target:
    """A checked URL: its host name, and the address to connect to (None: let the client
    resolve, when private targets are allowed)."""

    url: str
    host: str
    address: str | None


def check_shape(url: str) -> str:
    """The URL trimmed, if it is an absolute http(s) URL with a host; RefusedUrl otherwise."""
    url = url.strip()
    if len(url) > URL_MAX:
        raise RefusedUrl(f"The URL is longer than {URL_MAX} characters.")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        raise RefusedUrl("This is not a valid URL.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedUrl("Use an http:// or https:// URL with a host name.")
    if parts.username or parts.password:
        raise RefusedUrl("Leave credentials out of the URL.")
    return url


async def resolve(url: str, allow_private: bool) -> Target:
    """The URL's target, refused when its host is (or resolves to) a private, loopback,
    link-local or otherwise non-public address, unless `allow_private`."""
    url = check_shape(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    if allow_private:
        return Target(url, host, None)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise RefusedUrl(f"The host name {host} does not resolve.") from None
    addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        if not _public(address):
            raise RefusedUrl(
                f"{host} is a private, loopback or link-local address; webhooks go to "
                "public addresses only."
            )
    return Target(url, host, addresses[0])


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])  # an IPv6 zone id is not part of it
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
