"""What a signed-in client may see: their own accounts, names, and their own address."""

from tests.support.graphql import Api, codes
from tests.support.portal import client_of_shared_account, first_email_id

ACCOUNT = """
query($id: ID!) {
  account(id: $id) {
    id name type
    teamMembers { id } tags { id } customFields { value } relatedAccounts { id }
    overview { notes { id } loginActivity { email } }
    contacts {
      contact { displayName address { city } phones { number } tags { id } emails { address } }
      emails { email { address } login portalAccess }
    }
  }
}"""

NODE = "query($id: ID!) { node(id: $id) { id } }"


async def test_a_client_sees_names_and_their_own_address_only(mail_api: Api, owner, smtp_server):
    client, shared, _ = await client_of_shared_account(mail_api, owner, smtp_server)
    seen = (await mail_api.data(ACCOUNT, {"id": shared["id"]}, client))["account"]
    assert (seen["name"], seen["type"]) == ("Doe Household", "OTHER")
    for staff_only in ("teamMembers", "tags", "customFields", "relatedAccounts"):
        assert seen[staff_only] == [], staff_only
    assert seen["overview"] == {"notes": [], "loginActivity": []}
    by_name = {c["contact"]["displayName"]: c for c in seen["contacts"]}
    assert set(by_name) == {"Jane Doe", "John Doe"}
    jane, john = by_name["Jane Doe"], by_name["John Doe"]
    assert jane["contact"]["emails"] == [{"address": "jane@example.com"}]
    assert [e["email"]["address"] for e in jane["emails"]] == ["jane@example.com"]
    assert john["contact"]["emails"] == [] and john["emails"] == []
    assert jane["contact"]["address"] is None and jane["contact"]["phones"] == []
    assert jane["contact"]["tags"] == []
    # The same query by staff shows everything.
    staff_view = (await mail_api.data(ACCOUNT, {"id": shared["id"]}, owner["token"]))["account"]
    assert staff_view["tags"] and staff_view["overview"]["notes"]
    assert len(staff_view["teamMembers"]) == 1


async def test_a_client_reaches_only_their_own_accounts(mail_api: Api, owner, smtp_server):
    client, shared, other = await client_of_shared_account(mail_api, owner, smtp_server)
    listed = await mail_api.data("{ accounts { totalCount edges { node { id } } } }", token=client)
    assert [e["node"]["id"] for e in listed["accounts"]["edges"]] == [shared["id"]]
    assert (await mail_api.data(ACCOUNT, {"id": other["id"]}, client))["account"] is None
    assert (await mail_api.data(NODE, {"id": other["id"]}, client))["node"] is None
    assert (await mail_api.data(NODE, {"id": shared["id"]}, client))["node"] == {"id": shared["id"]}
    contact_id = shared["contacts"][0]["contact"]["id"]
    assert (await mail_api.data(NODE, {"id": contact_id}, client))["node"] is None
    viewer = await mail_api.data("{ viewer { staff { id } client { id email } } }", token=client)
    assert viewer["viewer"]["staff"] is None
    me = viewer["viewer"]["client"]["id"]
    assert (await mail_api.data(NODE, {"id": me}, client))["node"] == {"id": me}


async def test_staff_lists_and_mutations_are_forbidden_to_clients(
    mail_api: Api, owner, smtp_server
):
    client, shared, _ = await client_of_shared_account(mail_api, owner, smtp_server)
    for query in (
        "{ contacts { totalCount } }",
        "{ staffMembers { id } }",
        "{ notifications { totalCount } }",
        "{ tags { id } }",
        "{ folderTemplates { id } }",
        "{ customFieldDefinitions { id } }",
    ):
        assert codes(await mail_api.post(query, token=client)) == ["FORBIDDEN"], query
    for mutation, variables in (
        (
            "mutation($id: ID!) { archiveAccount(id: $id) { userErrors { code } } }",
            {"id": shared["id"]},
        ),
        (
            'mutation($id: ID!) { addNote(input: {accountId: $id, body: "x"}) { userErrors { code } } }',
            {"id": shared["id"]},
        ),
        ("mutation { markNotificationsRead(input: {all: true}) { count } }", {}),
        (
            "mutation($id: ID!) { sendInvitation(input: {id: $id}) { userErrors { code } } }",
            {"id": first_email_id(shared)},
        ),
        ('mutation { createTag(input: {name: "x"}) { userErrors { code } } }', {}),
    ):
        assert codes(await mail_api.post(mutation, variables, token=client)) == ["FORBIDDEN"], (
            mutation
        )
    staff_view = (await mail_api.data(ACCOUNT, {"id": shared["id"]}, owner["token"]))["account"]
    assert staff_view["overview"]["notes"] == [{"id": staff_view["overview"]["notes"][0]["id"]}]
    assert len(staff_view["overview"]["notes"]) == 1


async def test_login_off_removes_the_account_from_a_signed_in_client(
    mail_api: Api, owner, smtp_server
):
    client, shared, _ = await client_of_shared_account(mail_api, owner, smtp_server)
    jane = next(c for c in shared["contacts"] if c["contact"]["displayName"] == "Jane Doe")
    await mail_api.data(
        "mutation($id: ID!) { setContactToggles(input: {id: $id, login: false}) { userErrors { code } } }",
        {"id": jane["emails"][0]["id"]},
        owner["token"],
    )
    assert (await mail_api.data(ACCOUNT, {"id": shared["id"]}, client))["account"] is None
    viewer = await mail_api.data("{ viewer { client { accounts { id } } } }", token=client)
    assert viewer["viewer"]["client"]["accounts"] == []
    # The contact and the account are intact for the staff.
    staff_view = (await mail_api.data(ACCOUNT, {"id": shared["id"]}, owner["token"]))["account"]
    assert len(staff_view["contacts"]) == 2
