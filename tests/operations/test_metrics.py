"""Prometheus metrics at /metrics: the page parses as Prometheus text, requests move the
counters (by operation and outcome), SQL statements per request are counted, and the outbox
backlog, live subscriptions and the broadcast state are read when scraped."""

from __future__ import annotations

import json

from prometheus_client.parser import text_string_to_metric_families

from app.graphql.ids import to_global_id
from tests.support.documents.inbox import INBOX_AFTER
from tests.support.graphql import Api
from tests.support.inbox import assign
from tests.support.sql_counter import count_statements
from tests.support.ws import next_payload, receive, signed_in, socket, subscribe

ACCOUNTS = "query Accounts { accounts(first: 5) { totalCount edges { node { name } } } }"


async def scrape(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, by (name, sorted labels); the page must parse."""
    page = await client.get("/metrics")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(page.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_a_query_moves_the_counters_and_its_statements_are_counted(api: Api, owner):
    await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    before = await scrape(api.client)
    with count_statements(bookkeeping=True) as statements:  # every one the metrics count
        await api.data(ACCOUNTS, token=owner["token"])
    await api.post(ACCOUNTS)  # no token
    after = await scrape(api.client)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("crm_graphql_requests_total", operation="Accounts", outcome="ok") == 1
    assert moved("crm_graphql_requests_total", operation="Accounts", outcome="UNAUTHENTICATED") == 1
    assert moved("crm_graphql_request_duration_seconds_count", operation="Accounts") == 2
    assert moved("crm_http_requests_total", route="/graphql", status="200") == 2
    assert moved("crm_http_requests_total", route="/metrics", status="200") == 1  # the 1st scrape
    assert moved("crm_http_request_duration_seconds_count", route="/graphql") == 2
    # The statements of the signed-in query (as Tortoise's own log counts them), and none for
    # the refused one, added to the histogram: 3 requests observed (2 queries, 1 scrape).
    assert len(statements) >= 1
    assert moved("crm_sql_statements_per_request_count") == 3
    assert moved("crm_sql_statements_per_request_sum") == len(statements) + 1  # + the scrape's


async def test_operation_labels_are_bounded(api: Api):
    for i in range(120):
        await api.post(f"query Op{i} {{ __typename }}")
    samples = await scrape(api.client)
    operations = {
        dict(labels).get("operation")
        for (name, labels) in samples
        if name == "crm_graphql_requests_total"
    }
    assert len(operations) == 101 and "other" in operations


async def test_the_outbox_backlog_and_the_oldest_mail_age_are_read_when_scraped(api: Api, owner):
    samples = await scrape(api.client)
    assert value(samples, "crm_outbox_backlog") == 0
    assert value(samples, "crm_outbox_oldest_unsent_age_seconds") == 0
    # LOGIN on and an invitation: one mail queued (no worker runs in this app).
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com", login=True)
    email_id = account["contacts"][0]["emails"][0]["id"]
    send = "mutation($input: SendInvitationInput!) { sendInvitation(input: $input) { userErrors { code } } }"
    await api.mutate(send, {"id": email_id}, owner["token"])
    samples = await scrape(api.client)
    assert value(samples, "crm_outbox_backlog") == 1
    assert 0 <= value(samples, "crm_outbox_oldest_unsent_age_seconds") < 60


async def test_live_subscriptions_and_the_broadcast_state(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example")
    await assign(live_api, owner["token"], "Seen", sam["id"])  # one notification for Sam
    samples = await scrape(live_api.client)
    assert value(samples, "crm_broadcast_state", state="up") == 1
    assert value(samples, "crm_broadcast_state", state="down") == 0
    assert value(samples, "crm_broadcast_outages_total") == 0
    assert value(samples, "crm_subscriptions_active") == 0
    async with socket(live) as ws:
        await signed_in(ws, sam["token"])
        after = to_global_id("Notification", 0)
        await subscribe(ws, "1", INBOX_AFTER, {"after": after})
        await next_payload(ws)  # it runs: the stored notification came
        assert value(await scrape(live_api.client), "crm_subscriptions_active") == 1
        await ws.send(json.dumps({"id": "1", "type": "complete"}))
        # An operation after the `complete`: once it answers, the subscription has ended.
        await subscribe(ws, "2", "{ __typename }")
        assert (await receive(ws))["type"] == "next"
        assert value(await scrape(live_api.client), "crm_subscriptions_active") == 0


async def test_routes_are_labelled_by_what_serves_them(api: Api):
    await api.client.get("/graphiql/crm-graphiql.js")
    await api.client.get("/no/such/page")
    samples = await scrape(api.client)
    assert value(samples, "crm_http_requests_total", route="/graphiql", status="200") == 1
    assert value(samples, "crm_http_requests_total", route="other", status="404") == 1
