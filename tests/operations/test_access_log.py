"""Logs an operator can use: a request id on every request (X-Request-Id in and out) and on
every log line of it, one access line per request naming the GraphQL operation and its
outcome, and CRM_LOG_FORMAT=json for one JSON object per line."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest

from app.settings import Settings
from tests.support.documents.accounts import CREATE_ACCOUNT
from tests.support.graphql import Api
from tests.support.live_server import Output, crm_env, crm_serve

CREATE_TAG = (
    'mutation MakeTag { createTag(input: {name: "VIP"}) { tag { id } userErrors { code } } }'
)

BAD_EMAIL = {
    "type": "INDIVIDUAL",
    "contacts": [{"contact": {"firstName": "A", "lastName": "B", "emails": [{"address": "nope"}]}}],
}


def access_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "crm.access"]


async def test_every_answer_has_a_request_id_kept_from_a_sane_header(api: Api):
    made = await api.client.get("/healthz")
    other = await api.client.get("/healthz")
    assert len(made.headers["x-request-id"]) == 32
    assert made.headers["x-request-id"] != other.headers["x-request-id"]
    kept = await api.client.get("/healthz", headers={"X-Request-Id": "lb-7f3a.42"})
    assert kept.headers["x-request-id"] == "lb-7f3a.42"
    for forged in ("two words", "x" * 200, "tab\there", "a;b", ""):
        answer = await api.client.get("/healthz", headers={"X-Request-Id": forged})
        assert answer.headers["x-request-id"] != forged
        assert len(answer.headers["x-request-id"]) == 32


async def test_one_access_line_per_request_with_operation_and_outcome(api: Api, owner, caplog):
    employee = await api.create_staff(owner["token"], "emma@acme.example")
    requests = [
        ("query Ping { __typename }", {}, owner["token"], "Ping", "ok"),
        ("{ accounts { totalCount } }", {}, owner["token"], "accounts", "ok"),
        ("{ accounts { totalCount } }", {}, None, "accounts", "UNAUTHENTICATED"),
        (CREATE_TAG, {}, employee["token"], "MakeTag", "FORBIDDEN"),
        ("{ accounts { nope } }", {}, owner["token"], "accounts", "invalid"),
        ("{ accounts(", {}, owner["token"], "-", "invalid"),
        (CREATE_ACCOUNT, {"input": BAD_EMAIL}, owner["token"], "createAccount", "user_errors"),
    ]
    for query, variables, token, operation, outcome in requests:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            await api.post(query, variables, token)
        (line,) = access_lines(caplog)
        assert (line.operation, line.outcome) == (operation, outcome), query
        assert (line.method, line.path, line.status) == ("POST", "/graphql", 200)
        assert line.duration_ms >= 0 and len(line.request_id) == 32
        assert line.getMessage().startswith("POST /graphql 200 ")


async def test_requests_refused_before_graphql_are_logged_as_rejected(api: Api, caplog):
    with caplog.at_level(logging.INFO):
        answer = await api.client.post(
            "/graphql", content=b"{not json", headers={"content-type": "application/json"}
        )
    (line,) = access_lines(caplog)
    assert answer.status_code == 400 and (line.status, line.outcome) == (400, "rejected")


def test_log_format_setting_is_validated():
    assert Settings.from_env({}).log_format == "text"
    assert Settings.from_env({"CRM_LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(ValueError, match="CRM_LOG_FORMAT must be text or json"):
        Settings.from_env({"CRM_LOG_FORMAT": "xml"})


def test_crm_serve_writes_json_lines_carrying_the_request_id(database_url, tmp_path: Path):
    env = crm_env(CRM_DATABASE_URL=database_url, CRM_LOG_FORMAT="json")
    output = Output()
    with crm_serve(env, tmp_path, output=output) as base:
        answer = httpx.post(
            f"{base}/graphql",
            json={"query": "query Mine { accounts { totalCount } }"},
            headers={"X-Request-Id": "trace-123"},
        )
        assert answer.headers["x-request-id"] == "trace-123"
        output.wait_for('"path": "/graphql"')
    lines = [json.loads(line) for line in output.lines if line.startswith("{")]
    assert {"time", "level", "logger", "message"} <= set(lines[0])
    assert any(line["logger"] == "uvicorn.error" for line in lines)  # uvicorn's own, as JSON
    mine = [line for line in lines if line.get("request_id") == "trace-123"]
    assert {line["logger"] for line in mine} == {"crm.graphql", "crm.access"}
    (access,) = [line for line in mine if line["logger"] == "crm.access"]
    assert access["operation"] == "Mine" and access["outcome"] == "UNAUTHENTICATED"
    assert access["method"] == "POST" and access["status"] == 200
    assert isinstance(access["duration_ms"], float)
    assert not [
        line
        for line in output.lines
        if line.strip()
        and not line.startswith("{")
        and "GraphQL API on" not in line
        and "Demo" not in line
    ]


def test_crm_serve_text_lines_by_default(database_url, tmp_path: Path):
    output = Output()
    with crm_serve(crm_env(CRM_DATABASE_URL=database_url), tmp_path, output=output) as base:
        httpx.post(f"{base}/graphql", json={"query": "{ __typename }"})
        line = output.wait_for("POST /graphql")
    assert "POST /graphql 200" in line and "operation=__typename outcome=ok" in line
    assert "uvicorn.access" not in output.text  # uvicorn's own access log is off


@pytest.mark.parametrize(
    ("trusted", "client"),
    [(None, "203.0.113.9"), ("10.1.2.3", "127.0.0.1")],
    ids=["the local proxy is trusted", "another proxy is not"],
)
def test_x_forwarded_for_counts_only_from_a_trusted_proxy(
    database_url, tmp_path: Path, trusted: str | None, client: str
):
    env = crm_env(CRM_DATABASE_URL=database_url, CRM_LOG_FORMAT="json")
    args = ["--forwarded-allow-ips", trusted] if trusted else []
    output = Output()
    with crm_serve(env, tmp_path, *args, output=output) as base:
        httpx.post(
            f"{base}/graphql",
            json={"query": "query Where { __typename }"},
            headers={"X-Forwarded-For": "203.0.113.9", "X-Request-Id": "forwarded-1"},
        )
        output.wait_for('"request_id": "forwarded-1"')
        output.wait_for('"path": "/graphql"')
    lines = [json.loads(line) for line in output.lines if line.startswith("{")]
    (access,) = [
        line
        for line in lines
        if line.get("request_id") == "forwarded-1" and line["logger"] == "crm.access"
    ]
    assert access["client"] == client
