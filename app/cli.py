"""The `crm` command: serve, mail-inbound, migrate, demo, export-schema, import."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from app import db
from app.settings import Settings

if TYPE_CHECKING:
    from app.services.importing import ImportReport

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
    settings = Settings.from_env()
    if workers > 1 and settings.broadcast_url.startswith("memory"):
        console.print(
            "With --workers, set CRM_BROADCAST_URL=redis://… or postgres://…: the in-memory "
            "broadcast would not carry Inbox+ notifications between the processes."
        )
        raise typer.Exit(2)
    if workers > 1 and settings.database_url.startswith("sqlite"):
        asyncio.run(db.migrate(settings.database_url))  # once, before the workers start
    if demo:
        _seed_demo(settings)
    from app.observability.logs import logging_config
    from app.observability.redact import safe_url

    where = safe_url(settings.database_url)
    console.print(f"GraphQL API on http://{host}:{port}/graphql ({where})", soft_wrap=True)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=logging_config(settings),
        access_log=False,  # the app writes one line per request, with its request id
    )


def _own_url(host: str, port: int) -> str:
    """This server's URL for a browser on the same machine (a wildcard host is loopback)."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@cli.command("mail-inbound")
def mail_inbound() -> None:
    """Run only EMAIL SYNC's SMTP receiver on CRM_INBOUND_SMTP (SQLite is migrated on start)."""
    from app.inbound.run import run_receiver
    from app.observability.logs import configure_logging

    settings = Settings.from_env()
    if not settings.inbound_smtp:
        console.print("Set CRM_INBOUND_SMTP=host:port, the address to receive mail on.")
        raise typer.Exit(2)
    configure_logging(settings)  # as `crm serve` logs: CRM_LOG_FORMAT, no secrets
    asyncio.run(run_receiver(settings))


@cli.command()
def migrate() -> None:
    """Apply the database migrations to CRM_DATABASE_URL."""
    settings = Settings.from_env()
    asyncio.run(db.migrate(settings.database_url))
    from app.observability.redact import safe_url

    console.print(f"Migrated {safe_url(settings.database_url)}")


@cli.command()
def demo() -> None:
    """Seed a demo firm with a few accounts and print a staff token."""
    _seed_demo(Settings.from_env())


@cli.command("export-schema")
def export_schema(path: Path = Path("schema.graphql")) -> None:
    """Write the GraphQL schema (SDL) to a file."""
    from app.schema.sdl import schema_sdl

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

    from app.errors import UserError
    from app.services.importing import ImportOptions
    from app.services.importing.command import run_file
    from app.services.importing.run import CHUNK_ROWS

    options = ImportOptions(dry_run, login, notify, email_sync, send_invitations)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("Importing", total=None, visible=False)

        def progress(done: int, total: int) -> None:
            # Shown only when the file is long enough for it to matter.
            bar.update(task, completed=done, total=total, visible=total > CHUNK_ROWS)

        try:
            viewer, report = asyncio.run(
                run_file(Settings.from_env(), file, firm, as_staff, options, progress)
            )
        except UserError as error:
            console.print(f"[red]Nothing imported:[/red] {error}")
            raise typer.Exit(1) from None
    _print_report(report, dry_run, viewer.staff.email if viewer.staff else "")


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

    token = asyncio.run(seed(settings))
    console.print("Demo firm [bold]demo[/bold]: sign in as owner@demo.example / demo-password-1")
    console.print("Send this header from GraphiQL:")
    console.print(f'{{"Authorization": "Bearer {token}"}}', soft_wrap=True)


def main() -> None:
    cli()
