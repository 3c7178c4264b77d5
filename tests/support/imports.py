"""Steps shared by the import tests."""

from __future__ import annotations

from typing import Any

from tests.support.documents.importing import IMPORT_CLIENTS, IMPORTED_ACCOUNTS
from tests.support.graphql import Api

HEADER = "account_name,account_type,company_name,first_name,last_name,email,login"


async def run_import(api: Api, token: str, csv: str, **input: Any) -> dict[str, Any]:
    """The payload of importClients (top-level errors fail the test)."""
    return (await api.data(IMPORT_CLIENTS, {"input": {"csv": csv, **input}}, token))[
        "importClients"
    ]


async def report_of(api: Api, token: str, csv: str, **input: Any) -> dict[str, Any]:
    """The report of an import that must have no userErrors."""
    payload = await run_import(api, token, csv, **input)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["report"]


async def accounts_by_name(api: Api, token: str) -> dict[str, dict[str, Any]]:
    edges = (await api.data(IMPORTED_ACCOUNTS, token=token))["accounts"]["edges"]
    return {e["node"]["name"]: e["node"] for e in edges}
