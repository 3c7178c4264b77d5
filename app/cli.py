"""The `crm` command: serve, mail-inbound, migrate, demo, export-schema, import."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Coroutine
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console

from app.settings import Settings
from app.startup import (
    MIGRATE,
    SERVE,
    USE,
    StartupError,
    describe_database,
    fail,
    read_settings,
    ready,
)
from app.web.shallow_start import run_after_command, run_command

if TYPE_CHECKING:
    from app.importing import ImportReport

T = TypeVar("T")

cli = typer.Typer(help="Client CRM API for accounting and tax firms.", no_args_is_help=True)
console = Console()


@cli.command()
def serve(
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on: 0.0.0.0 for every interface (behind a proxy)."
    ),
    port: int = typer.Option(8000, help="TCP port to listen on."),
    demo: bool = typer.Option(False, help="Seed a demo firm first and print a staff token."),
    workers: int = typer.Option(
        1, min=1, help="Server processes; more than one needs a shared CRM_BROADCAST_URL."
    ),
    forwarded_allow_ips: str | None = typer.Option(
        None,
        help="Proxies trusted for X-Forwarded-For (comma-separated addresses or networks, * for "
        "any); default CRM_FORWARDED_ALLOW_IPS or 127.0.0.1.",
    ),
) -> None:
    """Run the API: GraphQL and GraphiQL at /graphql, a map of the server at /, probes at
    /healthz and /readyz, metrics at /metrics. SQLite databases are migrated on start.

    Everything else is set with CRM_* environment variables (database, broadcast, mail,
    public URL, log format, limits): see the "Settings (environment)" table in README.md.
    """
    import uvicorn

    if not os.environ.get("CRM_PUBLIC_URL"):
        # Links in mail lead to this server's own pages unless a front end is named; the
        # server processes read it from the environment they inherit.
        os.environ["CRM_PUBLIC_URL"] = _own_url(host, port)
    # SQLite is created and migrated on start; PostgreSQL must be migrated (`crm migrate`).
    settings = ready(SERVE, inbound=True)
    if workers > 1 and settings.broadcast_url.startswith("memory"):
        fail(
            StartupError(
                "With --workers, set CRM_BROADCAST_URL=redis://… or postgres://…: the "
                "in-memory broadcast would not carry Inbox+ notifications between the processes."
            )
        )
    if workers > 1 and settings.database_url.startswith("sqlite"):
        from app import db

        _run(db.migrate(settings.database_url, settings.db_timeout))  # once, before the workers
    if demo:
        _seed_demo(settings)
    from app.observability.logs import logging_config
    from app.web.graceful import request_seconds

    where = describe_database(settings.database_url)
    console.print(f"GraphQL API on http://{host}:{port}/graphql ({where})", soft_wrap=True)
    # uvicorn hands a SIGTERM back to the process once its graceful shutdown is over (which
    # would end it "killed by SIGTERM"): everything is finished by then, so exit 0 at once.
    signal.signal(signal.SIGTERM, _exit_now)
    # Not from here, a dozen frames into typer: from `main`, once the parser has returned.
    run_after_command(
        partial(
            uvicorn.run,
            "app.web.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            # The client address (per-address limits, logs) comes from X-Forwarded-For only
            # when the peer is one of these proxies; otherwise from the socket.
            proxy_headers=True,
            forwarded_allow_ips=forwarded_allow_ips or settings.forwarded_allow_ips,
            log_config=logging_config(settings),
            access_log=False,  # the app writes one line per request, with its request id
            # SIGTERM: requests in flight get this long (app/graceful.py shares out the rest).
            timeout_graceful_shutdown=request_seconds(settings.shutdown_seconds),
        )
    )


def _own_url(host: str, port: int) -> str:
    """This server's URL for a browser on the same machine (a wildcard host is loopback)."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@cli.command("mail-inbound")
def mail_inbound() -> None:
    """Run only EMAIL SYNC's SMTP receiver on CRM_INBOUND_SMTP (its database must exist)."""
    import logging

    from app.email_sync.inbound.run import run_receiver
    from app.observability.logs import configure_logging

    if not read_settings().inbound_smtp:
        fail(StartupError("Set CRM_INBOUND_SMTP=host:port, the address to receive mail on."))
    settings = ready(USE, inbound=True)
    configure_logging(settings)  # as `crm serve` logs: CRM_LOG_FORMAT, no secrets
    logging.getLogger("crm.inbound").info("database: %s", describe_database(settings.database_url))
    _run(run_receiver(settings))


@cli.command()
def migrate() -> None:
    """Apply the database migrations to CRM_DATABASE_URL (creating an SQLite file)."""
    from app import db

    settings = ready(MIGRATE)
    _run(db.migrate(settings.database_url, settings.db_timeout))
    console.print(f"Migrated {describe_database(settings.database_url)}", soft_wrap=True)


