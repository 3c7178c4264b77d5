"""The README's API tour, run: every ```graphql block of README.md, in order, against a real
`crm serve --demo` on a fresh database, as a reader would paste them into GraphiQL.

A block runs with the firm owner's token (from the tour's `createFirm`) unless its first line
is a `# Headers: {...}` comment, as a reader types it in GraphiQL's Headers tab. Placeholders
such as `<Account id>` are filled from earlier answers or from the mail `crm serve` printed, as
PLACEHOLDERS says (the README tells the reader where each comes from). A query or mutation must
answer without errors and without userErrors; a subscription is opened over the WebSocket and
must have delivered something by the end of the tour.
"""

from __future__ import annotations

import asyncio
import json
import re
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.graphql.ids import to_global_id
from tests.support.live_server import Output, crm_env, crm_serve
from tests.support.ws import next_payload, signed_in, socket, subscribe

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"^( *)```graphql\n(.*?)^\1```$", re.M | re.S)
PLACEHOLDER = re.compile(r"<[A-Za-z][^<>\n]*>")
HEADERS = re.compile(r"\A#\s*Headers:\s*(\{.*\})\s*$", re.M)


def graphql_blocks() -> list[str]:
    """The README's GraphQL blocks, in order, dedented (some sit in list items)."""
    return [textwrap.dedent(body) for _, body in BLOCK.findall(README.read_text())]


class Tour:
    """What the tour has seen so far: each root field's latest answer, and the server's
    output (its printed mail)."""

    def __init__(self, output: Output) -> None:
        self.answers: dict[str, list[Any]] = {}
        self.output = output

    def answer(self, field: str, which: int = -1) -> Any:
        """The answer of a root field: the latest, or the `which`-th (0: the first)."""
        assert field in self.answers, f"the tour has not run {field} yet"
        return self.answers[field][which]

    def add(self, data: dict[str, Any]) -> None:
        for field, value in data.items():
            self.answers.setdefault(field, []).append(value)

    def mailed_token(self, path: str) -> str:
        """The token of the newest link to `path` in the mail the server printed."""
        self.output.wait_for(f"{path}?token=", timeout=15)
        tokens = re.findall(re.escape(path) + r"\?token=([A-Za-z0-9_\-]+)", self.output.text)
        return tokens[-1]


# Where each placeholder comes from: the README says the same to its reader.
PLACEHOLDERS: dict[str, Callable[[Tour], str]] = {
    "<token>": lambda t: t.answer("createFirm")["session"]["token"],
    "<Account id>": lambda t: t.answer("createAccount", 0)["account"]["id"],
    "<AccountEmail id>": lambda t: t.answer("createAccount", 0)["invitationPrompts"][0][
        "accountEmail"
    ]["id"],
    "<company Account id>": lambda t: t.answer("createAccount", 1)["account"]["id"],
    "<Contact id>": lambda t: t.answer("accounts")["edges"][0]["node"]["contacts"][0]["contact"][
        "id"
    ],
    "<Tag id>": lambda t: t.answer("createTag")["tag"]["id"],
    "<CustomFieldDefinition id>": lambda t: t.answer("createCustomField")["customField"]["id"],
    "<FolderTemplate id>": lambda t: t.answer("createFolderTemplate")["folderTemplate"]["id"],
    "<token from the invitation mail>": lambda t: t.mailed_token("/portal/activate"),
    "<client token>": lambda t: t.answer("activatePortalAccess")["session"]["token"],
    "<StaffMember id>": lambda t: t.answer("createStaffMember")["staffMember"]["id"],
}


def fill(text: str, tour: Tour) -> str:
    for placeholder in set(PLACEHOLDER.findall(text)):
        assert placeholder in PLACEHOLDERS, f"README placeholder {placeholder} has no source"
        text = text.replace(placeholder, PLACEHOLDERS[placeholder](tour))
    return text


def user_errors(value: Any) -> list[Any]:
    """Every non-empty `userErrors` anywhere in an answer, and every report's `errors` (a bulk
    update's or an import's rows left out)."""
    if isinstance(value, dict):
        found = [value[k] for k in ("userErrors", "errors") if value.get(k)]
        return found + [e for v in value.values() for e in user_errors(v)]
    if isinstance(value, list):
        return [e for v in value for e in user_errors(v)]
    return []


