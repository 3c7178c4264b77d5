"""Posting GraphQL to the app, with helpers for the common set-up steps."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.documents.accounts import CREATE_ACCOUNT
from tests.support.documents.firms import CREATE_FIRM, CREATE_STAFF, SIGN_IN

PASSWORD = "correct-horse-battery"


class Api:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The whole JSON answer (data and errors)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The data of an answer that must have no top-level errors."""
        body = await self.post(query, variables, token)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def mutate(
        self, query: str, input: dict[str, Any], token: str | None = None
    ) -> dict[str, Any]:
        """The payload of a one-mutation document that must succeed without user errors."""
        payload = next(iter((await self.data(query, {"input": input}, token)).values()))
        assert payload["userErrors"] == [], payload["userErrors"]
        return payload

    async def user_errors(self, query: str, input: dict[str, Any], token: str) -> list[str]:
        """The codes of the user errors of a one-mutation document."""
        payload = next(iter((await self.data(query, {"input": input}, token)).values()))
        return [e["code"] for e in payload["userErrors"]]

    async def create_firm(self, name: str, slug: str, email: str) -> dict[str, Any]:
        payload = await self.mutate(
            CREATE_FIRM,
            {
                "name": name,
                "slug": slug,
                "ownerEmail": email,
                "ownerPassword": PASSWORD,
                "ownerFirstName": "Olivia",
                "ownerLastName": "Owner",
            },
        )
        return {"token": payload["session"]["token"], "firm_id": payload["firm"]["id"]}

    async def create_staff(
        self, token: str, email: str, role: str = "EMPLOYEE", **rights: bool
    ) -> dict[str, Any]:
        """A staff member, signed in: their id and token."""
        staff = await self.mutate(
            CREATE_STAFF,
            {
                "email": email,
                "firstName": "Sam",
                "lastName": email.split("@")[0].title(),
                "role": role,
                "password": PASSWORD,
                "accessRights": rights,
            },
            token,
        )
        session = await self.mutate(SIGN_IN, {"email": email, "password": PASSWORD})
        return {"id": staff["staffMember"]["id"], "token": session["session"]["token"]}

    async def create_account(self, token: str, **input: Any) -> dict[str, Any]:
        return await self.mutate(CREATE_ACCOUNT, input, token)

    async def individual(
        self, token: str, first: str, last: str, *emails: str, **toggles: bool
    ) -> dict[str, Any]:
        """An INDIVIDUAL account with one new contact; each email gets the given toggles."""
        contact = {
            "firstName": first,
            "lastName": last,
            "emails": [{"address": e, **toggles} for e in emails],
        }
        payload = await self.create_account(
            token, type="INDIVIDUAL", contacts=[{"contact": contact}]
        )
        return payload["account"]


def codes(body: dict[str, Any]) -> list[str]:
    """The extension codes of the top-level errors of an answer."""
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
