"""Password reset by mail for staff and clients: always accepted, a single-use link for an
hour to known addresses only, limits that send no mail, and every session ended."""

import time
from datetime import UTC, datetime, timedelta

from app.mail.models import OutboxMail
from app.portal.models import LinkToken
from tests.support.documents.firms import RESET_PASSWORD, SIGN_IN
from tests.support.documents.portal import ACCOUNT_PORTAL_ACCESS
from tests.support.graphql import PASSWORD, Api
from tests.support.live_server import LiveServer
from tests.support.mailbox import PrintedMailbox, SmtpMailbox
from tests.support.portal import (
    activate,
    client_sign_in,
    first_email_id,
    invite,
    request_reset,
    sign_in_errors,
)
from tests.support.smtp import SmtpServer
from tests.support.ws import close_code, receive, signed_in, socket, subscribe

VIEWER = "{ viewer { firm { slug } staff { email } client { email } } }"
NEW_PASSWORD = "a-brand-new-password"


async def reset_errors(api: Api, token: str, password: str = NEW_PASSWORD) -> list[str]:
    payload = (
        await api.data(RESET_PASSWORD, {"input": {"token": token, "newPassword": password}})
    )["resetPassword"]
    assert payload["session"] is None
    return [e["code"] for e in payload["userErrors"]]


async def staff_sign_in_errors(api: Api, email: str, password: str) -> list[str]:
    body = await api.data(SIGN_IN, {"input": {"email": email, "password": password}})
    return [e["code"] for e in body["signIn"]["userErrors"]]


async def active_client(api: Api, owner: dict, mailbox: SmtpMailbox) -> dict:
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com", login=True)
    await invite(api, owner["token"], first_email_id(account))
    _, token = await mailbox.link("jane@example.com", "/portal/activate")
    await activate(api, token)
    return account


