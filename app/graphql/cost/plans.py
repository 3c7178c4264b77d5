"""Priced plans, cached: a client sends the same few documents again and again, so each
(document, operation, values of the variables that change its cost) is priced once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Mapping
from typing import Any, Generic, TypeVar

from graphql import (
    DocumentNode,
    GraphQLSchema,
    OperationDefinitionNode,
    get_operation_ast,
    value_from_ast_untyped,
)

from app.graphql.cost.analysis import Plan, price, variables_that_price

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Lru(Generic[K, V]):
    def __init__(self, maxsize: int) -> None:
        self.maxsize, self.items = maxsize, OrderedDict[K, V]()

    def get(self, key: K) -> V | None:
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> V:
        self.items[key] = value
        if len(self.items) > self.maxsize:
            self.items.popitem(last=False)
        return value


class Plans:
    """The plans of the documents seen lately (least recently used ones forgotten)."""

    def __init__(self, maxsize: int = 512) -> None:
        self._variables = _Lru[str, tuple[str, ...]](maxsize)
        self._plans = _Lru[tuple[Any, ...], Plan](maxsize)

    def plan(
        self,
        schema: GraphQLSchema,
        query: str | None,
        document: DocumentNode,
        operation_name: str | None,
        variables: Mapping[str, Any] | None,
    ) -> Plan:
        """The plan of the operation `document` (parsed from `query`) runs. One schema per
        instance: the cache does not tell schemas apart."""
        if query is None:  # a document given already parsed: nothing to key the cache by
            return _price(schema, document, operation_name, variables or {})
        names = self._variables.get(query)
        if names is None:
            names = self._variables.put(query, variables_that_price(document))
        given = variables or {}
        values = tuple(_hashable(given.get(name, _DEFAULT)) for name in names)
        key = (query, operation_name, values)
        return self._plans.get(key) or self._plans.put(
            key, _price(schema, document, operation_name, given)
        )


def _price(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    given: Mapping[str, Any],
) -> Plan:
    operation = get_operation_ast(document, operation_name)
    assert operation is not None, "validation found the operation"
    return price(schema, document, operation, _with_defaults(operation, given))


_DEFAULT = object()  # a variable not given: its default applies


def _with_defaults(operation: OperationDefinitionNode, given: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(given)
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in values and definition.default_value is not None:
            values[name] = value_from_ast_untyped(definition.default_value)
    return values


def _hashable(value: Any) -> Hashable:
    # Typed, so that `true` and `1` (equal in Python) key different plans.
    if value is _DEFAULT or isinstance(value, bool | int | float | str | None):
        return type(value), value
    return repr(value)  # a list or object where a number was due: execution refuses it
