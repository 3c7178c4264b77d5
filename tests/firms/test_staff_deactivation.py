"""A deactivated staff member: sessions and sockets end at once, every notification fan-out
leaves them out, nobody puts them on a team, and what they did keeps naming them."""

from __future__ import annotations

from app.accounts.models import Account
from app.graphql.ids import pk_of
from app.inbox.models import Notification, NotificationKind
from app.mail.models import OutboxMail
from tests.support.graphql import Api
from tests.support.mailbox import OutboxMailbox
from tests.support.portal import activate, first_email_id, invite, link_of, register_and_confirm
from tests.support.sessions import sign_in, signed_in_as
from tests.support.staff import deactivate, reactivate
from tests.support.ws import close_code, init, signed_in, socket

TEAM = "query($id: ID!) { account(id: $id) { teamMembers { email active } } }"
UPDATE_TEAM = """
mutation($input: UpdateAccountInput!) {
  updateAccount(input: $input) { account { teamMembers { email } } userErrors { field code } }
}"""


def pk(global_id: str) -> int:
    found = pk_of(global_id, "StaffMember")
    assert found is not None
    return found


async def told(kind: NotificationKind) -> list[str]:
    """The emails of the staff members holding a notification of this kind."""
    rows = await Notification.filter(kind=kind).select_related("recipient")
    return sorted(row.recipient.email for row in rows)


async def mailed(template: str) -> list[str]:
    return sorted(await OutboxMail.filter(template=template).values_list("to_address", flat=True))


async def account_with_team(api: Api, token: str, *staff_ids: str, **toggles: bool) -> dict:
    contact = {
        "firstName": "Jane",
        "lastName": "Doe",
        "emails": [{"address": "jane@example.com", **toggles}],
    }
    payload = await api.create_account(
        token, type="INDIVIDUAL", teamMemberIds=list(staff_ids), contacts=[{"contact": contact}]
    )
    return payload["account"]


async def test_deactivation_ends_every_session_at_once(api: Api, owner):
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    tokens = [sam["token"], await sign_in(api, "sam@acme.example")]
    await deactivate(api, owner["token"], sam["id"])
    assert [await signed_in_as(api, t) for t in tokens] == [False, False]
    await reactivate(api, owner["token"], sam["id"])
    assert [await signed_in_as(api, t) for t in tokens] == [False, False]


