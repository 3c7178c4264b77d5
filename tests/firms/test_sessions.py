"""Sessions as their owner manages them: viewer.sessions, signOut, signOutEverywhere,
revokeSession and changePassword, for staff and clients; and when a session's use is recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.access.secrets import hash_token
from app.firms.models import AuthSession
from tests.support.documents.firms import CHANGE_PASSWORD, REVOKE_SESSION, SIGN_IN, SIGN_OUT
from tests.support.graphql import PASSWORD, Api, codes
from tests.support.portal import active_client, client_sign_in
from tests.support.sessions import sessions, sign_in, signed_in_as
from tests.support.sql_counter import count_statements

SIGN_OUT_EVERYWHERE = "mutation { signOutEverywhere { count userErrors { field code } } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on SessionInfo { current userAgent } } }"
NEW_PASSWORD = "a-new-password-42"


async def payload(api: Api, query: str, token: str, **variables: Any) -> dict[str, Any]:
    return next(iter((await api.data(query, variables, token)).values()))


async def change_password(api: Api, token: str, current: str, new: str) -> dict[str, Any]:
    input = {"currentPassword": current, "newPassword": new}
    return await payload(api, CHANGE_PASSWORD, token, input=input)


async def test_the_viewer_lists_their_unexpired_sessions_newest_first(api: Api, owner):
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    phone = await sign_in(api, "sam@acme.example", "Phone/1.0")
    laptop = await sign_in(api, "sam@acme.example", "  Laptop/2.0  ")
    long_agent = await sign_in(api, "sam@acme.example", "X" * 400)
    expired = await sign_in(api, "sam@acme.example", "Expired/1.0")
    gone = datetime.now(UTC) - timedelta(seconds=1)
    await AuthSession.filter(token_hash=hash_token(expired)).update(expires_at=gone)

    listed = await sessions(api, laptop)
    agents = [s["userAgent"] for s in listed]
    assert agents[:3] == ["X" * 255, "Laptop/2.0", "Phone/1.0"]
    assert agents[3].startswith("python-httpx/")  # create_staff's sign-in
    assert [s["current"] for s in listed] == [False, True, False, False]
    for session in listed:
        created = datetime.fromisoformat(session["createdAt"])
        assert datetime.fromisoformat(session["expiresAt"]) - created > timedelta(days=29)
        assert session["lastUsedAt"] is not None
    # The sign-in's own viewer names the new session current; nobody else's are listed.
    assert [s["current"] for s in await sessions(api, phone)] == [False, False, True, False]
    assert len(await sessions(api, owner["token"])) == 1
    assert len(await sessions(api, long_agent)) == 4
    assert not await signed_in_as(api, expired) and await signed_in_as(api, sam["token"])


async def test_a_session_is_found_by_its_id_only_by_its_owner(api: Api, owner):
    await api.create_staff(owner["token"], "sam@acme.example")
    sams = await sign_in(api, "sam@acme.example", "Phone/1.0")
    mine = (await sessions(api, sams))[0]
    found = (await api.data(NODE, {"id": mine["id"]}, sams))["node"]
    assert found == {"id": mine["id"], "current": True, "userAgent": "Phone/1.0"}
    assert (await api.data(NODE, {"id": mine["id"]}, owner["token"]))["node"] is None


async def test_sign_out_ends_this_session_only(api: Api, owner):
    await api.create_staff(owner["token"], "sam@acme.example")
    one, two = [await sign_in(api, "sam@acme.example") for _ in range(2)]
    assert await payload(api, SIGN_OUT, one) == {"count": 1, "userErrors": []}
    assert not await signed_in_as(api, one)
    assert await signed_in_as(api, two)
    assert codes(await api.post(SIGN_OUT, token=one)) == ["UNAUTHENTICATED"]
    assert codes(await api.post(SIGN_OUT)) == ["UNAUTHENTICATED"]


async def test_sign_out_everywhere_ends_every_session_of_the_person(api: Api, owner):
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    tokens = [sam["token"], *[await sign_in(api, "sam@acme.example") for _ in range(2)]]
    assert await payload(api, SIGN_OUT_EVERYWHERE, tokens[1]) == {"count": 3, "userErrors": []}
    assert [await signed_in_as(api, t) for t in tokens] == [False, False, False]
    assert await signed_in_as(api, owner["token"])


async def test_revoke_session_ends_only_ones_own(api: Api, owner):
    await api.create_staff(owner["token"], "sam@acme.example")
    phone = await sign_in(api, "sam@acme.example", "Phone/1.0")
    laptop = await sign_in(api, "sam@acme.example", "Laptop/1.0")
    phone_id = next(s["id"] for s in await sessions(api, laptop) if s["userAgent"] == "Phone/1.0")
    owners_id = (await sessions(api, owner["token"]))[0]["id"]
    refused = {"count": 0, "userErrors": [{"field": ["id"], "code": "NOT_FOUND"}]}
    # Someone else's, not a session id, not an id at all: NOT_FOUND, nothing ends.
    staff_id = (await api.data("{ viewer { staff { id } } }", token=laptop))["viewer"]["staff"][
        "id"
    ]
    for id in (owners_id, staff_id, "nonsense"):
        assert await payload(api, REVOKE_SESSION, laptop, id=id) == refused, id
    assert await signed_in_as(api, owner["token"])
    assert await payload(api, REVOKE_SESSION, laptop, id=phone_id) == {"count": 1, "userErrors": []}
    assert not await signed_in_as(api, phone)
    assert await signed_in_as(api, laptop)
    assert await payload(api, REVOKE_SESSION, laptop, id=phone_id) == refused  # gone already


async def test_change_password_keeps_this_session_and_ends_the_others(api: Api, owner):
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    here = await sign_in(api, "sam@acme.example")
    changed = await change_password(api, here, PASSWORD, NEW_PASSWORD)
    assert changed == {
        "session": None,
        "viewer": {
            "staff": {"email": "sam@acme.example"},
            "client": None,
            "sessions": [{"current": True}],
        },
        "userErrors": [],
    }
    assert not await signed_in_as(api, sam["token"])
    assert await signed_in_as(api, here)
    assert await sign_in(api, "sam@acme.example", password=NEW_PASSWORD)
    old = {"input": {"email": "sam@acme.example", "password": PASSWORD}}
    errors = (await api.data(SIGN_IN, old))["signIn"]["userErrors"]
    assert [e["code"] for e in errors] == ["INVALID_CREDENTIALS"]


async def test_change_password_refuses_a_wrong_current_or_weak_new_password(api: Api, owner):
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    other = await sign_in(api, "sam@acme.example")
    weak = await change_password(api, sam["token"], PASSWORD, "short")
    assert weak["userErrors"] == [{"field": ["input", "newPassword"], "code": "WEAK_PASSWORD"}]
    wrong = await change_password(api, sam["token"], "not-the-password", NEW_PASSWORD)
    assert wrong["userErrors"] == [
        {"field": ["input", "currentPassword"], "code": "INVALID_CREDENTIALS"}
    ]
    assert wrong["viewer"] is None
    # Nothing changed: the other session lives, the old password still signs in.
    assert await signed_in_as(api, other)
    assert await sign_in(api, "sam@acme.example")


async def test_wrong_current_passwords_count_as_failed_sign_ins(api: Api, owner):
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    for _ in range(5):
        wrong = await change_password(api, sam["token"], "guess-guess-guess", NEW_PASSWORD)
        assert [e["code"] for e in wrong["userErrors"]] == ["INVALID_CREDENTIALS"]
    locked = await change_password(api, sam["token"], PASSWORD, NEW_PASSWORD)
    assert [e["code"] for e in locked["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    right = {"input": {"email": "sam@acme.example", "password": PASSWORD}}
    errors = (await api.data(SIGN_IN, right))["signIn"]["userErrors"]
    assert [e["code"] for e in errors] == ["TOO_MANY_ATTEMPTS"]


async def test_a_client_manages_their_sessions_and_password(mail_api: Api, owner, smtp_server):
    await active_client(mail_api, owner, smtp_server)
    first = (await client_sign_in(mail_api, "acme-tax", "jane@example.com"))["session"]["token"]
    second = (await client_sign_in(mail_api, "acme-tax", "jane@example.com"))["session"]["token"]
    listed = await sessions(mail_api, second)
    assert [s["current"] for s in listed] == [True, False, False]  # activation's session last
    assert await payload(mail_api, REVOKE_SESSION, second, id=listed[1]["id"]) == {
        "count": 1,
        "userErrors": [],
    }
    assert not await signed_in_as(mail_api, first)
    changed = await change_password(mail_api, second, PASSWORD, NEW_PASSWORD)
    assert changed["userErrors"] == [] and changed["viewer"]["client"] == {
        "email": "jane@example.com"
    }
    assert len(await sessions(mail_api, second)) == 1  # the activation's session ended
    await client_sign_in(mail_api, "acme-tax", "jane@example.com", NEW_PASSWORD)
    assert await payload(mail_api, SIGN_OUT_EVERYWHERE, second) == {"count": 2, "userErrors": []}
    assert await signed_in_as(mail_api, owner["token"])


async def test_last_use_is_written_at_most_once_a_minute(api: Api, owner):
    token = owner["token"]
    query = "{ viewer { staff { email } } }"
    with count_statements(bookkeeping=True) as fresh:
        await api.data(query, token=token)
    # (The query cost budget's upsert aside: it is no session write.)
    assert not [s for s in fresh if "UPDATE" in s.upper() and "cost_bucket" not in s]
    row = AuthSession.filter(token_hash=hash_token(token))
    await row.update(last_used_at=datetime.now(UTC) - timedelta(seconds=61))
    with count_statements(bookkeeping=True) as stale:
        await api.data(query, token=token)
    assert len(stale) == len(fresh) + 1
    used = (await row.get()).last_used_at
    assert used is not None and datetime.now(UTC) - used < timedelta(seconds=5)
    with count_statements(bookkeeping=True) as again:
        await api.data(query, token=token)
    assert len(again) == len(fresh)
