"""API clients as the API shows them, and the payloads of their mutations."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import strawberry

from app.access import scopes
from app.apps import models
from app.contacts.loaders import staff_by_id
from app.firms.graphql.types import StaffMember
from app.graphql.context import Info
from app.graphql.ids import global_id
from app.graphql.types import Node, UserError

if TYPE_CHECKING:  # the access layer's enum, as mypy sees it
    from app.access.scopes import ApiScope
else:
    ApiScope = strawberry.enum(
        scopes.ApiScope,
        name="ApiScope",
        description="What an API client may do; each _WRITE scope includes its _READ.",
    )


@strawberry.type(description="A third-party app's credentials: a token with scopes.")
class ApiClient(Node):
    name: str
    scopes: list[ApiScope]
    token_prefix: str = strawberry.field(
        description="The token's first characters, to recognise it (e.g. crm_AbC1)."
    )
    created_at: datetime
    created_by_id: strawberry.Private[int | None]
    last_used_at: datetime | None = strawberry.field(description="Recorded at most once a minute.")
    expires_at: datetime | None
    revoked_at: datetime | None

    @staticmethod
    def of(row: models.ApiClient) -> ApiClient:
        return ApiClient(
            id=strawberry.ID(global_id(ApiClient, row.id)),
            name=row.name,
            scopes=[ApiScope(s) for s in row.scopes],
            token_prefix=row.token_prefix,
            created_at=row.created_at,
            created_by_id=row.created_by_id,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )

    @strawberry.field
    async def created_by(self, info: Info) -> StaffMember | None:
        if self.created_by_id is None:
            return None
        row = await info.context.load.load(staff_by_id, self.created_by_id)
        return StaffMember.of(row) if row else None


@strawberry.input
class CreateApiClientInput:
    name: str
    scopes: list[ApiScope]
    expires_at: datetime | None = None


@strawberry.type
class CreateApiClientPayload:
    api_client: ApiClient | None = None
    token: str | None = strawberry.field(
        default=None, description="Shown once: only a hash is kept."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ApiClientPayload:
    api_client: ApiClient | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
