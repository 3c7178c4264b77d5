"""importClients: rows to accounts and contacts, matching, tags, teams, toggles, dry runs."""

from __future__ import annotations

from app.accounts.models import Account, AccountEmail
from app.contacts.models import Contact, ContactEmail
from app.inbox.models import Notification
from app.mail.models import OutboxMail
from tests.support.documents.accounts import ARCHIVE_ACCOUNT_RETURNING_ID
from tests.support.documents.importing import IMPORT_CLIENTS
from tests.support.graphql import Api, codes
from tests.support.imports import accounts_by_name, report_of, run_import

TAGS = "{ tags { name } }"

MIXED = """account_name,first_name,last_name,email,account_type,login,team_members
Doe Household,Jane,Doe,jane@doe.example,individual,yes,
Bad Email,Bob,Bad,not-an-email,,,
No First,,Nofirst,nf@x.example,,,
Bad Type,Tim,Type,tt@x.example,partnership,,
Bad Bool,Bea,Bool,bb@x.example,,perhaps,
Bad Team,Ted,Team,ted@x.example,,,nobody@acme.example
Acme LLC,Ann,Acme,ann@acme-llc.example,company,no,
"""


async def test_mixed_rows_are_counted_and_bad_ones_reported_by_row_and_column(api: Api, owner):
    report = await report_of(api, owner["token"], MIXED)
    assert report["rowsTotal"] == 7
    assert (report["accountsCreated"], report["contactsCreated"]) == (2, 2)
    assert (report["contactsMatched"], report["rowsFailed"]) == (0, 5)
    assert [(e["row"], e["column"], e["code"]) for e in report["errors"]] == [
        (3, "email", "INVALID_EMAIL"),
        (4, "first_name", "REQUIRED"),
        (5, "account_type", "INVALID"),
        (6, "login", "INVALID"),
        (7, "team_members", "NOT_FOUND"),
    ]
    assert all(e["message"] for e in report["errors"])
    # Bad rows changed nothing: only the two good rows are in the database.
    assert sorted(await Account.all().values_list("name", flat=True)) == [
        "Acme LLC",
        "Doe Household",
    ]
    assert await Contact.all().count() == 2
    assert await ContactEmail.filter(address="ted@x.example").count() == 0


async def test_accounts_come_out_as_create_account_makes_them(api: Api, owner):
    csv = """first_name,last_name,account_type,company_name,account_name
Jane,Doe,,,
Jake,Dunn,,,
Zed,Zulu,company,Acme Widgets,
Ola,Oak,company,,Oak Partners
"""
    await report_of(api, owner["token"], csv)
    accounts = await accounts_by_name(api, owner["token"])
    assert {n: (a["clientId"], a["type"], a["nameIsGenerated"]) for n, a in accounts.items()} == {
        "Jane Doe": ("JD1", "INDIVIDUAL", True),
        "Jake Dunn": ("JD2", "INDIVIDUAL", True),
        "Acme Widgets": ("AW1", "COMPANY", True),
        "Oak Partners": ("OP1", "COMPANY", False),
    }
    made = await api.create_account(
        owner["token"],
        type="INDIVIDUAL",
        contacts=[{"contact": {"firstName": "J", "lastName": "D"}}],
    )
    assert made["account"]["clientId"] == "JD3"  # the import's IDs count for createAccount
    folders = [f["name"] for f in accounts["Jane Doe"]["folders"]]
    assert folders == [f["name"] for f in made["account"]["folders"]]
    assert "Client uploaded documents" in folders
    assert accounts["Jane Doe"]["teamMembers"] == [{"email": "owner@acme.example"}]


