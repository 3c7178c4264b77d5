"""EMAIL SYNC, receiving: real mail over SMTP to the receiver the app's lifespan starts."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import aiosmtplib
import pytest
from starlette.applications import Starlette
from tortoise.exceptions import IntegrityError

from app.email_sync.inbound.server import InboundServer
from app.email_sync.models import AccountDocument
from app.email_sync.models import EmailMessage as EmailRow
from app.graphql.ids import parse_global_id
from app.inbox.announce import inbox_channel
from app.inbox.models import Notification
from app.settings import Settings
from tests.support.documents.email_sync import ACCOUNT_EMAIL_MESSAGES
from tests.support.documents.inbox import NOTIFICATIONS
from tests.support.email_sync import (  # noqa: F401
    FIRM_ROUTE,
    deliver,
    emails_of,
    mail,
    receiver,
    sync_api,
    sync_app,
    sync_settings_for,
)
from tests.support.graphql import Api, codes
from tests.support.sql_counter import count_statements

FIRM_SETTINGS = """
mutation($input: UpdateFirmSettingsInput!) {
  updateFirmSettings(input: $input) { firm { saveEmailAttachments } userErrors { code } }
}"""


async def mail_notices(api: Api, token: str) -> list[tuple[str, str]]:
    """(kind, title) of the EMAIL_RECEIVED notifications in this staff member's Inbox+."""
    edges = (await api.data(NOTIFICATIONS, {}, token))["notifications"]["edges"]
    nodes = [e["node"] for e in edges if e["node"]["kind"] == "EMAIL_RECEIVED"]
    return [(n["kind"], n["title"]) for n in nodes]


def pk(global_id: str) -> int:
    parsed = parse_global_id(global_id)
    assert parsed is not None
    return parsed[1]


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def sync_settings(settings: Settings, tmp_path: Path) -> Settings:
    return sync_settings_for(settings, tmp_path)


@pytest.fixture
async def firm(sync_api: Api) -> dict[str, Any]:
    """acme-tax with Jane's account (EMAIL SYNC on) and Sam, an employee on its team."""
    owner = await sync_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await sync_api.create_staff(owner["token"], "sam@acme.example")
    contact = {
        "firstName": "Jane",
        "lastName": "Doe",
        "emails": [{"address": "jane@example.com", "emailSync": True}],
    }
    account = (
        await sync_api.create_account(
            owner["token"],
            type="INDIVIDUAL",
            teamMemberIds=[sam["id"]],
            contacts=[{"contact": contact}],
        )
    )["account"]
    return {"token": owner["token"], "sam": sam, "account": account}


# ---------------------------------------------------------------- tests


async def test_mail_from_a_synced_address_lands_on_the_account_and_in_the_teams_inbox(
    sync_app: Starlette, receiver: InboundServer, sync_api: Api, firm
):
    token, sam, account = firm["token"], firm["sam"], firm["account"]
    message = mail(
        Cc="Bob <Bob@Example.com>",
        Message_ID="<m1@example.com>",
        In_Reply_To="<earlier@acme.example>",
        Date="Mon, 02 Feb 2026 09:30:00 +0100",
    )
    message.add_alternative("<p>Hello, <b>here</b> they are.</p>", subtype="html")
    hub = sync_app.state.hub
    async with hub.subscribe(inbox_channel(pk(sam["id"]))) as live:
        errors, reply = await deliver(receiver, message)
        async with asyncio.timeout(5):
            published = await anext(live)
    assert errors == {} and reply.startswith("OK")
    seen = await emails_of(sync_api, token, account["id"])
    [edge] = seen["emails"]["edges"]
    email = edge["node"]
    assert seen["emails"]["totalCount"] == 1
    assert email["direction"] == "RECEIVED"
    assert (email["fromAddress"], email["fromName"]) == ("jane@example.com", "Jane Doe")
    assert email["toAddresses"] == ["owner@acme.example"]
    assert email["ccAddresses"] == ["bob@example.com"]
    assert email["subject"] == "Tax documents"
    assert email["text"] == "Hello, here they are.\n"
    assert email["html"] == "<p>Hello, <b>here</b> they are.</p>\n"
    assert email["sentAt"].startswith("2026-02-02T08:30:00")
    assert (email["messageId"], email["inReplyTo"]) == (
        "<m1@example.com>",
        "<earlier@acme.example>",
    )
    assert email["threadId"] == "<m1@example.com>"  # the earlier message is not on the account
    assert email["sentBy"] is None and email["attachments"] == []
    assert seen["overview"]["emails"] == [{"subject": "Tax documents"}]
    # Every team member is told (Inbox+), and live: the id published is the stored one.
    for member in (token, sam["token"]):
        [(kind, title)] = await mail_notices(sync_api, member)
        assert kind == "EMAIL_RECEIVED" and title == "Email from Jane Doe: Tax documents"
    notice = await Notification.get(recipient_id=pk(sam["id"]), kind="EMAIL_RECEIVED")
    assert published == str(notice.id) and notice.account_id == pk(account["id"])
    assert receiver.stats.stored == 1


