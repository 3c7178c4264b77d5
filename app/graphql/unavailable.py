"""Telling an outage from a bug: failures meaning the database is not answering (hung,
unreachable, restarting, locked past the deadline) reach clients as `UNAVAILABLE`, "try again
shortly", and the log as one line; anything else stays an INTERNAL_SERVER_ERROR with its
traceback."""

from __future__ import annotations

import logging
import socket
import sqlite3

import asyncpg
from tortoise.exceptions import DBConnectionError
from tortoise.exceptions import OperationalError as TortoiseOperationalError

CODE = "UNAVAILABLE"
MESSAGE = "The database is not answering right now; try again in a few seconds."
# What an HTTP client that may retry is told to wait (the Retry-After header, in seconds).
RETRY_AFTER_SECONDS = 2

# Failures of the connection itself, whatever the statement.
_OUTAGES: tuple[type[BaseException], ...] = (
    TimeoutError,  # a deadline (CRM_DB_TIMEOUT_SECONDS) passed
    ConnectionError,  # refused, reset, broken pipe
    socket.gaierror,  # the host name does not resolve (DNS down)
    DBConnectionError,
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.InterfaceError,  # "connection is closed" and the like
    asyncpg.TooManyConnectionsError,
    asyncpg.OperatorInterventionError,  # starting, shutting down, statement timeout
)
# SQLite says "busy" and "cannot open" through its generic OperationalError.
_SQLITE_OUTAGES = ("database is locked", "unable to open database file", "disk i/o error")


class DatabaseUnavailable(Exception):
    """Raised where an outage must stop a request before GraphQL runs (the viewer lookup)."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}".rstrip(": "))


def is_database_outage(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised from, says the database is not answering."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (DatabaseUnavailable, *_OUTAGES)):
            return True
        sqlite_error = isinstance(error, sqlite3.OperationalError | TortoiseOperationalError)
        if sqlite_error and str(error).lower().startswith(_SQLITE_OUTAGES):
            return True
        error = error.__cause__ or error.__context__
    return False


def describe(error: BaseException) -> str:
    """One line for the log: the error's type and message, without its traceback."""
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class OneLineOutages(logging.Filter):
    """Makes a driver's log record of a database outage one line, without its traceback
    (asyncpg's pool logs one each time it fails to reconnect)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and is_database_outage(error):
            record.msg, record.args = f"{record.getMessage()}: {describe(error)}", None
            record.exc_info, record.exc_text = None, None
        return True


def one_line_driver_outages() -> None:
    """Put OneLineOutages on the database drivers' loggers (once per process)."""
    for name in ("asyncpg", "asyncpg.pool"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, OneLineOutages) for f in logger.filters):
            logger.addFilter(OneLineOutages())
