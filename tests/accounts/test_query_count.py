"""No N+1: a page of accounts with everything nested costs the same statements for 5 or 50."""

from tests.support.documents.accounts import ADD_NOTE, CREATE_CUSTOM_FIELD, CREATE_TAG
from tests.support.graphql import Api
from tests.support.sql_counter import count_statements

PAGE = """
query($first: Int!) {
  accounts(first: $first) {
    totalCount
    edges { node {
      id name clientId loginStatus notifyEnabled emailSyncEnabled
      tags { name }
      teamMembers { email accessRights { manageAccounts } }
      customFields { value field { label } history { newValue changedBy { email } } }
      relatedAccounts { id }
      overview { notes { body author { email } } }
      contacts {
        description
        contact { displayName emails { address } phones { number } tags { name } accounts { id } }
        emails { login notify emailSync portalAccess email { address }
                 notificationPreferences { messages } }
      }
    } }
  }
}"""


async def seed(api: Api, token: str, count: int) -> None:
    tag = (await api.mutate(CREATE_TAG, {"name": "VIP"}, token))["tag"]["id"]
    field = (
        await api.mutate(
            CREATE_CUSTOM_FIELD, {"target": "ACCOUNT", "label": "EIN", "type": "TEXT"}, token
        )
    )["customField"]["id"]
    for i in range(count):
        contacts = [
            {
                "contact": {
                    "firstName": f"Person{i}",
                    "lastName": f"Family{j}",
                    "emails": [{"address": f"p{i}.{j}@example.com", "login": j == 0}],
                    "phones": [{"number": "555-0100"}],
                    "tagIds": [tag],
                },
                "description": "Primary" if j == 0 else None,
            }
            for j in range(2)
        ]
        payload = await api.create_account(
            token,
            type="INDIVIDUAL",
            tagIds=[tag],
            customFields=[{"fieldId": field, "value": f"EIN-{i}"}],
            contacts=contacts,
        )
        await api.mutate(ADD_NOTE, {"accountId": payload["account"]["id"], "body": "Called"}, token)


async def statements_for_page(api: Api, token: str, size: int) -> int:
    with count_statements() as statements:
        data = await api.data(PAGE, {"first": size}, token)
    assert len(data["accounts"]["edges"]) == size
    return len(statements)


async def test_a_page_costs_the_same_statements_for_5_and_50_accounts(api: Api, owner):
    token = owner["token"]
    await seed(api, token, 50)
    small = await statements_for_page(api, token, 5)
    large = await statements_for_page(api, token, 50)
    assert small == large
    assert 5 <= large <= 25, f"{large} statements for one page"
    print(f"statements per page: {large}")
