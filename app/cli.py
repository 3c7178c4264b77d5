"""The `crm` command: serve, mail-inbound, migrate, demo, export-schema."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer
from rich.console import Console

from app import db
from app.settings import Settings

cli = typer.Typer(help="Client CRM API for accounting and tax firms.", no_args_is_help=True)
console = Console()


@cli.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    demo: bool = typer.Option(False, help="Seed a demo firm first and print a staff token."),
    workers: int = typer.Option(
        1, min=1, help="Server processes; more than one needs a shared CRM_BROADCAST_URL."
    ),
) -> None:
    """Run the API (GraphiQL at /graphql); SQLite databases are migrated on start."""
    import uvicorn

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
    console.print(f"GraphQL API on http://{host}:{port}/graphql ({settings.database_url})")
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=workers)


@cli.command("mail-inbound")
def mail_inbound() -> None:
    """Run only EMAIL SYNC's SMTP receiver on CRM_INBOUND_SMTP (SQLite is migrated on start)."""
    import logging

    from app.inbound.run import run_receiver

    settings = Settings.from_env()
    if not settings.inbound_smtp:
        console.print("Set CRM_INBOUND_SMTP=host:port, the address to receive mail on.")
        raise typer.Exit(2)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(run_receiver(settings))


@cli.command()
def migrate() -> None:
    """Apply the database migrations to CRM_DATABASE_URL."""
    settings = Settings.from_env()
    asyncio.run(db.migrate(settings.database_url))
    console.print(f"Migrated {settings.database_url}")


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


def _seed_demo(settings: Settings) -> None:
    from app.demo import seed

    token = asyncio.run(seed(settings))
    console.print("Demo firm [bold]demo[/bold]: sign in as owner@demo.example / demo-password-1")
    console.print("Send this header from GraphiQL:")
    console.print(f'{{"Authorization": "Bearer {token}"}}', soft_wrap=True)


def main() -> None:
    cli()
