"""Client sign-in, archived accounts and changed addresses (self-registration: see
test_registration.py)."""

from app.portal.models import LoginActivity
from tests.support.documents.accounts import ARCHIVE_ACCOUNT
from tests.support.documents.portal import ACCOUNT_PORTAL_ACCESS
from tests.support.graphql import Api
from tests.support.portal import (
    activate,
    activation_errors,
    active_client,
    client_sign_in,
    first_email_id,
    invite,
    link_of,
    sign_in_errors,
)

RESTORE = "mutation($id: ID!) { restoreAccount(id: $id) { userErrors { code } } }"
CHANGE_EMAIL = """
mutation($input: ChangeContactEmailInput!) {
  changeContactEmail(input: $input) { contactEmail { address } userErrors { field code } }
}"""


async def test_a_client_signs_in_and_each_sign_in_is_recorded(mail_api: Api, owner, smtp_server):
    account = await active_client(mail_api, owner, smtp_server)
    payload = await client_sign_in(mail_api, "acme-tax", " Jane@Example.com ")
    assert payload["viewer"]["client"]["accounts"] == [{"id": account["id"], "name": "Jane Doe"}]
    seen = (await mail_api.data(ACCOUNT_PORTAL_ACCESS, {"id": account["id"]}, owner["token"]))[
        "account"
    ]
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
    body = await mail_api.data(ARCHIVE_ACCOUNT, {"id": account["id"]}, owner["token"])
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
    await mail_api.data(ARCHIVE_ACCOUNT, {"id": account["id"]}, owner["token"])
    payload = await client_sign_in(mail_api, "acme-tax", "jane@example.com")
    assert [a["id"] for a in payload["viewer"]["client"]["accounts"]] == [other["id"]]


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
    seen = (await mail_api.data(ACCOUNT_PORTAL_ACCESS, {"id": account["id"]}, token))["account"]
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
