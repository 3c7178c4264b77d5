"""The one error type the domain raises: a list of user errors with stable codes."""

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


@dataclass(frozen=True)
class FieldError:
    code: ErrorCode
    message: str
    field: tuple[str, ...] | None = None


class UserError(Exception):
    """Bad input: reported in a mutation payload's `userErrors`, with nothing changed."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = list(errors)


class NotAllowed(Exception):
    """The signed-in user may not do this (a top-level FORBIDDEN, not a user error): a rule
    about who acts on whom that the field's permission cannot tell in advance."""


def fail(code: ErrorCode, message: str, *field: str) -> UserError:
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
