"""The one error family: every error meant for the caller is a `DomainError` with a stable
code. `UserError` (bad input, reported in a mutation's `userErrors` with the Python field
names of the service's command) is one kind; the others become top-level GraphQL errors
(`extensions.code`). Anything else that escapes is our failure, masked for the caller."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

T = TypeVar("T")


class ErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    INVALID_CHARACTERS = "INVALID_CHARACTERS"
    INVALID_EMAIL = "INVALID_EMAIL"
    DUPLICATE = "DUPLICATE"
    NOT_FOUND = "NOT_FOUND"
    LAST_CONTACT = "LAST_CONTACT"
    NO_EMAIL = "NO_EMAIL"
    LOGIN_OFF = "LOGIN_OFF"
    SIGNUP_DISABLED = "SIGNUP_DISABLED"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    INVALID_TOKEN = "INVALID_TOKEN"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    ARCHIVED = "ARCHIVED"
    ALREADY_ACTIVE = "ALREADY_ACTIVE"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    # Top-level only (query cost, app/graphql/cost): never in a payload's userErrors.
    MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED"
    THROTTLED = "THROTTLED"


class DomainError(Exception):
    """An error meant for the caller, with its code (`extensions.code` at the top level)."""

    code: str = "BAD_REQUEST"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def extensions(self) -> dict[str, object]:
        return {"code": self.code}


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = "Sign in first: send Authorization: Bearer <token>.") -> None:
        super().__init__(message)


class Forbidden(DomainError):
    """The actor may not do this: a missing right, or a rule about who acts on whom."""

    code = "FORBIDDEN"

    def __init__(self, message: str = "You may not do this.") -> None:
        super().__init__(message)


class LimitExceeded(DomainError):
    code = ErrorCode.LIMIT_EXCEEDED.value


@dataclass(frozen=True)
class FieldError:
    code: ErrorCode
    message: str
    field: tuple[str | int, ...] | None = None  # Python names (legacy: the input path)


class UserError(DomainError):
    """Bad input: reported in a mutation payload's `userErrors`, with nothing changed. Each
    error's `field` is a path of the service's Python names (`("emails", 0, "address")`);
    the GraphQL layer turns it into the input path (`["input", "emails", "0", "address"]`)."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__("; ".join(e.message for e in errors), errors[0].code.value)
        self.errors = list(errors)


def fail(code: ErrorCode, message: str, *field: str | int) -> UserError:
    """One user error on one input field (path given as its parts)."""
    return UserError([FieldError(code, message, tuple(field) or None)])


class Collector:
    """Gathers several user errors so a mutation reports them all at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, error: UserError) -> None:
        self.errors.extend(error.errors)

    def check(self, rule: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run one validation rule; keep its error and answer None when it fails."""
        try:
            return rule(*args, **kwargs)
        except UserError as error:
            self.add(error)
            return None

    def raise_any(self) -> None:
        if self.errors:
            raise UserError(self.errors)
