"""importClients with awkward CSV: BOM, quoting, column names, bad headers, blank rows."""

from __future__ import annotations

from app.accounts.models import Account
from app.contacts.models import Contact, ContactEmail
from tests.support.graphql import Api
from tests.support.imports import accounts_by_name, report_of, run_import


async def test_bom_any_case_any_order_quoted_commas_and_newlines(api: Api, owner):
    csv = (
        "\ufeffEMAIL, Last_Name ,First_Name,Account_Name,Description\r\n"
        'jane@doe.example,Doe,Jane,"Doe, Jane and John","Primary,\nand signer"\r\n'
        '"john@doe.example",Doe,John,"doe, jane and john",\r\n'
    )
    report = await report_of(api, owner["token"], csv)
    assert (report["rowsTotal"], report["accountsCreated"], report["rowsFailed"]) == (2, 1, 0)
    account = (await accounts_by_name(api, owner["token"]))["Doe, Jane and John"]
    descriptions = {c["contact"]["displayName"]: c["description"] for c in account["contacts"]}
    assert descriptions == {"Jane Doe": "Primary,\nand signer", "John Doe": None}


async def test_blank_rows_are_skipped_but_keep_row_numbers(api: Api, owner):
    csv = "first_name,last_name,email\nA,One,a@x.example\n\n,,\nB,Two,bad\n"
    report = await report_of(api, owner["token"], csv)
    assert report["rowsTotal"] == 2
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(5, "email")]


async def _refused(api: Api, token: str, csv: str) -> list[tuple[list[str], str, str]]:
    payload = await run_import(api, token, csv)
    assert payload["report"] is None
    return [(e["field"], e["code"], e["message"]) for e in payload["userErrors"]]


async def test_a_missing_required_column_imports_nothing(api: Api, owner):
    errors = await _refused(api, owner["token"], "first_name,email\nJane,jane@doe.example\n")
    assert [(f, c) for f, c, _ in errors] == [(["input", "csv"], "REQUIRED")]
    assert "last_name" in errors[0][2]
    assert await Contact.all().count() == 0


async def test_an_unknown_or_repeated_column_imports_nothing(api: Api, owner):
    unknown = await _refused(api, owner["token"], "first_name,last_name,emial\nA,B,a@x.example\n")
    assert [(c, "emial" in m) for _, c, m in unknown] == [("INVALID", True)]
    twice = await _refused(api, owner["token"], "first_name,last_name,Last_Name\nA,B,C\n")
    assert [c for _, c, _ in twice] == ["INVALID"]
    assert await Contact.all().count() == 0


async def test_an_empty_file_or_broken_quoting_imports_nothing(api: Api, owner):
    assert [c for _, c, _ in await _refused(api, owner["token"], "")] == ["REQUIRED"]
    # An unclosed quote in the last row: found before the first row is written.
    broken = 'first_name,last_name,email\nA,One,a@x.example\nB,"Two,b@x.example\n'
    errors = await _refused(api, owner["token"], broken)
    assert [c for _, c, _ in errors] == ["INVALID"]
    assert "Row 3" in errors[0][2] or "row" in errors[0][2].lower()
    assert await ContactEmail.all().count() == 0


async def test_names_with_forbidden_characters_are_reported_per_column(api: Api, owner):
    csv = 'account_name,first_name,last_name,contact_tags\n"A/B",Jane,"Do<e",ok;"bad|tag"\n'
    report = await report_of(api, owner["token"], csv)
    assert sorted((e["column"], e["code"]) for e in report["errors"]) == [
        ("account_name", "INVALID_CHARACTERS"),
        ("contact_tags", "INVALID_CHARACTERS"),
        ("last_name", "INVALID_CHARACTERS"),
    ]
    assert await Account.all().count() == 0


async def test_a_name_longer_than_its_column_is_reported(api: Api, owner):
    csv = f"first_name,last_name\n{'J' * 101},Doe\n{'J' * 100},Doe\n"
    report = await report_of(api, owner["token"], csv)
    assert [(e["row"], e["column"], e["code"]) for e in report["errors"]] == [
        (2, "first_name", "INVALID")
    ]
    assert report["contactsCreated"] == 1
