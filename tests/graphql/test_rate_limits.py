"""Rate limits per client address, held in the database (so shared by every process)."""

import asyncio

from app.firms.models import Firm
from app.portal.models import LinkToken
from app.rate_limits.models import RateLimitHit
from tests.support.documents.firms import CREATE_FIRM, SIGN_IN
from tests.support.documents.portal import ACTIVATE_PORTAL_ACCESS, PORTAL_SIGN_IN, REGISTER_CLIENT
from tests.support.graphql import PASSWORD, Api
from tests.support.portal import registration


async def test_firm_sign_up_is_limited_per_address(api: Api):
    for i in range(20):
        await api.create_firm(f"Firm {i}", f"firm-{i}", f"owner{i}@example.com")
    body = await api.data(
        CREATE_FIRM,
        {
            "input": {
                "name": "One more",
                "slug": "one-more",
                "ownerEmail": "x@example.com",
                "ownerPassword": PASSWORD,
                "ownerFirstName": "A",
                "ownerLastName": "B",
            }
        },
    )
    assert [e["code"] for e in body["createFirm"]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    assert await Firm.all().count() == 20


async def test_activation_attempts_are_limited_per_address(api: Api):
    for _ in range(20):
        body = await api.data(
            ACTIVATE_PORTAL_ACCESS, {"input": {"token": "guess", "password": PASSWORD}}
        )
        assert [e["code"] for e in body["activatePortalAccess"]["userErrors"]] == ["INVALID_TOKEN"]
    body = await api.data(
        ACTIVATE_PORTAL_ACCESS, {"input": {"token": "guess", "password": PASSWORD}}
    )
    assert [e["code"] for e in body["activatePortalAccess"]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


async def test_registrations_are_limited_per_address(api: Api, owner):
    for i in range(20):
        await api.mutate(
            REGISTER_CLIENT, registration("acme-tax", "C", f"N{i}", f"c{i}@example.com")
        )
    body = await api.data(
        REGISTER_CLIENT, {"input": registration("acme-tax", "C", "X", "cx@example.com")}
    )
    assert [e["code"] for e in body["registerClient"]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    assert await LinkToken.all().count() == 20  # one confirmation link each, nothing more


async def test_failed_sign_ins_from_one_address_are_limited_whatever_the_email(api: Api, owner):
    for i in range(20):  # password spraying: a different email each time
        body = await api.data(
            SIGN_IN, {"input": {"email": f"who{i}@example.com", "password": "wrong-password"}}
        )
        assert [e["code"] for e in body["signIn"]["userErrors"]] == ["INVALID_CREDENTIALS"]
    body = await api.data(SIGN_IN, {"input": {"email": "owner@acme.example", "password": PASSWORD}})
    assert [e["code"] for e in body["signIn"]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    assert await RateLimitHit.filter(key__startswith="sign-in-failures:").count() == 20


async def test_a_wrong_email_and_a_wrong_password_answer_alike(api: Api, owner):
    known = await api.data(
        SIGN_IN, {"input": {"email": "owner@acme.example", "password": "wrong-password"}}
    )
    unknown = await api.data(
        SIGN_IN, {"input": {"email": "nobody@acme.example", "password": "wrong-password"}}
    )
    assert known["signIn"]["userErrors"] == unknown["signIn"]["userErrors"]


# ---------------------------------------------------------------- throttles that hold under a race


async def _parallel_codes(api: Api, query: str, inputs: list[dict]) -> list[str]:
    """The first user error code of each of these one-mutation requests, sent all at once."""
    bodies = await asyncio.gather(*(api.data(query, {"input": i}) for i in inputs))
    return [next(iter(b.values()))["userErrors"][0]["code"] for b in bodies]


async def test_forty_parallel_wrong_passwords_for_one_staff_email_pass_at_most_five(
    api: Api, owner
):
    wrong = {"email": "owner@acme.example", "password": "wrong-password"}
    found = await _parallel_codes(api, SIGN_IN, [wrong] * 40)

    assert found.count("INVALID_CREDENTIALS") <= 5
    assert set(found) <= {"INVALID_CREDENTIALS", "TOO_MANY_ATTEMPTS"}
    # Attempts refused during the race did not count; the rest of the five still can be
    # tried, one by one, and then even the right password is refused.
    wrong_input = {"input": wrong}
    for _ in range(5 - found.count("INVALID_CREDENTIALS")):
        body = await api.data(SIGN_IN, wrong_input)
        assert [e["code"] for e in body["signIn"]["userErrors"]] == ["INVALID_CREDENTIALS"]
    right = await api.data(
        SIGN_IN, {"input": {"email": "owner@acme.example", "password": PASSWORD}}
    )
    assert [e["code"] for e in right["signIn"]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


async def test_forty_parallel_wrong_client_passwords_pass_at_most_five(api: Api, owner):
    wrong = {"firmSlug": "acme-tax", "email": "jane@example.com", "password": "wrong-password"}
    found = await _parallel_codes(api, PORTAL_SIGN_IN, [wrong] * 40)

    assert found.count("INVALID_CREDENTIALS") <= 5
    assert set(found) <= {"INVALID_CREDENTIALS", "TOO_MANY_ATTEMPTS"}


async def test_failures_against_an_unknown_firm_lock_nothing_real(api: Api, owner):
    await api.create_firm("Beta Books", "beta-books", "owner@beta.example")
    for _ in range(5):
        codes = await _parallel_codes(
            api,
            PORTAL_SIGN_IN,
            [{"firmSlug": "no-such-firm", "email": "jane@example.com", "password": "wrong-pass1"}],
        )
        assert codes == ["INVALID_CREDENTIALS"]
    # The same address at a real firm still gets the ordinary answer, not TOO_MANY_ATTEMPTS.
    real = {"firmSlug": "beta-books", "email": "jane@example.com", "password": "wrong-pass1"}
    assert await _parallel_codes(api, PORTAL_SIGN_IN, [real]) == ["INVALID_CREDENTIALS"]


async def test_a_successful_sign_in_does_not_count(api: Api, owner):
    for _ in range(4):
        await api.data(
            SIGN_IN, {"input": {"email": "owner@acme.example", "password": "wrong-password"}}
        )
    for _ in range(3):  # would be the 5th to 7th failures if successes counted
        await api.mutate(SIGN_IN, {"email": "owner@acme.example", "password": PASSWORD})
    body = await api.data(
        SIGN_IN, {"input": {"email": "owner@acme.example", "password": "wrong-password"}}
    )
    assert [e["code"] for e in body["signIn"]["userErrors"]] == ["INVALID_CREDENTIALS"]
