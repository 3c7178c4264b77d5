"""What one HTTP request gathers while it runs (its id, the GraphQL operation and outcome,
the SQL statements sent), held in a context variable so any code serving it can add to it
and every log line can name it."""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from strawberry.types import ExecutionContext

# An incoming X-Request-Id is kept only when it is a plain token: anything else could forge
# log lines or carry a payload into them.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")


@dataclass(slots=True)
class RequestFacts:
    id: str
    statements: int = 0  # SQL statements sent for this request (app/observability/statements)
    operation: str | None = None  # the GraphQL operation's name, or its root fields
    outcome: str | None = None  # ok, user_errors, invalid, or the first error's code
    execution: ExecutionContext | None = None  # the GraphQL execution, read after it ran


current: ContextVar[RequestFacts | None] = ContextVar("crm_request", default=None)


def request_id_from(header: str | None) -> str:
    """The caller's X-Request-Id when it is a plain token, else a new random one."""
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return secrets.token_hex(16)


def current_request_id() -> str | None:
    facts = current.get()
    return facts.id if facts is not None else None
