"""What an operation costs, read from its document before it runs.

Every field whose type is an object, interface or union (or a list of them) costs 1; scalars
and enums cost nothing. A page (a field taking `first`) multiplies the cost of everything
beneath it by `first` (20 when not given), and its own `edges`, `node` and `pageInfo` cost
nothing. A mutation's root field costs 10. Fragments, aliases, `@skip`/`@include` and
variables count as the execution would read them; under an interface or union the costliest
type counts. A `first` outside 0..100 counts as 100 or 0: that page is refused anyway.

The actual cost is the same sum with each page counted for the items it really returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_composite_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

from app.pagination import DEFAULT_PAGE, MAX_PAGE

MUTATION_FIELD_COST = 10
PAGE_WRAPPERS = ("edges", "pageInfo")  # free directly under a page; `node` under its edges


@dataclass(frozen=True, slots=True)
class PricedField:
    """One field of the answer (by response key), with what it and its selection cost."""

    key: str
    own: int
    cost: int  # requested: `own` plus what is beneath (times `first` on a page)
    children: tuple[PricedField, ...]
    sums_items: bool  # a page's `edges`: every item it returns counts
    exact: bool  # no page at or below: the actual cost is `cost`

    def actual(self, value: Any) -> int:
        """The points this field really cost, given its value in the answer."""
        if self.exact:
            return self.cost
        if value is None:
            return self.own
        if not isinstance(value, list):
            return self.own + self._beneath(value)
        per_item = [self._beneath(item) for item in _items(value)]
        return self.own + (sum(per_item) if self.sums_items else max(per_item, default=0))

    def _beneath(self, value: Any) -> int:
        if not isinstance(value, Mapping):
            return 0
        return sum(c.actual(value[c.key]) for c in self.children if c.key in value)


def _items(values: list[Any]) -> Iterable[Any]:
    for value in values:
        if isinstance(value, list):
            yield from _items(value)
        else:
            yield value


@dataclass(frozen=True, slots=True)
class Plan:
    """An operation's priced fields: its requested cost, and how to read its actual cost."""

    fields: tuple[PricedField, ...]
    cost: int

    def actual(self, data: Mapping[str, Any] | None) -> int:
        """What the answer's pages really returned; never more than the requested cost."""
        if data is None:  # nothing answered: the root fields ran, nothing beneath them
            return min(self.cost, sum(f.own for f in self.fields))
        return min(self.cost, sum(f.actual(data[f.key]) for f in self.fields if f.key in data))


