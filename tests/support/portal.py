"""GraphQL documents and steps for the portal tests: invite, read the mail, activate."""

from __future__ import annotations

import re
from email.message import EmailMessage
from typing import Any

from tests.support.graphql import PASSWORD, Api
from tests.support.mailbox import Mailbox

TOGGLES = """
mutation($input: SetContactTogglesInput!) {
  setContactToggles(input: $input) {
    accountEmail { id login portalAccess invitation { sentAt expiresAt message } }
    invitationPrompts { accountEmail { id } }
    userErrors { field code }
  }
}"""

SEND_INVITATION = """
mutation($input: SendInvitationInput!) {
  sendInvitation(input: $input) {
    accountEmail { id portalAccess invitation { sentAt expiresAt message } }
    userErrors { field code }
  }
}"""

ACTIVATE = """
mutation($input: ActivatePortalAccessInput!) {
  activatePortalAccess(input: $input) {
    session { token expiresAt }
    viewer { firm { slug } staff { id } client { email accounts { id name } } }
    userErrors { field code }
  }
}"""

PORTAL_SIGN_IN = """
mutation($input: PortalSignInInput!) {
  portalSignIn(input: $input) {
    session { token }
    viewer { client { email accounts { id name } } }
    userErrors { field code }
  }
}"""

REGISTER = """
mutation($input: RegisterClientInput!) {
  registerClient(input: $input) {
    session { token }
    viewer { firm { slug } }
    userErrors { field code }
  }
}"""

CONFIRM = """
mutation($input: ConfirmClientRegistrationInput!) {
  confirmClientRegistration(input: $input) {
    session { token expiresAt }
    viewer { firm { slug } client { id email contact { displayName } accounts { id name } } }
    userErrors { field code }
  }
}"""

REQUEST_RESET = """
mutation($input: RequestPasswordResetInput!) {
  requestPasswordReset(input: $input) { accepted userErrors { field code } }
}"""

RESET_PASSWORD = """
mutation($input: ResetPasswordInput!) {
  resetPassword(input: $input) {
    session { token }
    viewer { firm { slug } staff { email } client { email } }
    userErrors { field code }
  }
}"""

ACCOUNT_EMAILS = """
query($id: ID!) {
  account(id: $id) {
    contacts { emails { id email { address } login portalAccess invitation { message } } }
    overview { loginActivity { email at } }
  }
}"""

NOTIFICATIONS = """
query($first: Int, $after: String, $unreadOnly: Boolean, $newestFirst: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly, newestFirst: $newestFirst) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind title body readAt account { id name } } }
  }
}"""

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
    return await api.mutate(ACTIVATE, {"token": token, "password": password})


async def activation_errors(api: Api, token: str, password: str = PASSWORD) -> list[str]:
    payload = (await api.data(ACTIVATE, {"input": {"token": token, "password": password}}))[
        "activatePortalAccess"
    ]
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
    answer = await api.mutate(REGISTER, registration(slug, first, last, email, **more))
    assert answer["session"] is None and answer["viewer"] is None
    _, token = await mailbox.link(email.strip().lower(), "/portal/confirm")
    return await api.mutate(CONFIRM, {"token": token, "password": password})


async def request_reset(api: Api, email: str, firm_slug: str | None = None) -> dict[str, Any]:
    """requestPasswordReset's payload (staff without a firm, clients with one)."""
    input = {"email": email, **({"firmSlug": firm_slug} if firm_slug else {})}
    return (await api.data(REQUEST_RESET, {"input": input}))["requestPasswordReset"]
