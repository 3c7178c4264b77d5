"""Tortoise's database clients with a deadline on every wait (`CRM_DB_TIMEOUT_SECONDS`).

Tortoise 1.1 waits without bound for a pooled connection and to give one back; when BEGIN
fails it keeps the connection (after five failures on a hung PostgreSQL the pool is empty for
good); and on SQLite, when the file cannot be opened, it keeps its connection lock, so every
later query waits for ever. These subclasses bound the waits and give back what a failure
took; asyncpg's own `timeout` and `command_timeout` (app/db.py) bound connecting and each
statement. Everything else is Tortoise's.
"""

from __future__ import annotations

from typing import Any

from app.db.clients.asyncpg_client import PostgresClient
from app.db.clients.sqlite_client import SqliteClient

# Tortoise's migrations pick their SQL dialect by the client's module name, which must hold
# "asyncpg" or "sqlite": hence the two modules' names.


def get_client_class(db_info: dict[str, Any]) -> type[PostgresClient | SqliteClient]:
    """Tortoise's hook: the client for the connection's file (SQLite) or server."""
    return SqliteClient if "file_path" in db_info["credentials"] else PostgresClient
