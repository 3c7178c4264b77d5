"""No secret reaches a log line, and a client's mistake is one INFO line, not a traceback.

The app runs in process with pytest's log capture at DEBUG (more than `crm serve` writes), and
as a real `crm serve` process whose whole output is read.
"""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from app.api.schema import schema
from tests.support.documents.firms import SIGN_IN
from tests.support.graphql import PASSWORD, Api, codes
from tests.support.live_server import Output, crm_env, crm_serve

SECRET_PASSWORD = "hunter2-but-longer-7"
SECRET_LITERAL = "literal-secret-in-the-document"
SECRET_VARIABLE = "variable-secret-value"

CREATE_TAG = 'mutation { createTag(input: {name: "VIP"}) { tag { id } userErrors { code } } }'
# A literal of the wrong type: graphql-core's message quotes the literal itself.
BAD_LITERAL = f'{{ accounts(first: "{SECRET_LITERAL}") {{ totalCount }} }}'
# A variable with an unknown field beside the password: graphql-core's message prints the
# whole value it could not coerce, password included.
BAD_VARIABLES = {"input": {"email": "owner@acme.example", "password": SECRET_PASSWORD, "x": 1}}


def graphql_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the GraphQL layer logged about errors (ours and Strawberry's own logger)."""
    return [r for r in caplog.records if r.name in ("crm.graphql", "strawberry.execution")]


async def test_sign_in_password_and_bearer_token_never_reach_the_log(api: Api, owner, caplog):
    caplog.set_level(logging.DEBUG)
    await api.post(SIGN_IN, {"input": {"email": "owner@acme.example", "password": "wrong-one-1"}})
    await api.post(SIGN_IN, BAD_VARIABLES)
    await api.post(SIGN_IN, {"input": {"email": "owner@acme.example", "password": PASSWORD}})
    await api.post(BAD_LITERAL, token=owner["token"])
    await api.post(CREATE_TAG, token="not-a-real-token-but-secret")
    assert graphql_records(caplog), "the bad requests were logged"
    for secret in (
        SECRET_PASSWORD,
        PASSWORD,
        "wrong-one-1",
        SECRET_LITERAL,
        owner["token"],
        "not-a-real-token-but-secret",
    ):
        assert secret not in caplog.text


async def test_a_client_error_is_one_info_line_without_traceback(api: Api, owner, caplog):
    employee = await api.create_staff(owner["token"], "emma@acme.example")
    cases = {
        "FORBIDDEN": (CREATE_TAG, employee["token"]),
        "UNAUTHENTICATED": ("{ accounts { totalCount } }", None),
        "LIMIT_EXCEEDED": ("{ accounts(first: 1000) { totalCount } }", owner["token"]),
        "validation": ("{ accounts { noSuchField } }", owner["token"]),
        "parse": ("{ accounts(", owner["token"]),
    }
    for name, (query, token) in cases.items():
        caplog.clear()
        with caplog.at_level(logging.INFO):
            body = await api.post(query, token=token)
        assert body["errors"], name
        records = graphql_records(caplog)
        assert len(records) == 1, (name, [r.getMessage() for r in records])
        (record,) = records
        assert record.levelno == logging.INFO and record.exc_info is None, name
        assert "\n" not in record.getMessage(), name
        if name.isupper():
            assert name in record.getMessage() and codes(body) == [name]


async def test_an_unexpected_error_keeps_its_traceback_with_the_input_hidden(caplog):
    query = (
        f'mutation {{ signIn(input: {{email: "a@b.example", password: "{SECRET_LITERAL}"}}) '
        "{ session { token } } }"
    )
    execution = ExecutionContext(
        query=query, schema=schema, allowed_operations=(), variables={"x": SECRET_VARIABLE}
    )
    try:
        raise RuntimeError(f"boom while handling {SECRET_VARIABLE}")
    except RuntimeError as failure:
        error = GraphQLError("boom", original_error=failure, path=["signIn"])
    with caplog.at_level(logging.INFO):
        schema.process_errors([error], execution)
    (record,) = graphql_records(caplog)
    assert record.levelno == logging.ERROR and record.exc_info is not None
    message = record.getMessage()
    assert 'password: "***"' in message and '{"x": "***"}' in message
    assert SECRET_LITERAL not in message and SECRET_VARIABLE not in message
    # The formatter `crm serve` uses hides the request's values in the traceback too.
    from app.observability.logs import TextFormatter

    line = TextFormatter().format(record)
    assert "RuntimeError" in line and "Traceback" in line and SECRET_VARIABLE not in line


def test_crm_serve_logs_no_password_token_or_database_password(database_url, tmp_path: Path):
    """A real `crm serve`: sign-ins, a bearer token, a failing mutation with a secret input,
    /readyz; nothing it prints (banner, log, access lines) holds any of them."""
    db_password = "db-password-never-logged"
    env = crm_env(CRM_DATABASE_URL=_with_password(database_url, db_password))
    output = Output()
    with crm_serve(env, tmp_path, output=output) as base, httpx.Client(base_url=base) as http:
        firm = {
            "name": "Log Firm",
            "slug": "log-firm",
            "ownerEmail": "owner@log.example",
            "ownerPassword": SECRET_PASSWORD,
            "ownerFirstName": "Olivia",
            "ownerLastName": "Owner",
        }
        create = (
            "mutation($input: CreateFirmInput!) { createFirm(input: $input) { session { token } } }"
        )
        token = _post(http, create, {"input": firm})["data"]["createFirm"]["session"]["token"]
        _post(http, SIGN_IN, {"input": {"email": "owner@log.example", "password": "wrong-pass-42"}})
        _post(http, SIGN_IN, BAD_VARIABLES)
        _post(http, BAD_LITERAL, token=token)
        _post(http, CREATE_TAG, token="bearer-token-that-does-not-exist")
        assert http.get("/readyz").status_code == 200
        output.wait_for("GET /readyz 200")  # the last request's access line: all is written
    printed = output.text
    assert "POST /graphql 200" in printed and "GraphQL API on" in printed
    for secret in (
        SECRET_PASSWORD,
        "wrong-pass-42",
        SECRET_LITERAL,
        token,
        "bearer-token-that-does-not-exist",
        db_password,
    ):
        assert secret not in printed, secret
    if database_url.startswith("postgres"):
        assert "(PostgreSQL " in printed  # the banner names the database, never the password


def _with_password(url: str, password: str) -> str:
    """The test database's URL with a password (PostgreSQL's trust login ignores it; SQLite
    has none, so the URL stays as it is there)."""
    if not url.startswith("postgres://"):
        return url
    user, _, rest = url.removeprefix("postgres://").partition("@")
    return f"postgres://{user.partition(':')[0]}:{password}@{rest}"


def _post(http: httpx.Client, query: str, variables=None, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    return answer.json()
