"""The takeover that self-registration allowed, replayed: a stranger registers a real client's
address before the firm adds that client with LOGIN on. The stranger must end with nothing,
and the real owner must be able to get in by invitation."""

import pytest

from app.accounts.models import Account
from app.portal.models import LinkToken, PortalLogin
from tests.support.documents.portal import (
    ACCOUNT_PORTAL_ACCESS,
    CONFIRM_CLIENT_REGISTRATION,
    REGISTER_CLIENT,
)
from tests.support.graphql import Api
from tests.support.imports import HEADER, report_of
from tests.support.mailbox import SmtpMailbox
from tests.support.portal import activate, client_sign_in, invite, registration, sign_in_errors

STRANGER_PASSWORD = "the-strangers-password"
ACCOUNT_IDS = "{ accounts(first: 10) { edges { node { id name } } } }"


async def stranger_registers(api: Api) -> None:
    """Someone who does not own jane@example.com registers it, with a password they know."""
    answer = await api.mutate(
        REGISTER_CLIENT,
        registration(
            "acme-tax", "Mallory", "Stranger", "jane@example.com", password=STRANGER_PASSWORD
        ),
    )
    assert answer["session"] is None


async def firm_adds_jane(api: Api, token: str, how: str) -> str:
    """The firm creates or imports its real client Jane with LOGIN on; her AccountEmail id."""
    if how == "create":
        created = await api.individual(token, "Jane", "Doe", "jane@example.com", login=True)
        account_id = created["id"]
    else:
        report = await report_of(
            api, token, f"{HEADER}\n,individual,,Jane,Doe,jane@example.com,yes"
        )
        assert report["accountsCreated"] == 1
        edges = (await api.data(ACCOUNT_IDS, token=token))["accounts"]["edges"]
        account_id = edges[0]["node"]["id"]
    seen = (await api.data(ACCOUNT_PORTAL_ACCESS, {"id": account_id}, token))["account"]
    email = seen["contacts"][0]["emails"][0]
    # No login exists for the address: it waits for an invitation.
    assert (email["login"], email["portalAccess"]) == (True, "PENDING_ACTIVATION")
    return email["id"]


@pytest.mark.parametrize("how", ["create", "import"])
async def test_a_stranger_who_registered_first_gets_nothing(
    mail_api: Api, owner, smtp_server, how: str
):
    token = owner["token"]
    await stranger_registers(mail_api)
    if how == "create":
        created = await mail_api.create_account(
            token,
            type="INDIVIDUAL",
            contacts=[
                {
                    "contact": {
                        "firstName": "Jane",
                        "lastName": "Doe",
                        "emails": [{"address": "jane@example.com", "login": True}],
                    }
                }
            ],
        )
        # The firm is prompted to invite the address: nobody has a login for it.
        prompts = [p["accountEmail"]["email"]["address"] for p in created["invitationPrompts"]]
        assert prompts == ["jane@example.com"]
        email_id = created["account"]["contacts"][0]["emails"][0]["id"]
    else:
        email_id = await firm_adds_jane(mail_api, token, how)
    assert not await PortalLogin.exists()
    assert await sign_in_errors(mail_api, "acme-tax", "jane@example.com", STRANGER_PASSWORD) == [
        "INVALID_CREDENTIALS"
    ]

    # The real Jane is invited, activates with her own password and sees her account only.
    await invite(mail_api, token, email_id)
    _, invitation = await SmtpMailbox(smtp_server).link("jane@example.com", "/portal/activate")
    await activate(mail_api, invitation, "janes-own-password")
    signed_in = await client_sign_in(mail_api, "acme-tax", "jane@example.com", "janes-own-password")
    assert [a["name"] for a in signed_in["viewer"]["client"]["accounts"]] == ["Jane Doe"]
    assert await sign_in_errors(mail_api, "acme-tax", "jane@example.com", STRANGER_PASSWORD) == [
        "INVALID_CREDENTIALS"
    ]
    assert await Account.all().count() == 1


@pytest.mark.parametrize("how", ["create", "import"])
async def test_a_confirmation_followed_after_the_firm_added_the_address_creates_nothing(
    mail_api: Api, owner, smtp_server, how: str
):
    await stranger_registers(mail_api)
    _, link = await SmtpMailbox(smtp_server).link("jane@example.com", "/portal/confirm")
    await firm_adds_jane(mail_api, owner["token"], how)

    for _ in range(2):  # refused, and used up: refused again
        payload = (
            await mail_api.data(
                CONFIRM_CLIENT_REGISTRATION, {"input": {"token": link, "password": "x" * 12}}
            )
        )["confirmClientRegistration"]
        assert payload["session"] is None
        assert [e["code"] for e in payload["userErrors"]] == ["INVALID_TOKEN"]
    assert await LinkToken.filter(used_at__isnull=False).count() == 1
    assert not await PortalLogin.exists()
    assert [a.name for a in await Account.all()] == ["Jane Doe"]
    assert await sign_in_errors(mail_api, "acme-tax", "jane@example.com", "x" * 12) == [
        "INVALID_CREDENTIALS"
    ]
