from tests.support.graphql import Api


async def test_a_firm_signs_up_and_creates_an_account(api: Api, owner: dict) -> None:
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com", login=True)
    assert account["name"] == "Jane Doe"
    assert account["clientId"] == "JD1"


async def test_graphiql_signs_subscriptions_in_with_its_headers(api):
    page = await api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'src="graphiql/crm-graphiql.js"' in page.text
    script = (await api.client.get("/graphiql/crm-graphiql.js")).text
    assert "wsConnectionParams: typedHeaders" in script
    assert 'localStorage.getItem("graphiql:headers")' in script  # GraphiQL's Headers tab
