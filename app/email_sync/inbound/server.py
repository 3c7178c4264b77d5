"""The SMTP receiver for EMAIL SYNC: aiosmtpd on the running event loop (`CRM_INBOUND_SMTP`).

It runs on the loop that owns the database connections (the app's, or `crm mail-inbound`'s),
not in aiosmtpd's Controller thread. Each message is stored before the DATA reply, so a 250
means the mail is committed; a failure of ours answers 451 and the sender tries again later.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiosmtpd.smtp import SMTP, Envelope, Session

from app.email_sync.inbound.address import parse_listen_address
from app.email_sync.inbound.parse import MalformedMail, parse_mail
from app.email_sync.receiving import firm_for_recipient, store_received
from app.firms.models import Firm
from app.settings import Settings

log = logging.getLogger("crm.inbound")

MAX_RECIPIENTS = 20
TEMPORARY_FAILURE = "451 4.3.0 Temporary failure, please try again later"


@dataclass
class InboundStats:
    """What the receiver has done since it started; tests wait on these."""

    messages: int = 0  # DATA commands answered
    stored: int = 0  # account messages written (a message for two accounts counts twice)
    dropped: int = 0  # accepted, but no address had EMAIL SYNC on (or already stored)
    refused: int = 0  # malformed, answered 554
    failed: int = 0  # our own failure, answered 451


class InboundHandler:
    """aiosmtpd's handler: RCPT names a firm, DATA parses and stores."""

    def __init__(self, settings: Settings, on_change: Callable[[], Awaitable[None]]) -> None:
        self.settings = settings
        self.stats = InboundStats()
        self.busy = 0  # messages being stored right now
        self._on_change = on_change

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        try:
            firm = await firm_for_recipient(address)
        except Exception:
            log.exception("RCPT %s: could not look up the firm", address)
            return TEMPORARY_FAILURE
        if firm is None:
            log.info("RCPT %s refused: it names no firm", address)
            return "550 5.1.1 No firm receives mail at this address"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.busy += 1
        try:
            return await self._deliver(envelope)
        finally:
            self.busy -= 1
            self.stats.messages += 1
            await self._on_change()

    async def _deliver(self, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(raw, str):  # only with decode_data=True, which we do not use
            raw = raw.encode("utf-8", errors="surrogateescape")
        try:
            # SMTP's CRLF line ends would otherwise stay in the text bodies.
            mail = parse_mail(raw.replace(b"\r\n", b"\n"))
        except MalformedMail as error:
            self.stats.refused += 1
            log.warning("refused a message from %s: %s", envelope.mail_from, error)
            return f"554 5.6.0 Malformed message: {_one_line(str(error))[:200]}"
        try:
            stored = 0
            for firm in await _firms_of(envelope.rcpt_tos):
                stored += len(await store_received(firm, mail, self.settings))
        except Exception:
            self.stats.failed += 1
            log.exception("could not store mail %s", mail.message_id)
            return TEMPORARY_FAILURE
        self.stats.stored += stored
        self.stats.dropped += not stored
        return "250 OK"


async def _firms_of(recipients: list[str]) -> list[Firm]:
    firms: dict[int, Firm] = {}
    for recipient in recipients:
        firm = await firm_for_recipient(recipient)
        if firm is not None:
            firms.setdefault(firm.id, firm)
    return list(firms.values())


def _one_line(text: str) -> str:
    return " ".join(text.split())


class InboundServer:
    """Listens on `CRM_INBOUND_SMTP`; `start()` and `stop()` on the database's event loop."""

    def __init__(self, settings: Settings) -> None:
        if not settings.inbound_smtp:
            raise ValueError("CRM_INBOUND_SMTP is not set")
        self.settings = settings
        self.host, self.port = parse_listen_address(settings.inbound_smtp)
        self._changed = asyncio.Condition()
        self.handler = InboundHandler(settings, self._notify)
        self._server: asyncio.Server | None = None
        self._sessions: weakref.WeakSet[SMTP] = weakref.WeakSet()

    @property
    def stats(self) -> InboundStats:
        return self.handler.stats

    async def start(self) -> None:
        """Listen; with port 0, `self.port` becomes the port picked."""
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._session, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("receiving mail for EMAIL SYNC on %s:%d", self.host, self.port)

    def _session(self) -> SMTP:
        session = SMTP(
            self.handler,
            data_size_limit=self.settings.inbound_max_bytes,
            enable_SMTPUTF8=True,
            hostname=self.host,  # not socket.getfqdn(): that may wait on DNS
            ident="crm EMAIL SYNC",
            loop=asyncio.get_running_loop(),
        )
        self._sessions.add(session)
        return session

    async def stop(self, grace: float = 30.0) -> None:
        """Stop listening, let the messages being stored finish (within `grace` seconds),
        then close the open sessions."""
        if self._server is None:
            return
        self._server.close()
        try:
            await self.wait_for(lambda: self.handler.busy == 0, grace)
        except TimeoutError:
            log.warning("stopping with %d messages still being stored", self.handler.busy)
        for session in list(self._sessions):
            if session.transport is not None:
                session.transport.close()  # aiosmtpd then ends the session's task
        await self._server.wait_closed()
        self._server = None

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until `predicate()` holds; checked after every message."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(predicate)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()
