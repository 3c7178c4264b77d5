"""GraphQL over HTTP (the spec the `graphql-http` audits check): which media type an answer
takes, and how a request error is answered in `application/graphql-response+json`.

`application/json` (the default, and what `*/*` or no Accept header get) keeps the legacy
behaviour: every GraphQL answer is HTTP 200 with a `data` entry. A client that asks for
`application/graphql-response+json` gets a request error (the document does not parse or
validate, a variable does not coerce, the named operation is missing) as HTTP 400 without
`data`, so it can tell "the request was wrong" from "a field failed" by the status alone.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from starlette.responses import JSONResponse, Response
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from app.errors import ErrorCode
from app.graphql import unavailable

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
# What each media range of an Accept header gets; anything else is not ours to serve.
SERVED = {GRAPHQL_RESPONSE: GRAPHQL_RESPONSE, JSON: JSON, "application/*": JSON, "*/*": JSON}


def response_media_type(accept: str | None) -> str:
    """The media type we serve that the Accept header ranks highest (the first listed wins a
    tie); `application/json` when it names none we serve (no header, a browser's text/html)."""
    best, best_quality = JSON, 0.0
    for media_range in (accept or "").split(","):
        name, _, parameters = media_range.partition(";")
        served = SERVED.get(name.strip().lower())
        quality = _quality(parameters)
        if served is not None and quality > best_quality:
            best, best_quality = served, quality
    return best


def _quality(parameters: str) -> float:
    """The `q` of a media range's parameters: 1 when absent, 0 when unreadable."""
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def is_request_error(result: ExecutionResult) -> bool:
    """Whether execution never started: no data, and no error belongs to a field (a field's
    error carries its path; parsing, validation and variable errors have none)."""
    errors: list[GraphQLError] = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def is_unavailable(answer: GraphQLHTTPResponse) -> bool:
    """Whether nothing was answered because a backend is down: no data, an UNAVAILABLE error."""
    errors: list[dict[str, Any]] = answer.get("errors") or []  # type: ignore[assignment]
    return answer.get("data") is None and any(
        (e.get("extensions") or {}).get("code") == unavailable.CODE for e in errors
    )


def retry_after_throttled(answer: GraphQLHTTPResponse) -> float | None:
    """The seconds a THROTTLED answer (over the caller's query cost budget) asks to wait."""
    errors: list[dict[str, Any]] = answer.get("errors") or []  # type: ignore[assignment]
    for error in errors:
        extensions = error.get("extensions") or {}
        if extensions.get("code") == ErrorCode.THROTTLED:
            return float(extensions.get("retryAfterSeconds", 1))
    return None


def shape(answer: GraphQLHTTPResponse, result: ExecutionResult, media_type: str) -> None:
    """Drop `data` from a request error's answer in `application/graphql-response+json`, and
    from one that could not run because the database is down (answered 503)."""
    if media_type == GRAPHQL_RESPONSE and (is_request_error(result) or is_unavailable(answer)):
        answer.pop("data", None)


def status_code(answer: GraphQLHTTPResponse | list[GraphQLHTTPResponse], media_type: str) -> int:
    """In `application/graphql-response+json`: 503 when the database is down and nothing was
    answered, 429 when the caller is over its query cost budget, 400 for a request error;
    otherwise (and always in `application/json`) 200."""
    if media_type == GRAPHQL_RESPONSE and isinstance(answer, dict) and "data" not in answer:
        if is_unavailable(answer):
            return 503
        return 429 if retry_after_throttled(answer) is not None else 400
    return 200


def unavailable_response(accept: str | None, message: str = unavailable.MESSAGE) -> Response:
    """The answer to a request that could not run (the database is down, the server is
    shutting down): code UNAVAILABLE, "try again"."""
    media_type = response_media_type(accept)
    error = {"message": message, "extensions": {"code": unavailable.CODE}}
    body: GraphQLHTTPResponse = {"data": None, "errors": [error]}
    if media_type == GRAPHQL_RESPONSE:
        body.pop("data")
    response = JSONResponse(body, status_code=status_code(body, media_type))
    response.headers["content-type"] = media_type
    if response.status_code == 503:
        response.headers["retry-after"] = str(unavailable.RETRY_AFTER_SECONDS)
    return response


def nested_deeper_than(value: Any, text: str | bytes, limit: int) -> bool:
    """Whether decoded JSON nests lists and objects more than `limit` deep. `text` (what
    was decoded) lets the common case skip the walk: fewer brackets than `limit`."""
    if isinstance(text, bytes):
        brackets = text.count(b"[") + text.count(b"{")
    else:
        brackets = text.count("[") + text.count("{")
    if brackets <= limit:
        return False
    level: list[tuple[Any, int]] = [(value, 0)]
    while level:  # iterative: the depth that matters is the one that breaks recursion
        item, depth = level.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            level.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            level.extend((child, depth + 1) for child in item)
    return False