def price(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any],
) -> Plan:
    """Price `operation` of `document`; `variables` holds the values of those it uses in
    `first` and in `@skip`/`@include` (see `variables_that_price`)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root = schema.get_root_type(operation.operation)
    assert root is not None, "validation checked the operation type"
    pricer = _Pricer(schema, fragments, variables)
    own = MUTATION_FIELD_COST if operation.operation is OperationType.MUTATION else None
    fields, cost = pricer.selection(root, [operation.selection_set], root_cost=own)
    return Plan(fields, cost)


class _Pricer:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema, self.fragments, self.variables = schema, fragments, variables

    def selection(
        self,
        parent: GraphQLCompositeType,
        selection_sets: list[SelectionSetNode],
        *,
        root_cost: int | None = None,
        wrapper: str | None = None,
    ) -> tuple[tuple[PricedField, ...], int]:
        """The priced fields of these selection sets (merged, as execution merges them) and
        their cost: under an interface or union, that of the costliest possible type."""
        types: Iterable[GraphQLObjectType]
        if isinstance(parent, GraphQLObjectType):
            types = [parent]
        else:
            types = self.schema.get_possible_types(parent)
        by_key: dict[str, PricedField] = {}
        highest = 0
        for runtime_type in types:
            groups = self._collect(runtime_type, selection_sets)
            priced = [
                self._field(runtime_type, nodes, root_cost, wrapper) for nodes in groups.values()
            ]
            highest = max(highest, sum(f.cost for f in priced))
            for field in priced:  # a key meaning different fields on different types: the dearer
                if field.key not in by_key or field.cost > by_key[field.key].cost:
                    by_key[field.key] = field
        return tuple(by_key.values()), highest

    def _field(
        self,
        parent: GraphQLObjectType,
        nodes: list[FieldNode],
        root_cost: int | None,
        wrapper: str | None,
    ) -> PricedField:
        node = nodes[0]
        name = node.name.value
        definition = self._definition(parent, name)
        named = get_named_type(definition.type) if definition else None
        key = node.alias.value if node.alias else name
        if named is None or not is_composite_type(named):
            return PricedField(key, 0, 0, (), sums_items=False, exact=True)
        own = root_cost if root_cost is not None else (0 if _is_wrapper(name, wrapper) else 1)
        is_page = definition is not None and "first" in definition.args
        inner = "page" if is_page else ("edges" if wrapper == "page" and name == "edges" else None)
        sets = [n.selection_set for n in nodes if n.selection_set]
        children, beneath = self.selection(named, sets, wrapper=inner)
        size = self._page_size(node) if is_page else 1
        sums_items = wrapper == "page" and name == "edges"
        return PricedField(
            key,
            own,
            own + size * beneath,
            children,
            sums_items=sums_items,
            exact=not (is_page or sums_items) and all(c.exact for c in children),
        )

    def _definition(self, parent: GraphQLObjectType, name: str) -> GraphQLField | None:
        if name == "__schema":
            return SchemaMetaFieldDef
        if name == "__type":
            return TypeMetaFieldDef
        return parent.fields.get(name)  # None for __typename: a scalar

    def _collect(
        self, runtime_type: GraphQLObjectType, selection_sets: list[SelectionSetNode]
    ) -> dict[str, list[FieldNode]]:
        """The fields that apply to `runtime_type`, grouped by response key."""
        groups: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()
        pending = list(reversed(selection_sets))
        while pending:
            for selection in pending.pop().selections:
                if not self._included(selection.directives):
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    groups.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    if condition is None or self._applies(condition.name.value, runtime_type):
                        pending.append(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = self.fragments.get(selection.name.value)
                    if fragment is None or fragment.name.value in visited:
                        continue
                    visited.add(fragment.name.value)
                    if self._applies(fragment.type_condition.name.value, runtime_type):
                        pending.append(fragment.selection_set)
        return groups

    def _applies(self, condition: str, runtime_type: GraphQLObjectType) -> bool:
        named = self.schema.get_type(condition)
        if named is runtime_type:
            return True
        return is_abstract_type(named) and self.schema.is_sub_type(named, runtime_type)

    def _included(self, directives: tuple[DirectiveNode, ...] | None) -> bool:
        for directive in directives or ():
            name = directive.name.value
            if name in ("skip", "include"):
                condition = self._condition(directive)
                if condition is (name == "skip"):
                    return False
        return True

    def _condition(self, directive: DirectiveNode) -> bool | None:
        for argument in directive.arguments or ():
            if argument.name.value == "if":
                value = argument.value
                if isinstance(value, BooleanValueNode):
                    return value.value
                if isinstance(value, VariableNode):
                    given = self.variables.get(value.name.value)
                    return given if isinstance(given, bool) else None
        return None

    def _page_size(self, node: FieldNode) -> int:
        size: Any = None
        for argument in node.arguments or ():
            if argument.name.value == "first":
                value = argument.value
                if isinstance(value, IntValueNode):
                    size = int(value.value)
                elif isinstance(value, VariableNode):
                    size = self.variables.get(value.name.value)
        if not isinstance(size, int) or isinstance(size, bool):
            return DEFAULT_PAGE  # not given, null, or refused by execution anyway
        return min(max(size, 0), MAX_PAGE)


def _is_wrapper(name: str, wrapper: str | None) -> bool:
    return (wrapper == "page" and name in PAGE_WRAPPERS) or (wrapper == "edges" and name == "node")


def variables_that_price(document: DocumentNode) -> tuple[str, ...]:
    """The variables a document's cost depends on: those given to `first` and to
    `@skip(if:)`/`@include(if:)`. Only these key the cache of plans."""
    names: set[str] = set()
    pending: list[Any] = list(document.definitions)
    while pending:
        node = pending.pop()
        for argument in getattr(node, "arguments", None) or ():
            if isinstance(argument.value, VariableNode) and (
                argument.name.value == "first"
                or (isinstance(node, DirectiveNode) and argument.name.value == "if")
            ):
                names.add(argument.value.name.value)
        pending.extend(getattr(node, "directives", None) or ())
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            pending.extend(selection_set.selections)
    return tuple(sorted(names))
