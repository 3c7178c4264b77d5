"""The database: Tortoise configuration, start-up, shutdown and migrations."""

from __future__ import annotations

import os
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api import migrate as run_migrations

# Every domain's models, registered as one Tortoise app ("models", the migrations' label).
MODELS = [
    "app.firms.models",
    "app.accounts.models",
    "app.accounts.folder_models",
    "app.tags.models",
    "app.custom_fields.models",
    "app.contacts.models",
    "app.portal.models",
    "app.inbox.models",
    "app.email_sync.models",
    "app.webhooks.models",
    "app.apps.models",
    "app.mail.models",
    "app.rate_limits.models",
]
MIGRATIONS = "app.migrations"
# CRM_DB_TIMEOUT_SECONDS' default (app/settings.py), for callers without settings.
DEFAULT_TIMEOUT = 5.0


def tortoise_config(
    database_url: str, timeout: float = DEFAULT_TIMEOUT, *, statement_timeout: bool = True
) -> dict[str, Any]:
    """The Tortoise config for one database URL (`sqlite://PATH` or `postgres://...`), every
    database call bounded by `timeout` seconds (statements too, unless `statement_timeout`
    is False)."""
    return {
        "connections": {"default": connection_config(database_url, timeout, statement_timeout)},
        "apps": {
            "models": {
                "models": MODELS,
                "default_connection": "default",
                "migrations": MIGRATIONS,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def connection_config(database_url: str, timeout: float, statements: bool) -> dict[str, Any]:
    """Tortoise's engine and credentials for the URL, through our clients (app/db_clients.py),
    with asyncpg's connect and statement timeouts, or SQLite's busy timeout. Options given in
    the URL's query win."""
    config = expand_db_url(database_url)
    credentials: dict[str, Any] = config["credentials"]
    if config["engine"] == "tortoise.backends.sqlite":
        credentials.setdefault("busy_timeout", round(timeout * 1000))
    else:
        credentials.setdefault("timeout", timeout)  # connecting
        if statements:
            credentials.setdefault("command_timeout", timeout)  # each statement
    credentials["crm_timeout"] = timeout  # waiting for a connection, and releasing it
    return {"engine": "app.db.clients", "credentials": credentials}


def __getattr__(name: str) -> Any:
    # TORTOISE_ORM, for the `tortoise` command line (makemigrations; [tool.tortoise] in
    # pyproject.toml). Computed on demand: a bad CRM_DATABASE_URL must not break `import`.
    if name == "TORTOISE_ORM":
        return tortoise_config(os.environ.get("CRM_DATABASE_URL", "sqlite://crm.sqlite3"))
    raise AttributeError(name)


async def open_database(database_url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Connect Tortoise for this process; queries from any task then find it."""
    await Tortoise.init(config=tortoise_config(database_url, timeout), _enable_global_fallback=True)


async def close_database() -> None:
    await Tortoise.close_connections()


async def migrate(database_url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Apply every migration not yet applied to the database, then disconnect. Statements
    have no deadline here: building an index on a big table may take minutes."""
    try:
        await run_migrations(config=tortoise_config(database_url, timeout, statement_timeout=False))
    finally:
        await Tortoise.close_connections()
