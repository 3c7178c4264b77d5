"""The database: Tortoise configuration, start-up, shutdown and migrations."""

from __future__ import annotations

import os
from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate as run_migrations

MODELS = ["app.models"]
MIGRATIONS = "app.migrations"


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The Tortoise config for one database URL (`sqlite://PATH` or `postgres://...`)."""
    return {
        "connections": {"default": database_url},
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


# For the `tortoise` command line (makemigrations): [tool.tortoise] in pyproject.toml.
TORTOISE_ORM = tortoise_config(os.environ.get("CRM_DATABASE_URL", "sqlite://crm.sqlite3"))


async def open_database(database_url: str) -> None:
    """Connect Tortoise for this process; queries from any task then find it."""
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_database() -> None:
    await Tortoise.close_connections()


async def migrate(database_url: str) -> None:
    """Apply every migration not yet applied to the database, then disconnect."""
    try:
        await run_migrations(config=tortoise_config(database_url))
    finally:
        await Tortoise.close_connections()
