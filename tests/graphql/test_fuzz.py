"""Fuzzing: schemathesis writes queries and mutations for every root field of the live schema
(valid ones and, in its negative mode, invalid ones) and posts them to the app as a firm owner.

No answer may be a 5xx, a masked crash (INTERNAL_SERVER_ERROR), a traceback or an exception's
name, and every answer must be a GraphQL response. Examples are bounded and derandomized, so a
run takes seconds and CI always sends the same documents.
"""

from __future__ import annotations

import asyncio
import builtins
import json
import re
from typing import Any

import httpx
import schemathesis
from graphql import get_introspection_query
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.graphql import nodes

from app.api.schema import schema
from app.graphql.ids import to_global_id
from tests.support.graphql import Api

# Per operation; about 40 operations, so some 800 requests a run.
EXAMPLES = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 5}

EXCEPTION_NAMES = sorted(
    {n for n, v in vars(builtins).items() if isinstance(v, type) and issubclass(v, BaseException)}
    | {"IntegrityError", "OperationalError", "DataError", "DoesNotExist", "ConfigurationError"}
    - {"Warning", "Exception"}  # words that may stand in a sentence
)
# IDs: mostly well-formed ids of every node type, with keys at and past the edges of the
# database's integer columns, and some arbitrary text.
NODE_TYPES = sorted(
    t.name for t in schema._schema.get_possible_types(schema._schema.type_map["Node"])
)
EDGE_KEYS = st.sampled_from([1, 2**31 - 1, 2**31, 2**63, 10**30])
schemathesis.graphql.scalar(
    "ID",
    st.one_of(
        st.builds(to_global_id, st.sampled_from(NODE_TYPES), EDGE_KEYS),
        st.text(max_size=40),
    ).map(nodes.String),
)

LEAKS = re.compile(
    r"Traceback|File \"|asyncpg|tortoise|sqlite|\b(" + "|".join(EXCEPTION_NAMES) + r")\b"
)


async def test_no_document_the_schema_allows_crashes_the_api(api: Api, owner):
    introspection = await api.data(get_introspection_query())
    loaded = schemathesis.graphql.from_dict(introspection)
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) >= 35
    loop = asyncio.get_running_loop()
    headers = {"Authorization": f"Bearer {owner['token']}"}

    def post(document: str) -> httpx.Response:
        """Sent on the test's event loop, which owns the database connection."""
        request = api.client.post("/graphql", json={"query": document}, headers=headers)
        return asyncio.run_coroutine_threadsafe(request, loop).result(timeout=60)

    problems: dict[str, str] = {}
    sent = await asyncio.to_thread(_fuzz_all, operations, post, problems)
    assert not problems, "\n\n".join(f"{p}:\n{document}" for p, document in problems.items())
    assert sent >= 20 * len(operations) // 2  # the bound did not silently cut the run to nothing


def _fuzz_all(operations: list[Any], post: Any, problems: dict[str, str]) -> int:
    """Run every operation in both modes; how many documents were sent."""
    return sum(
        _fuzz(operation, mode, examples, post, problems)
        for operation in operations
        for mode, examples in EXAMPLES.items()
    )


def _fuzz(operation: Any, mode: GenerationMode, examples: int, post: Any, problems: dict) -> int:
    """Send up to `examples` documents for one operation; record one example of each problem."""
    sent = 0

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],  # no shrinking: the document is reported as sent
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        nonlocal sent
        response = post(case.body)
        sent += 1
        problem = _problem_with(response)
        if problem:
            problems.setdefault(f"{operation.label}: {problem}", case.body)

    run()
    return sent


def _problem_with(response: httpx.Response) -> str | None:
    """What is wrong with an answer, or None."""
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    found = LEAKS.search(response.text)
    if found:
        return f"{found.group(0)!r} in the answer"
    try:
        body = json.loads(response.text)
    except ValueError:
        return "not JSON"
    if not isinstance(body, dict) or not {"data", "errors"} & body.keys():
        return "not a GraphQL response"
    if set(body) - {"data", "errors", "extensions"}:
        return f"unexpected keys {sorted(body)}"
    errors = body.get("errors", [])
    if not isinstance(errors, list) or not all("message" in e for e in errors):
        return "malformed errors"
    if any(e.get("extensions", {}).get("code") == "INTERNAL_SERVER_ERROR" for e in errors):
        return "INTERNAL_SERVER_ERROR (a crash, masked)"
    return None
