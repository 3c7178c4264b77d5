"""SQLite: the one connection is taken in turn within a deadline, and given back when opening
the file or BEGIN fails (Tortoise 1.1 keeps its lock, and every later query waits for ever)."""

from __future__ import annotations

import asyncio
from typing import Any

from tortoise.backends.base.client import (
    ConnectionWrapper,
    TransactionalDBClient,
    TransactionContext,
)
from tortoise.backends.sqlite.client import SqliteClient as TortoiseSqliteClient
from tortoise.backends.sqlite.client import SqliteTransactionContext, SqliteTransactionWrapper
from tortoise.connection import get_connections


class SqliteClient(TortoiseSqliteClient):
    """One connection, taken in turn within `crm_timeout` seconds, and given back whatever
    happens while opening the file or beginning a transaction."""

    def __init__(self, file_path: str, *, crm_timeout: float, **kwargs: Any) -> None:
        super().__init__(file_path, **kwargs)
        self.crm_timeout = crm_timeout

    def acquire_connection(self) -> ConnectionWrapper[Any]:
        return _SqliteConnection(self._lock, self)

    def _in_transaction(self) -> TransactionContext:
        return _SqliteTransaction(SqliteTransactionWrapper(self), self._lock)


class _SqliteConnection(ConnectionWrapper[Any]):
    async def __aenter__(self) -> Any:
        client: Any = self.client
        async with asyncio.timeout(client.crm_timeout):
            await self._lock.acquire()
        try:
            await self.ensure_connection()
        except BaseException:
            self._lock.release()
            raise
        return self.connection


class _SqliteTransaction(SqliteTransactionContext):
    async def __aenter__(self) -> TransactionalDBClient:
        parent: Any = self.connection._parent
        async with asyncio.timeout(parent.crm_timeout):
            await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            self.token = get_connections().set(self.connection_name, self.connection)
            try:
                await self.connection.begin()
            except BaseException:
                get_connections().reset(self.token)
                raise
        except BaseException:
            self._trxlock.release()
            raise
        return self.connection
