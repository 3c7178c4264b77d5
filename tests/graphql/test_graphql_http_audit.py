"""GraphQL over HTTP: the `graphql-http` server audits (tests/js/audit.mjs) against a real
`crm serve` process where Node.js is available, and the media types they check, in Python."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from app.graphql.http import GRAPHQL_RESPONSE, JSON, response_media_type
from tests.support import node_js
from tests.support.graphql import Api
from tests.support.live_server import crm_env, crm_server

UNKNOWN_FIELD = "{ nope }"
SIGNED_IN_ONLY = "{ notifications(first: 1) { totalCount } }"


@pytest.fixture(scope="module")
def audits(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[dict]]:
    """The result of every audit, run once against one server process."""
    node = node_js.node()
    env = crm_env(CRM_DATABASE_URL=database_url, CRM_BROADCAST_URL="memory://")
    with crm_server(env, tmp_path_factory.mktemp("audit")) as server:
        run = subprocess.run(
            [node, str(node_js.JS / "audit.mjs"), f"{server.base}/graphql"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        server_log = server.logged.text[-4000:]
    assert run.returncode == 0, f"{run.stderr}\nthe server's log:\n{server_log}"
    yield [json.loads(line) for line in run.stdout.splitlines()]


def failed(audits: list[dict], level: str) -> list[dict]:
    return [a for a in audits if a["name"].startswith(f"{level} ") and a["status"] != "ok"]


def test_every_must_audit_passes(audits: list[dict]):
    assert sum(a["name"].startswith("MUST ") for a in audits) >= 10  # the audits did run
    assert failed(audits, "MUST") == []


def test_every_should_audit_passes(audits: list[dict]):
    assert failed(audits, "SHOULD") == []


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("text/html,application/xhtml+xml", JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, {JSON}", GRAPHQL_RESPONSE),
        (f"{JSON}, {GRAPHQL_RESPONSE}", JSON),
        (f"{JSON};q=0.9, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0, */*", JSON),
    ],
)
def test_the_answer_takes_the_media_type_the_client_ranks_highest(accept, media_type):
    assert response_media_type(accept) == media_type


async def post(api: Api, query: str, accept: str | None) -> tuple[int, str, dict[str, Any]]:
    headers = {"Accept": accept} if accept else {}
    response = await api.client.post("/graphql", json={"query": query}, headers=headers)
    return response.status_code, response.headers["content-type"], response.json()


async def test_a_request_error_is_400_without_data_in_graphql_response_json(api: Api):
    status, media_type, body = await post(api, UNKNOWN_FIELD, f"{GRAPHQL_RESPONSE}, {JSON}")
    assert (status, media_type, "data" in body) == (400, GRAPHQL_RESPONSE, False)
    assert "Cannot query field 'nope'" in body["errors"][0]["message"]


async def test_a_field_error_is_200_with_data_in_graphql_response_json(api: Api):
    status, media_type, body = await post(api, SIGNED_IN_ONLY, GRAPHQL_RESPONSE)
    assert (status, media_type, body["data"]) == (200, GRAPHQL_RESPONSE, None)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("accept", [None, JSON, "*/*"])
async def test_every_graphql_answer_is_200_with_data_in_application_json(api: Api, accept):
    for query in (UNKNOWN_FIELD, SIGNED_IN_ONLY):
        status, media_type, body = await post(api, query, accept)
        assert (status, media_type, body["data"]) == (200, JSON, None)
        assert body["errors"]
