"""A real SMTP server for tests (aiosmtpd, in its own thread), collecting what it receives."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from email.message import EmailMessage
from typing import Any, Literal
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

Stage = Literal["RCPT", "DATA"]


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def text_body(message: EmailMessage) -> str:
    """The text/plain part of a received message."""
    return _part(message, "plain")


def html_body(message: EmailMessage) -> str:
    """The text/html part of a received message."""
    return _part(message, "html")


def _part(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None, f"the message has no text/{subtype} part"
    content: str = part.get_content()
    return content


class SmtpServer:
    """Listens on 127.0.0.1:`port`; can stop and start again on the same port, and refuse mail.

    `await server.wait_for(2)` returns the messages received so far once there are two.
    """

    def __init__(self, *, credentials: tuple[str, str] | None = None) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.credentials = credentials
        self.rcpt_commands = 0  # every RCPT TO seen, refused ones included
        self._messages: list[EmailMessage] = []
        # The handler runs in the controller's thread; the tests read from the event loop.
        self._lock = threading.Condition()
        self._refusals: dict[str, tuple[str, int | None]] = {}
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        """The `CRM_SMTP_URL` for this server, credentials included."""
        if self.credentials is None:
            return f"smtp://{self.host}:{self.port}"
        user, password = (quote(part, safe="") for part in self.credentials)
        return f"smtp://{user}:{password}@{self.host}:{self.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)

    def start(self) -> None:
        """Listen (again) on the same port."""
        assert self._controller is None, "already running"
        options: dict[str, Any] = {}
        if self.credentials is not None:
            options = {
                "authenticator": self._authenticate,
                "auth_required": True,
                "auth_require_tls": False,  # loopback, no certificate: plain AUTH is fine here
            }
        # A stopped controller's loop is closed, so each start takes a new one.
        self._controller = Controller(self, hostname=self.host, port=self.port, **options)
        self._controller.start()

    def stop(self) -> None:
        """Stop listening: connections are refused until `start()`."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def refuse(self, stage: Stage, reply: str, times: int | None = None) -> None:
        """Answer `reply` (e.g. "451 4.3.0 Try later") at RCPT or DATA, `times` times or always."""
        with self._lock:
            self._refusals[stage] = (reply, times)

    def accept(self) -> None:
        """Stop refusing."""
        with self._lock:
            self._refusals.clear()

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """The messages received so far, once there are at least `count` of them."""
        return await asyncio.to_thread(self._wait_for, count, timeout)

    def _wait_for(self, count: int, timeout: float) -> list[EmailMessage]:
        with self._lock:
            if not self._lock.wait_for(lambda: len(self._messages) >= count, timeout):
                raise AssertionError(
                    f"expected {count} messages within {timeout}s, got {len(self._messages)}"
                )
            return list(self._messages)

    def _refusal(self, stage: Stage) -> str | None:
        with self._lock:
            if stage not in self._refusals:
                return None
            reply, times = self._refusals[stage]
            if times is not None:
                if times <= 1:
                    del self._refusals[stage]
                else:
                    self._refusals[stage] = (reply, times - 1)
            return reply

    # aiosmtpd's handler hooks, called in the controller's thread.

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        with self._lock:
            self.rcpt_commands += 1
        refusal = self._refusal("RCPT")
        if refusal is not None:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        refusal = self._refusal("DATA")
        if refusal is not None:
            return refusal
        # CRLF is SMTP's wire form; tests compare with Python's "\n" text.
        content = (envelope.original_content or b"").replace(b"\r\n", b"\n")
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self._messages.append(message)
            self._lock.notify_all()
        return "250 Message accepted for delivery"

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and self.credentials == (
            data.login.decode(),
            data.password.decode(),
        )
        return AuthResult(success=ok, handled=False)
