"""Rate limits per client address, held in the database (so shared by every process)."""

from app.models import Firm, PortalLogin, RateLimitHit
from tests.graphql import CREATE_FIRM, PASSWORD, SIGN_IN, Api
from tests.portal import ACTIVATE, REGISTER


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
        body = await api.data(ACTIVATE, {"input": {"token": "guess", "password": PASSWORD}})
        assert [e["code"] for e in body["activatePortalAccess"]["userErrors"]] == ["INVALID_TOKEN"]
    body = await api.data(ACTIVATE, {"input": {"token": "guess", "password": PASSWORD}})
    assert [e["code"] for e in body["activatePortalAccess"]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


async def test_registrations_are_limited_per_address(api: Api, owner):
    for i in range(20):
        await api.mutate(
            REGISTER,
            {
                "firmSlug": "acme-tax",
                "accountType": "INDIVIDUAL",
                "firstName": "C",
                "lastName": f"N{i}",
                "email": f"c{i}@example.com",
                "password": PASSWORD,
            },
        )
    body = await api.data(
        REGISTER,
        {
            "input": {
                "firmSlug": "acme-tax",
                "accountType": "INDIVIDUAL",
                "firstName": "C",
                "lastName": "X",
                "email": "cx@example.com",
                "password": PASSWORD,
            }
        },
    )
    assert [e["code"] for e in body["registerClient"]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    assert await PortalLogin.all().count() == 20


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
