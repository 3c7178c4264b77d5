"""Ending sessions: the tokens stop working at once, and open WebSockets using them close
with 4403 within 2 s (through the sweep, or on expiry, without any request)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from app.access.secrets import hash_token
from app.firms.models import AuthSession
from app.firms.sessions import end_sessions
from app.graphql.ids import pk_of
from tests.support.documents.firms import CHANGE_PASSWORD, REVOKE_SESSION, SIGN_IN, SIGN_OUT
from tests.support.graphql import PASSWORD, Api
from tests.support.portal import active_client, client_sign_in
from tests.support.sessions import sessions, signed_in_as
from tests.support.ws import close_code, receive, signed_in, socket, subscribe

ME = "{ viewer { staff { email } client { email } } }"


async def sign_in(api: Api, email: str) -> str:
    return (await api.mutate(SIGN_IN, {"email": email, "password": PASSWORD}))["session"]["token"]


async def session_id(token: str) -> int:
    return (await AuthSession.get(token_hash=hash_token(token))).id


async def test_every_session_of_a_staff_member_ends_but_the_one_kept(api: Api, owner):
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    more = [await sign_in(api, "sam@acme.example") for _ in range(2)]
    kept = await session_id(more[-1])
    ended = await end_sessions(staff_id=int(pk_of(sam["id"], "StaffMember") or 0), keep=kept)
    assert ended == 2
    assert [await signed_in_as(api, t) for t in (sam["token"], *more)] == [False, False, True]
    assert await signed_in_as(api, owner["token"])  # nobody else's
    assert await end_sessions(staff_id=int(pk_of(sam["id"], "StaffMember") or 0)) == 1
    assert not await signed_in_as(api, more[-1])


async def test_every_session_of_a_portal_login_ends(mail_api: Api, owner, smtp_server):
    await active_client(mail_api, owner, smtp_server)
    tokens = [(await client_sign_in(mail_api, "acme-tax", "jane@example.com"))["session"]["token"]]
    tokens.append(
        (await client_sign_in(mail_api, "acme-tax", "jane@example.com"))["session"]["token"]
    )
    login_id = (await AuthSession.get(token_hash=hash_token(tokens[0]))).portal_login_id
    assert login_id is not None
    assert await end_sessions(portal_login_id=login_id) == 3  # the activation's session too
    assert not any([await signed_in_as(mail_api, t) for t in tokens])
    assert await signed_in_as(mail_api, owner["token"])


async def test_one_person_must_be_named(api: Api):
    with pytest.raises(ValueError):
        await end_sessions()
    with pytest.raises(ValueError):
        await end_sessions(staff_id=1, portal_login_id=1)


async def test_an_ended_session_closes_its_socket_within_two_seconds(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example")
    async with socket(live) as sams, socket(live) as owners:
        await signed_in(sams, sam["token"])
        await signed_in(owners, owner["token"])
        # Ended from this process, which has no broadcast: the server's sweep finds it.
        started = time.monotonic()
        assert await end_sessions(staff_id=int(pk_of(sam["id"], "StaffMember") or 0)) == 1
        assert await close_code(sams, timeout=5) == 4403
        assert time.monotonic() - started < 2.0
        # The owner's socket stays: it still answers.
        await subscribe(owners, query=ME)
        assert (await receive(owners))["payload"]["data"]["viewer"]["staff"]["email"] == (
            "owner@acme.example"
        )


async def test_a_socket_closes_when_its_session_expires(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example")
    expires = datetime.now(UTC) + timedelta(seconds=2)
    await AuthSession.filter(token_hash=hash_token(sam["token"])).update(expires_at=expires)
    async with socket(live) as ws:
        await signed_in(ws, sam["token"])
        assert await close_code(ws, timeout=6) == 4403
        assert datetime.now(UTC) - expires < timedelta(seconds=2)
    assert not await signed_in_as(live_api, sam["token"])


async def test_a_subscribe_after_the_session_ended_does_not_run(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    async with socket(live) as ws:
        await signed_in(ws, owner["token"])
        # Deleted behind the server's back (no message): the subscribe asks the database.
        await AuthSession.filter(token_hash=hash_token(owner["token"])).delete()
        await subscribe(ws, query=ME)
        messages = []
        try:
            while True:
                messages.append(json.loads(await ws.recv()))
        except Exception:
            pass
        assert ws.close_code == 4403
        assert [m for m in messages if m.get("type") in ("next", "complete")] == []


async def test_sign_out_revocation_and_password_change_close_sockets(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    await live_api.create_staff(owner["token"], "sam@acme.example")
    tokens = [await sign_in(live_api, "sam@acme.example") for _ in range(4)]
    out, revoked, changing, other = tokens
    async with (
        socket(live) as out_ws,
        socket(live) as revoked_ws,
        socket(live) as changing_ws,
        socket(live) as other_ws,
    ):
        for ws, token in zip((out_ws, revoked_ws, changing_ws, other_ws), tokens, strict=True):
            await signed_in(ws, token)
        await live_api.data(SIGN_OUT, token=out)
        assert await close_code(out_ws, timeout=2) == 4403
        revoked_id = next(s["id"] for s in await sessions(live_api, revoked) if s["current"])
        await live_api.data(REVOKE_SESSION, {"id": revoked_id}, changing)
        assert await close_code(revoked_ws, timeout=2) == 4403
        change = {"currentPassword": PASSWORD, "newPassword": "a-new-password-42"}
        await live_api.data(CHANGE_PASSWORD, {"input": change}, changing)
        assert await close_code(other_ws, timeout=2) == 4403
        # The session that changed the password keeps its socket.
        await subscribe(changing_ws, query=ME)
        answer = await receive(changing_ws)
        assert answer["payload"]["data"]["viewer"]["staff"]["email"] == "sam@acme.example"
