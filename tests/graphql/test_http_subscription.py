"""A subscription sent over plain HTTP is a clear request error pointing at the WebSocket
protocol, not an INTERNAL_SERVER_ERROR, and the server logs no error for it."""

from __future__ import annotations

import logging

from tests.support.graphql import Api

SUBSCRIBE = "subscription { inbox { id kind } }"


async def test_a_subscription_over_post_says_to_use_the_websocket(api: Api, owner, caplog):
    with caplog.at_level(logging.INFO):
        answer = await api.client.post(
            "/graphql",
            json={"query": SUBSCRIBE},
            headers={"Authorization": f"Bearer {owner['token']}"},
        )
        strict = await api.client.post(
            "/graphql",
            json={"query": SUBSCRIBE},
            headers={
                "Authorization": f"Bearer {owner['token']}",
                "Accept": "application/graphql-response+json",
            },
        )
    assert answer.status_code == 200  # application/json: GraphQL errors answer 200
    (error,) = answer.json()["errors"]
    assert "WebSocket" in error["message"] and "graphql-transport-ws" in error["message"]
    assert error.get("extensions", {}).get("code") != "INTERNAL_SERVER_ERROR"
    assert strict.status_code == 400 and "data" not in strict.json()
    assert "graphql-transport-ws" in strict.json()["errors"][0]["message"]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_subscription_over_get_says_the_same(api: Api, owner):
    answer = await api.client.get(
        "/graphql",
        params={"query": SUBSCRIBE},
        headers={"Authorization": f"Bearer {owner['token']}", "Accept": "application/json"},
    )
    assert "graphql-transport-ws" in answer.json()["errors"][0]["message"]
