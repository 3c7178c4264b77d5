"""Limits on documents, batching off, masked errors, CORS and secure headers."""

import dataclasses

import httpx

from app.web.app import create_app
from tests.support.graphql import Api, codes


def nested(depth: int) -> str:
    """A query `depth` levels deep: accounts > edges > node > relatedAccounts > ..."""
    inner = "id"
    for _ in range(depth):
        inner = f"relatedAccounts {{ {inner} }}"
    return f"{{ accounts {{ edges {{ node {{ {inner} }} }} }} }}"


async def test_deep_queries_are_refused(api: Api, owner):
    assert "errors" not in await api.post(nested(8), token=owner["token"])
    body = await api.post(nested(12), token=owner["token"])
    assert "depth" in body["errors"][0]["message"].lower()


async def test_too_many_aliases_are_refused(api: Api, owner):
    query = "{ " + " ".join(f"a{i}: tags {{ id }}" for i in range(31)) + " }"
    body = await api.post(query, token=owner["token"])
    assert "alias" in body["errors"][0]["message"].lower()
    query = "{ " + " ".join(f"a{i}: tags {{ id }}" for i in range(30)) + " }"
    assert "errors" not in await api.post(query, token=owner["token"])


async def test_huge_documents_are_refused(api: Api, owner):
    query = "{ " + " ".join("__typename" for _ in range(6000)) + " }"
    body = await api.post(query, token=owner["token"])
    assert "token" in body["errors"][0]["message"].lower()


async def test_pages_are_capped(api: Api, owner):
    body = await api.post("{ accounts(first: 101) { totalCount } }", token=owner["token"])
    assert codes(body) == ["LIMIT_EXCEEDED"]
    body = await api.post("{ accounts(first: -1) { totalCount } }", token=owner["token"])
    assert codes(body) == ["LIMIT_EXCEEDED"]


async def test_batched_requests_are_refused(api: Api):
    response = await api.client.post(
        "/graphql", json=[{"query": "{ __typename }"}, {"query": "{ __typename }"}]
    )
    assert 400 <= response.status_code < 500


async def test_mutations_over_get_are_refused(api: Api):
    response = await api.client.get(
        "/graphql",
        params={"query": 'mutation { createTag(input: {name: "x"}) { tag { id } } }'},
        headers={"Accept": "application/json"},
    )
    assert 400 <= response.status_code < 500


async def test_answers_carry_secure_headers(api: Api):
    response = await api.client.post("/graphql", json={"query": "{ __typename }"})
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "strict-transport-security" not in response.headers  # http:// public URL


async def test_cors_answers_only_the_configured_origins(settings):
    app = create_app(
        dataclasses.replace(settings, cors_origins=("https://app.example",)),
        manage_database=False,
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        preflight = {
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        }
        ok = await client.options(
            "/graphql", headers={"Origin": "https://app.example", **preflight}
        )
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "https://app.example"
        bad = await client.options(
            "/graphql", headers={"Origin": "https://evil.example", **preflight}
        )
        assert "access-control-allow-origin" not in bad.headers
        plain = await client.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"Origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in plain.headers


async def test_no_cors_by_default(api: Api):
    response = await api.client.options(
        "/graphql",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in response.headers
