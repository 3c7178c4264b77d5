"""Invitations by real mail: the message, the link, single use, revocation, expiry."""

from datetime import UTC, datetime, timedelta

from app.mail.models import OutboxMail
from app.portal.models import Invitation, PortalLogin
from tests.support.documents.contacts import SET_CONTACT_TOGGLES
from tests.support.documents.inbox import NOTIFICATIONS
from tests.support.documents.portal import ACCOUNT_PORTAL_ACCESS
from tests.support.graphql import Api
from tests.support.portal import (
    activate,
    activation_errors,
    first_email_id,
    invite,
    link_of,
    text_of,
)
from tests.support.smtp import SmtpServer


async def test_an_invitation_mail_carries_the_message_and_a_link_that_activates(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    token = owner["token"]
    account = await mail_api.individual(token, "Jane", "Doe", "jane@example.com", login=True)
    sent = await invite(mail_api, token, first_email_id(account), "Welcome aboard, Jane!")
    assert sent["accountEmail"]["invitation"]["message"] == "Welcome aboard, Jane!"
    assert sent["accountEmail"]["portalAccess"] == "PENDING_ACTIVATION"
    [mail] = await smtp_server.wait_for(1)
    assert mail["To"] == "jane@example.com"
    assert "Acme Tax" in mail["Subject"]
    assert "Welcome aboard, Jane!" in text_of(mail)
    link, secret = link_of(mail)
    assert link.startswith("http://127.0.0.1:8000/portal/activate?token=")
    assert len(secret) >= 43  # 32 random bytes, URL-safe
    assert not await Invitation.filter(token_hash=secret).exists()  # only the hash is kept

    payload = await activate(mail_api, secret)
    assert payload["session"]["token"]
    client = payload["viewer"]["client"]
    assert client["email"] == "jane@example.com"
    assert [a["id"] for a in client["accounts"]] == [account["id"]]
    assert payload["viewer"]["staff"] is None

    seen = (await mail_api.data(ACCOUNT_PORTAL_ACCESS, {"id": account["id"]}, token))["account"]
    email = seen["contacts"][0]["emails"][0]
    assert (email["portalAccess"], email["invitation"]) == ("ACTIVE", None)
    assert [a["email"] for a in seen["overview"]["loginActivity"]] == ["jane@example.com"]


async def test_a_link_works_once(mail_api: Api, owner, smtp_server: SmtpServer):
    token = owner["token"]
    account = await mail_api.individual(token, "Jane", "Doe", "jane@example.com", login=True)
    await invite(mail_api, token, first_email_id(account))
    _, secret = link_of((await smtp_server.wait_for(1))[0])
    assert await activation_errors(mail_api, secret, "short") == ["WEAK_PASSWORD"]
    assert not await PortalLogin.exists()  # a weak password changes nothing, the link lives
    await activate(mail_api, secret)
    assert await activation_errors(mail_api, secret) == ["INVALID_TOKEN"]
    assert await activation_errors(mail_api, "no-such-token") == ["INVALID_TOKEN"]
    assert await PortalLogin.all().count() == 1


async def test_sending_again_revokes_the_earlier_link(mail_api: Api, owner, smtp_server):
    token = owner["token"]
    account = await mail_api.individual(token, "Jane", "Doe", "jane@example.com", login=True)
    await invite(mail_api, token, first_email_id(account), "first")
    await invite(mail_api, token, first_email_id(account), "second")
    first, second = await smtp_server.wait_for(2)
    by_message = {("first" in text_of(m)): link_of(m)[1] for m in (first, second)}
    assert await activation_errors(mail_api, by_message[True]) == ["INVALID_TOKEN"]
    await activate(mail_api, by_message[False])


async def test_turning_login_off_revokes_the_link(mail_api: Api, owner, smtp_server):
    token = owner["token"]
    account = await mail_api.individual(token, "Jane", "Doe", "jane@example.com", login=True)
    await invite(mail_api, token, first_email_id(account))
    _, secret = link_of((await smtp_server.wait_for(1))[0])
    await mail_api.mutate(
        SET_CONTACT_TOGGLES, {"id": first_email_id(account), "login": False}, token
    )
    assert await activation_errors(mail_api, secret) == ["INVALID_TOKEN"]
    assert not await PortalLogin.exists()


async def test_an_expired_link_is_token_expired(mail_api: Api, owner, smtp_server):
    token = owner["token"]
    account = await mail_api.individual(token, "Jane", "Doe", "jane@example.com", login=True)
    sent = await invite(mail_api, token, first_email_id(account))
    expires = datetime.fromisoformat(sent["accountEmail"]["invitation"]["expiresAt"])
    sent_at = datetime.fromisoformat(sent["accountEmail"]["invitation"]["sentAt"])
    assert expires - sent_at == timedelta(days=14)
    _, secret = link_of((await smtp_server.wait_for(1))[0])
    await Invitation.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert await activation_errors(mail_api, secret) == ["TOKEN_EXPIRED"]
    assert not await PortalLogin.exists()


async def test_send_invitation_needs_login_on_and_an_address_not_yet_active(
    mail_api: Api, owner, smtp_server
):
    token = owner["token"]
    account = await mail_api.individual(token, "Jane", "Doe", "jane@example.com")
    email_id = first_email_id(account)
    assert await mail_api.user_errors(
        "mutation($input: SendInvitationInput!) { sendInvitation(input: $input) { userErrors { code } } }",
        {"id": email_id},
        token,
    ) == ["LOGIN_OFF"]
    assert not await OutboxMail.exists()
    on = await mail_api.mutate(
        SET_CONTACT_TOGGLES,
        {"id": email_id, "login": True, "sendInvitation": True, "invitationMessage": "Hi"},
        token,
    )
    assert on["invitationPrompts"] == []  # sent already: nothing left to prompt
    assert on["accountEmail"]["invitation"]["message"] == "Hi"
    _, secret = link_of((await smtp_server.wait_for(1))[0])
    await activate(mail_api, secret)
    assert await mail_api.user_errors(
        "mutation($input: SendInvitationInput!) { sendInvitation(input: $input) { userErrors { code } } }",
        {"id": email_id},
        token,
    ) == ["ALREADY_ACTIVE"]
    assert await OutboxMail.filter(template="invitation").count() == 1


async def test_activation_tells_every_team_member_of_every_account_it_opens(
    mail_api: Api, owner, smtp_server
):
    token = owner["token"]
    sam = await mail_api.create_staff(token, "sam@acme.example", manageAccounts=True)
    first = await mail_api.individual(token, "Jane", "Doe", "jane@example.com", login=True)
    contact_id = first["contacts"][0]["contact"]["id"]
    second = (
        await mail_api.create_account(
            token,
            type="OTHER",
            name="Doe Family Trust",
            teamMemberIds=[sam["id"]],
            contacts=[
                {
                    "contactId": contact_id,
                    "emailToggles": [{"address": "jane@example.com", "login": True}],
                }
            ],
        )
    )["account"]
    await invite(mail_api, token, first_email_id(first))
    _, secret = link_of((await smtp_server.wait_for(1))[0])
    payload = await activate(mail_api, secret)
    assert {a["id"] for a in payload["viewer"]["client"]["accounts"]} == {first["id"], second["id"]}

    mails = await smtp_server.wait_for(4)  # the invitation, then one per (member, account)
    notices = sorted((m["To"], "Doe Family Trust" in text_of(m)) for m in mails[1:])
    assert notices == [
        ("owner@acme.example", False),
        ("owner@acme.example", True),
        ("sam@acme.example", True),
    ]
    owner_inbox = (await mail_api.data(NOTIFICATIONS, {}, token))["notifications"]
    kinds = [(e["node"]["kind"], e["node"]["account"]["name"]) for e in owner_inbox["edges"]]
    assert sorted(kinds) == [
        ("CLIENT_ACTIVATED", "Doe Family Trust"),
        ("CLIENT_ACTIVATED", "Jane Doe"),
    ]
    sam_inbox = (await mail_api.data(NOTIFICATIONS, {}, sam["token"]))["notifications"]
    assert [e["node"]["kind"] for e in sam_inbox["edges"]] == [
        "ACCOUNT_ASSIGNED",
        "CLIENT_ACTIVATED",
    ]
    assert "Jane Doe" in sam_inbox["edges"][1]["node"]["title"]


async def test_invitations_made_while_the_mail_server_is_down_arrive_when_it_is_back(
    mail_api: Api, owner, smtp_server: SmtpServer, mail_worker
):
    token = owner["token"]
    smtp_server.stop()
    addresses = [f"client{i}@example.com" for i in range(3)]
    for i, address in enumerate(addresses):
        account = await mail_api.individual(token, "Client", f"N{i}", address, login=True)
        await invite(mail_api, token, first_email_id(account))
    # Every mail was tried and the failure recorded; nothing is lost.
    while await OutboxMail.filter(attempts=0).exists():
        seen = mail_worker.stats.attempts
        await mail_worker.wait_for(lambda seen=seen: mail_worker.stats.attempts > seen)
    pending = await OutboxMail.filter(status="PENDING").values_list("to_address", "last_error")
    assert sorted(a for a, _ in pending) == addresses
    assert all(error for _, error in pending)
    smtp_server.start()
    mails = await smtp_server.wait_for(3)
    assert sorted(m["To"] for m in mails) == addresses
    for mail in mails:
        await activate(mail_api, link_of(mail)[1])
    assert await PortalLogin.all().count() == 3
