"""API clients: created by owners and admins (the token shown once, only a hash kept),
listed, revoked at once, expiring; the app acts for the whole firm within its scopes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.apps.models import ApiClient
from app.graphql.ids import pk_of
from tests.support.apps import ALL_SCOPES, new_app
from tests.support.apps import CREATE_API_CLIENT as CREATE
from tests.support.graphql import Api, codes

LIST = """{ apiClients { id name scopes tokenPrefix createdBy { email } lastUsedAt expiresAt
                         revokedAt } }"""
REVOKE = """mutation($id: ID!) {
  revokeApiClient(id: $id) { apiClient { id revokedAt } userErrors { field code } } }"""
VIEWER = (
    "{ viewer { firm { slug } staff { id } client { id } apiClient { name } sessions { id } } }"
)
ACCOUNTS = "{ accounts(first: 50) { totalCount edges { node { id name teamMembers { email } } } } }"
CREATE_COMPANY = """mutation($input: CreateAccountInput!) {
  createAccount(input: $input) { account { id teamMembers { email } } userErrors { code } } }"""


def company(name: str) -> dict[str, Any]:
    """createAccount's input for a company with one new contact."""
    contact = {"firstName": "Pat", "lastName": name.split()[0]}
    return {"type": "COMPANY", "companyName": name, "contacts": [{"contact": contact}]}


async def test_the_token_is_shown_once_and_only_its_hash_is_kept(api: Api, owner):
    payload = await new_app(api, owner["token"], "ACCOUNTS_READ")
    token = payload["token"]
    assert token.startswith("crm_") and len(token) >= 4 + 43  # 32 bytes, URL-safe base64
    client = payload["apiClient"]
    assert client["tokenPrefix"] == token[:8] and client["createdBy"]["email"] == (
        "owner@acme.example"
    )
    assert client["scopes"] == ["ACCOUNTS_READ"] and client["revokedAt"] is None
    row = await ApiClient.get(id=pk_of(client["id"], "ApiClient"))
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(await ApiClient.filter(id=row.id).values())
    listed = (await api.data(LIST, token=owner["token"]))["apiClients"]
    assert [c["id"] for c in listed] == [client["id"]] and "token" not in listed[0]


async def test_only_owners_and_admins_manage_api_clients(api: Api, owner):
    admin = await api.create_staff(owner["token"], "admin@acme.example", role="ADMIN")
    await new_app(api, admin["token"], "ACCOUNTS_READ")
    employee = await api.create_staff(owner["token"], "e@acme.example", manageAccounts=True)
    input = {"name": "x", "scopes": ["ACCOUNTS_READ"]}
    assert codes(await api.post(CREATE, {"input": input}, employee["token"])) == ["FORBIDDEN"]
    assert codes(await api.post(LIST, token=employee["token"])) == ["FORBIDDEN"]
    assert len(await ApiClient.all()) == 1


async def test_bad_input_is_reported_and_nothing_is_made(api: Api, owner):
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    input = {"name": " ", "scopes": [], "expiresAt": past}
    payload = (await api.data(CREATE, {"input": input}, owner["token"]))["createApiClient"]
    assert sorted((e["field"][-1], e["code"]) for e in payload["userErrors"]) == [
        ("expiresAt", "INVALID"),
        ("name", "REQUIRED"),
        ("scopes", "REQUIRED"),
    ]
    assert payload["token"] is None and await ApiClient.all().count() == 0


async def test_viewer_says_which_app_is_calling(api: Api, owner):
    app = await new_app(api, owner["token"], "ACCOUNTS_READ")
    viewer = (await api.data(VIEWER, token=app["token"]))["viewer"]
    assert viewer == {
        "firm": {"slug": "acme-tax"},
        "staff": None,
        "client": None,
        "apiClient": {"name": "Ledger sync"},
        "sessions": [],
    }
    mine = (await api.data(VIEWER, token=owner["token"]))["viewer"]
    assert mine["apiClient"] is None


async def test_revocation_ends_the_token_at_once(api: Api, owner):
    app = await new_app(api, owner["token"], "ACCOUNTS_READ")
    assert "errors" not in await api.post(ACCOUNTS, token=app["token"])
    revoked = await api.data(REVOKE, {"id": app["apiClient"]["id"]}, owner["token"])
    assert revoked["revokeApiClient"]["apiClient"]["revokedAt"] is not None
    assert codes(await api.post(ACCOUNTS, token=app["token"])) == ["UNAUTHENTICATED"]
    assert (await api.data(VIEWER, token=app["token"]))["viewer"] is None
    listed = (await api.data(LIST, token=owner["token"]))["apiClients"]
    assert listed[0]["revokedAt"] is not None  # still listed, as revoked


