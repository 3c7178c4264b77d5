"""Query cost, read from the document before it runs: the rule's examples and the documents
that could fool a reader (fragments, aliases, variables, @skip/@include, nested pages,
mutations, interfaces), the actual cost read from an answer, and the plans cache."""

from __future__ import annotations

import time
from typing import Any

import pytest
from graphql import parse

from app.api.schema import schema
from app.graphql.cost.plans import Plans
from bench.load import PAGE

VIEWER = "{ viewer { firm { id } } }"
ACCOUNTS_100 = "{ accounts(first: 100) { edges { node { id tags { name } } } } }"
# Four objects per email (attachments, their document, sentBy, its rights): 400 a page.
EMAILS = "emails(first: $n) { edges { node { attachments { document { id } } sentBy { accessRights { manageAccounts } } } } }"


def cost(query: str, variables: dict[str, Any] | None = None, operation: str | None = None) -> int:
    return Plans().plan(schema._schema, query, parse(query), operation, variables).cost


def test_the_examples_of_the_rule():
    assert cost(VIEWER) == 2
    assert cost(ACCOUNTS_100) == 1 + 100 * 1


def test_scalars_enums_and_typename_are_free_and_first_defaults_to_20():
    assert cost("{ __typename viewer { __typename } }") == 1
    assert cost("{ accounts { totalCount edges { node { id type loginStatus } } } }") == 1
    assert cost("{ accounts { edges { node { tags { id } } } } }") == 1 + 20 * 1


def test_the_page_wrappers_are_free_but_what_is_beneath_them_is_multiplied():
    query = """{ accounts(first: 10) {
      pageInfo { hasNextPage } edges { cursor node { tags { id } contacts { contact { id } } } }
    } }"""
    assert cost(query) == 1 + 10 * 3


def test_pages_within_pages_multiply():
    query = "query($n: Int) { accounts(first: 5) { edges { node { " + EMAILS + " } } } }"
    assert cost(query, {"n": 10}) == 1 + 5 * (1 + 10 * 4)


def test_variables_give_first_its_value_and_their_defaults_count():
    query = "query($n: Int = 7) { accounts(first: $n) { edges { node { tags { id } } } } }"
    assert cost(query, {"n": 3}) == 1 + 3
    assert cost(query) == 1 + 7
    assert cost(query, {"n": None}) == 1 + 20  # null: the page's default


def test_a_first_outside_the_page_limits_counts_as_the_limit():
    # Such a page is refused with LIMIT_EXCEEDED; it must not be MAX_COST_EXCEEDED first.
    query = "query($n: Int) { accounts(first: $n) { edges { node { tags { id } } } } }"
    assert cost(query, {"n": 1_000_000}) == 1 + 100
    assert cost(query, {"n": -5}) == 1


def test_aliases_count_each_field_they_name():
    query = "{ a: viewer { firm { id } } b: viewer { firm { id } } viewer { staff { email } } }"
    assert cost(query) == 2 + 2 + 2
    pages = "{ a: accounts(first: 3) { edges { node { tags { id } } } } b: accounts(first: 4) { edges { node { tags { id } } } } }"
    assert cost(pages) == (1 + 3) + (1 + 4)


def test_a_field_selected_twice_is_one_field():
    assert cost("{ viewer { firm { id } } viewer { firm { slug } staff { email } } }") == 3


def test_fragments_and_inline_fragments_count_like_the_fields_they_hold():
    query = """
    query { accounts(first: 10) { edges { node { ...Row ... { contacts { contact { id } } } } } } }
    fragment Row on Account { tags { id } ...More }
    fragment More on Account { teamMembers { id } tags { name } }"""
    assert cost(query) == 1 + 10 * (1 + 1 + 2)


def test_under_an_interface_the_costliest_type_counts():
    query = """{ node(id: "x") {
      id
      ... on Account { tags { id } contacts { contact { id } } }
      ... on Contact { emails { id } }
    } }"""
    assert cost(query) == 1 + 3


@pytest.mark.parametrize(
    ("directive", "variables", "expected"),
    [
        ("@skip(if: true)", {}, 2),
        ("@skip(if: false)", {}, 4),
        ("@include(if: false)", {}, 2),
        ("@include(if: true)", {}, 4),
        ("@skip(if: $flag)", {"flag": True}, 2),
        ("@skip(if: $flag)", {"flag": False}, 4),
        ("@include(if: $flag)", {"flag": False}, 2),
        ("@include(if: $flag)", {"flag": True}, 4),
    ],
)
def test_skip_and_include_leave_fields_out(directive: str, variables: dict, expected: int):
    declared = "($flag: Boolean!)" if "$flag" in directive else ""
    query = f"query{declared} {{ viewer {{ firm {{ id }} }} again: viewer {directive} {{ staff {{ id }} }} }}"
    assert cost(query, variables) == expected


