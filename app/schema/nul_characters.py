"""Refuse text holding the NUL character (U+0000), in the document or in its variables.

PostgreSQL cannot store or even compare text with NUL in it, and no name, address, note or
CSV of ours needs one: it is refused before anything runs, for every field at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, GraphQLError, StringValueNode, Visitor, visit
from strawberry.extensions import SchemaExtension

MESSAGE = "Text may not contain the NUL character (U+0000)."


class RejectNulCharacters(SchemaExtension):
    """A validation error (code INVALID) for any string value holding U+0000.

    Runs after ValidationCache, whose result it extends: its own check depends on the
    variables, so it must not be cached with the document."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if _holds_nul(context.variables) or (document is not None and _literal_nul(document)):
            error = GraphQLError(MESSAGE, extensions={"code": "INVALID"})
            context.pre_execution_errors = [*(context.pre_execution_errors or []), error]
        yield


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