async def test_rows_are_grouped_by_account_name_and_join_an_existing_account(api: Api, owner):
    token = owner["token"]
    await api.individual(token, "Old", "Client", "old@smith.example")
    await api.create_account(
        token,
        type="INDIVIDUAL",
        name="Smith Family",
        contacts=[{"contact": {"firstName": "Sam", "lastName": "Smith"}}],
    )
    csv = """account_name,first_name,last_name,email,description
SMITH FAMILY,Sue,Smith,sue@smith.example,Spouse
Brown Trust,Bill,Brown,bill@brown.example,
brown trust,Beth,Brown,beth@brown.example,Trustee
"""
    report = await report_of(api, token, csv)
    assert (report["accountsCreated"], report["contactsCreated"]) == (1, 3)
    accounts = await accounts_by_name(api, token)
    smith = accounts["Smith Family"]
    linked = {c["contact"]["displayName"]: c["description"] for c in smith["contacts"]}
    assert linked == {"Sam Smith": None, "Sue Smith": "Spouse"}
    brown = accounts["Brown Trust"]
    linked = {c["contact"]["displayName"]: c["description"] for c in brown["contacts"]}
    assert linked == {"Bill Brown": None, "Beth Brown": "Trustee"}
    assert await Account.all().count() == 3  # Old Client, Smith Family, Brown Trust


async def test_an_archived_account_of_that_name_is_not_joined(api: Api, owner):
    token = owner["token"]
    old = await api.create_account(
        token,
        type="OTHER",
        name="Gone",
        contacts=[{"contact": {"firstName": "G", "lastName": "O"}}],
    )
    assert (await api.data(ARCHIVE_ACCOUNT_RETURNING_ID, {"id": old["account"]["id"]}, token))[
        "archiveAccount"
    ]
    report = await report_of(api, token, "account_name,first_name,last_name\ngone,New,Person\n")
    assert report["accountsCreated"] == 1
    assert await Account.filter(name="gone", archived_at__isnull=True).count() == 1


async def test_a_contact_is_matched_by_email_and_its_empty_fields_filled(api: Api, owner):
    token = owner["token"]
    first = await api.individual(token, "Jane", "Doe", "jane@doe.example")
    csv = """account_name,first_name,last_name,middle_name,email,phone,city,contact_tags
Doe Business,Janet,Doe-Smith,Q,JANE@doe.example;jane.work@doe.example,555-0100,Springfield,Owner
"""
    report = await report_of(api, token, csv)
    assert (report["contactsCreated"], report["contactsMatched"]) == (0, 1)
    contact = await Contact.get()
    assert (contact.first_name, contact.last_name) == ("Jane", "Doe")  # names kept
    assert (contact.middle_name, contact.city) == ("Q", "Springfield")  # empty ones filled
    addresses = await ContactEmail.filter(contact_id=contact.id).order_by("id")
    assert [e.address for e in addresses] == ["jane@doe.example", "jane.work@doe.example"]
    accounts = await accounts_by_name(api, token)
    business = accounts["Doe Business"]["contacts"][0]
    assert business["contact"]["phones"] == [{"number": "555-0100", "isPrimary": True}]
    assert business["contact"]["tags"] == [{"name": "Owner"}]
    # The new address gets toggles in the first account too (off), as addContactEmail does.
    own = accounts[first["name"]]["contacts"][0]["emails"]
    assert {e["email"]["address"]: e["login"] for e in own} == {
        "jane@doe.example": False,
        "jane.work@doe.example": False,
    }


async def test_unknown_tags_are_created_once_and_known_ones_reused(api: Api, owner):
    token = owner["token"]
    await api.data('mutation { createTag(input: {name: "VIP"}) { tag { id } } }', token=token)
    csv = """first_name,last_name,account_tags,contact_tags
A,One,vip;Payroll,Spouse
B,Two,PAYROLL,spouse;Signer
"""
    await report_of(api, token, csv)
    tags = sorted(t["name"] for t in (await api.data(TAGS, token=token))["tags"])
    assert tags == ["Payroll", "Signer", "Spouse", "VIP"]
    accounts = await accounts_by_name(api, token)
    assert sorted(t["name"] for t in accounts["A One"]["tags"]) == ["Payroll", "VIP"]
    assert [t["name"] for t in accounts["B Two"]["tags"]] == ["Payroll"]