async def test_a_staff_member_resets_and_every_old_session_ends(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    mailbox = SmtpMailbox(smtp_server)
    other_session = (
        await mail_api.mutate(SIGN_IN, {"email": "owner@acme.example", "password": PASSWORD})
    )["session"]["token"]
    assert await request_reset(mail_api, " Owner@Acme.example ") == {
        "accepted": True,
        "userErrors": [],
    }
    link, token = await mailbox.link("owner@acme.example", "/password/reset")
    assert link == f"http://127.0.0.1:8000/password/reset?token={token}"
    mail = [m for m in smtp_server.messages if m["To"] == "owner@acme.example"][-1]
    assert mail["Subject"] == "Reset your password at Acme Tax"
    [row] = await LinkToken.all()
    assert row.token_hash != token and row.purpose == "PASSWORD_RESET"
    assert timedelta(minutes=59) < row.expires_at - row.created_at <= timedelta(hours=1)

    assert await reset_errors(mail_api, token, "short") == ["WEAK_PASSWORD"]
    payload = await mail_api.mutate(RESET_PASSWORD, {"token": token, "newPassword": NEW_PASSWORD})
    assert payload["viewer"]["staff"] == {"email": "owner@acme.example"}
    fresh = payload["session"]["token"]
    assert (await mail_api.data(VIEWER, token=fresh))["viewer"]["staff"]["email"] == (
        "owner@acme.example"
    )
    for ended in (owner["token"], other_session):
        assert (await mail_api.post(VIEWER, token=ended))["data"]["viewer"] is None
    assert await staff_sign_in_errors(mail_api, "owner@acme.example", PASSWORD) == [
        "INVALID_CREDENTIALS"
    ]
    await mail_api.mutate(SIGN_IN, {"email": "owner@acme.example", "password": NEW_PASSWORD})
    assert await reset_errors(mail_api, token) == ["INVALID_TOKEN"]  # single use


async def test_a_client_resets_with_the_firm_and_is_signed_in(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    mailbox = SmtpMailbox(smtp_server)
    account = await active_client(mail_api, owner, mailbox)
    old = await client_sign_in(mail_api, "acme-tax", "jane@example.com")
    # Without the firm it is a staff request: Jane is no staff member, so nothing is mailed.
    assert (await request_reset(mail_api, "jane@example.com"))["accepted"] is True
    assert (await request_reset(mail_api, "jane@example.com", "acme-tax"))["accepted"] is True
    _, token = await mailbox.link("jane@example.com", "/password/reset")
    assert (
        await OutboxMail.filter(to_address="jane@example.com", template="password_reset").count()
        == 1
    )

    payload = await mail_api.mutate(RESET_PASSWORD, {"token": token, "newPassword": NEW_PASSWORD})
    assert payload["viewer"] == {
        "firm": {"slug": "acme-tax"},
        "staff": None,
        "client": {"email": "jane@example.com"},
    }
    assert (await mail_api.post(VIEWER, token=old["session"]["token"]))["data"]["viewer"] is None
    assert await sign_in_errors(mail_api, "acme-tax", "jane@example.com") == ["INVALID_CREDENTIALS"]
    await client_sign_in(mail_api, "acme-tax", "jane@example.com", NEW_PASSWORD)
    seen = (await mail_api.data(ACCOUNT_PORTAL_ACCESS, {"id": account["id"]}, owner["token"]))[
        "account"
    ]
    # Activation, the sign-in, the reset's sign-in, the last sign-in.
    assert len(seen["overview"]["loginActivity"]) == 4


async def test_the_answer_never_tells_whether_the_address_is_known(mail_api: Api, owner):
    await mail_api.create_firm("Beta Books", "beta-books", "owner@beta.example")
    answers = [
        await request_reset(mail_api, "owner@acme.example"),  # known staff
        await request_reset(mail_api, "nobody@acme.example"),  # unknown
        await request_reset(mail_api, "owner@acme.example", "acme-tax"),  # staff, as a client
        await request_reset(mail_api, "jane@example.com", "no-such-firm"),
        await request_reset(mail_api, "jane@example.com", "beta-books"),  # no such client
    ]
    assert all(a == {"accepted": True, "userErrors": []} for a in answers)
    assert [m.to_address for m in await OutboxMail.all()] == ["owner@acme.example"]


async def test_a_malformed_address_is_a_user_error(mail_api: Api, owner):
    payload = await request_reset(mail_api, "not an address")
    assert payload["accepted"] is False
    assert payload["userErrors"] == [{"field": ["input", "email"], "code": "INVALID_EMAIL"}]
    assert not await OutboxMail.exists()


async def test_five_requests_per_address_then_still_accepted_but_no_mail(mail_api: Api, owner):
    answers = [await request_reset(mail_api, "owner@acme.example") for _ in range(7)]
    assert all(a["accepted"] for a in answers)
    assert await OutboxMail.filter(template="password_reset").count() == 5


async def test_twenty_requests_per_client_address_then_no_mail(mail_api: Api, owner):
    for i in range(20):
        assert (await request_reset(mail_api, f"nobody{i}@acme.example"))["accepted"]
    assert (await request_reset(mail_api, "owner@acme.example"))["accepted"]
    assert not await OutboxMail.exists()


async def test_a_new_request_revokes_the_earlier_link(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    mailbox = SmtpMailbox(smtp_server)
    await request_reset(mail_api, "owner@acme.example")
    _, first = await mailbox.link("owner@acme.example", "/password/reset")
    await request_reset(mail_api, "owner@acme.example")
    _, second = await mailbox.link("owner@acme.example", "/password/reset")
    assert await reset_errors(mail_api, first) == ["INVALID_TOKEN"]
    await LinkToken.filter(used_at__isnull=True).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    assert await reset_errors(mail_api, second) == ["TOKEN_EXPIRED"]
    assert await reset_errors(mail_api, "made-up") == ["INVALID_TOKEN"]
    await mail_api.mutate(SIGN_IN, {"email": "owner@acme.example", "password": PASSWORD})


async def test_a_deactivated_staff_member_gets_no_mail_and_cannot_reset(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    dana = await mail_api.create_staff(owner["token"], "dana@acme.example")
    await request_reset(mail_api, "dana@acme.example")
    _, token = await SmtpMailbox(smtp_server).link("dana@acme.example", "/password/reset")
    deactivate = """mutation($id: ID!) {
      deactivateStaffMember(id: $id) { staffMember { active } userErrors { code } } }"""
    answer = await mail_api.data(deactivate, {"id": dana["id"]}, owner["token"])
    assert answer["deactivateStaffMember"] == {"staffMember": {"active": False}, "userErrors": []}
    assert await reset_errors(mail_api, token) == ["INVALID_TOKEN"]
    assert (await request_reset(mail_api, "dana@acme.example"))["accepted"] is True
    assert await OutboxMail.filter(to_address="dana@acme.example").count() == 1


async def test_reset_attempts_count_as_activation_attempts(mail_api: Api, owner):
    for _ in range(20):
        assert await reset_errors(mail_api, "guess") == ["INVALID_TOKEN"]
    assert await reset_errors(mail_api, "guess") == ["TOO_MANY_ATTEMPTS"]


async def test_a_reset_closes_the_persons_open_sockets(live_server: LiveServer, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example")
    await request_reset(live_api, "sam@acme.example")
    _, token = await PrintedMailbox(live_server.printed).link("sam@acme.example", "/password/reset")
    async with socket(live_server.base) as sams, socket(live_server.base) as owners:
        await signed_in(sams, sam["token"])
        await signed_in(owners, owner["token"])
        started = time.monotonic()
        await live_api.mutate(RESET_PASSWORD, {"token": token, "newPassword": NEW_PASSWORD})
        assert await close_code(sams, timeout=5) == 4403
        assert time.monotonic() - started < 2.0
        await subscribe(owners, query=VIEWER)  # nobody else's socket closes
        assert (await receive(owners))["payload"]["data"]["viewer"]["staff"]["email"] == (
            "owner@acme.example"
        )
