"""PostgreSQL (asyncpg): a pooled connection is acquired and given back within a deadline,
and a failed BEGIN gives its connection back (Tortoise 1.1 keeps it)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
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
    """Return the connection to the pool. After a timeout or a lost connection, close it at
    once instead: asyncpg would wait for the server to confirm a cancellation, and a hung
    server never does. After the caller was cancelled (its client left), return it in the
    background, so the caller ends now while asyncpg cancels the statement on the server
    (and the pool rolls back), within the deadline."""
    if connection is None or client._pool is None:
        return
    if isinstance(error, asyncio.CancelledError):
        _in_background(client._pool.release(connection, timeout=client.crm_timeout))
        return
    if isinstance(error, _UNUSABLE) or connection._protocol._is_cancelling():
        connection.terminate()
    await client._pool.release(connection, timeout=client.crm_timeout)


async def _roll_back_and_give_back(transaction: Any, client: Any, connection: Any) -> None:
    """For a cancelled transaction: ROLLBACK once asyncpg's cancellation is through (within
    the deadline, or the connection is closed), then return the connection."""
    try:
        await transaction.rollback()
    except Exception:
        connection.terminate()
    await client._pool.release(connection, timeout=client.crm_timeout)


_background: set[asyncio.Task[None]] = set()  # referenced until done


def _in_background(work: Coroutine[Any, Any, None]) -> None:
    task = asyncio.create_task(work)
    _background.add(task)
    task.add_done_callback(_done)


def _done(task: asyncio.Task[None]) -> None:
    _background.discard(task)
    if not task.cancelled():
        # Read, so it is not reported: past the deadline asyncpg closed the connection.
        task.exception()


# Failures after which the connection's state is unknown: it is closed, not reused.
_UNUSABLE = (
    TimeoutError,
    OSError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
)


# After these, no ROLLBACK is sent: the connection is closed (the server rolls back), or
# Tortoise rolled back already.
_NO_ROLLBACK = (*_UNUSABLE, TransactionManagementError)


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
        if isinstance(exc_val, asyncio.CancelledError) and not self.client._finalized:
            # The caller is gone: it ends now, the rollback follows in the background.
            get_connections().reset(self.token)
            _in_background(_roll_back_and_give_back(self.client, parent, self.client._connection))
            return
        error: BaseException | None = exc_val
        try:
            if not self.client._finalized:
                if exc_val is None:
                    await self.client.commit()
                elif not isinstance(exc_val, _NO_ROLLBACK):
                    await self.client.rollback()
        except BaseException as failure:
            error = failure
            raise
        finally:
            get_connections().reset(self.token)
            await _give_back(parent, self.client._connection, error)
