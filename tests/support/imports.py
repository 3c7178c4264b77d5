"""GraphQL documents and steps shared by the import tests."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import Api

IMPORT = """
mutation($input: ImportClientsInput!) {
  importClients(input: $input) {
    report {
      rowsTotal accountsCreated contactsCreated contactsMatched rowsFailed
      errors { row column code message }
    }
    userErrors { field message code }
  }
}"""

ACCOUNTS = """
query {
  accounts(first: 100) {
    totalCount
    edges { node {
      id name clientId type nameIsGenerated companyName
      tags { name }
      teamMembers { email }
      folders { name }
      contacts {
        description
        contact { id displayName emails { address } phones { number isPrimary } tags { name }
                  address { street city } }
        emails { email { address } login notify emailSync portalAccess }
      }
    } }
  }
}"""

HEADER = "account_name,account_type,company_name,first_name,last_name,email,login"


async def run_import(api: Api, token: str, csv: str, **input: Any) -> dict[str, Any]:
    """The payload of importClients (top-level errors fail the test)."""
    return (await api.data(IMPORT, {"input": {"csv": csv, **input}}, token))["importClients"]


async def report_of(api: Api, token: str, csv: str, **input: Any) -> dict[str, Any]:
    """The report of an import that must have no userErrors."""
    payload = await run_import(api, token, csv, **input)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["report"]


async def accounts_by_name(api: Api, token: str) -> dict[str, dict[str, Any]]:
    edges = (await api.data(ACCOUNTS, token=token))["accounts"]["edges"]
    return {e["node"]["name"]: e["node"] for e in edges}
