"""Tenant isolation: firm B's owner, employee and client get nothing of firm A's, and change nothing.

The operations come from the schema itself (tests/support/isolation_cases.py holds how to call each one),
so an id-taking operation added without a case fails `test_every_id_argument_has_a_case`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from graphql import GraphQLID, GraphQLInterfaceType, GraphQLObjectType, get_named_type

from app.api.schema import schema
from app.graphql.ids import pk_of, to_global_id
from tests.support.documents.firms import VIEWER_STAFF_ID
from tests.support.documents.inbox import INBOX_AFTER
from tests.support.documents.node import NODE_TYPENAME
from tests.support.graphql import Api, codes
from tests.support.isolation_cases import (
    BULK_NOT_FOUND,
    CASES,
    EMPTY,
    NOT_FOUND,
    NULL,
    PENDING_FIELDS,
    SUBSCRIPTION_PATHS,
    Case,
    id_argument_paths,
)
from tests.support.isolation_world import MARKER, Firm, build_firm, notices_to, snapshot
from tests.support.ws import next_payload, signed_in, socket, subscribe

GRAPHQL_SCHEMA = schema._schema
ROLES = ("owner", "employee", "client")


def _field_of(path: str) -> str:
    """`Mutation.addNote:input.accountId` -> `Mutation.addNote`."""
    return path.split(":")[0]


def _live_fields() -> set[str]:
    return {
        f"{root.name}.{name}"
        for root in (GRAPHQL_SCHEMA.query_type, GRAPHQL_SCHEMA.mutation_type)
        if root is not None
        for name in root.fields
    }


def test_every_id_argument_has_a_case():
    found = id_argument_paths(GRAPHQL_SCHEMA)
    covered = set(CASES) | SUBSCRIPTION_PATHS
    assert found - covered == set(), "add a case to tests/support/isolation_cases.py"
    absent_pending = {p for p in CASES if _field_of(p) in PENDING_FIELDS - _live_fields()}
    assert set(CASES) - absent_pending - found == set(), "a case for an id the schema lacks"


def test_no_field_below_the_roots_takes_an_id():
    """Arguments of nested fields are not driven by the table: make it say so if one appears."""
    roots = {
        GRAPHQL_SCHEMA.query_type,
        GRAPHQL_SCHEMA.mutation_type,
        GRAPHQL_SCHEMA.subscription_type,
    }
    nested = [
        f"{type_.name}.{name}({arg_name})"
        for type_ in GRAPHQL_SCHEMA.type_map.values()
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType) and type_ not in roots
        for name, field in type_.fields.items()
        for arg_name, arg in field.args.items()
        if get_named_type(arg.type) is GraphQLID
    ]
    assert nested == []


@pytest.fixture
async def firms(api: Api) -> tuple[Firm, Firm]:
    return await build_firm(api, "Alpha"), await build_firm(api, "Bravo")


def _token(firm: Firm, role: str) -> str:
    return {"owner": firm.token, "employee": firm.employee_token, "client": firm.client_token}[role]


async def test_firm_b_gets_null_or_not_found_for_every_id_of_firm_a(api: Api, firms):
    a, b = firms
    before = await snapshot(b)
    live = _live_fields()
    problems: list[str] = []
    ran = 0
    for path, case in CASES.items():
        if _field_of(path) not in live and _field_of(path) in PENDING_FIELDS:
            continue  # not in the schema yet
        for role in ROLES:
            body = await api.post(case.document, case.variables(a, b), _token(b, role))
            ran += 1
            problems += [
                f"{path} as {role}: {p}: {body}" for p in _check(case, path, role, a, body)
            ]
            after = await snapshot(b)
            if after != before:
                changed = sorted(t for t in after if after[t] != before[t])
                problems.append(f"{path} as {role} changed the tables {changed}")
                before = after
    assert problems == []
    assert ran >= 3 * 40
    assert MARKER not in (await notices_to(b)).lower()


def _check(case: Case, path: str, role: str, a: Firm, body: dict[str, Any]) -> list[str]:
    """What is wrong with firm B's answer (nothing when it reveals and does nothing)."""
    if MARKER in json.dumps(body).lower():
        return ["firm A's data in the answer"]
    if (role == "client" and case.staff_only) or (role != "owner" and case.admins_only):
        return [] if codes(body) == ["FORBIDDEN"] else ["not FORBIDDEN"]
    if "errors" in body:
        return ["top-level errors"]
    answer = body["data"][_field_of(path).split(".")[1]]
    if case.expect == NULL:
        return [] if answer is None else ["not null"]
    if case.expect == EMPTY:
        return [] if answer["totalCount"] == 0 and answer["edges"] == [] else ["not empty"]
    if case.expect == NOT_FOUND:
        return _not_found(answer)
    assert case.expect == BULK_NOT_FOUND
    return _bulk_not_found(answer, a)


def _not_found(payload: dict[str, Any]) -> list[str]:
    found = [e["code"] for e in payload["userErrors"]]
    if not found or set(found) != {"NOT_FOUND"}:
        return [f"user errors {found}, not NOT_FOUND"]
    rest = {k: v for k, v in payload.items() if k != "userErrors" and v not in (None, [], 0)}
    return [f"set {sorted(rest)}"] if rest else []


def _bulk_not_found(payload: dict[str, Any], a: Firm) -> list[str]:
    report = payload["report"]
    errors = [(e["accountId"], e["code"]) for e in report["errors"]] if report else []
    if errors != [(a.ids["Account"], "NOT_FOUND")]:
        return [f"report errors {errors}, not firm A's account as NOT_FOUND"]
    changed = report["accountsUpdated"] + report["emailsUpdated"] + report["invitationsSent"]
    return [] if changed == 0 else ["report counts changes"]


