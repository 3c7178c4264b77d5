"""Steps on sessions: open one, list the viewer's, and tell whether a token still signs in."""

from __future__ import annotations

from typing import Any

from tests.support.documents.firms import SIGN_IN, VIEWER_SESSIONS
from tests.support.graphql import PASSWORD, Api, codes


async def sign_in(api: Api, email: str, user_agent: str = "", password: str = PASSWORD) -> str:
    """A fresh session of a staff member, opened with this User-Agent."""
    body = {"query": SIGN_IN, "variables": {"input": {"email": email, "password": password}}}
    answer = await api.client.post("/graphql", json=body, headers={"User-Agent": user_agent})
    payload = answer.json()["data"]["signIn"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["session"]["token"]


async def sessions(api: Api, token: str) -> list[dict[str, Any]]:
    """The viewer's sessions, as viewer.sessions lists them."""
    return (await api.data(VIEWER_SESSIONS, token=token))["viewer"]["sessions"]


async def signed_in_as(api: Api, token: str) -> bool:
    """Whether the token still signs in: the viewer query answers, or UNAUTHENTICATED."""
    body = await api.post("{ accounts(first: 1) { totalCount } }", token=token)
    if codes(body) == ["UNAUTHENTICATED"]:
        return False
    assert "errors" not in body, body
    return True
