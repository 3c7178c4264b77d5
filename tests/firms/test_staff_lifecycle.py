"""updateStaffMember, deactivateStaffMember and reactivateStaffMember: who may act on whom,
and the firm always keeping an active owner."""

from __future__ import annotations

from typing import Any

from app.graphql.ids import to_global_id
from tests.support.documents.firms import (
    DEACTIVATE_STAFF_MEMBER,
    REACTIVATE_STAFF_MEMBER,
    SIGN_IN,
    STAFF_MEMBER_FIELDS,
    UPDATE_STAFF_MEMBER,
    VIEWER_STAFF_ID,
)
from tests.support.graphql import PASSWORD, Api, codes
from tests.support.staff import deactivate, reactivate, update

STAFF = f"{{ staffMembers {{ {STAFF_MEMBER_FIELDS} }} }}"


async def my_id(api: Api, token: str) -> str:
    return (await api.data(VIEWER_STAFF_ID, token=token))["viewer"]["staff"]["id"]


def error_codes(payload: dict[str, Any]) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def staff_list(api: Api, token: str) -> dict[str, dict[str, Any]]:
    return {m["email"]: m for m in (await api.data(STAFF, token=token))["staffMembers"]}


async def test_only_the_fields_given_change(api: Api, owner):
    sam = await api.create_staff(owner["token"], "sam@acme.example", viewAllAccounts=True)
    before = (await staff_list(api, owner["token"]))["sam@acme.example"]
    renamed = await update(api, owner["token"], id=sam["id"], firstName="  Samuel ")
    assert renamed["userErrors"] == []
    assert renamed["staffMember"] == {**before, "firstName": "Samuel"}
    rights = await update(
        api, owner["token"], id=sam["id"], lastName="Stone", accessRights={"manageAccounts": True}
    )
    assert rights["staffMember"]["lastName"] == "Stone"
    assert rights["staffMember"]["accessRights"] == {
        "manageAccounts": True,
        "viewAllAccounts": True,  # kept: not given
        "defaultAccountAccess": False,
    }
    promoted = await update(api, owner["token"], id=sam["id"], role="ADMIN")
    assert promoted["staffMember"]["role"] == "ADMIN"
    assert (await staff_list(api, owner["token"]))["sam@acme.example"] == promoted["staffMember"]


async def test_names_are_checked_and_nothing_changes_on_error(api: Api, owner):
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    before = await staff_list(api, owner["token"])
    bad = await update(
        api, owner["token"], id=sam["id"], firstName=" ", lastName="A/B", role="ADMIN"
    )
    assert error_codes(bad) == [
        ("REQUIRED", ["input", "firstName"]),
        ("INVALID_CHARACTERS", ["input", "lastName"]),
    ]
    assert bad["staffMember"] is None
    assert await staff_list(api, owner["token"]) == before


async def test_employees_may_not_manage_staff(api: Api, owner):
    sam = await api.create_staff(owner["token"], "sam@acme.example", manageAccounts=True)
    max_ = await api.create_staff(owner["token"], "max@acme.example")
    for query, variables in (
        (UPDATE_STAFF_MEMBER, {"input": {"id": max_["id"], "firstName": "M"}}),
        (DEACTIVATE_STAFF_MEMBER, {"id": max_["id"]}),
        (REACTIVATE_STAFF_MEMBER, {"id": max_["id"]}),
    ):
        assert codes(await api.post(query, variables, sam["token"])) == ["FORBIDDEN"]
        assert codes(await api.post(query, variables)) == ["UNAUTHENTICATED"]
    assert (await staff_list(api, owner["token"]))["max@acme.example"]["firstName"] == "Sam"


async def test_an_admin_may_not_act_on_an_owner_nor_make_one(api: Api, owner):
    admin = await api.create_staff(owner["token"], "ada@acme.example", role="ADMIN")
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    owner_id = await my_id(api, owner["token"])
    for query, variables in (
        (UPDATE_STAFF_MEMBER, {"input": {"id": owner_id, "firstName": "Mallory"}}),
        (DEACTIVATE_STAFF_MEMBER, {"id": owner_id}),
        (REACTIVATE_STAFF_MEMBER, {"id": owner_id}),
        (UPDATE_STAFF_MEMBER, {"input": {"id": sam["id"], "role": "OWNER"}}),
        (UPDATE_STAFF_MEMBER, {"input": {"id": await my_id(api, admin["token"]), "role": "OWNER"}}),
    ):
        assert codes(await api.post(query, variables, admin["token"])) == ["FORBIDDEN"], variables
    members = await staff_list(api, owner["token"])
    assert members["owner@acme.example"]["firstName"] == "Olivia"
    assert members["owner@acme.example"]["active"] is True
    assert members["sam@acme.example"]["role"] == "EMPLOYEE"
    # On everyone else an admin may act.
    assert (await update(api, admin["token"], id=sam["id"], role="ADMIN"))["userErrors"] == []
    assert (await deactivate(api, admin["token"], sam["id"]))["staffMember"]["active"] is False


