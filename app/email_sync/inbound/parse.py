"""Reading one received message with the standard library, trusting none of its headers."""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

# Bounds on what one message may put in the database; the SMTP size limit bounds the rest.
MAX_BODY_CHARS = 1_000_000
MAX_ADDRESSES = 100  # per header
MAX_ATTACHMENTS = 50
MAX_REFERENCES = 20
MAX_DEPTH = 20  # of nested multiparts
SUBJECT_MAX = 500
NAME_MAX = 255
CONTENT_TYPE_MAX = 127
# A Date this far ahead of receipt is not believed: mail could otherwise pin itself on top.
CLOCK_SKEW = timedelta(minutes=5)

_MSG_ID = re.compile(r"<([\x21-\x3b\x3d\x3f-\x7e]{1,250})>")  # printable ASCII but < and >
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+$")


class MalformedMail(Exception):
    """The message cannot be read as an email: refuse it (the reason goes to the log)."""


@dataclass(frozen=True)
class Attachment:
    filename: str | None  # as the sender wrote it: sanitise before any use
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    from_address: str
    from_name: str | None
    to: list[str]
    cc: list[str]
    subject: str
    text: str | None
    html: str | None
    sent_at: datetime
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def addresses(self) -> list[str]:
        """From, To and Cc, each once, in that order."""
        return list(dict.fromkeys([self.from_address, *self.to, *self.cc]))


def parse_mail(raw: bytes, received_at: datetime | None = None) -> ParsedMail:
    """The parts of `raw` the CRM keeps; MalformedMail when it has no usable From."""
    received_at = received_at or datetime.now(UTC)
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        senders = _addresses(message, "from")
        if not senders:
            raise MalformedMail("no valid From address")
        from_address, from_name = senders[0]
        return ParsedMail(
            message_id=_message_id(message, raw),
            from_address=from_address,
            from_name=from_name,
            to=[a for a, _ in _addresses(message, "to")],
            cc=[a for a, _ in _addresses(message, "cc")],
            subject=_one_line(_header(message, "subject"))[:SUBJECT_MAX],
            text=_body(message, "plain"),
            html=_body(message, "html"),
            sent_at=_date(message, received_at),
            in_reply_to=next(iter(_ids(_header(message, "in-reply-to"))), None),
            references=_ids(_header(message, "references"))[-MAX_REFERENCES:],
            attachments=_attachments(message),
        )
    except MalformedMail:
        raise
    except Exception as error:  # the parser's own failures on hostile input
        raise MalformedMail(f"unreadable message: {type(error).__name__}: {error}") from error


def message_ids(value: str | None) -> list[str]:
    """The `<id>` tokens of a Message-ID, In-Reply-To or References value."""
    return _ids(value)


def _header(message: EmailMessage, name: str) -> str | None:
    value = message.get(name)
    return None if value is None else str(value)


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _ids(value: str | None) -> list[str]:
    return [f"<{token}>" for token in _MSG_ID.findall(value or "")]


def _message_id(message: EmailMessage, raw: bytes) -> str:
    found = _ids(_header(message, "message-id"))
    if found:
        return found[0]
    # No usable Message-ID: one derived from the bytes still makes a redelivery a duplicate.
    return f"<sha256-{hashlib.sha256(raw).hexdigest()}@crm.invalid>"


def _addresses(message: EmailMessage, name: str) -> list[tuple[str, str | None]]:
    """(lower-cased address, display name) of each syntactically valid address, bounded."""
    found: list[tuple[str, str | None]] = []
    for header in message.get_all(name) or []:
        for address in getattr(header, "addresses", ()):
            spec = (address.addr_spec or "").strip().lower()
            if len(spec) <= 254 and _ADDRESS.match(spec):
                display = _one_line(address.display_name)[:NAME_MAX] or None
                found.append((spec, display))
    unique = {spec: (spec, display) for spec, display in reversed(found)}
    return list(reversed(unique.values()))[:MAX_ADDRESSES]


def _body(message: EmailMessage, subtype: str) -> str | None:
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_type() != f"text/{subtype}":
        return None
    return _text_of(part)[:MAX_BODY_CHARS]


def _text_of(part: Any) -> str:
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError, ValueError):  # an unknown or lying charset
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def _date(message: EmailMessage, received_at: datetime) -> datetime:
    try:
        header = message.get("date")
        value = getattr(header, "datetime", None)
    except (TypeError, ValueError, IndexError):
        value = None
    if not isinstance(value, datetime):
        return received_at
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return received_at if value > received_at + CLOCK_SKEW else value


def _attachments(message: EmailMessage) -> list[Attachment]:
    found: list[Attachment] = []
    for part in _leaves(message):
        if len(found) >= MAX_ATTACHMENTS:
            break
        if not part.is_attachment():
            continue
        content_type = part.get_content_type()[:CONTENT_TYPE_MAX]
        if content_type == "message/rfc822":  # a forwarded message, kept as an .eml file
            inner = part.get_payload(0)
            data = inner.as_bytes() if isinstance(inner, email.message.Message) else b""
        else:
            data = part.get_payload(decode=True) or b""
        found.append(Attachment(part.get_filename(), content_type, data))
    return found


def _leaves(part: Any, depth: int = 0) -> Iterator[Any]:
    """The non-multipart parts, not looking inside attached messages; nesting is bounded."""
    if part.get_content_type() == "message/rfc822" or not part.is_multipart():
        yield part
    elif depth < MAX_DEPTH:
        for child in part.get_payload():
            yield from _leaves(child, depth + 1)