async def test_mail_a_staff_member_sends_to_a_synced_address_is_stored_as_sent(
    receiver: InboundServer, sync_api: Api, firm
):
    token, sam, account = firm["token"], firm["sam"], firm["account"]
    # The firm BCCs its own outgoing mail to the CRM: the envelope names the firm.
    message = mail(sender="Sam Staff <sam@acme.example>", to="Jane <jane@example.com>")
    await deliver(receiver, message, sender="sam@acme.example")
    [edge] = (await emails_of(sync_api, token, account["id"]))["emails"]["edges"]
    assert edge["node"]["direction"] == "SENT"
    assert edge["node"]["toAddresses"] == ["jane@example.com"]
    # The owner hears of it; Sam wrote it and is not told about his own mail.
    assert [k for k, _ in await mail_notices(sync_api, token)] == ["EMAIL_RECEIVED"]
    assert await mail_notices(sync_api, sam["token"]) == []


async def test_mail_without_an_email_sync_address_is_accepted_and_dropped(
    receiver: InboundServer, sync_api: Api, firm, caplog: pytest.LogCaptureFixture
):
    # Jane's colleague has no contact at all; Bob is a contact whose EMAIL SYNC is off.
    await sync_api.individual(firm["token"], "Bob", "Roe", "bob@example.com", notify=True)
    caplog.set_level(logging.INFO, logger="crm.inbound")
    for sender in ("stranger@example.org", "bob@example.com"):
        errors, reply = await deliver(receiver, mail(sender=sender), sender=sender)
        assert errors == {} and reply.startswith("OK")  # a 250: nothing to bounce
    assert not await EmailRow.exists()
    assert not await Notification.filter(kind="EMAIL_RECEIVED").exists()
    dropped = [r for r in caplog.records if "dropped" in r.getMessage()]
    assert len(dropped) == 2 and all(r.levelno == logging.INFO for r in dropped)
    assert receiver.stats.dropped == 2


async def test_a_recipient_that_names_no_firm_is_refused(receiver: InboundServer, firm):
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
        await deliver(receiver, mail(), recipients=["nobody-here@crm.example"])
    assert refused.value.recipients[0].code == 550
    assert not await EmailRow.exists()


async def test_a_malformed_message_is_refused_and_the_receiver_keeps_going(
    receiver: InboundServer, sync_api: Api, firm, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.WARNING, logger="crm.inbound")
    for garbage in (b"this is not an email\r\n\r\n\x00\xff\xfe", b"From: <<<@>>>\r\n\r\nhi"):
        with pytest.raises(aiosmtplib.SMTPDataError) as refused:
            await deliver(receiver, garbage)
        assert refused.value.code == 554
    assert sum("refused a message" in r.getMessage() for r in caplog.records) == 2
    await deliver(receiver, mail())  # still up, still storing
    seen = await emails_of(sync_api, firm["token"], firm["account"]["id"])
    assert seen["emails"]["totalCount"] == 1
    assert (receiver.stats.refused, receiver.stats.stored) == (2, 1)


async def test_a_message_over_the_size_limit_is_refused_with_552(
    receiver: InboundServer, sync_api: Api, firm
):
    huge = mail(text="x" * 70 + "\n")
    huge.set_content(("x" * 70 + "\n") * 5_000)  # 355 kB > inbound_max_bytes (300 kB)
    with pytest.raises(aiosmtplib.SMTPResponseException) as refused:
        await deliver(receiver, huge)
    assert refused.value.code == 552
    assert not await EmailRow.exists()
    await deliver(receiver, mail())
    assert await EmailRow.all().count() == 1