async def test_the_last_active_owner_stays_an_owner(api: Api, owner):
    owner_id = await my_id(api, owner["token"])
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    last = [("INVALID", ["input", "role"])]
    assert error_codes(await update(api, owner["token"], id=owner_id, role="ADMIN")) == last
    # A second owner (only an owner makes one) lets the first step down ...
    assert (await update(api, owner["token"], id=sam["id"], role="OWNER"))["userErrors"] == []
    demoted = await update(api, owner["token"], id=owner_id, role="ADMIN")
    assert demoted["userErrors"] == [] and demoted["staffMember"]["role"] == "ADMIN"
    # ... and now Sam is the last: not demoted, not deactivated (by the admin: FORBIDDEN).
    assert error_codes(await update(api, sam["token"], id=sam["id"], role="EMPLOYEE")) == last
    assert codes(await api.post(DEACTIVATE_STAFF_MEMBER, {"id": sam["id"]}, owner["token"])) == [
        "FORBIDDEN"
    ]
    # A deactivated owner does not count.
    assert (await update(api, sam["token"], id=owner_id, role="OWNER"))["userErrors"] == []
    assert (await deactivate(api, sam["token"], owner_id))["staffMember"]["active"] is False
    assert error_codes(await update(api, sam["token"], id=sam["id"], role="ADMIN")) == last
    other = await api.create_staff(sam["token"], "max@acme.example")
    await update(api, sam["token"], id=other["id"], role="OWNER")
    assert error_codes(await deactivate(api, other["token"], owner_id)) == []  # already inactive
    assert (await deactivate(api, other["token"], sam["id"]))["userErrors"] == []
    assert error_codes(await update(api, other["token"], id=other["id"], role="ADMIN")) == last


async def test_nobody_deactivates_themselves(api: Api, owner):
    admin = await api.create_staff(owner["token"], "ada@acme.example", role="ADMIN")
    mine = await deactivate(api, admin["token"], await my_id(api, admin["token"]))
    assert error_codes(mine) == [("INVALID", ["id"])]
    owners = await deactivate(api, owner["token"], await my_id(api, owner["token"]))
    assert error_codes(owners) == [("INVALID", ["id"])]
    assert all(m["active"] for m in (await staff_list(api, owner["token"])).values())


async def test_another_firms_member_or_a_bad_id_is_not_found(api: Api, owner):
    other = await api.create_firm("Other", "other-firm", "boss@other.example")
    theirs = await api.create_staff(other["token"], "them@other.example")
    for id in (theirs["id"], to_global_id("Tag", 1), "nonsense", to_global_id("StaffMember", 999)):
        assert error_codes(await update(api, owner["token"], id=id, firstName="X")) == [
            ("NOT_FOUND", ["input", "id"])
        ]
        assert error_codes(await deactivate(api, owner["token"], id)) == [("NOT_FOUND", ["id"])]
        assert error_codes(await reactivate(api, owner["token"], id)) == [("NOT_FOUND", ["id"])]
    assert (await staff_list(api, other["token"]))["them@other.example"]["active"] is True


async def test_deactivation_ends_sign_in_and_reactivation_restores_it(api: Api, owner):
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    done = await deactivate(api, owner["token"], sam["id"])
    assert done["userErrors"] == [] and done["staffMember"]["active"] is False
    # The viewer is null, not an error.
    assert codes(await api.post(VIEWER_STAFF_ID, token=sam["token"])) == []
    assert (await api.data(VIEWER_STAFF_ID, token=sam["token"]))["viewer"] is None
    assert codes(await api.post(STAFF, token=sam["token"])) == ["UNAUTHENTICATED"]
    sign_in = {"input": {"email": "sam@acme.example", "password": PASSWORD}}
    refused = (await api.data(SIGN_IN, sign_in))["signIn"]
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID_CREDENTIALS"]
    listed = await staff_list(api, owner["token"])
    assert listed["sam@acme.example"]["active"] is False  # still listed
    again = await reactivate(api, owner["token"], sam["id"])
    assert again["userErrors"] == [] and again["staffMember"]["active"] is True
    assert codes(await api.post(STAFF, token=sam["token"])) == ["UNAUTHENTICATED"]  # stays ended
    assert (await api.mutate(SIGN_IN, sign_in["input"]))["session"]["token"]
