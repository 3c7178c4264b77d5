"""Descriptions of the schema's elements that the code does not carry inline, applied to the
built schema (introspection and the exported SDL read them from there).

Keys name an element the way the SDL does: `Type`, `Type.field` (a field, an input field or an
enum value) and `Type.field(argument)`. A key that names nothing, or an element the code
already describes, fails at import: this table cannot drift from the schema unnoticed, and
every element keeps its description in one place."""

from __future__ import annotations

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
)

from app.api.descriptions import (
    accounts,
    apps,
    contacts,
    errors,
    firms,
    inbox,
    operations,
    portal,
    reports,
    webhooks,
)

SCHEMA_DESCRIPTION = (
    "The client CRM API for accounting and tax firms: a firm's accounts (clients), their "
    "contacts and emails with the LOGIN, NOTIFY and EMAIL SYNC toggles, the client portal, "
    "Inbox+ notifications and webhooks. Transport, authentication, scopes, error codes, limits, "
    "query cost and webhooks are described in docs/API.md of the project."
)

Described = GraphQLNamedType | GraphQLField | GraphQLArgument | GraphQLInputField | GraphQLEnumValue

# Strawberry gives its built-in scalars a terse description of its own: ours replaces it.
REPLACEABLE = frozenset({"DateTime"})

TABLES = (accounts, contacts, firms, portal, inbox, webhooks, apps, reports, operations)


def all_descriptions() -> dict[str, str]:
    """Every table's entries, with each mutation's error codes appended to its entry."""
    merged: dict[str, str] = {}
    for table in TABLES:
        for key, text in table.DESCRIPTIONS.items():
            if key in merged:
                raise ValueError(f"{key} is described twice (in {table.__name__})")
            merged[key] = text
    return merged


def describe(schema: GraphQLSchema) -> None:
    """Set the schema's description and every tabled one; fail on a key that names nothing."""
    schema.description = SCHEMA_DESCRIPTION
    for key, text in all_descriptions().items():
        _set(element_named(schema, key), key, text)
    _fill_defaults(schema)
    for name, codes in errors.MUTATION_ERRORS.items():
        field = element_named(schema, f"Mutation.{name}")
        field.description = f"{field.description or ''} {errors.render(codes)}".strip()


def _set(element: Described, key: str, text: str) -> None:
    if element.description and key not in REPLACEABLE:
        raise ValueError(f"{key} is already described in the code: {element.description!r}")
    element.description = text


def element_named(schema: GraphQLSchema, key: str) -> Described:
    """The element a key names (`Type`, `Type.field`, `Type.field(arg)`); ValueError if none."""
    type_name, _, rest = key.partition(".")
    type_ = schema.type_map.get(type_name)
    if type_ is None:
        raise ValueError(f"{key}: no type {type_name}")
    if not rest:
        return type_
    name, _, argument = rest.partition("(")
    if isinstance(type_, GraphQLEnumType):
        found: Described | None = type_.values.get(name)
    elif isinstance(type_, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
        found = type_.fields.get(name)
    else:
        found = None
    if isinstance(found, GraphQLField) and argument:
        found = found.args.get(argument.rstrip(")"))
    elif argument:
        found = None
    if found is None:
        raise ValueError(f"{key} names nothing in the schema")
    return found


# Elements every payload or node shares, described once by their name.
USER_ERRORS = (
    "Problems with the input, all at once; when not empty nothing was changed. Codes: "
    "docs/API.md, section Errors."
)
NODE_ID = "The global id: opaque, stable, unique across types; `node(id:)` fetches it."
INPUT_ARGUMENT = "What to do: the fields of the input type."


def _fill_defaults(schema: GraphQLSchema) -> None:
    """`userErrors` of every payload, `id` of every node and the `input` argument of every
    mutation, where nothing more particular was said."""
    for type_ in schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, field in type_.fields.items():
            if name == "userErrors" and not field.description:
                field.description = USER_ERRORS
            if name == "id" and not field.description and type_.interfaces:
                field.description = NODE_ID
            argument = field.args.get("input")
            if argument is not None and not argument.description:
                argument.description = INPUT_ARGUMENT
