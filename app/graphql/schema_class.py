"""The schema class: Strawberry's, with our error log, subscriptions refused over plain HTTP,
and the execution handed to the request's facts (the access line and metrics read it)."""

from __future__ import annotations

import inspect
import logging
from collections.abc import AsyncGenerator, Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from app.errors import DomainError
from app.graphql.unavailable import describe, is_database_outage
from app.observability import request_facts
from app.observability.graphql_errors import log_errors
from app.observability.metrics import live_streams

log = logging.getLogger("crm.graphql")

SUBSCRIPTION_OVER_HTTP = (
    "Subscriptions need a WebSocket: open one to /graphql with the graphql-transport-ws "
    "protocol (the graphql-ws library's) and subscribe there."
)
HTTP_OPERATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})


def is_unexpected(error: GraphQLError) -> bool:
    """A failure of our code (masked for the client), not an error meant for the client."""
    original = error.original_error
    return original is not None and not isinstance(original, DomainError | GraphQLError)


class CrmSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log client errors as one INFO line, our failures with their traceback, and a
        database outage as one WARNING line (not a traceback for every failed field)."""
        outages = [e for e in errors if is_database_outage(e.original_error)]
        for error in outages:
            where = ".".join(str(p) for p in error.path or ()) or "request"
            cause = error.original_error or error
            log.warning("%s: database unavailable: %s", where, describe(cause))
        others = [e for e in errors if not any(e is o for o in outages)]
        log_errors(others, execution_context, is_unexpected)

    def _create_execution_context(self, *args: Any, **kwargs: Any) -> ExecutionContext:
        # The one place every execution passes: the request's access line reads it after.
        execution = super()._create_execution_context(*args, **kwargs)
        facts = request_facts.current.get()
        if facts is not None:
            facts.execution = execution
        return execution

    async def stream(self, *args: Any, **kwargs: Any) -> Any:
        """Stream an operation (WebSockets), counted in `live_streams` while it runs."""
        result = await super().stream(*args, **kwargs)
        return _counted(result) if inspect.isasyncgen(result) else result

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """Run a query or mutation; a subscription (only WebSockets stream them; `execute`
        serves plain HTTP) is a request error saying where to send it."""
        given = HTTP_OPERATIONS if allowed_operation_types is None else allowed_operation_types
        allowed = HTTP_OPERATIONS.intersection(given)
        try:
            return await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed,
                operation_extensions,
            )
        except InvalidOperationTypeError as error:
            if error.operation_type is not OperationType.SUBSCRIPTION:
                raise
            return ExecutionResult(data=None, errors=[GraphQLError(SUBSCRIPTION_OVER_HTTP)])


async def _counted(results: AsyncGenerator[Any, Any]) -> AsyncGenerator[Any, None]:
    live_streams.value += 1
    try:
        async for result in results:
            yield result
    finally:
        live_streams.value -= 1
        await results.aclose()