async def test_team_members_by_staff_email_get_account_assigned(api: Api, owner):
    token = owner["token"]
    sam = await api.create_staff(token, "sam@acme.example")
    pat = await api.create_staff(token, "pat@acme.example", defaultAccountAccess=True)
    csv = "first_name,last_name,team_members\nJane,Doe,SAM@acme.example\n"
    await report_of(api, token, csv)
    team = {m["email"] for m in (await accounts_by_name(api, token))["Jane Doe"]["teamMembers"]}
    assert team == {"owner@acme.example", "sam@acme.example", "pat@acme.example"}
    for member in (sam, pat):
        kinds = await Notification.filter(recipient_id=_pk(member["id"])).values_list(
            "kind", "title"
        )
        assert kinds == [("ACCOUNT_ASSIGNED", "You were added to the team of Jane Doe")]


async def test_toggles_come_from_columns_over_defaults(api: Api, owner):
    csv = """first_name,last_name,email,login,notify,email_sync
Col,Umns,c@x.example,no,yes,
Def,Aults,d@x.example,,,
No,Mail,,,,
"""
    defaults = {"login": True, "notify": False, "emailSync": True}
    await report_of(api, owner["token"], csv, defaults=defaults)
    rows = await AccountEmail.all().select_related("contact_email")
    toggles = {
        r.contact_email.address: (r.login_enabled, r.notify_enabled, r.email_sync_enabled)
        for r in rows
    }
    assert toggles == {"c@x.example": (False, True, True), "d@x.example": (True, False, True)}
    assert await OutboxMail.all().count() == 0  # LOGIN on sends nothing unless asked


async def test_login_without_an_email_is_no_email(api: Api, owner):
    report = await report_of(api, owner["token"], "first_name,last_name,login\nNo,Mail,yes\n")
    assert [(e["row"], e["column"], e["code"]) for e in report["errors"]] == [
        (2, "login", "NO_EMAIL")
    ]


async def test_a_dry_run_changes_nothing_and_counts_as_a_real_run(api: Api, owner):
    token = owner["token"]
    await api.individual(token, "Jane", "Doe", "jane@doe.example")
    csv = MIXED + "Doe Household,Jim,Doe,jim@doe.example,,,\n,Jane,Doe,jane@doe.example,,,\n"
    before = (
        await Account.all().count(),
        await Contact.all().count(),
        await Notification.all().count(),
    )
    dry = await report_of(api, token, csv, dryRun=True, defaults={"sendInvitations": True})
    after = (
        await Account.all().count(),
        await Contact.all().count(),
        await Notification.all().count(),
    )
    assert after == before
    assert await OutboxMail.all().count() == 0
    real = await report_of(api, token, csv, defaults={"sendInvitations": True})
    assert dry == real
    assert (real["accountsCreated"], real["contactsCreated"], real["contactsMatched"]) == (3, 2, 2)


async def test_a_dry_run_counts_across_chunks_like_a_real_run(api: Api, owner):
    """Rows 600 apart join the same account and contact: remembered without writing."""
    lines = ["account_name,first_name,last_name,email"]
    lines += [f"Family {i % 7},P{i},Q{i},p{i % 650}@x.example" for i in range(1200)]
    csv = "\n".join(lines) + "\n"
    dry = await report_of(api, owner["token"], csv, dryRun=True)
    assert await Account.all().count() == 0
    real = await report_of(api, owner["token"], csv)
    assert dry == real
    assert (real["accountsCreated"], real["contactsCreated"], real["contactsMatched"]) == (
        7,
        650,
        550,
    )
    assert await Contact.all().count() == 650


