"""Inbox+ as a list: ACCOUNT_ASSIGNED, keyset pages, unread, marking read."""

from app.inbox.models import Notification
from tests.support.documents.accounts import UPDATE_ACCOUNT
from tests.support.documents.inbox import NOTIFICATIONS
from tests.support.graphql import Api, codes

MARK_READ = """
mutation($input: MarkNotificationsReadInput!) {
  markNotificationsRead(input: $input) { count userErrors { field code } }
}"""


async def inbox(api: Api, token: str, **variables) -> dict:
    return (await api.data(NOTIFICATIONS, variables, token))["notifications"]


async def test_staff_added_by_someone_else_are_told_once(api: Api, owner):
    token = owner["token"]
    sam = await api.create_staff(token, "sam@acme.example", manageAccounts=True)
    dana = await api.create_staff(token, "dana@acme.example", defaultAccountAccess=True)
    account = await api.individual(token, "Jane", "Doe", "jane@example.com")
    # dana joined by her default access: told; the owner acted: not told.
    assert [e["node"]["kind"] for e in (await inbox(api, dana["token"]))["edges"]] == [
        "ACCOUNT_ASSIGNED"
    ]
    assert (await inbox(api, token))["totalCount"] == 0
    await api.data(
        UPDATE_ACCOUNT,
        {"input": {"id": account["id"], "teamMemberIds": [sam["id"], dana["id"]]}},
        token,
    )
    [assigned] = (await inbox(api, sam["token"]))["edges"]
    assert assigned["node"]["kind"] == "ACCOUNT_ASSIGNED"
    assert assigned["node"]["account"] == {"id": account["id"], "name": "Jane Doe"}
    assert "Jane Doe" in assigned["node"]["title"]
    # Keeping the team as it is tells nobody again; sam adding himself is not news to him.
    await api.data(
        UPDATE_ACCOUNT,
        {"input": {"id": account["id"], "teamMemberIds": [sam["id"], dana["id"]]}},
        token,
    )
    await api.data(
        UPDATE_ACCOUNT, {"input": {"id": account["id"], "teamMemberIds": [dana["id"]]}}, token
    )
    await api.data(
        UPDATE_ACCOUNT,
        {"input": {"id": account["id"], "teamMemberIds": [sam["id"], dana["id"]]}},
        sam["token"],
    )
    assert (await inbox(api, sam["token"]))["totalCount"] == 1
    assert (await inbox(api, dana["token"]))["totalCount"] == 1


async def test_pages_follow_ids_so_after_gives_what_came_since(api: Api, owner):
    token = owner["token"]
    sam = await api.create_staff(token, "sam@acme.example", manageAccounts=True)
    for i in range(5):
        await api.create_account(
            token,
            type="OTHER",
            name=f"Account {i}",
            teamMemberIds=[sam["id"]],
            contacts=[{"contact": {"firstName": "C", "lastName": str(i)}}],
        )
    first = await inbox(api, sam["token"], first=2)
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    names = [e["node"]["account"]["name"] for e in first["edges"]]
    assert names == ["Account 0", "Account 1"]
    assert first["edges"][1]["cursor"] == first["edges"][1]["node"]["id"]
    rest = await inbox(api, sam["token"], after=first["pageInfo"]["endCursor"])
    assert [e["node"]["account"]["name"] for e in rest["edges"]] == [
        "Account 2",
        "Account 3",
        "Account 4",
    ]
    assert not rest["pageInfo"]["hasNextPage"]
    newest = await inbox(api, sam["token"], first=2, newestFirst=True)
    assert [e["node"]["account"]["name"] for e in newest["edges"]] == ["Account 4", "Account 3"]
    older = await inbox(api, sam["token"], newestFirst=True, after=newest["pageInfo"]["endCursor"])
    assert [e["node"]["account"]["name"] for e in older["edges"]] == [
        "Account 2",
        "Account 1",
        "Account 0",
    ]
    body = await api.post(NOTIFICATIONS, {"after": "not-a-cursor"}, sam["token"])
    assert codes(body) == ["INVALID"]
    assert codes(await api.post(NOTIFICATIONS, {"first": 101}, sam["token"])) == ["LIMIT_EXCEEDED"]


async def test_marking_read(api: Api, owner):
    token = owner["token"]
    sam = await api.create_staff(token, "sam@acme.example", manageAccounts=True)
    for i in range(3):
        await api.create_account(
            token,
            type="OTHER",
            name=f"A{i}",
            teamMemberIds=[sam["id"]],
            contacts=[{"contact": {"firstName": "C", "lastName": str(i)}}],
        )
    edges = (await inbox(api, sam["token"]))["edges"]
    first_id = edges[0]["node"]["id"]
    assert await api.user_errors(MARK_READ, {}, sam["token"]) == ["INVALID"]
    # Another member's notification is not found, and nothing changes.
    assert await api.user_errors(MARK_READ, {"ids": [first_id]}, token) == ["NOT_FOUND"]
    done = await api.mutate(MARK_READ, {"ids": [first_id]}, sam["token"])
    assert done["count"] == 1
    again = await api.mutate(MARK_READ, {"ids": [first_id]}, sam["token"])
    assert again["count"] == 0
    unread = await inbox(api, sam["token"], unreadOnly=True)
    assert unread["totalCount"] == 2 and first_id not in [e["node"]["id"] for e in unread["edges"]]
    assert (await api.mutate(MARK_READ, {"all": True}, sam["token"]))["count"] == 2
    assert (await inbox(api, sam["token"], unreadOnly=True))["totalCount"] == 0
    assert await Notification.filter(read_at__isnull=True).count() == 0


async def test_a_notification_is_a_node_for_its_recipient_only(api: Api, owner):
    token = owner["token"]
    sam = await api.create_staff(token, "sam@acme.example")
    await api.create_account(
        token,
        type="OTHER",
        name="A",
        teamMemberIds=[sam["id"]],
        contacts=[{"contact": {"firstName": "C", "lastName": "D"}}],
    )
    [edge] = (await inbox(api, sam["token"]))["edges"]
    query = "query($id: ID!) { node(id: $id) { ... on Notification { kind } } }"
    assert (await api.data(query, {"id": edge["node"]["id"]}, sam["token"]))["node"] == {
        "kind": "ACCOUNT_ASSIGNED"
    }
    assert (await api.data(query, {"id": edge["node"]["id"]}, token))["node"] is None
