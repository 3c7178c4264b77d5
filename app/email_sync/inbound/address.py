"""The receiver's listening address, as `CRM_INBOUND_SMTP` gives it."""

from __future__ import annotations


def parse_listen_address(value: str) -> tuple[str, int]:
    """`host:port` (`[::1]:2525` for IPv6) as (host, port); port 0 picks a free one."""
    host, colon, port = value.strip().rpartition(":")
    host = host.strip("[]")
    if not colon or not host or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"CRM_INBOUND_SMTP must be host:port, not {value!r}")
    return host, int(port)
