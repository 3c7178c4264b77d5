"""Each scope allows its operations and nothing else: without it, FORBIDDEN naming it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.apps import ALL_SCOPES, new_app
from tests.support.graphql import Api, codes

# What each _WRITE scope includes.
IMPLIES = {"ACCOUNTS_WRITE": {"ACCOUNTS_READ"}, "CONTACTS_WRITE": {"CONTACTS_READ"}}

CREATE_ACCOUNT = """mutation($input: CreateAccountInput!) {
  createAccount(input: $input) { account { id } userErrors { code } } }"""
CREATE_CONTACT = """mutation($input: CreateContactInput!) {
  createContact(input: $input) { contact { id } userErrors { code } } }"""
TOGGLES = """mutation($input: SetContactTogglesInput!) {
  setContactToggles(input: $input) { accountEmail { id notify } userErrors { code } } }"""
INVITE = """mutation($input: SendInvitationInput!) {
  sendInvitation(input: $input) { userErrors { code } } }"""


def _operations(email_id: str) -> dict[str, list[tuple[str, dict[str, Any] | None]]]:
    """Per scope, operations it allows (each given the ids of the firm's account email)."""
    contact = {"firstName": "Pat", "lastName": "Doe"}
    return {
        "ACCOUNTS_READ": [
            ("{ accounts(first: 5) { totalCount } }", None),
            ("{ tags { id } customFieldDefinitions { id } folderTemplates { id } }", None),
        ],
        "ACCOUNTS_WRITE": [
            (
                CREATE_ACCOUNT,
                {"input": {"type": "INDIVIDUAL", "contacts": [{"contact": contact}]}},
            )
        ],
        "CONTACTS_READ": [("{ contacts(first: 5) { totalCount } }", None)],
        "CONTACTS_WRITE": [(CREATE_CONTACT, {"input": contact})],
        "TOGGLES_WRITE": [(TOGGLES, {"input": {"id": email_id, "notify": True}})],
        "INVITATIONS_SEND": [(INVITE, {"input": {"id": email_id}})],
        "WEBHOOKS_MANAGE": [("{ webhookEndpoints { id } }", None)],
    }


@pytest.fixture
async def email_id(api: Api, owner) -> str:
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com", login=True)
    return account["contacts"][0]["emails"][0]["id"]


@pytest.mark.parametrize(
    "scope",
    [
        "ACCOUNTS_READ",
        "ACCOUNTS_WRITE",
        "CONTACTS_READ",
        "CONTACTS_WRITE",
        "TOGGLES_WRITE",
        "INVITATIONS_SEND",
        "WEBHOOKS_MANAGE",
    ],
)
async def test_a_scope_allows_its_operations_and_only_it_does(
    api: Api, owner, email_id: str, scope: str
):
    with_it = await new_app(api, owner["token"], scope)
    others = [s for s in ALL_SCOPES if s != scope and scope not in IMPLIES.get(s, set())]
    without_it = await new_app(api, owner["token"], *others)
    for document, variables in _operations(email_id)[scope]:
        body = await api.post(document, variables, with_it["token"])
        assert "errors" not in body, (scope, body)
        refused = await api.post(document, variables, without_it["token"])
        assert codes(refused) == ["FORBIDDEN"], (scope, refused)
        assert scope in refused["errors"][0]["message"]  # names the missing scope


@pytest.mark.parametrize(("write", "read"), sorted(IMPLIES.items()))
async def test_each_write_scope_includes_its_read(api: Api, owner, email_id: str, write, read):
    app = await new_app(api, owner["token"], write)
    for document, variables in _operations(email_id)[next(iter(read))]:
        assert "errors" not in await api.post(document, variables, app["token"])
