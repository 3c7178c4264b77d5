"""Naming a GraphQL request for logs and metrics: its operation name, or else its root fields,
and its outcome (ok, user_errors, invalid, or the first error's code)."""

from __future__ import annotations

import re
from typing import Any

from graphql import FieldNode, OperationDefinitionNode
from strawberry.types import ExecutionContext, ExecutionResult

GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")


def operation_label(execution: ExecutionContext | None) -> str:
    """The operation's name; for an anonymous one its root fields (`accounts`,
    `createAccount,addNote`); `-` for a document that did not parse."""
    if execution is None:
        return "-"
    name = execution.operation_name
    if name:
        return name if GRAPHQL_NAME.fullmatch(name) else "invalid-name"
    operation = _operation(execution)
    if operation is None:
        return "-"
    fields = [s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)]
    return ",".join(fields[:5]) or "-"


def _operation(execution: ExecutionContext) -> OperationDefinitionNode | None:
    document = execution.graphql_document
    if document is None:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return operations[0] if len(operations) == 1 else None


def outcome_of(result: ExecutionResult) -> str:
    """`ok`; `user_errors` when a mutation's payload lists some; `invalid` for a request
    that did not parse or validate; else the first error's code."""
    if result.errors:
        error = result.errors[0]
        code = (error.extensions or {}).get("code")
        if code:
            return str(code)
        return "invalid" if error.path is None else "error"
    data: Any = result.data
    if isinstance(data, dict):
        for payload in data.values():
            if isinstance(payload, dict) and payload.get("userErrors"):
                return "user_errors"
    return "ok"