async def test_a_reply_joins_the_thread_of_the_message_it_answers(
    receiver: InboundServer, sync_api: Api, firm
):
    token, account_id = firm["token"], firm["account"]["id"]
    first = mail(Message_ID="<q1@example.com>", Date="Mon, 02 Feb 2026 09:00:00 +0000")
    reply = mail(
        sender="Owner <owner@acme.example>",
        to="jane@example.com",
        subject="Re: Tax documents",
        Message_ID="<a1@acme.example>",
        In_Reply_To="<q1@example.com>",
        References="<q1@example.com>",
        Date="Mon, 02 Feb 2026 10:00:00 +0000",
    )
    again = mail(
        subject="Re: Tax documents",
        Message_ID="<q2@example.com>",
        In_Reply_To="<a1@acme.example>",
        References="<q1@example.com> <a1@acme.example>",
        Date="Mon, 02 Feb 2026 11:00:00 +0000",
    )
    other = mail(subject="Another matter", Message_ID="<x1@example.com>")
    for message in (first, reply, again, other):
        await deliver(receiver, message)
    seen = (await emails_of(sync_api, token, account_id))["emails"]["edges"]
    threads = {e["node"]["messageId"]: e["node"]["threadId"] for e in seen}
    assert threads == {
        "<q1@example.com>": "<q1@example.com>",
        "<a1@acme.example>": "<q1@example.com>",
        "<q2@example.com>": "<q1@example.com>",
        "<x1@example.com>": "<x1@example.com>",
    }
    thread = await emails_of(sync_api, token, account_id, threadId="<q1@example.com>")
    ids = [e["node"]["messageId"] for e in thread["emails"]["edges"]]
    assert ids == ["<q2@example.com>", "<a1@acme.example>", "<q1@example.com>"]  # newest first


async def test_a_message_delivered_twice_is_stored_once(
    receiver: InboundServer, sync_api: Api, firm
):
    token, sam = firm["token"], firm["sam"]
    message = mail(Message_ID="<twice@example.com>")
    await deliver(receiver, message)
    await deliver(receiver, message)  # forwarded and BCC'd: the same Message-ID again
    # Two copies at the same moment: the database constraint settles the race.
    copy = mail(Message_ID="<race@example.com>")
    await asyncio.gather(deliver(receiver, copy), deliver(receiver, copy))
    seen = await emails_of(sync_api, token, firm["account"]["id"])
    assert seen["emails"]["totalCount"] == 2
    assert len(await mail_notices(sync_api, sam["token"])) == 2  # one notice per message
    assert receiver.stats.stored == 2
    # What settles a race is the database's own constraint on (account, Message-ID).
    row = await EmailRow.get(message_id="<race@example.com>")
    with pytest.raises(IntegrityError):
        await EmailRow.create(
            account_id=row.account_id,
            message_id=row.message_id,
            thread_key=row.thread_key,
            direction=row.direction,
            from_address=row.from_address,
            sent_at=row.sent_at,
        )


async def test_the_firm_is_the_one_the_recipient_names(
    receiver: InboundServer, sync_api: Api, firm
):
    # The same client, with EMAIL SYNC on, at another firm too.
    other = await sync_api.create_firm("Other Firm", "other-firm", "boss@other.example")
    theirs = await sync_api.individual(
        other["token"], "Jane", "Doe", "jane@example.com", emailSync=True
    )
    await deliver(receiver, mail(subject="For Acme"))
    await deliver(receiver, mail(subject="For Other"), recipients=["inbox+other-firm@mx.example"])
    ours = await emails_of(sync_api, firm["token"], firm["account"]["id"])
    assert [e["node"]["subject"] for e in ours["emails"]["edges"]] == ["For Acme"]
    seen = await emails_of(sync_api, other["token"], theirs["id"])
    assert [e["node"]["subject"] for e in seen["emails"]["edges"]] == ["For Other"]
    # Each firm's staff see their own account only.
    assert (await sync_api.data(ACCOUNT_EMAIL_MESSAGES, {"id": theirs["id"]}, firm["token"]))[
        "account"
    ] is None


