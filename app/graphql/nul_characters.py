"""Text holding the NUL character (U+0000): PostgreSQL can neither store nor compare it.

No name, address, note, search or CSV of ours needs one. A mutation answers it like any other
bad input, in its payload's `userErrors` (`INVALID_CHARACTERS`, naming the field) before its
resolver runs (see `app.graphql.errors.reports_user_errors`); a query or subscription, which has no
payload for it, is refused before anything runs with a top-level `INVALID` error.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, cast

from graphql import DocumentNode, GraphQLError, StringValueNode, Visitor, visit
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType
from strawberry.utils.str_converters import to_camel_case

MESSAGE = "Text may not contain the NUL character (U+0000)."


def nul_fields(arguments: dict[str, Any]) -> list[list[str]]:
    """The GraphQL paths (e.g. ["input", "lastName"]) of the strings holding NUL."""
    return list(_paths(arguments, []))


def _paths(value: Any, path: list[str]) -> Iterator[list[str]]:
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, [*path, to_camel_case(str(key))])
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _paths(item, [*path, str(index)])
    elif hasattr(value, "__strawberry_definition__") and dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):  # an input object
            yield from _paths(getattr(value, field.name), [*path, to_camel_case(field.name)])


class RejectNulCharacters(SchemaExtension):
    """A validation error (code INVALID) for a query or subscription with NUL in its text.

    Runs after ValidationCache, whose result it extends: its own check depends on the
    variables, so it must not be cached with the document."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and _is_mutation(context):
            yield  # mutations answer it in their payload
            return
        # A NUL literal is written as \u0000 (or raw): most documents need no walk at all.
        text = context.query or ""
        literal = document is not None and ("\\u" in text or "\x00" in text)
        if _holds_nul(context.variables) or (
            literal and _literal_nul(cast(DocumentNode, document))
        ):
            error = GraphQLError(MESSAGE, extensions={"code": "INVALID"})
            context.pre_execution_errors = [*(context.pre_execution_errors or []), error]
        yield


def _is_mutation(context: Any) -> bool:
    try:
        return context.operation_type == OperationType.MUTATION
    except Exception:  # no such operation: validation reports it
        return False


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


class _NulFinder(Visitor):
    found = False

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if "\x00" in node.value:
            self.found = True


def _literal_nul(document: DocumentNode) -> bool:
    finder = _NulFinder()
    visit(document, finder)
    return finder.found
