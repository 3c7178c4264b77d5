"""How GraphQL errors reach the log: a client's mistake is one INFO line; our own failure is
an ERROR with its traceback. Neither shows a value the request carried (passwords, tokens):
the document is printed with its string literals hidden, the variables with their strings
hidden, and messages with every value of the request replaced by ***."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence

from graphql import GraphQLError
from strawberry.types import ExecutionContext

from app.observability.redact import redact_document, redact_variables, request_values, scrub

log = logging.getLogger("crm.graphql")


def log_errors(
    errors: Sequence[GraphQLError],
    execution: ExecutionContext | None,
    is_unexpected: Callable[[GraphQLError], bool],
) -> None:
    """Log the errors of one GraphQL execution (called once per result)."""
    query = execution.query if execution else None
    variables = execution.variables if execution else None
    values = request_values(query, variables)
    operation = _operation_name(execution)
    expected = [e for e in errors if not is_unexpected(e)]
    if expected:
        summary = " | ".join(scrub(_describe(e), values) for e in expected)
        log.info("client error in %s: %s", operation, summary, extra={"redact": values})
    for error in errors:
        if is_unexpected(error):
            log.error(
                "unexpected error in %s at %s: %s\ndocument: %s\nvariables: %s",
                operation,
                _path(error),
                scrub(error.message, values),
                redact_document(query or ""),
                json.dumps(redact_variables(variables or {})),
                exc_info=error.original_error,
                extra={"redact": values},
            )


def _describe(error: GraphQLError) -> str:
    code = (error.extensions or {}).get("code") or "INVALID"
    where = f" at {_path(error)}" if error.path else ""
    return f"{code}{where}: {error.message}"


def _path(error: GraphQLError) -> str:
    return ".".join(str(p) for p in error.path) if error.path else "-"


def _operation_name(execution: ExecutionContext | None) -> str:
    name = execution.operation_name if execution else None
    return name or "anonymous operation"