def test_the_placeholders_and_blocks_are_all_used():
    text = "".join(graphql_blocks())
    assert len(graphql_blocks()) >= 10
    assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDERS) - {"<token>"}


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[str, Output]]:
    """A `crm serve --demo` on a fresh SQLite file: its base URL and its captured output."""
    env = crm_env(CRM_DATABASE_URL=f"sqlite://{tmp_path / 'tour.sqlite3'}")
    output = Output()
    with crm_serve(env, tmp_path, "--demo", output=output) as base:
        yield base, output


async def test_every_graphql_block_of_the_readme_runs_in_order(demo_server):
    base, output = demo_server
    tour = Tour(output)
    live: list[asyncio.Task[dict[str, Any]]] = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        for number, block in enumerate(graphql_blocks(), 1):
            headers = _headers(block, tour)
            document = fill(block, tour)
            if document.lstrip().startswith("subscription"):
                after = _newest_notification(tour)
                live.append(asyncio.create_task(_first_event(base, headers, document, after)))
                continue
            answer = (await http.post("/graphql", json={"query": document}, headers=headers)).json()
            assert "errors" not in answer, (number, block, answer["errors"])
            assert not user_errors(answer["data"]), (number, block, user_errors(answer["data"]))
            tour.add(answer["data"])
        for event in live:  # each subscription got what the blocks after it caused
            assert (await asyncio.wait_for(event, 15))["inbox"]["kind"] == "BULK_UPDATE_COMPLETED"
    check_what_the_readme_says_of_the_answers(tour)


def check_what_the_readme_says_of_the_answers(tour: Tour) -> None:
    """The answers the README explains are the ones the tour got."""
    jane = tour.answer("createAccount", 0)
    assert (jane["account"]["name"], jane["account"]["clientId"]) == ("Jane Doe", "JD1")
    assert jane["account"]["loginStatus"] == "ACTIVE"
    assert jane["invitationPrompts"][0]["accountEmail"]["portalAccess"] == "PENDING_ACTIVATION"
    team = tour.answer("accounts", 0)["edges"][0]["node"]["teamMembers"]
    assert team == [{"email": "owner@acme.example"}]
    company = tour.answer("createAccount", 1)["account"]
    assert (company["name"], company["clientId"]) == ("Doe Consulting LLC", "DC1")
    assert [e["portalAccess"] for c in company["contacts"] for e in c["emails"]] == ["NO_ACCESS"]
    inbox = tour.answer("notifications", 0)
    assert [e["node"]["kind"] for e in inbox["edges"]] == ["CLIENT_ACTIVATED"]
    client_view = tour.answer("accounts", 1)["edges"]
    assert [e["node"]["overview"]["notes"] for e in client_view] == [[]]
    report = tour.answer("bulkUpdateContactToggles")["report"]
    assert (
        report["accountsRequested"],
        report["accountsUpdated"],
        report["emailsUpdated"],
        report["invitationsSent"],
    ) == (2, 2, 2, 0)
    switcher = tour.answer("viewer")["client"]["accounts"]
    assert sorted(a["name"] for a in switcher) == ["Doe Consulting LLC", "Jane Doe"]
    imported = tour.answer("importClients")["report"]
    assert (
        imported["rowsTotal"],
        imported["accountsCreated"],
        imported["contactsCreated"],
        imported["contactsMatched"],
    ) == (1, 1, 0, 1)
    admin = tour.answer("updateStaffMember")["staffMember"]
    assert admin["role"] == "ADMIN"


def _headers(block: str, tour: Tour) -> dict[str, str]:
    written = HEADERS.search(block.strip())
    if written:
        return json.loads(fill(written.group(1), tour))
    if "createFirm" not in tour.answers:
        return {}
    return {"Authorization": f"Bearer {PLACEHOLDERS['<token>'](tour)}"}


def _newest_notification(tour: Tour) -> str:
    """The id of the newest notification the tour listed (the inbox's start if none)."""
    edges = tour.answer("notifications")["edges"] if "notifications" in tour.answers else []
    return edges[0]["node"]["id"] if edges else to_global_id("Notification", 0)


async def _first_event(
    base: str, headers: dict[str, str], document: str, after: str
) -> dict[str, Any]:
    """Subscribe over graphql-transport-ws; the first event's data. `inbox` is given `after:`
    the newest notification already listed: a reader's socket is open long before the event
    it waits for, while the tour's next blocks may run before this socket has subscribed."""
    document = document.replace("inbox {", f'inbox(after: "{after}") {{', 1)
    async with socket(base) as ws:
        await signed_in(ws, headers["Authorization"].removeprefix("Bearer "))
        await subscribe(ws, "1", document)
        return await next_payload(ws, timeout=60)
