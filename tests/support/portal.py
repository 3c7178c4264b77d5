"""Steps for the portal tests: invite, read the mail, activate, sign in."""

from __future__ import annotations

import re
from email.message import EmailMessage
from typing import Any

from tests.support.documents.firms import REQUEST_PASSWORD_RESET
from tests.support.documents.portal import (
    ACTIVATE_PORTAL_ACCESS,
    CONFIRM_CLIENT_REGISTRATION,
    PORTAL_SIGN_IN,
    REGISTER_CLIENT,
    SEND_INVITATION,
)
from tests.support.graphql import PASSWORD, Api
from tests.support.mailbox import Mailbox
from tests.support.smtp import SmtpServer

LINK_LINE = re.compile(r"^(https?://\S+/portal/activate\?token=(\S+))$", re.MULTILINE)


def link_of(message: EmailMessage) -> tuple[str, str]:
    """The activation link and its token, from the line of its own in the text part."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = LINK_LINE.search(text)
    assert found, text
    return found.group(1), found.group(2)


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def first_email_id(account: dict[str, Any]) -> str:
    return account["contacts"][0]["emails"][0]["id"]


async def invite(api: Api, token: str, account_email_id: str, message: str | None = None) -> dict:
    return await api.mutate(SEND_INVITATION, {"id": account_email_id, "message": message}, token)


async def activate(api: Api, token: str, password: str = PASSWORD) -> dict[str, Any]:
    return await api.mutate(ACTIVATE_PORTAL_ACCESS, {"token": token, "password": password})


async def activation_errors(api: Api, token: str, password: str = PASSWORD) -> list[str]:
    payload = (
        await api.data(ACTIVATE_PORTAL_ACCESS, {"input": {"token": token, "password": password}})
    )["activatePortalAccess"]
    assert payload["session"] is None
    return [e["code"] for e in payload["userErrors"]]


async def sign_in_errors(api: Api, slug: str, email: str, password: str = PASSWORD) -> list[str]:
    body = await api.data(
        PORTAL_SIGN_IN, {"input": {"firmSlug": slug, "email": email, "password": password}}
    )
    return [e["code"] for e in body["portalSignIn"]["userErrors"]]


async def client_sign_in(api: Api, slug: str, email: str, password: str = PASSWORD) -> dict:
    return await api.mutate(
        PORTAL_SIGN_IN, {"firmSlug": slug, "email": email, "password": password}
    )


def registration(slug: str, first: str, last: str, email: str, **more: Any) -> dict[str, Any]:
    """registerClient's input for an individual."""
    return {
        "firmSlug": slug,
        "accountType": "INDIVIDUAL",
        "firstName": first,
        "lastName": last,
        "email": email,
        **more,
    }


async def register_and_confirm(
    api: Api,
    mailbox: Mailbox,
    slug: str,
    first: str,
    last: str,
    email: str,
    password: str = PASSWORD,
    **more: Any,
) -> dict[str, Any]:
    """A client registers, reads the mailed link and confirms it: confirmClientRegistration's
    payload (session, viewer.client)."""
    answer = await api.mutate(REGISTER_CLIENT, registration(slug, first, last, email, **more))
    assert answer["session"] is None and answer["viewer"] is None
    _, token = await mailbox.link(email.strip().lower(), "/portal/confirm")
    return await api.mutate(CONFIRM_CLIENT_REGISTRATION, {"token": token, "password": password})


async def request_reset(api: Api, email: str, firm_slug: str | None = None) -> dict[str, Any]:
    """requestPasswordReset's payload (staff without a firm, clients with one)."""
    input = {"email": email, **({"firmSlug": firm_slug} if firm_slug else {})}
    return (await api.data(REQUEST_PASSWORD_RESET, {"input": input}))["requestPasswordReset"]


async def active_client(
    api: Api, owner: dict[str, Any], smtp_server: SmtpServer, address: str = "jane@example.com"
) -> dict:
    """An account whose contact has activated the portal; answers the account."""
    account = await api.individual(owner["token"], "Jane", "Doe", address, login=True)
    await invite(api, owner["token"], first_email_id(account))
    mails = await smtp_server.wait_for(len(smtp_server.messages) + 1)
    await activate(api, link_of(mails[-1])[1])
    return account


async def client_of_shared_account(
    api: Api, owner: dict[str, Any], smtp_server: SmtpServer
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Jane (activated) and John share an account; Jane also has her own."""
    token = owner["token"]
    tag = await api.data('mutation { createTag(input: {name: "VIP"}) { tag { id } } }', token=token)
    shared = (
        await api.create_account(
            token,
            type="OTHER",
            name="Doe Household",
            tagIds=[tag["createTag"]["tag"]["id"]],
            contacts=[
                {
                    "contact": {
                        "firstName": "Jane",
                        "lastName": "Doe",
                        "phones": [{"number": "555"}],
                        "address": {"city": "Springfield"},
                        "emails": [{"address": "jane@example.com", "login": True}],
                    }
                },
                {
                    "contact": {
                        "firstName": "John",
                        "lastName": "Doe",
                        "emails": [{"address": "john@example.com", "login": True}],
                    }
                },
            ],
        )
    )["account"]
    await api.data(
        'mutation($id: ID!) { addNote(input: {accountId: $id, body: "Owes us"}) { note { id } } }',
        {"id": shared["id"]},
        token,
    )
    jane = next(c for c in shared["contacts"] if c["contact"]["displayName"] == "Jane Doe")
    await invite(api, token, jane["emails"][0]["id"])
    payload = await activate(api, link_of((await smtp_server.wait_for(1))[0])[1])
    other = await api.individual(token, "Zed", "Zulu", "zed@example.com", login=True)
    return payload["session"]["token"], shared, other
