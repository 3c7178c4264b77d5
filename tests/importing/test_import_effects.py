"""What an import sets off: invitations by real mail, IMPORT_COMPLETED, bounded statements."""

from __future__ import annotations

import asyncio

from app.accounts.models import Account
from app.contacts.models import Contact, ContactEmail
from app.inbox.models import Notification
from app.portal.models import Invitation
from tests.support.documents.inbox import NOTIFICATIONS
from tests.support.graphql import Api
from tests.support.imports import report_of
from tests.support.portal import link_of
from tests.support.smtp import SmtpServer, text_body
from tests.support.sql_counter import count_statements


async def test_invitations_are_mailed_when_asked_once_per_address(
    mail_api: Api, smtp_server: SmtpServer
):
    owner = await mail_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    csv = """account_name,first_name,last_name,email,login
Doe Household,Jane,Doe,jane@doe.example,
Doe Business,Jane,Doe,jane@doe.example,
Doe Household,John,Doe,john@doe.example,no
"""
    report = await report_of(
        mail_api, owner["token"], csv, defaults={"login": True, "sendInvitations": True}
    )
    assert report["rowsFailed"] == 0
    messages = await smtp_server.wait_for(1)
    assert [m["To"] for m in messages] == ["jane@doe.example"]
    assert "Acme Tax" in messages[0]["Subject"]
    link, _ = link_of(messages[0])
    assert link.startswith("http://127.0.0.1:8000/portal/activate?token=")
    assert "Jane Doe" in text_body(messages[0])
    assert await Invitation.filter(revoked_at__isnull=True).count() == 1


async def test_no_invitation_without_send_invitations(api: Api, owner):
    csv = "first_name,last_name,email,login\nJane,Doe,jane@doe.example,yes\n"
    await report_of(api, owner["token"], csv)
    assert await Invitation.all().count() == 0


async def test_import_completed_is_listed_with_the_report_in_its_body(api: Api, owner):
    csv = "first_name,last_name,email\nJane,Doe,jane@doe.example\nBad,,x\n"
    await report_of(api, owner["token"], csv, dryRun=True)
    assert await Notification.all().count() == 0  # a dry run tells no one
    await report_of(api, owner["token"], csv)
    data = await api.data(NOTIFICATIONS, {"newestFirst": True}, owner["token"])
    node = data["notifications"]["edges"][0]["node"]
    assert node["kind"] == "IMPORT_COMPLETED"
    assert node["title"] == "Import finished: 1 of 2 rows imported"
    assert node["body"] == (
        "2 rows: 1 accounts created, 1 contacts created, 0 matched, 1 rows failed."
    )


def _csv(rows: int, run: str) -> str:
    """Rows of two contacts per new account, with new tags, a phone and a team member."""
    lines = ["account_name,first_name,last_name,email,phone,account_tags,contact_tags,team_members"]
    for i in range(rows):
        lines.append(
            f"{run} {i // 2},P{i},Q{i},p{i}@{run}.example,555-{i},{run}-A{i % 3},{run}-C{i % 2},"
            "sam@acme.example"
        )
    return "\n".join(lines) + "\n"


async def test_statements_do_not_grow_with_the_rows_of_a_chunk(api: Api, owner):
    token = owner["token"]
    await api.create_staff(token, "sam@acme.example")
    counts = []
    for size in (10, 100):
        with count_statements() as statements:
            report = await report_of(api, token, _csv(size, f"r{size}"), defaults={"login": True})
        assert report["contactsCreated"] == size
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # 1,200 rows are three chunks: at most three times the statements of one.
    with count_statements() as statements:
        report = await report_of(api, token, _csv(1200, "big"))
    assert report["contactsCreated"] == 1200
    assert len(statements) <= 3 * counts[0], (len(statements), counts)


async def test_two_imports_of_the_same_people_at_once_make_each_contact_once(api: Api, owner):
    """Both plan the same new contacts; whichever writes second hits the unique address and
    replays its rows one savepoint at a time, matching what the other made."""
    rows = "".join(f"Family {i},P{i},Q{i},p{i}@x.example\n" for i in range(300))
    csv = "account_name,first_name,last_name,email\n" + rows
    first, second = await asyncio.gather(
        report_of(api, owner["token"], csv), report_of(api, owner["token"], csv)
    )
    assert first["rowsFailed"] == second["rowsFailed"] == 0, (
        first["errors"][:2],
        second["errors"][:2],
    )
    assert first["contactsCreated"] + second["contactsCreated"] == 300
    assert first["contactsMatched"] + second["contactsMatched"] == 300
    assert await Contact.all().count() == 300
    assert await ContactEmail.all().count() == 300
    assert await Account.all().count() == 300  # the second joined the first's accounts