async def test_an_expired_token_stops_working(api: Api, owner):
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    app = await new_app(api, owner["token"], "ACCOUNTS_READ", expiresAt=soon)
    assert app["apiClient"]["expiresAt"] is not None
    assert "errors" not in await api.post(ACCOUNTS, token=app["token"])
    pk = pk_of(app["apiClient"]["id"], "ApiClient")
    await ApiClient.filter(id=pk).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert codes(await api.post(ACCOUNTS, token=app["token"])) == ["UNAUTHENTICATED"]


async def test_last_used_is_written_at_most_once_a_minute(api: Api, owner):
    app = await new_app(api, owner["token"], "ACCOUNTS_READ")
    assert app["apiClient"]["lastUsedAt"] is None
    pk = pk_of(app["apiClient"]["id"], "ApiClient")
    await api.data(ACCOUNTS, token=app["token"])
    first = (await ApiClient.get(id=pk)).last_used_at
    assert first is not None
    await api.data(ACCOUNTS, token=app["token"])
    assert (await ApiClient.get(id=pk)).last_used_at == first  # within the minute: unchanged
    earlier = datetime.now(UTC) - timedelta(minutes=2)
    await ApiClient.filter(id=pk).update(last_used_at=earlier)
    await api.data(ACCOUNTS, token=app["token"])
    later = (await ApiClient.get(id=pk)).last_used_at
    assert later is not None and later > earlier + timedelta(minutes=1)
    listed = (await api.data(LIST, token=owner["token"]))["apiClients"]
    assert listed[0]["lastUsedAt"] is not None


async def test_an_app_sees_every_account_whatever_the_teams(api: Api, owner):
    employee = await api.create_staff(owner["token"], "e@acme.example", manageAccounts=True)
    await api.create_account(owner["token"], **company("Owner Co"))
    await api.create_account(employee["token"], **company("Employee Co"))
    seen_by_employee = (await api.data(ACCOUNTS, token=employee["token"]))["accounts"]
    assert seen_by_employee["totalCount"] == 1  # only the one of their team
    app = await new_app(api, owner["token"], "ACCOUNTS_READ")
    seen = (await api.data(ACCOUNTS, token=app["token"]))["accounts"]
    assert sorted(e["node"]["name"] for e in seen["edges"]) == ["Employee Co", "Owner Co"]


async def test_what_an_app_does_is_attributed_to_no_one(api: Api, owner):
    app = await new_app(api, owner["token"], "ACCOUNTS_WRITE")
    made = await api.mutate(CREATE_COMPANY, company("App Co"), app["token"])
    assert made["account"]["teamMembers"] == []  # no creator joins the team
    seen = (await api.data(ACCOUNTS, token=owner["token"]))["accounts"]["edges"]
    assert [e["node"]["name"] for e in seen] == ["App Co"]


APP_REFUSED = [
    ("{ staffMembers { id } }", None),
    (LIST, None),
    ("{ notifications(first: 5) { edges { node { id } } } }", None),
    (CREATE, {"input": {"name": "x", "scopes": ["ACCOUNTS_READ"]}}),
    (
        "mutation($input: UpdateFirmSettingsInput!) { updateFirmSettings(input: $input) "
        "{ userErrors { code } } }",
        {"input": {"name": "Hijacked"}},
    ),
    (
        "mutation($input: CreateStaffMemberInput!) { createStaffMember(input: $input) "
        "{ userErrors { code } } }",
        {
            "input": {
                "email": "x@acme.example",
                "firstName": "X",
                "lastName": "Y",
                "role": "ADMIN",
                "password": "correct-horse-battery",
            }
        },
    ),
]


@pytest.mark.parametrize(("document", "variables"), APP_REFUSED)
async def test_an_app_never_manages_staff_api_clients_or_the_firm(
    api: Api, owner, document: str, variables: dict[str, Any] | None
):
    app = await new_app(api, owner["token"], *ALL_SCOPES)
    assert codes(await api.post(document, variables, app["token"])) == ["FORBIDDEN"]
    assert await ApiClient.all().count() == 1
