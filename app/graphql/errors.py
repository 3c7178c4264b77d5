"""Resolvers: thin functions that parse input, call the domain and shape the payload."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from app.errors import ErrorCode, FieldError, UserError
from app.graphql.nul_characters import MESSAGE, nul_fields
from app.graphql.types import UserError as UserErrorType

P = ParamSpec("P")
R = TypeVar("R")


def reports_user_errors(
    payload: type[Any], root: tuple[str, ...] = ("input",)
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Turn the domain's UserError into `payload(user_errors=[...])`, its Python field paths
    into input paths under `root` (the argument holding the input); text holding NUL is
    refused that way before the resolver runs (see app.graphql.nul_characters)."""

    def decorate(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(resolver)
        async def run(*args: P.args, **kwargs: P.kwargs) -> R:
            if refused := nul_fields(kwargs):
                return payload(user_errors=[_nul_error(field) for field in refused])
            try:
                return await resolver(*args, **kwargs)
            except UserError as error:
                return payload(user_errors=[_shown(e, root) for e in error.errors])

        run.reports_user_errors = True  # type: ignore[attr-defined]  # checked by a test
        return run

    return decorate


def input_path(field: tuple[str | int, ...], root: tuple[str, ...]) -> list[str]:
    """`("emails", 0, "postal_code")` as the client wrote it: `["input", "emails", "0",
    "postalCode"]`. A path already spelled from the root is shown as it is."""
    if root and field[: len(root)] == root:
        return [str(part) for part in field]
    return [*root, *(_camel(part) if isinstance(part, str) else str(part) for part in field)]


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


def _shown(error: FieldError, root: tuple[str, ...]) -> UserErrorType:
    field = input_path(error.field, root) if error.field else None
    return UserErrorType(field=field, message=error.message, code=error.code.value)


def _nul_error(field: list[str]) -> UserErrorType:
    return UserErrorType(field=field, message=MESSAGE, code=ErrorCode.INVALID_CHARACTERS.value)
