"""`crm import` as a real process on the test database: the table, --dry-run, --as, errors."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from app.accounts.models import Account, AccountEmail
from app.contacts.models import Contact
from app.inbox.models import Notification
from app.tags.models import Tag
from tests.support.graphql import Api
from tests.support.live_server import CRM, crm_env

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "sample-import.csv"


@pytest.fixture
async def demo(api: Api) -> dict:
    """The firm the sample file is written for: slug `demo`, owner owner@demo.example."""
    return await api.create_firm("Demo Tax", "demo", "owner@demo.example")


def crm_import(database_url: str, tmp_path: Path, *args: str, **env: str):
    return subprocess.run(
        [*CRM, "import", *args],
        env=crm_env(CRM_DATABASE_URL=database_url, COLUMNS="120", **env),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def count(output: str, label: str) -> int:
    """A number from the report table (terminal styling removed)."""
    output = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output)
    found = re.search(rf"{label}\s*│\s*(\d+)", output)
    assert found, output
    return int(found.group(1))


async def test_the_sample_file_imports_after_a_dry_run_with_the_same_counts(
    database_url: str, tmp_path: Path, demo
):
    dry = crm_import(database_url, tmp_path, str(SAMPLE), "--firm", "demo", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Dry run: nothing was changed" in dry.stdout
    assert await Account.all().count() == 0
    real = crm_import(database_url, tmp_path, str(SAMPLE), "--firm", "demo")
    assert real.returncode == 0, real.stderr
    assert "Imported as owner@demo.example" in real.stdout
    for label in ("Rows", "Accounts created", "Contacts created", "Contacts matched"):
        assert count(real.stdout, label) == count(dry.stdout, label)
    assert (count(real.stdout, "Rows"), count(real.stdout, "Rows failed")) == (5, 0)
    assert count(real.stdout, "Accounts created") == await Account.all().count() == 4
    assert await Contact.all().count() == 5
    names = set(await Account.all().values_list("name", flat=True))
    assert names == {"Doe Household", "Acme Widgets LLC", "Rosa Trust", "Blue Fin Bakery"}
    assert await Tag.filter(name="Payroll").exists()
    assert await AccountEmail.filter(login_enabled=True).count() == 3
    done = await Notification.get(kind="IMPORT_COMPLETED")
    assert done.title == "Import finished: 5 of 5 rows imported"
    again = crm_import(database_url, tmp_path, str(SAMPLE), "--firm", "demo")
    assert (count(again.stdout, "Contacts created"), count(again.stdout, "Contacts matched")) == (
        1,  # the bakery's contact has no email to match by
        4,
    )


async def test_bad_rows_are_listed_with_their_row_and_column(
    database_url: str, tmp_path: Path, demo
):
    csv = tmp_path / "clients.csv"
    csv.write_text("first_name,last_name,email\nJane,Doe,jane@x.example\nBob,,nope\n")
    done = crm_import(database_url, tmp_path, str(csv), "--firm", "demo")
    assert done.returncode == 0, done.stderr
    assert count(done.stdout, "Rows failed") == 1
    assert re.search(r"3\s*│\s*email\s*│\s*INVALID_EMAIL", done.stdout), done.stdout
    assert re.search(r"3\s*│\s*last_name\s*│\s*REQUIRED", done.stdout), done.stdout


async def test_a_file_that_is_not_utf8_imports_nothing(database_url: str, tmp_path: Path, demo):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("first_name,last_name\nJane,Doe\nÉlodie,Müller\n".encode("latin-1"))
    done = crm_import(database_url, tmp_path, str(latin), "--firm", "demo")
    assert done.returncode == 1
    assert "not UTF-8" in done.stdout
    assert await Contact.all().count() == 0


async def test_runs_as_the_given_staff_member_who_must_manage_accounts(
    database_url: str, tmp_path: Path, api: Api, demo
):
    await api.create_staff(demo["token"], "clerk@demo.example")
    await api.create_staff(demo["token"], "mgr@demo.example", manageAccounts=True)
    csv = tmp_path / "one.csv"
    csv.write_text("first_name,last_name\nJane,Doe\n")
    refused = crm_import(
        database_url, tmp_path, str(csv), "--firm", "demo", "--as", "clerk@demo.example"
    )
    assert refused.returncode == 1 and "may not manage accounts" in refused.stdout
    unknown = crm_import(database_url, tmp_path, str(csv), "--firm", "nope")
    assert unknown.returncode == 1 and "No firm" in unknown.stdout
    assert await Account.all().count() == 0
    done = crm_import(
        database_url, tmp_path, str(csv), "--firm", "demo", "--as", "MGR@demo.example"
    )
    assert done.returncode == 0 and "Imported as mgr@demo.example" in done.stdout
    notice = await Notification.get(kind="IMPORT_COMPLETED").select_related("recipient")
    assert notice.recipient.email == "mgr@demo.example"


async def test_a_long_import_shows_a_progress_bar(database_url: str, tmp_path: Path, demo):
    rows = "".join(f"Family {i // 3},P{i},Q{i},p{i}@x.example\n" for i in range(1200))
    big = tmp_path / "big.csv"
    big.write_text("account_name,first_name,last_name,email\n" + rows)
    terminal = {"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1"}
    done = crm_import(database_url, tmp_path, str(big), "--firm", "demo", "--dry-run", **terminal)
    assert done.returncode == 0, done.stderr
    assert "Importing" in done.stdout
    assert count(done.stdout, "Accounts created") == 400
    small = tmp_path / "small.csv"
    small.write_text("first_name,last_name\nJane,Doe\n")
    quick = crm_import(database_url, tmp_path, str(small), "--firm", "demo", **terminal)
    assert "Importing" not in quick.stdout
