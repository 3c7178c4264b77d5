"""A page of accounts loads what its selection asks for before its fields resolve: the same
answer and the same statements as one account read field by field, for staff and clients,
however the selection is written; and a repeated document is validated once."""

from collections import Counter

from strawberry.extensions.validation_cache import _get_validate_cache

from tests.support.graphql import Api
from tests.support.portal import client_of_shared_account
from tests.support.sql_counter import count_statements

FIELDS = """
id name loginStatus notifyEnabled emailSyncEnabled
tags { name }
contacts {
  description
  contact { displayName emails { address } }
  emails { login notify emailSync portalAccess email { address } }
}"""

# One account by search: prefetched. The same account by id: each field loads for itself.
PAGE = f"""query($search: String) {{
  accounts(first: 10, filter: {{search: $search}}) {{ edges {{ node {{ {FIELDS} }} }} }}
}}"""
ONE = f"query($id: ID!) {{ account(id: $id) {{ {FIELDS} }} }}"

FRAGMENTS = """
query($search: String, $withContacts: Boolean!) {
  accounts(first: 10, filter: {search: $search}) {
    edges { node { ...Summary contacts @include(if: $withContacts) { ...Link } } }
  }
}
fragment Summary on Account {
  id name status: loginStatus notifyEnabled emailSyncEnabled ... on Account { tags { name } }
}
fragment Link on AccountContact {
  description
  contact { displayName emails { address } }
  emails { login notify emailSync access: portalAccess ... { email { address } } }
}"""


async def read(api: Api, query: str, variables: dict, token: str) -> tuple[dict, Counter]:
    """The answer's data and the statements it took, less the session look-up and the query
    cost budget's (which name the current time and the cost) and the running mail and webhook
    workers' polls of their outboxes (not the request's)."""
    with count_statements() as statements:
        data = await api.data(query, variables, token)
    skipped = ("auth_session", "outbox_mail", "cost_bucket", "webhook_delivery")
    # Compared without their parameters, whose order may follow a set's.
    kept = (s.rsplit(": [", 1)[0] for s in statements if not any(t in s for t in skipped))
    return data, Counter(kept)


async def test_a_page_answers_and_loads_as_its_accounts_read_one_by_one(
    mail_api: Api, owner, smtp_server
):
    client, shared, _ = await client_of_shared_account(mail_api, owner, smtp_server)
    for token in (owner["token"], client):  # staff see everything, the client a part
        one, one_statements = await read(mail_api, ONE, {"id": shared["id"]}, token)
        page, page_statements = await read(mail_api, PAGE, {"search": "Doe Household"}, token)
        assert [e["node"] for e in page["accounts"]["edges"]] == [one["account"]]
        # The page's own two (count and rows) in place of the look-up by id; the rest alike.
        assert sum((page_statements - one_statements).values()) == 2
        assert sum((one_statements - page_statements).values()) == 1
    states = {e["portalAccess"] for c in one["account"]["contacts"] for e in c["emails"]}
    assert states == {"ACTIVE"}  # the client's own address only


async def test_fragments_aliases_and_directives_are_read_ahead_like_plain_fields(
    mail_api: Api, owner, smtp_server
):
    _, shared, _ = await client_of_shared_account(mail_api, owner, smtp_server)
    token, search = owner["token"], {"search": "Doe Household"}
    plain, plain_statements = await read(mail_api, PAGE, search, token)
    spread, spread_statements = await read(
        mail_api, FRAGMENTS, {**search, "withContacts": True}, token
    )
    node, plain_node = spread["accounts"]["edges"][0]["node"], plain["accounts"]["edges"][0]["node"]
    assert (node["status"], node["tags"]) == (plain_node["loginStatus"], [{"name": "VIP"}])
    accesses = [e["access"] for c in node["contacts"] for e in c["emails"]]
    assert accesses == [e["portalAccess"] for c in plain_node["contacts"] for e in c["emails"]]
    assert sorted(accesses) == ["ACTIVE", "PENDING_ACTIVATION"]
    assert spread_statements == plain_statements

    # Left out by @include: nothing loaded for the contacts, nor for their emails.
    without, without_statements = await read(
        mail_api, FRAGMENTS, {**search, "withContacts": False}, token
    )
    assert "contacts" not in without["accounts"]["edges"][0]["node"]
    assert sum((plain_statements - without_statements).values()) == 3  # links, emails, logins
    assert not any(s.startswith('SELECT "account_contact".') for s in without_statements)


async def test_a_repeated_document_is_validated_once(api: Api, owner):
    cache = _get_validate_cache(256)  # the schema's ValidationCache(maxsize=256)
    await api.data(PAGE, {"search": "x"}, owner["token"])
    hits = cache.cache_info().hits
    await api.data(PAGE, {"search": "y"}, owner["token"])
    assert cache.cache_info().hits == hits + 1
