"""Self-registration proves the address: registerClient mails a link, and only
confirmClientRegistration (with the password chosen there) creates the client."""

from datetime import UTC, datetime, timedelta

from app.accounts.models import Account
from app.contacts.models import Contact
from app.inbox.models import Notification
from app.mail.models import OutboxMail
from app.portal.models import LinkToken, PortalLogin
from tests.support.documents.firms import UPDATE_FIRM_SETTINGS
from tests.support.documents.inbox import NOTIFICATIONS
from tests.support.documents.portal import (
    ACCOUNT_PORTAL_ACCESS,
    CONFIRM_CLIENT_REGISTRATION,
    REGISTER_CLIENT,
)
from tests.support.graphql import PASSWORD, Api
from tests.support.mailbox import SmtpMailbox, links_in
from tests.support.portal import (
    client_sign_in,
    first_email_id,
    invite,
    register_and_confirm,
    registration,
    sign_in_errors,
    text_of,
)
from tests.support.smtp import SmtpServer

VIEWER = "{ viewer { client { email accounts { name } } } }"


async def confirm_errors(api: Api, token: str, password: str = PASSWORD) -> list[str]:
    payload = (
        await api.data(
            CONFIRM_CLIENT_REGISTRATION, {"input": {"token": token, "password": password}}
        )
    )["confirmClientRegistration"]
    assert payload["session"] is None and payload["viewer"] is None
    return [e["code"] for e in payload["userErrors"]]


async def register(api: Api, email: str = "jane@example.com", **more) -> dict:
    return await api.mutate(REGISTER_CLIENT, registration("acme-tax", "Jane", "Doe", email, **more))


async def nothing_created() -> None:
    assert not await Account.exists()
    assert not await Contact.exists()
    assert not await PortalLogin.exists()
    assert not await Notification.exists()


