"""GET /schema.graphql serves the SDL `crm export-schema` writes, cacheable by its ETag."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema

from tests.support.graphql import Api

EXPORTED = Path(__file__).resolve().parents[2] / "schema.graphql"


async def test_the_schema_is_served_as_sdl_with_its_descriptions(api: Api):
    answer = await api.client.get("/schema.graphql")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.text == EXPORTED.read_text()  # the committed export, not another printing
    schema = build_schema(answer.text)
    assert schema.type_map["Account"].description


async def test_the_schema_is_cacheable_and_revalidates_with_its_etag(api: Api):
    first = await api.client.get("/schema.graphql")
    etag = first.headers["etag"]
    assert "max-age" in first.headers["cache-control"]
    again = await api.client.get("/schema.graphql", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    stale = await api.client.get("/schema.graphql", headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200 and stale.text == first.text
