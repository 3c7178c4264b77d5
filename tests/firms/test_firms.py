"""Firms and staff: createFirm, signIn, sessions, updateFirmSettings, createStaffMember."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.access.secrets import hash_token
from app.firms.models import AuthSession, Firm, StaffMember
from app.rate_limits.models import RateLimitHit
from app.settings import Settings
from app.web.app import create_app
from tests.support.documents.firms import CREATE_STAFF, SIGN_IN
from tests.support.graphql import PASSWORD, Api, codes

CREATE_FIRM = """
mutation($input: CreateFirmInput!) {
  createFirm(input: $input) {
    firm { id name slug portalSignupEnabled accountNameFormat }
    session { token expiresAt }
    userErrors { field message code }
  }
}"""

VIEWER = """
query {
  viewer {
    firm { id name slug portalSignupEnabled accountNameFormat }
    staff {
      id email firstName lastName role
      accessRights { manageAccounts viewAllAccounts defaultAccountAccess }
    }
    client { id }
  }
}"""

STAFF_MEMBERS = """
query {
  staffMembers {
    id email firstName lastName role
    accessRights { manageAccounts viewAllAccounts defaultAccountAccess }
  }
}"""

UPDATE_FIRM_SETTINGS = """
mutation($input: UpdateFirmSettingsInput!) {
  updateFirmSettings(input: $input) {
    firm { id name slug portalSignupEnabled accountNameFormat }
    userErrors { field message code }
  }
}"""

SIGN_IN_FULL = """
mutation($input: SignInInput!) {
  signIn(input: $input) {
    session { token expiresAt }
    viewer { firm { id slug } staff { id email role } }
    userErrors { field message code }
  }
}"""

ALL_RIGHTS = {"manageAccounts": True, "viewAllAccounts": True, "defaultAccountAccess": True}
NO_RIGHTS = {"manageAccounts": False, "viewAllAccounts": False, "defaultAccountAccess": False}


def firm_input(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Acme Tax",
        "slug": "acme-tax",
        "ownerEmail": "owner@acme.example",
        "ownerPassword": PASSWORD,
        "ownerFirstName": "Olivia",
        "ownerLastName": "Owner",
        **overrides,
    }


def staff_input(**overrides: Any) -> dict[str, Any]:
    return {
        "email": "emp@acme.example",
        "firstName": "Eve",
        "lastName": "Employee",
        "role": "EMPLOYEE",
        "password": PASSWORD,
        **overrides,
    }


async def create_firm_payload(api: Api, **overrides: Any) -> dict[str, Any]:
    return (await api.data(CREATE_FIRM, {"input": firm_input(**overrides)}))["createFirm"]


async def sign_in_payload(api: Api, email: str, password: str) -> dict[str, Any]:
    variables = {"input": {"email": email, "password": password}}
    return (await api.data(SIGN_IN_FULL, variables))["signIn"]


def parse_datetime(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"{value} has no UTC offset"
    return parsed


# ---------------------------------------------------------------- createFirm


async def test_create_firm_returns_the_firm_and_a_working_owner_session(api: Api) -> None:
    payload = await create_firm_payload(api)

    assert payload["userErrors"] == []
    assert payload["firm"]["name"] == "Acme Tax"
    assert payload["firm"]["slug"] == "acme-tax"
    assert payload["firm"]["portalSignupEnabled"] is True
    assert payload["firm"]["accountNameFormat"] == "FIRST_LAST"
    expires_at = parse_datetime(payload["session"]["expiresAt"])
    assert expires_at > datetime.now(UTC) + timedelta(hours=1)

    viewer = (await api.data(VIEWER, token=payload["session"]["token"]))["viewer"]
    assert viewer["firm"] == payload["firm"]
    assert viewer["client"] is None
    assert viewer["staff"]["email"] == "owner@acme.example"
    assert viewer["staff"]["firstName"] == "Olivia"
    assert viewer["staff"]["lastName"] == "Owner"
    assert viewer["staff"]["role"] == "OWNER"
    assert viewer["staff"]["accessRights"] == ALL_RIGHTS


async def test_create_firm_stores_the_token_hashed_and_the_password_as_argon2id(api: Api) -> None:
    payload = await create_firm_payload(api)
    token = payload["session"]["token"]

    assert len(token) >= 32
    assert not await AuthSession.filter(token_hash=token).exists()
    assert await AuthSession.filter(token_hash=hash_token(token)).count() == 1
    owner = await StaffMember.get(email="owner@acme.example")
    assert owner.password_hash.startswith("$argon2id$")
    assert PASSWORD not in owner.password_hash


async def test_create_firm_owner_can_sign_in_with_the_chosen_password(api: Api) -> None:
    await create_firm_payload(api)

    payload = await sign_in_payload(api, "owner@acme.example", PASSWORD)

    assert payload["userErrors"] == []
    assert payload["viewer"]["firm"]["slug"] == "acme-tax"
    assert payload["viewer"]["staff"]["role"] == "OWNER"


@pytest.mark.parametrize(
    "slug",
    [
        "ab",
        "a" * 41,
        "1acme",
        "-acme",
        "Acme",
        "acme_tax",
        "acme tax",
        "acme.tax",
        "acmé",
        "",
    ],
)
async def test_create_firm_refuses_a_bad_slug_as_invalid(api: Api, slug: str) -> None:
    payload = await create_firm_payload(api, slug=slug)

    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("INVALID", ["input", "slug"])
    ]
    assert payload["firm"] is None
    assert payload["session"] is None
    assert await Firm.all().count() == 0
    assert await StaffMember.all().count() == 0


@pytest.mark.parametrize("slug", ["abc", "a" * 40, "a-1", "tax-2024-firm"])
async def test_create_firm_accepts_a_slug_within_the_rules(api: Api, slug: str) -> None:
    payload = await create_firm_payload(api, slug=slug)

    assert payload["userErrors"] == []
    assert payload["firm"]["slug"] == slug
    assert await Firm.filter(slug=slug).count() == 1


async def test_create_firm_refuses_a_taken_slug_as_duplicate(api: Api) -> None:
    await create_firm_payload(api)

    payload = await create_firm_payload(api, name="Other", ownerEmail="other@example.com")

    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("DUPLICATE", ["input", "slug"])
    ]
    assert payload["firm"] is None
    assert payload["session"] is None
    assert await Firm.all().count() == 1
    assert not await StaffMember.filter(email="other@example.com").exists()


async def test_create_firm_racing_for_one_slug_answers_duplicate_not_a_crash(api: Api) -> None:
    answers = await asyncio.gather(
        api.post(CREATE_FIRM, {"input": firm_input(ownerEmail="a@acme.example")}),
        api.post(CREATE_FIRM, {"input": firm_input(ownerEmail="b@acme.example")}),
    )

    assert all("errors" not in a for a in answers), answers
    payloads = [a["data"]["createFirm"] for a in answers]
    assert sorted(e["code"] for p in payloads for e in p["userErrors"]) == ["DUPLICATE"]
    assert sum(p["firm"] is not None for p in payloads) == 1
    assert await Firm.all().count() == 1
    assert await StaffMember.all().count() == 1


async def test_create_firm_racing_for_one_email_answers_duplicate_not_a_crash(api: Api) -> None:
    answers = await asyncio.gather(
        api.post(CREATE_FIRM, {"input": firm_input(slug="first")}),
        api.post(CREATE_FIRM, {"input": firm_input(slug="second")}),
    )

    assert all("errors" not in a for a in answers), answers
    payloads = [a["data"]["createFirm"] for a in answers]
    assert sorted(e["code"] for p in payloads for e in p["userErrors"]) == ["DUPLICATE"]
    assert await Firm.all().count() == 1


async def test_create_firm_refuses_a_taken_owner_email_as_duplicate(api: Api) -> None:
    await create_firm_payload(api)

    payload = await create_firm_payload(api, slug="other", ownerEmail="  OWNER@Acme.Example ")

    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("DUPLICATE", ["input", "ownerEmail"])
    ]
    assert payload["firm"] is None
    assert not await Firm.filter(slug="other").exists()


async def test_create_firm_refuses_an_email_taken_by_another_firms_employee(
    api: Api, owner: dict
) -> None:
    await api.create_staff(owner["token"], "emp@acme.example")

    payload = await create_firm_payload(api, slug="other", ownerEmail="emp@acme.example")

    assert [e["code"] for e in payload["userErrors"]] == ["DUPLICATE"]
    assert not await Firm.filter(slug="other").exists()


async def test_create_firm_refuses_a_weak_password(api: Api) -> None:
    payload = await create_firm_payload(api, ownerPassword="123456789")

    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("WEAK_PASSWORD", ["input", "ownerPassword"])
    ]
    assert payload["session"] is None
    assert await Firm.all().count() == 0


async def test_create_firm_accepts_a_password_of_exactly_ten_characters(api: Api) -> None:
    payload = await create_firm_payload(api, ownerPassword="0123456789")

    assert payload["userErrors"] == []
    assert (await sign_in_payload(api, "owner@acme.example", "0123456789"))["session"]


async def test_create_firm_reports_every_bad_field_at_once(api: Api) -> None:
    payload = await create_firm_payload(
        api, slug="X", ownerEmail="not-an-email", ownerPassword="short", ownerFirstName=" "
    )

    found = {(e["code"], tuple(e["field"])) for e in payload["userErrors"]}
    assert found == {
        ("INVALID", ("input", "slug")),
        ("INVALID_EMAIL", ("input", "ownerEmail")),
        ("WEAK_PASSWORD", ("input", "ownerPassword")),
        ("REQUIRED", ("input", "ownerFirstName")),
    }
    assert await Firm.all().count() == 0


async def test_create_firm_trims_and_lower_cases_the_owner_email(api: Api) -> None:
    payload = await create_firm_payload(api, ownerEmail="  Boss@Example.COM ")

    assert payload["userErrors"] == []
    viewer = (await api.data(VIEWER, token=payload["session"]["token"]))["viewer"]
    assert viewer["staff"]["email"] == "boss@example.com"
    assert await StaffMember.filter(email="boss@example.com").count() == 1
    assert (await sign_in_payload(api, "boss@example.com", PASSWORD))["userErrors"] == []


async def test_create_firm_is_refused_when_signup_is_disabled(settings: Settings) -> None:
    closed = dataclasses.replace(settings, allow_firm_signup=False)
    app = create_app(closed, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        payload = await create_firm_payload(Api(client))

    assert [e["code"] for e in payload["userErrors"]] == ["SIGNUP_DISABLED"]
    assert payload["firm"] is None
    assert payload["session"] is None
    assert await Firm.all().count() == 0
    assert await StaffMember.all().count() == 0


# ---------------------------------------------------------------- signIn


async def test_sign_in_with_the_right_password_opens_a_session(api: Api, owner: dict) -> None:
    payload = await sign_in_payload(api, "owner@acme.example", PASSWORD)

    assert payload["userErrors"] == []
    assert payload["viewer"]["firm"]["id"] == owner["firm_id"]
    assert payload["viewer"]["staff"]["email"] == "owner@acme.example"
    token = payload["session"]["token"]
    assert token != owner["token"]
    assert parse_datetime(payload["session"]["expiresAt"]) > datetime.now(UTC)
    viewer = (await api.data(VIEWER, token=token))["viewer"]
    assert viewer["staff"]["id"] == payload["viewer"]["staff"]["id"]


async def test_sign_in_trims_and_lower_cases_the_email(api: Api, owner: dict) -> None:
    payload = await sign_in_payload(api, "  OWNER@Acme.Example ", PASSWORD)

    assert payload["userErrors"] == []
    assert payload["viewer"]["staff"]["email"] == "owner@acme.example"


async def test_sign_in_gives_the_same_answer_for_a_wrong_password_and_an_unknown_email(
    api: Api, owner: dict
) -> None:
    wrong_password = await sign_in_payload(api, "owner@acme.example", "wrong-password-1")
    unknown_email = await sign_in_payload(api, "nobody@acme.example", PASSWORD)

    assert [e["code"] for e in wrong_password["userErrors"]] == ["INVALID_CREDENTIALS"]
    assert wrong_password == unknown_email
    assert wrong_password["session"] is None
    assert wrong_password["viewer"] is None


async def test_sign_in_after_five_failures_refuses_even_the_right_password(
    api: Api, owner: dict
) -> None:
    for _ in range(4):
        failed = await sign_in_payload(api, "owner@acme.example", "wrong-password-1")
        assert [e["code"] for e in failed["userErrors"]] == ["INVALID_CREDENTIALS"]
    # Four failures: the right password still works.
    assert (await sign_in_payload(api, "owner@acme.example", PASSWORD))["userErrors"] == []

    fifth = await sign_in_payload(api, "Owner@Acme.Example", "wrong-password-1")
    assert [e["code"] for e in fifth["userErrors"]] == ["INVALID_CREDENTIALS"]

    blocked = await sign_in_payload(api, "owner@acme.example", PASSWORD)
    assert [e["code"] for e in blocked["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    assert blocked["session"] is None
    assert blocked["viewer"] is None
    wrong = await sign_in_payload(api, "owner@acme.example", "wrong-password-1")
    assert [e["code"] for e in wrong["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


async def test_sign_in_limit_counts_failures_per_email(api: Api, owner: dict) -> None:
    await api.create_staff(owner["token"], "emp@acme.example")
    for _ in range(5):
        await sign_in_payload(api, "owner@acme.example", "wrong-password-1")

    blocked = await sign_in_payload(api, "owner@acme.example", PASSWORD)
    other = await sign_in_payload(api, "emp@acme.example", PASSWORD)

    assert [e["code"] for e in blocked["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    assert other["userErrors"] == []


async def test_sign_in_limit_counts_failures_for_unknown_emails_too(api: Api) -> None:
    for _ in range(5):
        await sign_in_payload(api, "nobody@acme.example", "wrong-password-1")

    payload = await sign_in_payload(api, "nobody@acme.example", "wrong-password-1")

    assert [e["code"] for e in payload["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


async def test_sign_in_works_again_once_the_failures_leave_the_window(
    api: Api, owner: dict
) -> None:
    for _ in range(5):
        await sign_in_payload(api, "owner@acme.example", "wrong-password-1")
    blocked = await sign_in_payload(api, "owner@acme.example", PASSWORD)
    assert [e["code"] for e in blocked["userErrors"]] == ["TOO_MANY_ATTEMPTS"]

    await RateLimitHit.filter(key="sign-in:staff:owner@acme.example").update(
        at=datetime.now(UTC) - timedelta(minutes=16)
    )

    assert (await sign_in_payload(api, "owner@acme.example", PASSWORD))["userErrors"] == []


# ---------------------------------------------------------------- sessions


async def test_a_staff_query_without_a_token_is_unauthenticated(api: Api, owner: dict) -> None:
    body = await api.post(STAFF_MEMBERS)

    assert codes(body) == ["UNAUTHENTICATED"]
    assert body["data"] is None


async def test_a_staff_query_with_a_garbage_token_is_unauthenticated(api: Api, owner: dict) -> None:
    body = await api.post(STAFF_MEMBERS, token="not-a-real-token")

    assert codes(body) == ["UNAUTHENTICATED"]
    assert body["data"] is None


async def test_a_token_without_the_bearer_scheme_is_not_accepted(api: Api, owner: dict) -> None:
    response = await api.client.post(
        "/graphql",
        json={"query": STAFF_MEMBERS},
        headers={"Authorization": f"Token {owner['token']}"},
    )

    assert codes(response.json()) == ["UNAUTHENTICATED"]


async def test_the_bearer_scheme_is_case_insensitive(api: Api, owner: dict) -> None:
    response = await api.client.post(
        "/graphql",
        json={"query": STAFF_MEMBERS},
        headers={"Authorization": f"bearer {owner['token']}"},
    )

    body = response.json()
    assert "errors" not in body, body
    assert [s["email"] for s in body["data"]["staffMembers"]] == ["owner@acme.example"]


async def test_an_expired_session_is_unauthenticated(api: Api, owner: dict) -> None:
    token = owner["token"]
    assert (await api.data(STAFF_MEMBERS, token=token))["staffMembers"]

    updated = await AuthSession.filter(token_hash=hash_token(token)).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    assert updated == 1

    body = await api.post(STAFF_MEMBERS, token=token)
    assert codes(body) == ["UNAUTHENTICATED"]
    assert (await api.data(VIEWER, token=token))["viewer"] is None


async def test_expiring_one_session_leaves_the_others_working(api: Api, owner: dict) -> None:
    second = (await sign_in_payload(api, "owner@acme.example", PASSWORD))["session"]["token"]

    await AuthSession.filter(token_hash=hash_token(owner["token"])).update(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )

    assert codes(await api.post(STAFF_MEMBERS, token=owner["token"])) == ["UNAUTHENTICATED"]
    assert (await api.data(STAFF_MEMBERS, token=second))["staffMembers"]


async def test_viewer_is_null_without_a_valid_token(api: Api, owner: dict) -> None:
    assert await api.data(VIEWER) == {"viewer": None}
    assert await api.data(VIEWER, token="garbage") == {"viewer": None}


# ---------------------------------------------------------------- updateFirmSettings


async def test_update_firm_settings_persists_every_field(api: Api, owner: dict) -> None:
    payload = await api.mutate(
        UPDATE_FIRM_SETTINGS,
        {
            "name": "  Acme Tax & Co  ",
            "portalSignupEnabled": False,
            "accountNameFormat": "LAST_FIRST",
        },
        owner["token"],
    )

    assert payload["firm"] == {
        "id": owner["firm_id"],
        "name": "Acme Tax & Co",
        "slug": "acme-tax",
        "portalSignupEnabled": False,
        "accountNameFormat": "LAST_FIRST",
    }
    firm = await Firm.get(slug="acme-tax")
    assert firm.name == "Acme Tax & Co"
    assert firm.portal_signup_enabled is False
    assert firm.account_name_format == "LAST_FIRST"
    viewer = (await api.data(VIEWER, token=owner["token"]))["viewer"]
    assert viewer["firm"] == payload["firm"]


async def test_update_firm_settings_changes_only_the_given_fields(api: Api, owner: dict) -> None:
    await api.mutate(UPDATE_FIRM_SETTINGS, {"portalSignupEnabled": False}, owner["token"])
    await api.mutate(UPDATE_FIRM_SETTINGS, {"accountNameFormat": "LAST_FIRST"}, owner["token"])

    firm = await Firm.get(slug="acme-tax")
    assert firm.name == "Acme Tax"
    assert firm.portal_signup_enabled is False
    assert firm.account_name_format == "LAST_FIRST"

    await api.mutate(UPDATE_FIRM_SETTINGS, {"portalSignupEnabled": True}, owner["token"])
    firm = await Firm.get(slug="acme-tax")
    assert firm.portal_signup_enabled is True
    assert firm.account_name_format == "LAST_FIRST"


async def test_update_firm_settings_name_format_shapes_generated_account_names(
    api: Api, owner: dict
) -> None:
    await api.mutate(UPDATE_FIRM_SETTINGS, {"accountNameFormat": "LAST_FIRST"}, owner["token"])

    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")

    assert account["name"] == "Doe, Jane"
    assert account["nameIsGenerated"] is True


@pytest.mark.parametrize(("name", "code"), [("Acme\x07Tax", "INVALID"), ("   ", "REQUIRED")])
async def test_update_firm_settings_refuses_a_bad_name_and_changes_nothing(
    api: Api, owner: dict, name: str, code: str
) -> None:
    payload = (
        await api.data(
            UPDATE_FIRM_SETTINGS,
            {"input": {"name": name, "portalSignupEnabled": False}},
            owner["token"],
        )
    )["updateFirmSettings"]

    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, ["input", "name"])]
    firm = await Firm.get(slug="acme-tax")
    assert firm.name == "Acme Tax"
    assert firm.portal_signup_enabled is True


async def test_a_firm_name_may_hold_characters_folder_names_may_not(api: Api, owner: dict) -> None:
    payload = await api.mutate(UPDATE_FIRM_SETTINGS, {"name": " Smith/Jones LLP "}, owner["token"])

    assert payload["firm"]["name"] == "Smith/Jones LLP"
    assert (await Firm.get(slug="acme-tax")).name == "Smith/Jones LLP"


async def test_update_firm_settings_by_an_admin_is_allowed(api: Api, owner: dict) -> None:
    admin = await api.create_staff(owner["token"], "admin@acme.example", role="ADMIN")

    payload = await api.mutate(UPDATE_FIRM_SETTINGS, {"name": "Renamed"}, admin["token"])

    assert payload["firm"]["name"] == "Renamed"
    assert (await Firm.get(slug="acme-tax")).name == "Renamed"


async def test_update_firm_settings_without_a_token_is_unauthenticated(
    api: Api, owner: dict
) -> None:
    body = await api.post(UPDATE_FIRM_SETTINGS, {"input": {"name": "Hijacked"}})

    assert codes(body) == ["UNAUTHENTICATED"]
    assert (await Firm.get(slug="acme-tax")).name == "Acme Tax"


# ---------------------------------------------------------------- createStaffMember


async def test_create_staff_member_rights_default_to_false(api: Api, owner: dict) -> None:
    payload = await api.mutate(CREATE_STAFF, staff_input(), owner["token"])

    member = payload["staffMember"]
    assert member["email"] == "emp@acme.example"
    assert member["role"] == "EMPLOYEE"
    assert member["accessRights"] == NO_RIGHTS
    row = await StaffMember.get(email="emp@acme.example")
    assert row.firm_id == (await Firm.get(slug="acme-tax")).id
    assert (row.can_manage_accounts, row.can_view_all_accounts) == (False, False)
    assert row.has_default_account_access is False
    assert row.password_hash.startswith("$argon2id$")


async def test_create_staff_member_with_empty_rights_input_has_no_rights(
    api: Api, owner: dict
) -> None:
    payload = await api.mutate(CREATE_STAFF, staff_input(accessRights={}), owner["token"])

    assert payload["staffMember"]["accessRights"] == NO_RIGHTS


async def test_create_staff_member_keeps_exactly_the_rights_given(api: Api, owner: dict) -> None:
    payload = await api.mutate(
        CREATE_STAFF,
        staff_input(accessRights={"viewAllAccounts": True, "defaultAccountAccess": True}),
        owner["token"],
    )

    assert payload["staffMember"]["accessRights"] == {
        "manageAccounts": False,
        "viewAllAccounts": True,
        "defaultAccountAccess": True,
    }
    row = await StaffMember.get(email="emp@acme.example")
    assert row.can_manage_accounts is False
    assert row.can_view_all_accounts is True
    assert row.has_default_account_access is True


async def test_create_staff_member_admin_reports_all_rights(api: Api, owner: dict) -> None:
    payload = await api.mutate(
        CREATE_STAFF, staff_input(email="admin@acme.example", role="ADMIN"), owner["token"]
    )

    assert payload["staffMember"]["role"] == "ADMIN"
    assert payload["staffMember"]["accessRights"] == ALL_RIGHTS
    listed = (await api.data(STAFF_MEMBERS, token=owner["token"]))["staffMembers"]
    by_email = {s["email"]: s for s in listed}
    assert by_email["admin@acme.example"]["accessRights"] == ALL_RIGHTS
    assert by_email["owner@acme.example"]["accessRights"] == ALL_RIGHTS


async def test_create_staff_member_refuses_the_owner_role(api: Api, owner: dict) -> None:
    payload = (await api.data(CREATE_STAFF, {"input": staff_input(role="OWNER")}, owner["token"]))[
        "createStaffMember"
    ]

    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("INVALID", ["input", "role"])
    ]
    assert payload["staffMember"] is None
    assert not await StaffMember.filter(email="emp@acme.example").exists()


async def test_create_staff_member_refuses_a_taken_email(api: Api, owner: dict) -> None:
    await api.mutate(CREATE_STAFF, staff_input(), owner["token"])

    payload = (
        await api.data(
            CREATE_STAFF,
            {"input": staff_input(email=" EMP@acme.example ", firstName="Other")},
            owner["token"],
        )
    )["createStaffMember"]

    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("DUPLICATE", ["input", "email"])
    ]
    assert payload["staffMember"] is None
    assert await StaffMember.filter(email="emp@acme.example").count() == 1
    assert (await StaffMember.get(email="emp@acme.example")).first_name == "Eve"


async def test_create_staff_member_racing_for_one_email_answers_duplicate(
    api: Api, owner: dict
) -> None:
    answers = await asyncio.gather(
        api.post(CREATE_STAFF, {"input": staff_input()}, owner["token"]),
        api.post(CREATE_STAFF, {"input": staff_input(firstName="Other")}, owner["token"]),
    )

    assert all("errors" not in a for a in answers), answers
    payloads = [a["data"]["createStaffMember"] for a in answers]
    assert sorted(e["code"] for p in payloads for e in p["userErrors"]) == ["DUPLICATE"]
    assert await StaffMember.filter(email="emp@acme.example").count() == 1


async def test_create_staff_member_refuses_an_email_of_another_firm(api: Api, owner: dict) -> None:
    other = await api.create_firm("Beta", "beta", "boss@beta.example")

    codes_ = await api.user_errors(
        CREATE_STAFF, staff_input(email="owner@acme.example"), other["token"]
    )

    assert codes_ == ["DUPLICATE"]
    assert await StaffMember.filter(email="owner@acme.example").count() == 1


async def test_create_staff_member_trims_and_lower_cases_the_email(api: Api, owner: dict) -> None:
    payload = await api.mutate(
        CREATE_STAFF, staff_input(email=" Eve@ACME.example "), owner["token"]
    )

    assert payload["staffMember"]["email"] == "eve@acme.example"
    assert (await sign_in_payload(api, "eve@acme.example", PASSWORD))["userErrors"] == []


async def test_create_staff_member_refuses_a_weak_password(api: Api, owner: dict) -> None:
    codes_ = await api.user_errors(CREATE_STAFF, staff_input(password="short"), owner["token"])

    assert codes_ == ["WEAK_PASSWORD"]
    assert not await StaffMember.filter(email="emp@acme.example").exists()


async def test_created_staff_member_signs_in_to_the_firm(api: Api, owner: dict) -> None:
    await api.mutate(CREATE_STAFF, staff_input(), owner["token"])

    payload = (
        await api.data(SIGN_IN, {"input": {"email": "emp@acme.example", "password": PASSWORD}})
    )["signIn"]

    assert payload["userErrors"] == []
    assert payload["viewer"] == {
        "firm": {"slug": "acme-tax"},
        "staff": {"email": "emp@acme.example"},
    }


# ---------------------------------------------------------------- staffMembers


async def test_staff_members_lists_only_the_own_firm(api: Api, owner: dict) -> None:
    await api.create_staff(owner["token"], "emp@acme.example")
    other = await api.create_firm("Beta", "beta", "boss@beta.example")
    await api.create_staff(other["token"], "worker@beta.example")

    acme = (await api.data(STAFF_MEMBERS, token=owner["token"]))["staffMembers"]
    beta = (await api.data(STAFF_MEMBERS, token=other["token"]))["staffMembers"]

    assert sorted(s["email"] for s in acme) == ["emp@acme.example", "owner@acme.example"]
    assert sorted(s["email"] for s in beta) == ["boss@beta.example", "worker@beta.example"]
    assert not {s["id"] for s in acme} & {s["id"] for s in beta}


async def test_staff_members_is_open_to_an_employee_without_rights(api: Api, owner: dict) -> None:
    employee = await api.create_staff(owner["token"], "emp@acme.example")

    listed = (await api.data(STAFF_MEMBERS, token=employee["token"]))["staffMembers"]

    assert {s["id"] for s in listed} >= {employee["id"]}
    assert len(listed) == 2