def _node_types() -> set[str]:
    node = GRAPHQL_SCHEMA.type_map["Node"]
    assert isinstance(node, GraphQLInterfaceType)
    return {t.name for t in GRAPHQL_SCHEMA.get_possible_types(node)}


async def test_node_gives_firm_b_nothing_of_any_type(api: Api, firms):
    a, b = firms
    missing = _node_types() - set(a.ids)
    assert missing == set(), "build one of each in tests/support/isolation_world.py"
    for type_name in sorted(_node_types()):
        for role in ROLES:
            body = await api.post(NODE_TYPENAME, {"id": a.ids[type_name]}, _token(b, role))
            body.pop("extensions")  # the query's cost
            assert body == {"data": {"node": None}}, (type_name, role, body)


async def test_node_finds_every_type_for_firm_a(api: Api, firms):
    """The control for the test above: the same ids do resolve for the right viewer of firm A."""
    a, _ = firms
    viewer_of = {"PortalUser": a.client_token, "Notification": a.employee_token}
    for type_name in sorted(_node_types()):
        body = await api.post(
            NODE_TYPENAME, {"id": a.ids[type_name]}, viewer_of.get(type_name, a.token)
        )
        assert body["data"]["node"] == {"id": a.ids[type_name], "__typename": type_name}, body


# The inbox subscription, over a real WebSocket to a real server process.


ASSIGN = """mutation($input: CreateAccountInput!) {
  createAccount(input: $input) { account { id } userErrors { code } } }"""
NEWEST = "{ notifications(first: 1, newestFirst: true) { edges { node { id title } } } }"


async def _assign(api: Api, token: str, name: str, staff_id: str) -> None:
    contact = {"firstName": name, "lastName": "Person"}
    input = {
        "type": "OTHER",
        "name": name,
        "teamMemberIds": [staff_id],
        "contacts": [{"contact": contact}],
    }
    await api.mutate(ASSIGN, input, token)


async def _newest(api: Api, token: str) -> str:
    return (await api.data(NEWEST, token=token))["notifications"]["edges"][0]["node"]["id"]


async def test_inbox_after_firm_a_notification_delivers_only_firm_b_ones(live: str, live_api: Api):
    alpha = await live_api.create_firm("Alpha Tax", "alpha-tax", "owner@alpha.example")
    alpha_staff = await live_api.create_staff(alpha["token"], "staff@alpha.example")
    await _assign(live_api, alpha["token"], "Alpha Household", alpha_staff["id"])
    alpha_notification = await _newest(live_api, alpha_staff["token"])
    just_before = to_global_id("Notification", pk_of(alpha_notification, "Notification") - 1)
    bravo = await live_api.create_firm("Bravo Tax", "bravo-tax", "owner@bravo.example")
    bravo_staff = await live_api.create_staff(
        bravo["token"], "staff@bravo.example", manageAccounts=True
    )
    bravo_owner_id = (await live_api.data(VIEWER_STAFF_ID, token=bravo["token"]))["viewer"][
        "staff"
    ]["id"]
    async with socket(live) as ws:
        await signed_in(ws, bravo["token"])
        for sub_id, after in (("at", alpha_notification), ("before", just_before)):
            await subscribe(ws, sub_id, INBOX_AFTER, {"after": after})
        await _assign(live_api, bravo_staff["token"], "Bravo Household", bravo_owner_id)
        bravo_notification = await _newest(live_api, bravo["token"])
        # Catch-up goes oldest first: a leaked firm A notification would come before this one.
        delivered = [(await next_payload(ws))["inbox"] for _ in range(2)]
    assert {n["id"] for n in delivered} == {bravo_notification}
    assert MARKER not in json.dumps(delivered).lower()


# importClients takes no ids, but names: account names, emails, tags and staff emails.

IMPORT = """mutation($input: ImportClientsInput!) {
  importClients(input: $input) {
    report { rowsTotal accountsCreated contactsCreated contactsMatched rowsFailed
             errors { row column code } }
    userErrors { code } } }"""
FIRM_VIEW = """query($id: ID!) {
  accounts(first: 100) { totalCount edges { node { id name } } }
  contacts(first: 100) { totalCount edges { node { id displayName emails { address } } } }
  tags { id name }
  account(id: $id) {
    name tags { name } teamMembers { email }
    contacts { contact { displayName } emails { email { address } login notify emailSync } }
  }
}"""


async def test_an_import_by_firm_b_matches_nothing_of_firm_a(api: Api, firms):
    a, b = firms
    seen_by_a = await api.data(FIRM_VIEW, {"id": a.ids["Account"]}, a.token)
    csv = (
        "account_name,first_name,last_name,email,account_tags,team_members,login\n"
        "Alpha Household,Bea,Newcomer,person@alpha.example,Alpha VIP,,yes\n"
        "Bravo Other,Bo,Newcomer,,,owner@alpha.example,\n"
        "Bravo Third,Bi,Newcomer,,,nobody@nowhere.example,\n"
    )
    payload = (await api.data(IMPORT, {"input": {"csv": csv}}, b.token))["importClients"]
    assert payload["userErrors"] == []
    report = payload["report"]
    assert (report["accountsCreated"], report["contactsCreated"], report["contactsMatched"]) == (
        1,
        1,
        0,
    )
    # A staff email of firm A is as unknown to firm B as one nobody has.
    assert [(e["row"], e["column"], e["code"]) for e in report["errors"]] == [
        (3, "team_members", "NOT_FOUND"),
        (4, "team_members", "NOT_FOUND"),
    ]
    assert await api.data(FIRM_VIEW, {"id": a.ids["Account"]}, a.token) == seen_by_a
