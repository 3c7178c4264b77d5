"""The two big mutations, timed once each: `bulkUpdateContactToggles` over every seeded
account, and `importClients` of a generated CSV. Either is "not available" when the server's
schema does not have it yet."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

import httpx

from app.graphql.ids import to_global_id

MUTATIONS = '{ __type(name: "Mutation") { fields { name } } }'
BULK = """mutation($input: BulkUpdateContactTogglesInput!) {
  bulkUpdateContactToggles(input: $input) {
    report { accountsRequested accountsUpdated emailsUpdated invitationsSent errors { code } }
    userErrors { field code message }
  }
}"""
IMPORT = """mutation($input: ImportClientsInput!) {
  importClients(input: $input) {
    report { rowsTotal accountsCreated contactsCreated contactsMatched rowsFailed
             errors { row column code message } }
    userErrors { field code message }
  }
}"""
COLUMNS = [
    "account_name",
    "account_type",
    "company_name",
    "first_name",
    "last_name",
    "email",
    "phone",
]
COLUMNS += ["city", "account_tags", "login", "notify"]


async def available_mutations(client: httpx.AsyncClient, token: str) -> set[str]:
    answer = await _post(client, MUTATIONS, {}, token)
    return {f["name"] for f in answer["__type"]["fields"]}


async def bulk_toggles(client: httpx.AsyncClient, token: str, account_ids: list[int]) -> dict:
    """LOGIN and NOTIFY on for every email of every given account (no invitations sent)."""
    input_ = {
        "accountIds": [to_global_id("Account", pk) for pk in account_ids],
        "login": "ENABLE",
        "notify": "ENABLE",
    }
    seconds, data = await _timed(client, BULK, {"input": input_}, token)
    payload = data["bulkUpdateContactToggles"]
    _no_user_errors(payload)
    report = payload["report"]
    return {
        "seconds": seconds,
        "accounts_requested": report["accountsRequested"],
        "accounts_updated": report["accountsUpdated"],
        "emails_updated": report["emailsUpdated"],
        "errors": len(report["errors"]),
    }


async def import_csv(client: httpx.AsyncClient, token: str, rows: int) -> dict:
    """Import `rows` new contacts: pairs of rows share an account, every fifth one is a
    company, new tags are created on the way."""
    text = generated_csv(rows)
    seconds, data = await _timed(client, IMPORT, {"input": {"csv": text}}, token)
    payload = data["importClients"]
    _no_user_errors(payload)
    report = payload["report"]
    if report["rowsFailed"]:
        raise RuntimeError(f"import rejected rows: {report['errors'][:5]}")
    return {
        "seconds": seconds,
        "rows": report["rowsTotal"],
        "csv_bytes": len(text.encode()),
        "accounts_created": report["accountsCreated"],
        "contacts_created": report["contactsCreated"],
        "rows_failed": report["rowsFailed"],
    }


def generated_csv(rows: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for i in range(rows):
        company = (i // 2) % 5 == 0
        account = f"Imported {'Partners' if company else 'Family'} {i // 2}"
        writer.writerow(
            [
                account,
                "company" if company else "individual",
                account if company else "",
                f"Person{i}",
                f"Imported{i // 2}",
                f"imported.{i}@example.org",
                f"+1 555 {i:05d}",
                "Springfield",
                f"Imported;Batch {i % 10}",
                "yes" if i % 3 == 0 else "no",
                "yes" if i % 2 == 0 else "no",
            ]
        )
    return out.getvalue()


async def _timed(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str
) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    data = await _post(client, query, variables, token)
    return round(time.perf_counter() - start, 3), data


async def _post(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=600
    )
    answer = response.json()
    if response.status_code != 200 or "errors" in answer:
        raise RuntimeError(f"{query.split('(')[0].strip()} failed: {response.text[:500]}")
    return answer["data"]


def _no_user_errors(payload: dict[str, Any]) -> None:
    if payload["userErrors"]:
        raise RuntimeError(f"user errors: {payload['userErrors']}")
