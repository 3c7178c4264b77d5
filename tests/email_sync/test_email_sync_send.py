"""EMAIL SYNC, sending: staff write from the CRM, replies thread both ways; the client's view."""

from __future__ import annotations

from typing import Any

from app.email_sync.inbound.server import InboundServer
from app.email_sync.models import EmailMessage as EmailRow
from app.mail.models import OutboxMail
from tests.support.documents.email_sync import SEND_ACCOUNT_EMAIL
from tests.support.email_sync import (  # noqa: F401
    deliver,
    emails_of,
    firm_with_two_synced_addresses,
    mail,
    receiver,
    send,
    sync_api,
    sync_app,
    sync_settings_with_mail,
)
from tests.support.graphql import Api, codes
from tests.support.portal import activate, invite, link_of, text_of
from tests.support.smtp import SmtpServer

CLIENT_VIEW = """
query($id: ID!) {
  account(id: $id) {
    emails { totalCount edges { node { subject fromAddress sentBy { email }
                                        attachments { filename document { id } } } } }
    overview { emails { subject } }
    documents { id }
  }
}"""


async def send_errors(api: Api, token: str, **input: Any) -> list[str]:
    return await api.user_errors(SEND_ACCOUNT_EMAIL, input, token)


async def test_a_reply_from_the_crm_threads_out_and_the_answer_threads_back(
    receiver: InboundServer, sync_api: Api, firm, smtp_server: SmtpServer
):
    token, sam, account_id = firm["token"], firm["sam"], firm["account"]["id"]
    await deliver(receiver, mail(Message_ID="<m1@example.com>", References="<m0@example.com>"))
    [received] = (await emails_of(sync_api, token, account_id))["emails"]["edges"]
    # Sam sees the account through its team, without manageAccounts: he may answer.
    sent = await send(
        sync_api,
        sam["token"],
        accountId=account_id,
        body="Thanks, Jane.\nAll received.",
        replyToId=received["node"]["id"],
    )
    assert sent["direction"] == "SENT" and sent["sentBy"] == {"email": "sam@acme.example"}
    assert (sent["subject"], sent["fromName"]) == ("Re: Tax documents", "Sam Sam")
    assert (sent["inReplyTo"], sent["threadId"]) == ("<m1@example.com>", "<m1@example.com>")
    assert sent["toAddresses"] == ["bob@example.com", "jane@example.com"]
    out = {m["To"]: m for m in await smtp_server.wait_for(2)}
    assert set(out) == {"bob@example.com", "jane@example.com"}
    to_jane = out["jane@example.com"]
    assert to_jane["Message-ID"] == sent["messageId"] == out["bob@example.com"]["Message-ID"]
    assert to_jane["In-Reply-To"] == "<m1@example.com>"
    assert to_jane["References"] == "<m0@example.com> <m1@example.com>"
    assert to_jane["Subject"] == "Re: Tax documents"
    assert "sam@acme.example" in to_jane["Reply-To"]
    assert "Thanks, Jane.\nAll received." in text_of(to_jane) and "Acme Tax" in text_of(to_jane)
    # The firm's BCC of the CRM's own mail is the same message: not stored twice.
    await deliver(receiver, to_jane.as_bytes(), sender="no-reply@localhost")
    # Jane answers the CRM's mail: back into the same thread.
    answer = mail(
        subject="Re: Re: Tax documents",
        to="sam@acme.example",
        Message_ID="<m2@example.com>",
        In_Reply_To=sent["messageId"],
        References=f"<m0@example.com> <m1@example.com> {sent['messageId']}",
    )
    await deliver(receiver, answer)
    edges = (await emails_of(sync_api, token, account_id))["emails"]["edges"]
    assert [e["node"]["messageId"] for e in edges] == [
        "<m2@example.com>",
        sent["messageId"],
        "<m1@example.com>",
    ]
    assert {e["node"]["threadId"] for e in edges} == {"<m1@example.com>"}