def test_skip_on_fragments_and_pages():
    query = """query($full: Boolean!) { accounts(first: 50) { edges { node {
      ... @include(if: $full) { tags { id } }
      ...Team @skip(if: $full)
    } } } }
    fragment Team on Account { teamMembers { id } contacts { contact { id } } }"""
    assert cost(query, {"full": True}) == 1 + 50 * 1
    assert cost(query, {"full": False}) == 1 + 50 * 3


def test_a_mutation_root_field_costs_10_and_its_payload_as_usual():
    assert cost("mutation { signOut { userErrors { code } } }") == 10 + 1
    two = "mutation { a: signOut { userErrors { code } } b: signOut { userErrors { code } } }"
    assert cost(two) == 2 * (10 + 1)


def test_the_named_operation_is_priced():
    document = "query Small { viewer { firm { id } } } query Big " + ACCOUNTS_100
    assert cost(document, operation="Small") == 2
    assert cost(document, operation="Big") == 101


def test_the_benchmarks_page_of_50_accounts():
    # Per account: tags, contacts, contact, its emails, emails, email, preferences.
    assert cost(PAGE, {"first": 50}) == 1 + 50 * 7


def actual(query: str, data: Any, variables: dict[str, Any] | None = None) -> int:
    return Plans().plan(schema._schema, query, parse(query), None, variables).actual(data)


def test_the_actual_cost_counts_what_the_pages_returned():
    node = {"id": "1", "tags": [{"name": "VIP"}, {"name": "Late"}]}
    three = {"accounts": {"edges": [{"node": node}] * 3}}
    assert actual(ACCOUNTS_100, three) == 1 + 3 * 1
    assert actual(ACCOUNTS_100, {"accounts": {"edges": []}}) == 1
    assert actual(ACCOUNTS_100, None) == 1  # nothing answered: the root field only


def test_the_actual_cost_of_nested_pages_sums_each_inner_page():
    query = "query($n: Int) { accounts(first: 5) { edges { node { " + EMAILS + " } } } }"
    email = {"attachments": [], "sentBy": None}
    nodes = [{"emails": {"edges": [{"node": email}] * k}} for k in (0, 2, 5)]
    data = {"accounts": {"edges": [{"node": n} for n in [*nodes, {"emails": None}]]}}
    assert actual(query, data, {"n": 10}) == 1 + (1 + 0) + (1 + 2 * 4) + (1 + 5 * 4) + 1


def test_the_actual_cost_follows_aliases_and_never_exceeds_the_requested():
    query = "{ mine: accounts(first: 2) { edges { row: node { tags { id } } } } }"
    rows = {"mine": {"edges": [{"row": {"tags": []}}] * 5}}  # more than asked for
    assert actual(query, rows) == cost(query) == 3


def test_plans_are_cached_by_the_variables_that_price_them():
    plans, document = Plans(), parse(PAGE)
    fifty = plans.plan(schema._schema, PAGE, document, None, {"first": 50, "other": 1})
    assert plans.plan(schema._schema, PAGE, document, None, {"first": 50, "other": 2}) is fifty
    five = plans.plan(schema._schema, PAGE, document, None, {"first": 5})
    assert five is not fifty and five.cost == 1 + 5 * 7
    assert plans.plan(schema._schema, PAGE, document, None, {"first": 50}) is fifty


def test_a_cached_plan_and_its_actual_cost_take_well_under_a_millisecond():
    plans, document = Plans(), parse(PAGE)
    node = {"tags": [], "contacts": [{"contact": {"emails": []}, "emails": []}]}
    data = {"accounts": {"totalCount": 50, "edges": [{"node": node}] * 50}}
    rounds = 2000
    started = time.process_time()
    for _ in range(rounds):
        query = PAGE.encode().decode()  # a new string each time, as each request brings its own
        plans.plan(schema._schema, query, document, None, {"first": 50}).actual(data)
    per_request = (time.process_time() - started) / rounds
    assert per_request < 0.0002, f"{per_request * 1e6:.0f} µs a request"
