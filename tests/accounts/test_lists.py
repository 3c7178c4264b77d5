"""The account list: search, filters, ordering, pagination; and node(id)."""

from tests.support.documents.accounts import ARCHIVE_ACCOUNT, CREATE_TAG
from tests.support.graphql import Api

ACCOUNTS = """
query($first: Int, $after: String, $filter: AccountFilter, $orderBy: AccountOrder) {
  accounts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { name } }
  }
}"""

NODE = "query($id: ID!) { node(id: $id) { __typename id ... on Account { name } } }"


async def names(api: Api, token: str, **variables) -> list[str]:
    data = await api.data(ACCOUNTS, variables, token)
    return [e["node"]["name"] for e in data["accounts"]["edges"]]


async def test_search_matches_names_contact_names_and_email_parts(api: Api, owner):
    token = owner["token"]
    await api.individual(token, "Jane", "Doe", "jane@doe-family.example")
    await api.individual(token, "Bob", "Roe", "bob@roe.example")
    await api.create_account(
        token,
        type="COMPANY",
        companyName="Acme Widgets",
        contacts=[{"contact": {"firstName": "Zed", "lastName": "Zulu"}}],
    )
    assert await names(api, token, filter={"search": "jane"}) == ["Jane Doe"]
    assert await names(api, token, filter={"search": "DOE-FAM"}) == ["Jane Doe"]
    assert await names(api, token, filter={"search": "zulu"}) == ["Acme Widgets"]
    assert await names(api, token, filter={"search": "widgets"}) == ["Acme Widgets"]
    assert await names(api, token, filter={"search": "jane doe"}) == ["Jane Doe"]
    assert await names(api, token, filter={"search": "nobody"}) == []


async def test_filters_by_type_tag_login_and_archived(api: Api, owner):
    token = owner["token"]
    tag = (await api.mutate(CREATE_TAG, {"name": "VIP"}, token))["tag"]["id"]
    jane = await api.individual(token, "Jane", "Doe", "jane@example.com", login=True)
    await api.create_account(
        token,
        type="COMPANY",
        companyName="Acme",
        tagIds=[tag],
        contacts=[{"contact": {"firstName": "A", "lastName": "B"}}],
    )
    bob = await api.individual(token, "Bob", "Roe")
    await api.data(ARCHIVE_ACCOUNT, {"id": bob["id"]}, token)
    assert await names(api, token) == ["Acme", "Jane Doe"]
    assert await names(api, token, filter={"archived": True}) == ["Bob Roe"]
    assert await names(api, token, filter={"type": "COMPANY"}) == ["Acme"]
    assert await names(api, token, filter={"tagIds": [tag]}) == ["Acme"]
    assert await names(api, token, filter={"loginStatus": "ACTIVE"}) == ["Jane Doe"]
    assert await names(api, token, filter={"loginStatus": "OFFLINE"}) == ["Acme"]
    assert await names(api, token, filter={"pendingActivation": True}) == ["Jane Doe"]
    assert jane["name"] == "Jane Doe"


async def test_order_and_pages(api: Api, owner):
    token = owner["token"]
    for first, last in [("Cara", "C"), ("Abe", "A"), ("Bea", "B")]:
        await api.individual(token, first, last)
    assert await names(api, token) == ["Abe A", "Bea B", "Cara C"]
    newest_first = {"field": "CREATED_AT", "direction": "DESC"}
    assert await names(api, token, orderBy=newest_first) == ["Bea B", "Abe A", "Cara C"]
    page = (await api.data(ACCOUNTS, {"first": 2}, token))["accounts"]
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (3, True)
    rest = (await api.data(ACCOUNTS, {"first": 2, "after": page["pageInfo"]["endCursor"]}, token))[
        "accounts"
    ]
    assert [e["node"]["name"] for e in rest["edges"]] == ["Cara C"]
    assert (rest["pageInfo"]["hasNextPage"], rest["pageInfo"]["hasPreviousPage"]) == (False, True)
    empty = (await api.data(ACCOUNTS, {"first": 0}, token))["accounts"]
    assert (empty["edges"], empty["totalCount"]) == ([], 3)


async def test_page_size_limits(api: Api, owner):
    for first in (101, -1):
        body = await api.post(ACCOUNTS, {"first": first}, owner["token"])
        assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    body = await api.post(ACCOUNTS, {"after": "garbage"}, owner["token"])
    assert body["errors"][0]["extensions"]["code"] == "INVALID"


async def test_node_finds_each_visible_object_and_nothing_else(api: Api, owner):
    token = owner["token"]
    account = await api.individual(token, "Jane", "Doe", "jane@example.com")
    found = (await api.data(NODE, {"id": account["id"]}, token))["node"]
    assert found == {"__typename": "Account", "id": account["id"], "name": "Jane Doe"}
    contact_id = account["contacts"][0]["contact"]["id"]
    email_id = account["contacts"][0]["emails"][0]["id"]
    address_id = account["contacts"][0]["emails"][0]["email"]["id"]
    for node_id, typename in [
        (contact_id, "Contact"),
        (email_id, "AccountEmail"),
        (address_id, "ContactEmail"),
    ]:
        assert (await api.data(NODE, {"id": node_id}, token))["node"]["__typename"] == typename
    for bad in ["nonsense", "QWNjb3VudDo5OTk", ""]:
        assert (await api.data(NODE, {"id": bad}, token))["node"] is None
