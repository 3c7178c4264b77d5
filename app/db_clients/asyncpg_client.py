"""PostgreSQL (asyncpg): a pooled connection is acquired and given back within a deadline,
and a failed BEGIN gives its connection back (Tortoise 1.1 keeps it)."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper
from tortoise.backends.base.client import (
    PoolConnectionWrapper,
    TransactionalDBClient,
    TransactionContext,
    TransactionContextPooled,
)
from tortoise.connection import get_connections
from tortoise.exceptions import TransactionManagementError


class PostgresClient(AsyncpgDBClient):
    """asyncpg's pool, acquired and released within `crm_timeout` seconds."""

    def __init__(self, *args: Any, crm_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.crm_timeout = crm_timeout

    def acquire_connection(self) -> _PoolConnection:
        return _PoolConnection(self, self._pool_init_lock)

    def _in_transaction(self) -> TransactionContext:
        return _PooledTransaction(TransactionWrapper(self), self._pool_init_lock)


async def _give_back(client: Any, connection: Any, error: BaseException | None) -> None:
    """Return the connection to the pool; after a timeout, a lost connection or a cancelled
    call, close it at once instead: asyncpg would otherwise wait for the server to confirm
    the cancellation, and a hung server never does."""
    if connection is None or client._pool is None:
        return
    if isinstance(error, _UNUSABLE) or connection._protocol._is_cancelling():
        connection.terminate()
    await client._pool.release(connection, timeout=client.crm_timeout)


# Failures after which the connection's state is unknown: it is closed, not reused.
_UNUSABLE = (
    TimeoutError,
    asyncio.CancelledError,
    OSError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
)


class _PoolConnection(PoolConnectionWrapper[Any]):
    async def __aenter__(self) -> Any:
        await self.ensure_connection()
        client: Any = self.client
        self.connection = await client._pool.acquire(timeout=client.crm_timeout)
        return self.connection

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        await _give_back(self.client, self.connection, exc_val)


class _PooledTransaction(TransactionContextPooled):
    async def __aenter__(self) -> TransactionalDBClient:
        await self.ensure_connection()
        parent: Any = self.client._parent
        self.client._connection = await parent._pool.acquire(timeout=parent.crm_timeout)
        self.token = get_connections().set(self.connection_name, self.client)
        try:
            await self.client.begin()
        except BaseException as error:
            get_connections().reset(self.token)
            await _give_back(parent, self.client._connection, error)
            raise
        return self.client

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        parent: Any = self.client._parent
        error: BaseException | None = exc_val
        try:
            if not self.client._finalized:
                if exc_val is None:
                    await self.client.commit()
                elif not isinstance(exc_val, _UNUSABLE | TransactionManagementError):
                    # After a timeout the connection is closed instead: the server rolls back.
                    await self.client.rollback()
        except BaseException as failure:
            error = failure
            raise
        finally:
            get_connections().reset(self.token)
            await _give_back(parent, self.client._connection, error)
