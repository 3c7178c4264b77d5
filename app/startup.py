"""Start-up checks of the `crm` commands: every setting is read and checked and the database
looked at before anything starts, so a mistake stops the command within a second (or the
database deadline) with one line on stderr and a non-zero exit status, never a traceback.

Exit status 2: a setting must be fixed (the message says which and how). Exit status 3: the
database did not answer; start the command again once it does.
"""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from app.settings import Settings

EXIT_SETTING = 2
EXIT_UNREACHABLE = 3
MIGRATIONS = Path(__file__).parent / "migrations"


class StartupError(Exception):
    """Why a command cannot start, in one line, and the exit status that says so."""

    def __init__(self, message: str, exit_code: int = EXIT_SETTING) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Needs:
    """What a command needs of the database."""

    # The command creates and migrates an SQLite file itself (migrate, serve, demo); the
    # others must not create one where a mistyped path or another folder points.
    migrates_sqlite: bool
    # Every migration must be applied already (where the command does not apply them).
    migrated: bool


MIGRATE = Needs(migrates_sqlite=True, migrated=False)  # crm migrate
SERVE = Needs(migrates_sqlite=True, migrated=True)  # crm serve, crm demo
USE = Needs(migrates_sqlite=False, migrated=True)  # crm import, crm mail-inbound


def fail(error: StartupError) -> NoReturn:
    """Print the one line and exit with the error's status."""
    print(f"crm: {error}", file=sys.stderr, flush=True)
    raise SystemExit(error.exit_code)


def read_settings() -> Settings:
    """The settings from the environment, or exit with one line naming the bad variable.
    Variables that look like settings but are none (misspelt) get a warning line each."""
    try:
        settings = Settings.from_env()
        unknown = Settings.unknown_names()
    except ValueError as error:  # SettingError, or another component's own check
        fail(StartupError(str(error)))
    for name in unknown:
        print(
            f"crm: warning: {name} is not a setting, so it is ignored (README.md lists them)",
            file=sys.stderr,
            flush=True,
        )
    return settings


def ready(needs: Needs, *, inbound: bool = False) -> Settings:
    """The settings, once they and the database passed every check; otherwise exit."""
    settings = read_settings()
    try:
        check_database(settings, needs)
        if inbound and settings.inbound_smtp:  # the receiver, and where it keeps attachments
            check_listen_address(settings.inbound_smtp)
            check_documents_dir(settings.documents_dir)
    except StartupError as error:
        fail(error)
    return settings


def check_database(settings: Settings, needs: Needs) -> None:
    """Raise StartupError unless the database can be opened as the command needs."""
    if settings.database_url.startswith("sqlite"):
        _check_sqlite(settings.database_url, needs, settings.db_timeout)
    else:
        asyncio.run(_check_postgres(settings.database_url, needs, settings.db_timeout))


def sqlite_path(database_url: str) -> str:
    """The file of a `sqlite://PATH` URL, as Tortoise reads it (relative to the folder the
    command runs in)."""
    return database_url.partition("://")[2].partition("?")[0]


def describe_database(database_url: str) -> str:
    """Which database a URL names, for people (an absolute path; never the password)."""
    if database_url.startswith("sqlite"):
        path = sqlite_path(database_url)
        return f"SQLite {path if path == ':memory:' else Path(path).resolve()}"
    parts = urlsplit(database_url)
    where = f"{parts.hostname}:{parts.port or 5432}"
    return f"PostgreSQL {parts.path.lstrip('/') or parts.username} on {where}"


def _check_sqlite(database_url: str, needs: Needs, timeout: float) -> None:
    path = sqlite_path(database_url)
    if path == ":memory:":
        return
    file = Path(path).resolve()
    folder = file.parent
    if not folder.is_dir():
        raise StartupError(
            f"CRM_DATABASE_URL: the folder {folder} does not exist; create it, or fix the "
            f"path in {database_url}"
        )
    if file.is_dir():
        raise StartupError(f"CRM_DATABASE_URL names a folder, not a file: {file}")
    if not file.exists():
        if needs.migrates_sqlite:
            return
        raise StartupError(
            f"CRM_DATABASE_URL: no database at {file}; run this command where the database "
            f"is, point CRM_DATABASE_URL at it (sqlite:///absolute/path), or create one with "
            f"`crm migrate`"
        )
    applied = _sqlite_migrations(file, timeout)
    if needs.migrated and not needs.migrates_sqlite:
        _check_migrations(applied, describe_database(database_url))


def _sqlite_migrations(file: Path, timeout: float) -> set[str]:
    """The migrations applied to the file (read-only: a check changes nothing)."""
    conn = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True, timeout=timeout)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "tortoise_migrations" not in tables:
            return set()
        rows = conn.execute("SELECT name FROM tortoise_migrations WHERE app = 'models'")
        return {r[0] for r in rows}
    except sqlite3.DatabaseError as error:
        raise StartupError(
            f"CRM_DATABASE_URL: {file} is not a usable SQLite database ({error})"
        ) from None
    finally:
        conn.close()


def _check_migrations(applied: set[str], where: str) -> None:
    known = {p.stem for p in MIGRATIONS.glob("[0-9]*.py")}
    missing = sorted(known - applied)
    if missing == sorted(known):
        raise StartupError(f"{where} has no CRM tables; run `crm migrate` first")
    if missing:
        raise StartupError(f"{where} lacks migration {missing[0]}; run `crm migrate` first")


async def _check_postgres(database_url: str, needs: Needs, timeout: float) -> None:
    import asyncpg

    where = describe_database(database_url)
    try:
        conn = await asyncpg.connect(database_url, timeout=timeout, command_timeout=timeout)
    except asyncpg.InvalidCatalogNameError:
        raise StartupError(f"{where} does not exist; create it (createdb) first") from None
    except (asyncpg.InvalidPasswordError, asyncpg.InvalidAuthorizationSpecificationError) as e:
        raise StartupError(f"{where} refused the user in CRM_DATABASE_URL: {e}") from None
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        reason = str(error) or type(error).__name__
        raise StartupError(f"cannot reach {where}: {reason}", EXIT_UNREACHABLE) from None
    try:
        if not needs.migrated:
            return
        applied: set[str] = set()
        if await conn.fetchval("SELECT to_regclass('tortoise_migrations')"):
            rows = await conn.fetch("SELECT name FROM tortoise_migrations WHERE app = 'models'")
            applied = {r["name"] for r in rows}
        _check_migrations(applied, where)
    except (OSError, TimeoutError, asyncpg.InterfaceError) as error:
        reason = str(error) or type(error).__name__
        raise StartupError(f"{where} does not answer: {reason}", EXIT_UNREACHABLE) from None
    finally:
        conn.terminate()  # closing politely would wait on a server that may not answer


def check_listen_address(address: str) -> None:
    """Raise StartupError unless the EMAIL SYNC receiver could listen on `address`."""
    from app.email_sync.inbound.address import parse_listen_address

    host, port = parse_listen_address(address)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        message = f"CRM_INBOUND_SMTP: cannot listen on {address}: {error.strerror or error}"
        raise StartupError(message) from None


def check_documents_dir(folder: str) -> None:
    """Raise StartupError unless kept attachments could be stored under `folder`."""
    path = Path(folder).resolve()
    if path.exists() and not path.is_dir():
        raise StartupError(f"CRM_DOCUMENTS_DIR is a file, not a folder: {path}")
    existing = next(p for p in (path, *path.parents) if p.exists())
    if not existing.is_dir():
        raise StartupError(f"CRM_DOCUMENTS_DIR cannot be created under {existing}")