async def test_attachments_become_documents_when_the_firm_says_so(
    receiver: InboundServer, sync_api: Api, firm, sync_settings: Settings
):
    token, account_id = firm["token"], firm["account"]["id"]
    payload = await sync_api.mutate(FIRM_SETTINGS, {"saveEmailAttachments": True}, token)
    assert payload["firm"] == {"saveEmailAttachments": True}
    message = mail()
    message.add_attachment(
        b"%PDF-1.4 return", maintype="application", subtype="pdf", filename="../../etc/W-2<1>.pdf"
    )
    message.add_attachment(b"\x00" * 20_000, maintype="image", subtype="png", filename="big.png")
    await deliver(receiver, message)
    seen = await emails_of(sync_api, token, account_id)
    small, big = seen["emails"]["edges"][0]["node"]["attachments"]
    assert (small["filename"], small["contentType"], small["size"]) == (
        "W-2_1_.pdf",
        "application/pdf",
        15,
    )
    assert small["document"]["folder"] == "Client uploaded documents"
    assert (big["filename"], big["size"], big["document"]) == ("big.png", 20_000, None)  # > limit
    [document] = seen["documents"]
    assert document == small["document"]
    stored = await AccountDocument.get(id=pk(document["id"]))
    root = Path(sync_settings.documents_dir)
    path = (root / stored.storage_key).resolve()
    assert path.is_relative_to(root.resolve()) and path.read_bytes() == b"%PDF-1.4 return"
    assert "W-2" not in stored.storage_key  # the sender's name is never a path


async def test_attachments_are_only_listed_while_the_setting_is_off(
    receiver: InboundServer, sync_api: Api, firm, sync_settings: Settings
):
    message = mail()
    message.add_attachment(b"data", maintype="text", subtype="csv", filename="ledger.csv")
    await deliver(receiver, message)
    seen = await emails_of(sync_api, firm["token"], firm["account"]["id"])
    [attachment] = seen["emails"]["edges"][0]["node"]["attachments"]
    assert attachment == {
        "filename": "ledger.csv",
        "contentType": "text/csv",
        "size": 4,
        "document": None,
    }
    assert seen["documents"] == []
    assert not Path(sync_settings.documents_dir).exists()


async def test_a_template_without_the_uploads_folder_gets_it_for_attachments(
    receiver: InboundServer, sync_api: Api, firm
):
    token = firm["token"]
    template = await sync_api.mutate(
        """mutation($input: CreateFolderTemplateInput!) {
          createFolderTemplate(input: $input) { folderTemplate { id } userErrors { code } } }""",
        {"name": "Lean", "folders": [{"name": "Returns"}]},
        token,
    )
    contact = {
        "firstName": "Kim",
        "lastName": "Lee",
        "emails": [{"address": "kim@example.com", "emailSync": True}],
    }
    account = (
        await sync_api.create_account(
            token,
            type="INDIVIDUAL",
            folderTemplateId=template["folderTemplate"]["id"],
            contacts=[{"contact": contact}],
        )
    )["account"]
    await sync_api.mutate(FIRM_SETTINGS, {"saveEmailAttachments": True}, token)
    message = mail(sender="kim@example.com")
    message.add_attachment(b"1040", maintype="application", subtype="pdf", filename="1040.pdf")
    await deliver(receiver, message, sender="kim@example.com")
    seen = await emails_of(sync_api, token, account["id"])
    assert [f["path"] for f in seen["folders"]] == ["Returns", "Client uploaded documents"]
    assert [d["folder"] for d in seen["documents"]] == ["Client uploaded documents"]


async def test_only_admins_change_the_attachment_setting(sync_api: Api, firm):
    body = await sync_api.post(
        FIRM_SETTINGS, {"input": {"saveEmailAttachments": True}}, firm["sam"]["token"]
    )
    assert codes(body) == ["FORBIDDEN"]
    viewer = await sync_api.data(
        "{ viewer { firm { saveEmailAttachments } } }", None, firm["token"]
    )
    assert viewer["viewer"]["firm"] == {"saveEmailAttachments": False}