async def test_mail_goes_to_the_notify_and_email_sync_addresses_only(
    sync_api: Api, firm, smtp_server: SmtpServer
):
    token = firm["token"]
    contact = {
        "firstName": "Kim",
        "lastName": "Lee",
        "emails": [
            {"address": "kim@notify.example", "notify": True},
            {"address": "kim@sync.example", "emailSync": True},
            {"address": "kim@quiet.example"},
        ],
    }
    account = (
        await sync_api.create_account(token, type="INDIVIDUAL", contacts=[{"contact": contact}])
    )["account"]
    sent = await send(sync_api, token, accountId=account["id"], subject="Engagement", body="Hi")
    assert sent["toAddresses"] == ["kim@notify.example", "kim@sync.example"]
    assert sent["threadId"] == sent["messageId"] and sent["inReplyTo"] is None
    messages = await smtp_server.wait_for(2)
    assert sorted(m["To"] for m in messages) == ["kim@notify.example", "kim@sync.example"]
    assert all(m["Message-ID"] == sent["messageId"] and m["In-Reply-To"] is None for m in messages)
    rows = await OutboxMail.filter(template="account_email")
    assert [r.headers["Message-ID"] for r in rows] == [sent["messageId"]] * 2


async def test_sending_checks_its_input_and_who_asks(sync_api: Api, firm):
    token, account_id = firm["token"], firm["account"]["id"]
    assert await send_errors(sync_api, token, accountId=account_id, body="Hi") == ["REQUIRED"]
    assert await send_errors(sync_api, token, accountId=account_id, subject="S", body=" ") == [
        "REQUIRED"
    ]
    quiet = await sync_api.individual(token, "No", "Mail", "nomail@example.com")
    assert await send_errors(sync_api, token, accountId=quiet["id"], subject="S", body="B") == [
        "NO_EMAIL"
    ]
    elsewhere = await send(sync_api, token, accountId=account_id, subject="S", body="B")
    other = await sync_api.individual(token, "Kim", "Lee", "kim@example.com", notify=True)
    assert await send_errors(
        sync_api, token, accountId=other["id"], body="B", replyToId=elsewhere["id"]
    ) == ["NOT_FOUND"]
    # An employee who does not see the account finds nothing to write to.
    outsider = await sync_api.create_staff(token, "eve@acme.example", manageAccounts=True)
    assert await send_errors(
        sync_api, outsider["token"], accountId=account_id, subject="S", body="B"
    ) == ["NOT_FOUND"]
    await sync_api.data(
        "mutation($id: ID!) { archiveAccount(id: $id) { userErrors { code } } }",
        {"id": other["id"]},
        token,
    )
    assert await send_errors(sync_api, token, accountId=other["id"], subject="S", body="B") == [
        "ARCHIVED"
    ]
    assert await EmailRow.all().count() == 1  # only the one that went out


async def test_a_client_reads_only_the_mail_their_own_address_was_in(
    receiver: InboundServer, sync_api: Api, firm, smtp_server: SmtpServer
):
    token, account = firm["token"], firm["account"]
    jane_email = next(
        c["emails"][0]["id"]
        for c in account["contacts"]
        if c["contact"]["displayName"] == "Jane Doe"
    )
    await invite(sync_api, token, jane_email)
    _, secret = link_of((await smtp_server.wait_for(1))[0])
    client = (await activate(sync_api, secret))["session"]["token"]
    await deliver(receiver, mail(subject="From Jane"))
    await deliver(
        receiver, mail(sender="bob@example.com", subject="From Bob"), sender="bob@example.com"
    )
    await deliver(
        receiver,
        mail(
            sender="owner@acme.example",
            to="bob@example.com",
            subject="To Bob, cc Jane",
            Cc="jane@example.com",
        ),
    )
    await deliver(
        receiver,
        mail(sender="owner@acme.example", to="bob@example.com", subject="To Bob only"),
    )
    await send(sync_api, token, accountId=account["id"], subject="To both", body="Hello")
    seen = (await sync_api.data(CLIENT_VIEW, {"id": account["id"]}, client))["account"]
    subjects = {e["node"]["subject"] for e in seen["emails"]["edges"]}
    assert subjects == {"From Jane", "To Bob, cc Jane", "To both"}
    assert seen["emails"]["totalCount"] == 3
    assert all(e["node"]["sentBy"] is None for e in seen["emails"]["edges"])  # staff only
    assert seen["overview"]["emails"] == [] and seen["documents"] == []
    staff = (await sync_api.data(CLIENT_VIEW, {"id": account["id"]}, token))["account"]
    assert staff["emails"]["totalCount"] == 5
    body = await sync_api.post(
        SEND_ACCOUNT_EMAIL,
        {"input": {"accountId": account["id"], "subject": "S", "body": "B"}},
        client,
    )
    assert codes(body) == ["FORBIDDEN"]
