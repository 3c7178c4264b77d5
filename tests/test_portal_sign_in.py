"""Client sign-in, self-registration, archived accounts and changed addresses."""

from app.models import Account, Contact, LoginActivity, OutboxMail, PortalLogin
from tests.graphql import PASSWORD, Api
from tests.portal import (
    ACCOUNT_EMAILS,
    NOTIFICATIONS,
    REGISTER,
    activate,
    activation_errors,
    client_sign_in,
    first_email_id,
    invite,
    link_of,
    sign_in_errors,
    text_of,
)

ARCHIVE = "mutation($id: ID!) { archiveAccount(id: $id) { userErrors { code } } }"
RESTORE = "mutation($id: ID!) { restoreAccount(id: $id) { userErrors { code } } }"
CHANGE_EMAIL = """
mutation($input: ChangeContactEmailInput!) {
  changeContactEmail(input: $input) { contactEmail { address } userErrors { field code } }
}"""
SETTINGS = """
mutation($input: UpdateFirmSettingsInput!) {
  updateFirmSettings(input: $input) { userErrors { code } }
}"""


async def active_client(api: Api, owner, smtp_server, address="jane@example.com") -> dict:
    """An account whose contact has activated the portal; answers the account."""
    account = await api.individual(owner["token"], "Jane", "Doe", address, login=True)
    await invite(api, owner["token"], first_email_id(account))
    mails = await smtp_server.wait_for(len(smtp_server.messages) + 1)
    await activate(api, link_of(mails[-1])[1])
    return account


async def test_a_client_signs_in_and_each_sign_in_is_recorded(mail_api: Api, owner, smtp_server):
    account = await active_client(mail_api, owner, smtp_server)
    payload = await client_sign_in(mail_api, "acme-tax", " Jane@Example.com ")
    assert payload["viewer"]["client"]["accounts"] == [{"id": account["id"], "name": "Jane Doe"}]
    seen = (await mail_api.data(ACCOUNT_EMAILS, {"id": account["id"]}, owner["token"]))["account"]
    assert [a["email"] for a in seen["overview"]["loginActivity"]] == ["jane@example.com"] * 2
    assert await sign_in_errors(mail_api, "acme-tax", "jane@example.com", "wrong-password!") == [
        "INVALID_CREDENTIALS"
    ]
    assert await sign_in_errors(mail_api, "acme-tax", "nobody@example.com") == [
        "INVALID_CREDENTIALS"
    ]
    assert await sign_in_errors(mail_api, "other-firm", "jane@example.com") == [
        "INVALID_CREDENTIALS"
    ]
    assert await LoginActivity.all().count() == 2


async def test_five_failures_lock_the_email_for_a_while(mail_api: Api, owner, smtp_server):
    await active_client(mail_api, owner, smtp_server)
    for _ in range(5):
        assert await sign_in_errors(
            mail_api, "acme-tax", "jane@example.com", "wrong-password!"
        ) == ["INVALID_CREDENTIALS"]
    assert await sign_in_errors(mail_api, "acme-tax", "jane@example.com") == ["TOO_MANY_ATTEMPTS"]


async def test_archived_accounts_keep_their_clients_out_until_restored(
    mail_api: Api, owner, smtp_server
):
    account = await active_client(mail_api, owner, smtp_server)
    body = await mail_api.data(ARCHIVE, {"id": account["id"]}, owner["token"])
    assert body["archiveAccount"]["userErrors"] == []
    assert await sign_in_errors(mail_api, "acme-tax", "jane@example.com") == ["ARCHIVED"]
    await mail_api.data(RESTORE, {"id": account["id"]}, owner["token"])
    payload = await client_sign_in(mail_api, "acme-tax", "jane@example.com")
    assert [a["id"] for a in payload["viewer"]["client"]["accounts"]] == [account["id"]]


async def test_an_archived_account_leaves_the_switcher_but_others_stay(
    mail_api: Api, owner, smtp_server
):
    account = await active_client(mail_api, owner, smtp_server)
    contact_id = account["contacts"][0]["contact"]["id"]
    other = (
        await mail_api.create_account(
            owner["token"],
            type="OTHER",
            name="Doe Trust",
            contacts=[
                {
                    "contactId": contact_id,
                    "emailToggles": [{"address": "jane@example.com", "login": True}],
                }
            ],
        )
    )["account"]
    await mail_api.data(ARCHIVE, {"id": account["id"]}, owner["token"])
    payload = await client_sign_in(mail_api, "acme-tax", "jane@example.com")
    assert [a["id"] for a in payload["viewer"]["client"]["accounts"]] == [other["id"]]


