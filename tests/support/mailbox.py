"""Reading the links the service mails, wherever the mail went: a real SMTP server, the
standard output of a `crm serve` without CRM_SMTP_URL, or the outbox of an app whose mail
worker does not run (the `api` fixture)."""

from __future__ import annotations

import re
from email.message import EmailMessage
from typing import Protocol

from app.mail.models import MailStatus, OutboxMail
from tests.support.live_server import Printed
from tests.support.smtp import SmtpServer, text_body

# A link on a line of its own: <base><path>?token=<token>
LINK_LINE = r"^(https?://\S+{path}\?token=([A-Za-z0-9_-]+))$"
# How `crm serve` prints a mail (app/mail/transport.py PrintTransport).
PRINTED_MAIL = re.compile(r"^----- mail to (\S+) .*?\n(.*?)^----- end of mail$", re.M | re.S)


def links_in(text: str, path: str) -> list[tuple[str, str]]:
    """Every (link, token) to `path` standing on a line of its own in a mail's text."""
    return re.findall(LINK_LINE.format(path=re.escape(path)), text, re.MULTILINE)


class Mailbox(Protocol):
    async def link(self, to: str, path: str) -> tuple[str, str]:
        """The newest link to `path` mailed to `to` not answered before: (link, token)."""
        ...


class _Seen:
    def __init__(self) -> None:
        self.seen: set[str] = set()

    def fresh(self, texts: list[str], path: str) -> tuple[str, str] | None:
        for text in reversed(texts):
            for link, token in links_in(text, path):
                if token not in self.seen:
                    self.seen.add(token)
                    return link, token
        return None


class SmtpMailbox(_Seen):
    """Mail delivered to the test's SMTP server."""

    def __init__(self, server: SmtpServer) -> None:
        super().__init__()
        self.server = server

    async def link(self, to: str, path: str) -> tuple[str, str]:
        count = 1
        while True:
            messages = await self.server.wait_for(count)
            found = self.fresh([text_body(m) for m in _to(messages, to)], path)
            if found:
                return found
            count = len(messages) + 1


class PrintedMailbox(_Seen):
    """Mail a `crm serve` without CRM_SMTP_URL printed on its standard output."""

    def __init__(self, printed: Printed) -> None:
        super().__init__()
        self.printed = printed

    async def link(self, to: str, path: str) -> tuple[str, str]:
        found: list[tuple[str, str]] = []

        def check(output: str) -> bool:
            texts = [body for addr, body in PRINTED_MAIL.findall(output) if addr == to]
            hit = self.fresh(texts, path)
            found.extend([hit] if hit else [])
            return hit is not None

        await self.printed.wait_for(check)
        return found[0]


class OutboxMailbox(_Seen):
    """Mail still waiting in the outbox: no mail worker runs (the `api` fixture's app)."""

    async def link(self, to: str, path: str) -> tuple[str, str]:
        rows = await OutboxMail.filter(to_address=to, status=MailStatus.PENDING).order_by("id")
        found = self.fresh([row.text_body for row in rows], path)
        assert found, f"no mail to {to} with a {path} link in the outbox"
        return found


def _to(messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [m for m in messages if m["To"] == address]
