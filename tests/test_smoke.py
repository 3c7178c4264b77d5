from tests.graphql import Api


async def test_a_firm_signs_up_and_creates_an_account(api: Api, owner: dict) -> None:
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com", login=True)
    assert account["name"] == "Jane Doe"
    assert account["clientId"] == "JD1"