async def test_registration_creates_the_account_and_tells_the_team(
    mail_api: Api, owner, smtp_server
):
    token = owner["token"]
    helper = await mail_api.create_staff(token, "dana@acme.example", defaultAccountAccess=True)
    await mail_api.create_staff(token, "eve@acme.example")  # no default access: not told
    payload = await mail_api.mutate(
        REGISTER,
        {
            "firmSlug": "acme-tax",
            "accountType": "INDIVIDUAL",
            "firstName": "Jane",
            "lastName": "Doe",
            "email": "Jane@Example.com",
            "password": PASSWORD,
        },
    )
    client = payload["viewer"]["client"]
    assert client["email"] == "jane@example.com"
    assert client["contact"] == {"displayName": "Jane Doe"}
    [account] = client["accounts"]
    assert account["name"] == "Jane Doe"
    seen = (await mail_api.data(ACCOUNT_EMAILS, {"id": account["id"]}, token))["account"]
    assert seen["contacts"][0]["emails"][0]["portalAccess"] == "ACTIVE"
    team = await Account.get(name="Jane Doe").prefetch_related("team_links__staff")
    assert sorted(t.staff.email for t in team.team_links) == [
        "dana@acme.example",
        "owner@acme.example",
    ]

    mails = await smtp_server.wait_for(2)
    assert sorted(m["To"] for m in mails) == ["dana@acme.example", "owner@acme.example"]
    assert all("jane@example.com" in text_of(m) for m in mails)
    for member_token in (token, helper["token"]):
        inbox = (await mail_api.data(NOTIFICATIONS, {}, member_token))["notifications"]
        assert [e["node"]["kind"] for e in inbox["edges"]] == ["CLIENT_REGISTERED"]
        assert inbox["edges"][0]["node"]["account"]["id"] == account["id"]
    await client_sign_in(mail_api, "acme-tax", "jane@example.com")


async def test_registration_is_refused_when_off_or_duplicate_and_changes_nothing(
    mail_api: Api, owner
):
    token = owner["token"]
    await mail_api.individual(token, "Jane", "Doe", "jane@example.com")
    register = {
        "firmSlug": "acme-tax",
        "accountType": "COMPANY",
        "companyName": "Doe Ltd",
        "firstName": "Jane",
        "lastName": "Doe",
        "email": "jane@example.com",
        "password": PASSWORD,
    }
    assert await mail_api.user_errors(REGISTER, register, token) == ["DUPLICATE"]
    assert await mail_api.user_errors(
        REGISTER, {**register, "companyName": None, "email": "x@example.com"}, token
    ) == ["REQUIRED"]
    assert await mail_api.user_errors(
        REGISTER, {**register, "email": "x@example.com", "password": "short"}, token
    ) == ["WEAK_PASSWORD"]
    assert await mail_api.user_errors(REGISTER, {**register, "firmSlug": "nope"}, token) == [
        "NOT_FOUND"
    ]
    await mail_api.data(SETTINGS, {"input": {"portalSignupEnabled": False}}, token)
    assert await mail_api.user_errors(REGISTER, {**register, "email": "x@example.com"}, token) == [
        "SIGNUP_DISABLED"
    ]
    assert await Account.all().count() == 1
    assert await Contact.all().count() == 1
    assert not await PortalLogin.exists()
    assert not await OutboxMail.exists()


async def test_a_changed_pending_address_gets_a_fresh_invitation(mail_api: Api, owner, smtp_server):
    token = owner["token"]
    account = await mail_api.individual(token, "Jane", "Doe", "jane@example.com", login=True)
    await invite(mail_api, token, first_email_id(account))
    _, old_secret = link_of((await smtp_server.wait_for(1))[0])
    contact_email_id = account["contacts"][0]["emails"][0]["email"]["id"]
    await mail_api.mutate(
        CHANGE_EMAIL, {"emailId": contact_email_id, "newAddress": "jane@new.example"}, token
    )
    assert await activation_errors(mail_api, old_secret) == ["INVALID_TOKEN"]
    fresh = (await smtp_server.wait_for(2))[1]
    assert fresh["To"] == "jane@new.example"
    payload = await activate(mail_api, link_of(fresh)[1])
    assert payload["viewer"]["client"]["email"] == "jane@new.example"


async def test_an_activated_login_moves_only_when_the_new_address_accepts(
    mail_api: Api, owner, smtp_server
):
    token = owner["token"]
    account = await active_client(mail_api, owner, smtp_server)
    contact_email_id = account["contacts"][0]["emails"][0]["email"]["id"]
    await mail_api.mutate(
        CHANGE_EMAIL, {"emailId": contact_email_id, "newAddress": "jane@new.example"}, token
    )
    seen = (await mail_api.data(ACCOUNT_EMAILS, {"id": account["id"]}, token))["account"]
    email = seen["contacts"][0]["emails"][0]
    assert (email["email"]["address"], email["portalAccess"]) == (
        "jane@new.example",
        "PENDING_ACTIVATION",
    )
    # The client keeps signing in with the old address until the new one accepts.
    old = await client_sign_in(mail_api, "acme-tax", "jane@example.com")
    assert [a["id"] for a in old["viewer"]["client"]["accounts"]] == [account["id"]]
    mails = await smtp_server.wait_for(3)  # invitation, activation notice, the fresh invitation
    fresh = next(m for m in mails if m["To"] == "jane@new.example")
    await activate(mail_api, link_of(fresh)[1], "another-long-password")
    assert await sign_in_errors(mail_api, "acme-tax", "jane@example.com") == ["INVALID_CREDENTIALS"]
    new = await client_sign_in(mail_api, "acme-tax", "jane@new.example", "another-long-password")
    assert [a["id"] for a in new["viewer"]["client"]["accounts"]] == [account["id"]]
    # The old session ended with the old login.
    old_token = old["session"]["token"]
    body = await mail_api.post("{ viewer { client { email } } }", token=old_token)
    assert body["data"]["viewer"] is None
