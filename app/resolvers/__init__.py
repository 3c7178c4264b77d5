"""Resolvers: thin functions that parse input, call the domain and shape the payload."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from app.errors import UserError
from app.schema.common import user_errors

P = ParamSpec("P")
R = TypeVar("R")


def reports_user_errors(
    payload: type[Any],
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Turn the domain's UserError into `payload(user_errors=[...])`."""

    def decorate(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(resolver)
        async def run(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return await resolver(*args, **kwargs)
            except UserError as error:
                return payload(user_errors=user_errors(error))

        return run

    return decorate
