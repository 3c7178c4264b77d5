"""Start-up checks: the real `crm` commands, given a bad setting or a database they cannot use,
stop within seconds with one line on stderr (no traceback) and a non-zero status."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from uuid import uuid4

import asyncpg
import pytest

from tests.support.live_server import CRM, crm_env, free_port
from tests.support.outage import PrivatePostgres

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "sample-import.csv"
# A command that cannot start says so at once: well before the database timeout it runs
# with (HANG), however loaded the machine (Python's start included).
HANG = 60.0
QUICK = 20.0


def crm(cwd: Path, *args: str, **settings: str) -> tuple[int, str, str, float]:
    """Run `crm ARGS` with only the given CRM_* settings: (status, stdout, stderr, seconds)."""
    settings = {"CRM_DB_TIMEOUT_SECONDS": str(HANG), **settings}
    started = time.monotonic()
    done = subprocess.run(
        [*CRM, *args],
        env=crm_env(**settings),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=2 * HANG,
    )
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert lines[0].startswith("crm: "), lines
    return lines[0]


@pytest.mark.parametrize("command", ["serve", "migrate", "demo"])
def test_an_sqlite_file_in_a_missing_folder_stops_at_once(tmp_path: Path, command: str):
    url = f"sqlite://{tmp_path}/no/such/folder/crm.sqlite3"
    status, _, stderr, seconds = crm(tmp_path, command, CRM_DATABASE_URL=url)
    assert status == 2 and seconds < QUICK
    assert f"the folder {tmp_path}/no/such/folder does not exist" in one_line(stderr)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://crm@db/crm", "mysql:// is not supported; use sqlite://PATH or postgres://"),
        ("crm.db", "must be a URL such as sqlite://crm.db"),
        ("postgres://crm@db.example:port/crm", "CRM_DATABASE_URL is not a valid URL"),
        ("postgres:///crm", "CRM_DATABASE_URL names no host"),
        ("sqlite://", "CRM_DATABASE_URL names no file"),
    ],
)
def test_a_database_url_we_cannot_open_is_refused(tmp_path: Path, url: str, says: str):
    status, _, stderr, seconds = crm(tmp_path, "serve", CRM_DATABASE_URL=url)
    assert status == 2 and seconds < QUICK
    assert says in one_line(stderr)
    assert list(tmp_path.iterdir()) == []  # nothing created on the way


def test_a_database_that_cannot_be_reached_stops_the_server(tmp_path: Path):
    url = f"postgres://crm:secret-password@127.0.0.1:{free_port()}/crm"
    status, stdout, stderr, seconds = crm(tmp_path, "serve", CRM_DATABASE_URL=url)
    line = one_line(stderr)
    assert status == 3 and seconds < QUICK
    assert f"cannot reach PostgreSQL crm on 127.0.0.1:{url.rsplit(':', 1)[1].split('/')[0]}" in line
    assert "secret-password" not in line + stdout and "running" not in stdout


async def test_a_database_without_migrations_asks_for_crm_migrate(
    private_postgres: PrivatePostgres, tmp_path: Path
):
    name = f"empty_{uuid4().hex[:8]}"
    admin = await asyncpg.connect(private_postgres.url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = private_postgres.url.rsplit("/", 1)[0] + f"/{name}"
    for command in ("serve", "demo", "import"):
        args = [str(SAMPLE), "--firm", "demo"] if command == "import" else []
        status, _, stderr, seconds = crm(tmp_path, command, *args, CRM_DATABASE_URL=url)
        assert status == 2 and seconds < QUICK
        assert f"PostgreSQL {name} on 127.0.0.1" in one_line(stderr)
        assert "has no CRM tables; run `crm migrate` first" in stderr
    status, stdout, _, _ = crm(tmp_path, "migrate", CRM_DATABASE_URL=url)
    assert status == 0 and f"Migrated PostgreSQL {name}" in stdout


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("CRM_BROADCAST_URL", "memroy://", "CRM_BROADCAST_URL must be memory://, redis://"),
        ("CRM_BROADCAST_URL", "redis://cache:port", "CRM_BROADCAST_URL is not a valid URL"),
        ("CRM_BROADCAST_URL", "rediss+tls://crm:secret@cache", "not 'rediss+tls://crm:***@cache'"),
        ("CRM_SMTP_URL", "smtp+tls://mail.example", "CRM_SMTP_URL must start with smtp://"),
        ("CRM_SMTP_URL", "smtp://mail.example:twentyfive", "CRM_SMTP_URL has an invalid port"),
        ("CRM_INBOUND_SMTP", "2525", "CRM_INBOUND_SMTP must be host:port, not '2525'"),
        ("CRM_PUBLIC_URL", "crm.example", "CRM_PUBLIC_URL must be an http:// or https://"),
        ("CRM_MAIL_FROM", "nobody", "CRM_MAIL_FROM must be an email address"),
        ("CRM_CORS_ORIGINS", "app.example", "CRM_CORS_ORIGINS takes origins"),
        ("CRM_FORWARDED_ALLOW_IPS", "proxy", "CRM_FORWARDED_ALLOW_IPS takes addresses"),
        ("CRM_INVITATION_TTL_DAYS", "soon", "CRM_INVITATION_TTL_DAYS must be a number of days"),
        ("CRM_ALLOW_FIRM_SIGNUP", "maybe", "CRM_ALLOW_FIRM_SIGNUP must be true or false"),
        ("CRM_MAIL_POLL_SECONDS", "0", "CRM_MAIL_POLL_SECONDS must be a positive number"),
        ("CRM_MAIL_RETRY_BASE_SECONDS", "-1", "CRM_MAIL_RETRY_BASE_SECONDS must be a positive"),
        ("CRM_MAIL_RETRY_MAX_SECONDS", "nan", "CRM_MAIL_RETRY_MAX_SECONDS must be a positive"),
        ("CRM_INBOUND_MAX_BYTES", "-5", "CRM_INBOUND_MAX_BYTES must be a positive number"),
        ("CRM_MAX_ATTACHMENT_BYTES", "lots", "CRM_MAX_ATTACHMENT_BYTES must be a positive"),
        ("CRM_DB_TIMEOUT_SECONDS", "soon", "CRM_DB_TIMEOUT_SECONDS must be a positive number"),
        ("CRM_SHUTDOWN_SECONDS", "inf", "CRM_SHUTDOWN_SECONDS must be a positive number"),
        ("CRM_INBOX_RESYNC_SECONDS", "0", "CRM_INBOX_RESYNC_SECONDS must be a positive"),
        ("CRM_COST_BUDGETS", "sometimes", "CRM_COST_BUDGETS must be true or false"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(tmp_path: Path, name: str, value: str, says: str):
    database = f"sqlite://{tmp_path / 'crm.sqlite3'}"
    status, _, stderr, seconds = crm(tmp_path, "serve", CRM_DATABASE_URL=database, **{name: value})
    assert status == 2 and seconds < QUICK
    assert says in one_line(stderr) and "secret" not in stderr
    assert not (tmp_path / "crm.sqlite3").exists()


def test_the_receivers_port_must_be_free(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        database = f"sqlite://{tmp_path / 'crm.sqlite3'}"
        status, _, stderr, seconds = crm(
            tmp_path, "serve", CRM_DATABASE_URL=database, CRM_INBOUND_SMTP=address
        )
    assert status == 2 and seconds < QUICK
    assert f"CRM_INBOUND_SMTP: cannot listen on {address}" in one_line(stderr)


def test_import_in_another_folder_creates_no_database_and_says_which_it_needs(tmp_path: Path):
    status, _, stderr, seconds = crm(tmp_path, "import", str(SAMPLE), "--firm", "demo")
    assert status == 2 and seconds < QUICK
    line = one_line(stderr)
    assert f"no database at {tmp_path / 'crm.sqlite3'}" in line and "crm migrate" in line
    assert list(tmp_path.iterdir()) == []
    status, _, stderr, _ = crm(
        tmp_path, "mail-inbound", CRM_INBOUND_SMTP=f"127.0.0.1:{free_port()}"
    )
    assert status == 2 and "no database at" in one_line(stderr)
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path):
    junk = tmp_path / "crm.sqlite3"
    junk.write_text("not a database, just text that is long enough to be read as a header")
    status, _, stderr, _ = crm(tmp_path, "import", str(SAMPLE), "--firm", "demo")
    assert status == 2
    assert f"{junk} is not a usable SQLite database" in one_line(stderr)


def test_a_misspelt_setting_is_a_warning_and_import_names_the_database(tmp_path: Path):
    url = f"sqlite://{tmp_path / 'crm.sqlite3'}"
    status, stdout, stderr, _ = crm(
        tmp_path, "migrate", CRM_DATABASE_URL=url, CRM_DATABSE_URL="postgres://db/crm"
    )
    assert status == 0 and f"Migrated SQLite {tmp_path / 'crm.sqlite3'}" in stdout
    assert one_line(stderr) == (
        "crm: warning: CRM_DATABSE_URL is not a setting, so it is ignored (README.md lists them)"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    status, stdout, _, _ = crm(
        elsewhere, "import", str(SAMPLE), "--firm", "demo", CRM_DATABASE_URL=url
    )
    assert status == 1 and "No firm has the slug 'demo'" in stdout
    assert f"Database: SQLite {tmp_path / 'crm.sqlite3'}" in stdout
    assert list(elsewhere.iterdir()) == []


def test_workers_on_the_in_memory_broadcast_are_refused_in_one_line(tmp_path: Path):
    url = f"sqlite://{tmp_path / 'crm.sqlite3'}"
    status, _, stderr, _ = crm(tmp_path, "serve", "--workers", "2", CRM_DATABASE_URL=url)
    assert status == 2 and "With --workers, set CRM_BROADCAST_URL" in one_line(stderr)
