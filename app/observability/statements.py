"""Counting the SQL statements each request sends, cheaply: the Tortoise clients' execute
methods are wrapped once per process, and each call adds one to the request being served
(no logging on the hot path, unlike counting through Tortoise's DEBUG query log)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

from app.observability import request_facts

# The methods that send one statement each (Tortoise logs each of them once at DEBUG).
EXECUTE_METHODS = (
    "execute_insert",
    "execute_many",
    "execute_query",
    "execute_query_dict",
    "execute_script",
)

AsyncMethod = Callable[..., Coroutine[Any, Any, Any]]


def count_statements() -> None:
    """Wrap every Tortoise client class's own execute methods (once; idempotent)."""
    for client_class in _client_classes():
        for name in EXECUTE_METHODS:
            method = client_class.__dict__.get(name)
            if method is not None and not getattr(method, "counts_statements", False):
                setattr(client_class, name, _counting(method))


def _counting(method: AsyncMethod) -> AsyncMethod:
    current = request_facts.current

    @functools.wraps(method)
    async def counted(*args: Any, **kwargs: Any) -> Any:
        facts = current.get()
        if facts is not None:
            facts.statements += 1
        return await method(*args, **kwargs)

    counted.counts_statements = True  # type: ignore[attr-defined]
    return counted


def _client_classes() -> list[type]:
    """SQLite's and asyncpg's clients and transaction wrappers (each defines its own)."""
    from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionWrapper

    classes: list[type] = [SqliteClient, SqliteTransactionWrapper]
    try:
        from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper
        from tortoise.backends.base_postgres.client import BasePostgresClient
    except ImportError:  # asyncpg not installed: SQLite only
        return classes
    return [*classes, BasePostgresClient, AsyncpgDBClient, TransactionWrapper]
