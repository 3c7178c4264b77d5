"""The schema as SDL, as exported to schema.graphql."""

from __future__ import annotations

from app.api.schema import schema


def schema_sdl() -> str:
    return schema.as_str() + "\n"