@cli.command()
def demo() -> None:
    """Seed a demo firm with a few accounts and print a staff token (creating an SQLite file)."""
    _seed_demo(ready(SERVE))


@cli.command("export-schema")
def export_schema(path: Path = Path("schema.graphql")) -> None:
    """Write the GraphQL schema (SDL) to a file."""
    from app.api.sdl import schema_sdl

    path.write_text(schema_sdl())
    console.print(f"Wrote {path}")


@cli.command("import")
def import_csv(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="The CSV (UTF-8)."),
    firm: str = typer.Option(..., "--firm", help="The firm's slug."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report only; change nothing."),
    as_staff: str | None = typer.Option(
        None, "--as", help="Staff email to run as (default: the firm's owner)."
    ),
    login: bool = typer.Option(False, "--login", help="LOGIN on where the row leaves it empty."),
    notify: bool = typer.Option(False, "--notify", help="NOTIFY on where the row leaves it empty."),
    email_sync: bool = typer.Option(
        False, "--email-sync", help="EMAIL SYNC on where the row leaves it empty."
    ),
    send_invitations: bool = typer.Option(
        False, "--send-invitations", help="Invite every address whose LOGIN the import turns on."
    ),
) -> None:
    """Import clients from a CSV file (one contact per row), streamed chunk by chunk."""
    from rich.progress import Progress

    from app.errors import DomainError
    from app.importing import ImportOptions
    from app.importing.command import run_file
    from app.importing.run import CHUNK_ROWS

    settings = ready(USE)
    console.print(f"Database: {describe_database(settings.database_url)}", soft_wrap=True)
    options = ImportOptions(dry_run, login, notify, email_sync, send_invitations)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("Importing", total=None, visible=False)

        def progress(done: int, total: int) -> None:
            # Shown only when the file is long enough for it to matter.
            bar.update(task, completed=done, total=total, visible=total > CHUNK_ROWS)

        try:
            email, report = _run(run_file(settings, file, firm, as_staff, options, progress))
        except DomainError as error:  # bad input, or a staff member who may not import
            console.print(f"[red]Nothing imported:[/red] {error}")
            raise typer.Exit(1) from None
    _print_report(report, dry_run, email)


def _print_report(report: ImportReport, dry_run: bool, staff_email: str) -> None:
    from rich.table import Table

    title = "Dry run: nothing was changed" if dry_run else f"Imported as {staff_email}"
    table = Table(title=title)
    table.add_column("", style="bold")
    table.add_column("count", justify="right")
    for label, value in (
        ("Rows", report.rows_total),
        ("Accounts created", report.accounts_created),
        ("Contacts created", report.contacts_created),
        ("Contacts matched", report.contacts_matched),
        ("Invitations queued", report.invitations_sent),
        ("Rows failed", report.rows_failed),
    ):
        table.add_row(label, str(value))
    console.print(table)
    if report.errors:
        errors = Table(title="Rows left out (the header is row 1)")
        for heading in ("row", "column", "code", "message"):
            errors.add_column(heading)
        for e in report.errors[:ERRORS_SHOWN]:
            errors.add_row(str(e.row), e.column or "", e.code.value, e.message)
        console.print(errors)
        if len(report.errors) > ERRORS_SHOWN:
            console.print(f"… and {len(report.errors) - ERRORS_SHOWN} more errors.")


ERRORS_SHOWN = 200


def _seed_demo(settings: Settings) -> None:
    from app.demo import seed

    token = _run(seed(settings))
    where = describe_database(settings.database_url)
    console.print(
        f"Demo firm [bold]demo[/bold] in {where}: sign in as owner@demo.example / demo-password-1",
        soft_wrap=True,
    )
    console.print("Send this header from GraphiQL:")
    console.print(f'{{"Authorization": "Bearer {token}"}}', soft_wrap=True)


def _exit_now(signum: int, frame: object) -> None:
    # os._exit skips the interpreter's teardown of the whole heap: seconds of the shutdown
    # budget (CRM_SHUTDOWN_SECONDS) for nothing, once the app has closed all it holds.
    import logging
    import os
    import sys

    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _run(work: Coroutine[Any, Any, T]) -> T:
    """Run the command's work; a database outage on the way ends it with one line."""
    from app.graphql.unavailable import describe, is_database_outage

    try:
        return asyncio.run(work)
    except Exception as error:
        if not is_database_outage(error):
            raise
        fail(StartupError(f"the database stopped answering: {describe(error)}", 3))


def main() -> None:
    """The `crm` command (`crm serve` starts its server after the parser has returned)."""
    run_command(cli)
