"""Handing one message to the outside world: an SMTP server (`CRM_SMTP_URL`) or stdout."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import parse_qsl, unquote, urlsplit

import aiosmtplib

# Bounds one delivery, and so how long a graceful stop may wait for it; well under the lease.
SMTP_TIMEOUT = 30.0

_DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class DeliveryError(Exception):
    """A delivery that did not happen; `permanent` when the server refused it for good (5xx)."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class Transport(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Deliver the message or raise DeliveryError."""
        ...


@dataclass(frozen=True)
class SmtpConfig:
    hostname: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    start_tls: bool = False


def parse_smtp_url(url: str) -> SmtpConfig:
    """`smtp://[user:pass@]host[:port][?starttls=true]` or `smtps://…` (implicit TLS)."""
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS:
        raise ValueError(f"CRM_SMTP_URL must start with smtp:// or smtps://, not {url!r}")
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError as error:  # urlsplit's own message does not name the setting
        raise ValueError(f"CRM_SMTP_URL has an invalid port: {error}") from None
    if not parts.hostname:
        raise ValueError(f"CRM_SMTP_URL names no host: {url!r}")
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = set(options) - {"starttls"}
    if unknown:
        raise ValueError(f"CRM_SMTP_URL has unknown options: {', '.join(sorted(unknown))}")
    start_tls = _flag(options.get("starttls", "false"))
    if start_tls and parts.scheme == "smtps":
        raise ValueError("CRM_SMTP_URL: smtps:// is already TLS; starttls=true needs smtp://")
    return SmtpConfig(
        hostname=parts.hostname,
        port=port,
        # Credentials are percent-encoded in a URL (`@` as %40, `:` as %3A).
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        use_tls=parts.scheme == "smtps",
        start_tls=start_tls,
    )


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE | _FALSE:
        return lowered in _TRUE
    raise ValueError(f"CRM_SMTP_URL: starttls must be true or false, not {value!r}")


class SmtpTransport:
    """One SMTP connection per message, as configured by `CRM_SMTP_URL`."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config

    async def send(self, message: EmailMessage) -> None:
        config = self.config
        try:
            await aiosmtplib.send(
                message,
                hostname=config.hostname,
                port=config.port,
                username=config.username,
                password=config.password,
                use_tls=config.use_tls,
                # False, not None: aiosmtplib would otherwise upgrade whenever offered.
                start_tls=config.start_tls,
                timeout=SMTP_TIMEOUT,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            codes = [refused.code for refused in error.recipients]
            reasons = "; ".join(f"{r.code} {r.message}" for r in error.recipients)
            raise DeliveryError(reasons, permanent=all(_permanent(c) for c in codes)) from error
        except aiosmtplib.SMTPAuthenticationError as error:
            # A 535 is our configuration, not the message: retry until the credentials are fixed.
            raise DeliveryError(f"{error.code} {error.message}", permanent=False) from error
        except aiosmtplib.SMTPResponseException as error:
            raise DeliveryError(
                f"{error.code} {error.message}", permanent=_permanent(error.code)
            ) from error
        except (aiosmtplib.SMTPException, OSError) as error:  # connection refused, timeouts, TLS
            raise DeliveryError(f"{type(error).__name__}: {error}", permanent=False) from error


def _permanent(code: int) -> bool:
    return 500 <= code <= 599


class PrintTransport:
    """Without `CRM_SMTP_URL`: each mail is printed to standard output and counts as sent.

    Not through logging: the mail (and its links) is for the person at the terminal trying
    the service, and must not end up in log files or log shippers."""

    async def send(self, message: EmailMessage) -> None:
        text = message.get_body(preferencelist=("plain",))
        body = text.get_content() if text is not None else ""
        sys.stdout.write(
            f"\n----- mail to {message['To']} (CRM_SMTP_URL is unset: printed, not sent)\n"
            f"Subject: {message['Subject']}\n\n{body.rstrip()}\n----- end of mail\n\n"
        )
        sys.stdout.flush()


def transport_for(smtp_url: str | None) -> Transport:
    """The SMTP transport for `smtp_url`, or the printing transport when it is unset."""
    return SmtpTransport(parse_smtp_url(smtp_url)) if smtp_url else PrintTransport()
