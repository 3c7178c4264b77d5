"""Global object ids: base64 of "TypeName:pk", opaque to clients. The Node type names the
kind: `global_id(Account, 7)`, `pk_of(id, Account)`."""

from __future__ import annotations

import base64
import binascii
from typing import Any

# Primary keys are 32-bit integer columns: a larger number names no row, and PostgreSQL
# refuses to compare a column with it, so it must never reach a query.
MAX_PK = 2**31 - 1


def type_name(node: type[Any] | str) -> str:
    """The GraphQL name of a Node type (a plain name is taken as it is)."""
    return node if isinstance(node, str) else node.__strawberry_definition__.name


def global_id(node: type[Any], pk: int) -> str:
    return to_global_id(type_name(node), pk)


def to_global_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def parse_global_id(global_id: str) -> tuple[str, int] | None:
    """(type name, pk), or None for anything that is not one of our ids."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, pk = base64.urlsafe_b64decode(padded).decode().partition(":")
        if not (type_name and pk.isascii() and pk.isdigit()) or int(pk) > MAX_PK:
            return None
        return type_name, int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def pk_of(id: str, node: type[Any] | str) -> int | None:
    """The pk of an id of the given Node type, or None (unknown ids are treated as missing)."""
    parsed = parse_global_id(id)
    return parsed[1] if parsed and parsed[0] == type_name(node) else None
