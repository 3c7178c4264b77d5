"""What the fuzzer (tests/graphql/test_fuzz.py) found, kept as plain tests.

Ids and cursors carry numbers past the database's 32-bit integer keys: PostgreSQL refused the
query (and SQLite past 64 bits), and the API answered INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

import base64

import pytest

from app.accounts.models import Note
from app.graphql.ids import MAX_PK, parse_global_id, to_global_id
from tests.support.documents.accounts import ARCHIVE_ACCOUNT_RETURNING_ID
from tests.support.graphql import Api, codes

HUGE = [2**31, 2**63, 10**30]

ACCOUNT = "query($id: ID!) { account(id: $id) { id } node(id: $id) { id } }"
LINK = """mutation($input: LinkContactInput!) {
  linkContact(input: $input) { account { id } userErrors { code } } }"""
MARK_READ = """mutation($input: MarkNotificationsReadInput!) {
  markNotificationsRead(input: $input) { count userErrors { code } } }"""
NOTIFICATIONS = "query($after: String) { notifications(after: $after) { totalCount } }"
ACCOUNTS = "query($after: String) { accounts(after: $after) { totalCount edges { cursor } } }"
CONTACTS = "query($after: String) { contacts(after: $after) { totalCount edges { cursor } } }"


def test_keys_past_the_integer_columns_are_not_ids():
    assert parse_global_id(to_global_id("Account", MAX_PK)) == ("Account", MAX_PK)
    assert parse_global_id(to_global_id("Account", MAX_PK + 1)) is None
    five_thousand_digits = base64.urlsafe_b64encode(("Account:" + "9" * 5000).encode()).decode()
    assert parse_global_id(five_thousand_digits) is None


def test_digits_of_other_scripts_are_not_ids():
    arabic_indic_twelve = base64.urlsafe_b64encode("Account:١٢".encode()).decode()
    assert parse_global_id(arabic_indic_twelve) is None


@pytest.mark.parametrize("pk", HUGE)
async def test_a_huge_key_is_a_missing_object(api: Api, owner, pk: int):
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    huge_account = to_global_id("Account", pk)
    assert await api.data(ACCOUNT, {"id": huge_account}, owner["token"]) == {
        "account": None,
        "node": None,
    }
    archived = await api.data(ARCHIVE_ACCOUNT_RETURNING_ID, {"id": huge_account}, owner["token"])
    assert archived["archiveAccount"] == {"account": None, "userErrors": [{"code": "NOT_FOUND"}]}
    link = {"accountId": account["id"], "contact": {"contactId": to_global_id("Contact", pk)}}
    linked = await api.data(LINK, {"input": link}, owner["token"])
    assert linked["linkContact"]["userErrors"] == [{"code": "NOT_FOUND"}]
    marked = await api.data(
        MARK_READ, {"input": {"ids": [to_global_id("Notification", pk)]}}, owner["token"]
    )
    assert marked["markNotificationsRead"] == {"count": 0, "userErrors": [{"code": "NOT_FOUND"}]}


@pytest.mark.parametrize("pk", HUGE)
async def test_a_notification_cursor_with_a_huge_key_is_invalid(api: Api, owner, pk: int):
    after = to_global_id("Notification", pk)
    body = await api.post(NOTIFICATIONS, {"after": after}, owner["token"])
    assert codes(body) == ["INVALID"]


@pytest.mark.parametrize("query", [ACCOUNTS, CONTACTS])
@pytest.mark.parametrize("offset", [MAX_PK, 2**63, 10**30])
async def test_a_cursor_past_any_page_is_invalid(api: Api, owner, query: str, offset: int):
    await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    after = base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()
    body = await api.post(query, {"after": after}, owner["token"])
    assert codes(body) == ["INVALID"]


async def test_a_cursor_at_the_edge_still_pages(api: Api, owner):
    await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    after = base64.urlsafe_b64encode(f"offset:{MAX_PK - 1}".encode()).decode()
    answer = await api.data(ACCOUNTS, {"after": after}, owner["token"])
    assert answer["accounts"] == {"totalCount": 1, "edges": []}


# Text with NUL (U+0000): PostgreSQL refused it ("invalid byte sequence"), so a portal
# registration naming a firm slug with NUL in it answered INTERNAL_SERVER_ERROR.

REGISTER = """mutation($input: RegisterClientInput!) {
  registerClient(input: $input) { session { token } userErrors { code field } } }"""
REGISTER_LITERAL = """mutation { registerClient(input: {
  firmSlug: "acme\\u0000tax", accountType: INDIVIDUAL, firstName: "Jane", lastName: "Doe",
  email: "jane@example.com", password: "correct-horse-battery" }) { userErrors { code field } } }"""
SEARCH = "query($search: String) { accounts(filter: {search: $search}) { totalCount } }"
NOTE = """mutation($input: AddNoteInput!) {
  addNote(input: $input) { note { id } userErrors { code field } } }"""


async def test_nul_in_a_mutation_is_a_user_error_naming_the_field(api: Api, owner):
    register = {
        "firmSlug": "acme\x00tax",
        "accountType": "INDIVIDUAL",
        "firstName": "Jane",
        "lastName": "Doe",
        "email": "jane@example.com",
        "password": "correct-horse-battery",
    }
    errors = (await api.data(REGISTER, {"input": register}))["registerClient"]["userErrors"]
    assert errors == [{"code": "INVALID_CHARACTERS", "field": ["input", "firmSlug"]}]
    literal = (await api.data(REGISTER_LITERAL))["registerClient"]["userErrors"]
    assert literal == [{"code": "INVALID_CHARACTERS", "field": ["input", "firmSlug"]}]


async def test_nul_in_a_query_is_refused_before_anything_runs(api: Api, owner):
    body = await api.post(SEARCH, {"search": "\x00"}, owner["token"])
    assert codes(body) == ["INVALID"]
    assert "NUL" in body["errors"][0]["message"]
    literal = '{ accounts(filter: {search: "a\\u0000"}) { totalCount } }'
    assert codes(await api.post(literal, token=owner["token"])) == ["INVALID"]
    plain = '{ accounts(filter: {search: "a\\u0041"}) { totalCount } }'  # "aA": no NUL
    assert (await api.data(plain, token=owner["token"]))["accounts"]["totalCount"] == 0


async def test_nul_in_a_mutation_changes_nothing(api: Api, owner):
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    refused = await api.data(
        NOTE, {"input": {"accountId": account["id"], "body": "a\x00b"}}, owner["token"]
    )
    assert refused["addNote"] == {
        "note": None,
        "userErrors": [{"code": "INVALID_CHARACTERS", "field": ["input", "body"]}],
    }
    assert await Note.all().count() == 0
    ok = await api.data(
        NOTE, {"input": {"accountId": account["id"], "body": "a\\u0000b"}}, owner["token"]
    )
    assert ok["addNote"]["userErrors"] == []  # the six characters \u0000 are plain text


def test_every_mutation_answers_nul_in_its_payload():
    """Each mutation resolver goes through `reports_user_errors`, which refuses NUL (the
    schema extension leaves mutations to it)."""
    from app.api.schema import schema

    mutation = schema.get_type_by_name("Mutation")
    plain = [
        field.python_name
        for field in mutation.fields
        if not getattr(field.base_resolver.wrapped_func, "reports_user_errors", False)
    ]
    assert plain == []
