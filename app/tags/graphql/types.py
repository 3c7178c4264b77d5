"""Tags."""

from __future__ import annotations

import strawberry

from app import models
from app.graphql.ids import to_global_id
from app.graphql.types import Node, UserError


@strawberry.type
class Tag(Node):
    name: str
    color: str | None

    @staticmethod
    def of(row: models.Tag) -> Tag:
        return Tag(id=strawberry.ID(to_global_id("Tag", row.id)), name=row.name, color=row.color)


@strawberry.input
class CreateTagInput:
    name: str
    color: str | None = None


@strawberry.type
class TagPayload:
    tag: Tag | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
