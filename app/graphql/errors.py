"""Resolvers: thin functions that parse input, call the domain and shape the payload."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from app.errors import ErrorCode, UserError
from app.graphql.common import UserError as UserErrorType
from app.graphql.common import user_errors
from app.graphql.nul_characters import MESSAGE, nul_fields

P = ParamSpec("P")
R = TypeVar("R")


def reports_user_errors(
    payload: type[Any],
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Turn the domain's UserError into `payload(user_errors=[...])`; text holding NUL is
    refused that way before the resolver runs (see app.graphql.nul_characters)."""

    def decorate(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(resolver)
        async def run(*args: P.args, **kwargs: P.kwargs) -> R:
            if refused := nul_fields(kwargs):
                return payload(user_errors=[_nul_error(field) for field in refused])
            try:
                return await resolver(*args, **kwargs)
            except UserError as error:
                return payload(user_errors=user_errors(error))

        run.reports_user_errors = True  # type: ignore[attr-defined]  # checked by a test
        return run

    return decorate


def _nul_error(field: list[str]) -> UserErrorType:
    return UserErrorType(field=field, message=MESSAGE, code=ErrorCode.INVALID_CHARACTERS.value)