async def test_importing_the_same_file_again_matches_instead_of_duplicating(api: Api, owner):
    token = owner["token"]
    csv = """account_name,first_name,last_name,email,account_tags,team_members
Doe Household,Jane,Doe,jane@doe.example,VIP,
Doe Household,John,Doe,john@doe.example,,
Lee Co,Li,Lee,li@lee.example,,owner@acme.example
"""
    first = await report_of(api, token, csv)
    counts = (
        await Account.all().count(),
        await Contact.all().count(),
        await AccountEmail.all().count(),
    )
    second = await report_of(api, token, csv)
    assert (first["accountsCreated"], first["contactsCreated"]) == (2, 3)
    assert (second["accountsCreated"], second["contactsCreated"], second["contactsMatched"]) == (
        0,
        0,
        3,
    )
    again = (
        await Account.all().count(),
        await Contact.all().count(),
        await AccountEmail.all().count(),
    )
    assert again == counts


async def test_only_account_managers_may_import(api: Api, owner):
    token = owner["token"]
    clerk = await api.create_staff(token, "clerk@acme.example")
    manager = await api.create_staff(token, "mgr@acme.example", manageAccounts=True)
    admin = await api.create_staff(token, "admin@acme.example", role="ADMIN")
    csv = "first_name,last_name\nA,B\n"
    variables = {"input": {"csv": csv}}
    assert codes(await api.post(IMPORT_CLIENTS, variables, clerk["token"])) == ["FORBIDDEN"]
    assert codes(await api.post(IMPORT_CLIENTS, variables)) == ["UNAUTHENTICATED"]
    assert await Account.all().count() == 0
    for who in (manager, admin):
        assert (await report_of(api, who["token"], csv))["accountsCreated"] == 1


async def test_a_csv_over_five_megabytes_is_refused(api: Api, owner):
    big = "first_name,last_name\n" + "Jane,Doe\n" * 600_000
    payload = await run_import(api, owner["token"], big)
    assert payload["report"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", "csv"], "LIMIT_EXCEEDED")
    ]
    assert await Account.all().count() == 0


def _pk(global_id: str) -> int:
    from app.graphql.ids import parse_global_id

    parsed = parse_global_id(global_id)
    assert parsed is not None
    return parsed[1]


async def test_rows_that_cannot_be_placed_are_reported(api: Api, owner):
    token = owner["token"]
    for _ in range(2):  # two accounts with one name: which one to join is not clear
        await api.create_account(
            token,
            type="OTHER",
            name="Twins",
            contacts=[{"contact": {"firstName": "T", "lastName": "W"}}],
        )
    await api.individual(token, "Ann", "One", "ann@x.example")
    await api.individual(token, "Bob", "Two", "bob@x.example")
    csv = """account_name,account_type,first_name,last_name,email
twins,,New,Person,new@x.example
Ann One,company,Ann,One,
,,Ann,One,ann@x.example;bob@x.example
,company,No,Name,
"""
    report = await report_of(api, token, csv)
    assert [(e["row"], e["column"], e["code"]) for e in report["errors"]] == [
        (2, "account_name", "INVALID"),
        (3, "account_type", "INVALID"),
        (4, "email", "DUPLICATE"),
        (5, "company_name", "REQUIRED"),
    ]
    assert report["rowsFailed"] == 4
    assert await Account.all().count() == 4


async def test_an_employee_cannot_match_a_contact_they_cannot_see(api: Api, owner):
    token = owner["token"]
    await api.individual(token, "Secret", "Client", "secret@x.example")
    mia = await api.create_staff(token, "mia@acme.example", manageAccounts=True)
    csv = "first_name,last_name,email\nSecret,Client,secret@x.example\nNew,Client,new@x.example\n"
    report = await report_of(api, mia["token"], csv)
    assert [(e["row"], e["column"], e["code"]) for e in report["errors"]] == [
        (2, "email", "DUPLICATE")
    ]
    assert (report["contactsCreated"], report["contactsMatched"]) == (1, 0)
    # Mia is on the team of what she imported, so she sees it.
    assert list(await accounts_by_name(api, mia["token"])) == ["New Client"]