async def test_deactivation_closes_the_members_sockets(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example")
    async with socket(live) as ws:
        await signed_in(ws, sam["token"])
        assert (await deactivate(live_api, owner["token"], sam["id"]))["userErrors"] == []
        assert await close_code(ws, timeout=2) == 4403
    async with socket(live) as ws:  # and cannot open a new one
        await init(ws, {"token": sam["token"]})
        assert await close_code(ws, timeout=2) == 4403


async def test_nobody_puts_a_deactivated_member_on_a_team(api: Api, owner):
    token = owner["token"]
    sam = await api.create_staff(token, "sam@acme.example", defaultAccountAccess=True)
    max_ = await api.create_staff(token, "max@acme.example")
    kept = await account_with_team(api, token, max_["id"])
    await deactivate(api, token, sam["id"])
    await deactivate(api, token, max_["id"])
    # Default access no longer adds Sam to new accounts; naming him is NOT_FOUND.
    fresh = await api.individual(token, "Bob", "Roe", "bob@example.com")
    assert [m["email"] for m in fresh["teamMembers"]] == ["owner@acme.example"]
    contact = {"firstName": "A", "lastName": "B"}
    refused = await api.user_errors(
        "mutation($input: CreateAccountInput!) { createAccount(input: $input) { userErrors { code } } }",
        {
            "type": "OTHER",
            "name": "X",
            "teamMemberIds": [sam["id"]],
            "contacts": [{"contact": contact}],
        },
        token,
    )
    assert refused == ["NOT_FOUND"]
    adding = {"id": fresh["id"], "teamMemberIds": [sam["id"]]}
    answer = (await api.data(UPDATE_TEAM, {"input": adding}, token))["updateAccount"]
    assert answer["userErrors"] == [{"field": ["input", "teamMemberIds"], "code": "NOT_FOUND"}]
    # Who was on a team stays (listed inactive), and a team sent back as listed keeps them.
    team = (await api.data(TEAM, {"id": kept["id"]}, token))["account"]["teamMembers"]
    assert {m["email"]: m["active"] for m in team} == {
        "owner@acme.example": True,
        "max@acme.example": False,
        "sam@acme.example": False,  # by default access, before
    }
    ids = [await _id(api, token), max_["id"], sam["id"]]
    again = await api.data(UPDATE_TEAM, {"input": {"id": kept["id"], "teamMemberIds": ids}}, token)
    assert again["updateAccount"]["userErrors"] == []
    # Reactivated, he may be added again.
    await reactivate(api, token, sam["id"])
    adding_again = (await api.data(UPDATE_TEAM, {"input": adding}, token))["updateAccount"]
    assert adding_again["userErrors"] == []


async def _id(api: Api, token: str) -> str:
    return (await api.data("{ viewer { staff { id } } }", token=token))["viewer"]["staff"]["id"]


async def test_activation_tells_only_the_active_team_members(mail_api: Api, owner, smtp_server):
    token = owner["token"]
    sam = await mail_api.create_staff(token, "sam@acme.example")
    max_ = await mail_api.create_staff(token, "max@acme.example")
    account = await account_with_team(mail_api, token, sam["id"], max_["id"], login=True)
    await deactivate(mail_api, token, sam["id"])
    await invite(mail_api, token, first_email_id(account))
    await activate(mail_api, link_of((await smtp_server.wait_for(1))[-1])[1])
    assert await told(NotificationKind.CLIENT_ACTIVATED) == [
        "max@acme.example",
        "owner@acme.example",
    ]
    assert await mailed("client_activated") == ["max@acme.example", "owner@acme.example"]


async def test_registration_tells_only_active_owners_and_default_members(api: Api, owner):
    token = owner["token"]
    second = await api.create_staff(token, "second@acme.example")
    await api.data(
        "mutation($input: UpdateStaffMemberInput!) { updateStaffMember(input: $input) { userErrors { code } } }",
        {"input": {"id": second["id"], "role": "OWNER"}},
        token,
    )
    helper = await api.create_staff(token, "dana@acme.example", defaultAccountAccess=True)
    await api.create_staff(token, "dan@acme.example", defaultAccountAccess=True)
    await deactivate(api, token, second["id"])
    await deactivate(api, token, helper["id"])
    await register_and_confirm(api, OutboxMailbox(), "acme-tax", "Jane", "Doe", "jane@example.com")
    team = await Account.get(name="Jane Doe").prefetch_related("team_links__staff")
    assert sorted(t.staff.email for t in team.team_links) == [
        "dan@acme.example",
        "owner@acme.example",
    ]
    assert await told(NotificationKind.CLIENT_REGISTERED) == [
        "dan@acme.example",
        "owner@acme.example",
    ]
    assert await mailed("client_registered") == ["dan@acme.example", "owner@acme.example"]


async def test_an_import_names_no_deactivated_member(api: Api, owner):
    from tests.support.imports import run_import

    sam = await api.create_staff(owner["token"], "sam@acme.example")
    await deactivate(api, owner["token"], sam["id"])
    csv = "account_name,account_type,first_name,last_name,team_members\nX,OTHER,A,B,sam@acme.example\n"
    report = (await run_import(api, owner["token"], csv))["report"]
    assert [(e["column"], e["code"]) for e in report["errors"]] == [("team_members", "NOT_FOUND")]
    assert report["accountsCreated"] == 0


async def test_a_session_of_a_deactivated_member_is_refused_even_if_left_over(api: Api, owner):
    from datetime import UTC, datetime

    from app.firms.models import StaffMember

    sam = await api.create_staff(owner["token"], "sam@acme.example")
    # As if a sign-in had raced the deactivation: the flag set, a session still there.
    await StaffMember.filter(id=pk(sam["id"])).update(deactivated_at=datetime.now(UTC))
    assert not await signed_in_as(api, sam["token"])