async def test_registering_mails_a_link_and_creates_nothing_to_sign_in_with(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    answer = await register(mail_api, " Jane@Example.com ", password="typed-by-anyone")
    assert answer == {"session": None, "viewer": None, "userErrors": []}
    [mail] = await smtp_server.wait_for(1)
    assert mail["To"] == "jane@example.com"
    assert mail["Subject"] == "Confirm your registration at Acme Tax"
    [(link, token)] = links_in(text_of(mail), "/portal/confirm")
    assert link == f"http://127.0.0.1:8000/portal/confirm?token={token}"
    await nothing_created()
    # The password typed at registration opens nothing.
    assert await sign_in_errors(mail_api, "acme-tax", "jane@example.com", "typed-by-anyone") == [
        "INVALID_CREDENTIALS"
    ]
    # Only a hash of the token is kept; the details wait in the link for 24 hours.
    [row] = await LinkToken.all()
    assert token not in (row.token_hash, str(row.data))
    assert row.data == {
        "account_type": "INDIVIDUAL",
        "first_name": "Jane",
        "last_name": "Doe",
        "company_name": None,
    }
    lifetime = row.expires_at - row.created_at
    assert timedelta(hours=23, minutes=59) < lifetime <= timedelta(hours=24)


async def test_confirming_creates_the_client_signs_in_and_only_then_tells_the_team(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    token = owner["token"]
    helper = await mail_api.create_staff(token, "dana@acme.example", defaultAccountAccess=True)
    await mail_api.create_staff(token, "eve@acme.example")  # no default access: not told
    await register(mail_api, password="ignored-password")
    _, link_token = await SmtpMailbox(smtp_server).link("jane@example.com", "/portal/confirm")
    assert not await Notification.exists()

    payload = await mail_api.mutate(
        CONFIRM_CLIENT_REGISTRATION, {"token": link_token, "password": "chosen-at-link"}
    )
    client = payload["viewer"]["client"]
    assert client["email"] == "jane@example.com"
    assert client["contact"] == {"displayName": "Jane Doe"}
    [account] = client["accounts"]
    assert account["name"] == "Jane Doe"
    me = await mail_api.data(VIEWER, token=payload["session"]["token"])
    assert me["viewer"]["client"]["accounts"] == [{"name": "Jane Doe"}]

    seen = (await mail_api.data(ACCOUNT_PORTAL_ACCESS, {"id": account["id"]}, token))["account"]
    email = seen["contacts"][0]["emails"][0]
    assert (email["login"], email["portalAccess"]) == (True, "ACTIVE")
    assert [a["email"] for a in seen["overview"]["loginActivity"]] == ["jane@example.com"]
    team = await Account.get(name="Jane Doe").prefetch_related("team_links__staff")
    assert sorted(t.staff.email for t in team.team_links) == [
        "dana@acme.example",
        "owner@acme.example",
    ]
    mails = await smtp_server.wait_for(3)
    notices = [m for m in mails if m["Subject"].startswith("New client registered")]
    assert sorted(m["To"] for m in notices) == ["dana@acme.example", "owner@acme.example"]
    for member_token in (token, helper["token"]):
        inbox = (await mail_api.data(NOTIFICATIONS, {}, member_token))["notifications"]
        assert [e["node"]["kind"] for e in inbox["edges"]] == ["CLIENT_REGISTERED"]

    # The password chosen at the link signs in; the one typed at registration does not.
    await client_sign_in(mail_api, "acme-tax", "jane@example.com", "chosen-at-link")
    assert await sign_in_errors(mail_api, "acme-tax", "jane@example.com", "ignored-password") == [
        "INVALID_CREDENTIALS"
    ]
    assert await confirm_errors(mail_api, link_token) == ["INVALID_TOKEN"]  # single use


async def test_a_company_registration_keeps_its_name(mail_api: Api, owner, smtp_server):
    payload = await register_and_confirm(
        mail_api,
        SmtpMailbox(smtp_server),
        "acme-tax",
        "Jane",
        "Doe",
        "jane@example.com",
        accountType="COMPANY",
        companyName="Doe Ltd",
    )
    assert payload["viewer"]["client"]["accounts"][0]["name"] == "Doe Ltd"


async def test_the_answer_is_the_same_whatever_the_firm_knows_of_the_address(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    token = owner["token"]
    mailbox = SmtpMailbox(smtp_server)
    active = await mail_api.individual(token, "Al", "Active", "al@example.com", login=True)
    await invite(mail_api, token, first_email_id(active))
    _, invitation = await mailbox.link("al@example.com", "/portal/activate")
    await mail_api.mutate(
        "mutation($input: ActivatePortalAccessInput!) { activatePortalAccess(input: $input) "
        "{ userErrors { code } } }",
        {"token": invitation, "password": PASSWORD},
    )
    await mail_api.individual(token, "Pat", "Pending", "pat@example.com", login=True)
    await mail_api.individual(token, "Oz", "Off", "oz@example.com")
    before = await Account.all().count()

    answers = [
        await register(mail_api, address)
        for address in ("new@example.com", "al@example.com", "pat@example.com", "oz@example.com")
    ]
    assert all(a == answers[0] for a in answers)
    assert await Account.all().count() == before

    mails = await smtp_server.wait_for(await OutboxMail.all().count())  # all delivered
    # A new address: a confirmation link.
    await mailbox.link("new@example.com", "/portal/confirm")
    # An address with a login: no confirmation, but sign-in details and a working reset link.
    to_al = [m for m in mails if m["To"] == "al@example.com"][-1]
    assert to_al["Subject"] == "You already have access to the client portal of Acme Tax"
    assert "acme-tax" in text_of(to_al)
    [(_, reset)] = links_in(text_of(to_al), "/password/reset")
    await mail_api.mutate(
        "mutation($input: ResetPasswordInput!) { resetPassword(input: $input) "
        "{ userErrors { code } } }",
        {"token": reset, "newPassword": "a-brand-new-password"},
    )
    await client_sign_in(mail_api, "acme-tax", "al@example.com", "a-brand-new-password")
    # LOGIN on but no login yet: a fresh invitation, which works (the earlier one is revoked).
    _, fresh = await mailbox.link("pat@example.com", "/portal/activate")
    # Known, LOGIN off: a note to ask the firm, with no link in it.
    to_oz = [m for m in mails if m["To"] == "oz@example.com"]
    assert [m["Subject"] for m in to_oz] == ["Your registration at Acme Tax"]
    assert "http" not in text_of(to_oz[0])
    assert not await LinkToken.filter(email__in=["al@example.com", "oz@example.com"]).filter(
        purpose="REGISTRATION"
    )
    assert fresh


async def test_a_fresh_invitation_from_registering_revokes_the_earlier_one(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    token = owner["token"]
    mailbox = SmtpMailbox(smtp_server)
    account = await mail_api.individual(token, "Pat", "Pending", "pat@example.com", login=True)
    await invite(mail_api, token, first_email_id(account))
    _, first = await mailbox.link("pat@example.com", "/portal/activate")
    await register(mail_api, "pat@example.com")
    _, second = await mailbox.link("pat@example.com", "/portal/activate")
    activate = """mutation($input: ActivatePortalAccessInput!) {
      activatePortalAccess(input: $input) { viewer { client { email } } userErrors { code } } }"""
    body = await mail_api.data(activate, {"input": {"token": first, "password": PASSWORD}})
    assert [e["code"] for e in body["activatePortalAccess"]["userErrors"]] == ["INVALID_TOKEN"]
    payload = await mail_api.mutate(activate, {"token": second, "password": PASSWORD})
    assert payload["viewer"]["client"]["email"] == "pat@example.com"


async def test_bad_links_are_refused_and_a_weak_password_keeps_the_link(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    mailbox = SmtpMailbox(smtp_server)
    await register(mail_api)
    _, token = await mailbox.link("jane@example.com", "/portal/confirm")
    assert await confirm_errors(mail_api, "not-a-token") == ["INVALID_TOKEN"]
    assert await confirm_errors(mail_api, token, "short") == ["WEAK_PASSWORD"]
    await nothing_created()
    # A second registration of the address replaces the link.
    await register(mail_api)
    _, newer = await mailbox.link("jane@example.com", "/portal/confirm")
    assert await confirm_errors(mail_api, token) == ["INVALID_TOKEN"]
    await LinkToken.filter(used_at__isnull=True).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    assert await confirm_errors(mail_api, newer) == ["TOKEN_EXPIRED"]
    await nothing_created()


async def test_registration_is_refused_when_off_or_invalid_and_changes_nothing(
    mail_api: Api, owner
):
    token = owner["token"]
    company = registration("acme-tax", "Jane", "Doe", "x@example.com", accountType="COMPANY")
    assert await mail_api.user_errors(REGISTER_CLIENT, company, token) == ["REQUIRED"]
    bad = registration("acme-tax", "Ja/ne", "", "not-an-address")
    assert await mail_api.user_errors(REGISTER_CLIENT, bad, token) == [
        "INVALID_CHARACTERS",
        "REQUIRED",
        "INVALID_EMAIL",
    ]
    unknown = registration("nope", "Jane", "Doe", "x@example.com")
    assert await mail_api.user_errors(REGISTER_CLIENT, unknown, token) == ["NOT_FOUND"]
    await mail_api.data(UPDATE_FIRM_SETTINGS, {"input": {"portalSignupEnabled": False}}, token)
    off = registration("acme-tax", "Jane", "Doe", "x@example.com")
    assert await mail_api.user_errors(REGISTER_CLIENT, off, token) == ["SIGNUP_DISABLED"]
    await nothing_created()
    assert not await LinkToken.exists()
    assert not await OutboxMail.exists()


async def test_a_link_followed_after_sign_up_closed_is_refused(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    await register(mail_api)
    _, token = await SmtpMailbox(smtp_server).link("jane@example.com", "/portal/confirm")
    await mail_api.data(
        UPDATE_FIRM_SETTINGS, {"input": {"portalSignupEnabled": False}}, owner["token"]
    )
    assert await confirm_errors(mail_api, token) == ["SIGNUP_DISABLED"]
    await nothing_created()


async def test_one_address_gets_at_most_five_registration_mails_an_hour(mail_api: Api, owner):
    answers = [await register(mail_api) for _ in range(7)]
    assert all(a == answers[0] for a in answers)
    assert await OutboxMail.filter(to_address="jane@example.com").count() == 5


async def test_confirmations_count_as_activation_attempts(mail_api: Api, owner):
    for _ in range(20):
        assert await confirm_errors(mail_api, "guess") == ["INVALID_TOKEN"]
    assert await confirm_errors(mail_api, "guess") == ["TOO_MANY_ATTEMPTS"]
    activate = """mutation { activatePortalAccess(input: {token: "guess", password: "long-enough-1"})
      { userErrors { code } } }"""
    body = await mail_api.data(activate)
    assert [e["code"] for e in body["activatePortalAccess"]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