async def test_the_email_tab_pages_newest_first(receiver: InboundServer, sync_api: Api, firm):
    token, account_id = firm["token"], firm["account"]["id"]
    for day in range(1, 8):
        await deliver(
            receiver,
            mail(subject=f"Day {day}", Date=f"Mon, 0{day} Feb 2026 09:00:00 +0000"),
        )
    page = await emails_of(sync_api, token, account_id, first=3)
    assert [e["node"]["subject"] for e in page["emails"]["edges"]] == ["Day 7", "Day 6", "Day 5"]
    assert page["emails"]["totalCount"] == 7 and page["emails"]["pageInfo"]["hasNextPage"]
    assert [e["subject"] for e in page["overview"]["emails"]] == [
        f"Day {d}" for d in (7, 6, 5, 4, 3)
    ]
    rest = await emails_of(
        sync_api, token, account_id, first=10, after=page["emails"]["pageInfo"]["endCursor"]
    )
    assert [e["node"]["subject"] for e in rest["emails"]["edges"]] == [
        f"Day {d}" for d in (4, 3, 2, 1)
    ]
    assert not rest["emails"]["pageInfo"]["hasNextPage"]
    assert rest["emails"]["pageInfo"]["hasPreviousPage"]
    too_many = await sync_api.post(ACCOUNT_EMAIL_MESSAGES, {"id": account_id, "first": 101}, token)
    assert codes(too_many) == ["LIMIT_EXCEEDED"]


async def test_a_future_date_does_not_pin_a_message_on_top(
    receiver: InboundServer, sync_api: Api, firm
):
    await deliver(receiver, mail(subject="From 2099", Date="Thu, 01 Jan 2099 00:00:00 +0000"))
    [edge] = (await emails_of(sync_api, firm["token"], firm["account"]["id"]))["emails"]["edges"]
    assert edge["node"]["sentAt"][:4] != "2099"
    assert edge["node"]["sentAt"] <= edge["node"]["receivedAt"]


PAGE = """
{ accounts(first: 50) { edges { node {
  id
  emails(first: 2) { totalCount edges { node {
    subject sentBy { email } attachments { filename document { name } } } } }
  overview { emails { subject } }
  documents { name }
} } } }"""


async def statements_for_page(api: Api, token: str) -> int:
    with count_statements() as statements:
        page = await api.data(PAGE, None, token)
    edges = page["accounts"]["edges"]
    assert all(e["node"]["emails"]["totalCount"] == 3 for e in edges)
    assert all(len(e["node"]["documents"]) == 3 for e in edges)
    return len(statements)


async def add_clients_with_mail(api: Api, receiver: InboundServer, token: str, numbers) -> None:
    """An account per number, each with three synced mails carrying a kept attachment."""
    for n in numbers:
        address = f"client{n}@example.com"
        await api.individual(token, "Client", f"N{n}", address, emailSync=True)
        for i in range(3):
            message = mail(sender=address, subject=f"Mail {i}")
            message.add_attachment(b"x", maintype="text", subtype="plain", filename="a.txt")
            await deliver(receiver, message, sender=address)


async def test_email_lists_cost_the_same_statements_for_2_or_5_accounts(
    receiver: InboundServer, sync_api: Api, firm
):
    token = firm["token"]
    await sync_api.mutate(FIRM_SETTINGS, {"saveEmailAttachments": True}, token)
    await sync_api.data(
        "mutation($id: ID!) { archiveAccount(id: $id) { userErrors { code } } }",
        {"id": firm["account"]["id"]},
        token,
    )  # Jane's account has no mail: out of the list
    await add_clients_with_mail(sync_api, receiver, token, range(2))
    two = await statements_for_page(sync_api, token)
    await add_clients_with_mail(sync_api, receiver, token, range(2, 5))
    five = await statements_for_page(sync_api, token)
    assert two == five, (two, five)


async def test_an_archived_account_takes_no_new_mail(receiver: InboundServer, sync_api: Api, firm):
    await sync_api.data(
        "mutation($id: ID!) { archiveAccount(id: $id) { userErrors { code } } }",
        {"id": firm["account"]["id"]},
        firm["token"],
    )
    errors, _ = await deliver(receiver, mail())
    assert errors == {} and not await EmailRow.exists()
    assert receiver.stats.dropped == 1
