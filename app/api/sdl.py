"""The schema as SDL, as exported to schema.graphql."""

from __future__ import annotations

from app.api.schema import schema


def schema_sdl() -> str:
    """The SDL `crm export-schema` writes and GET /schema.graphql serves."""
    return schema.as_str() + "\n"
