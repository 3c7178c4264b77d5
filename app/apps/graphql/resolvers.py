"""The API client operations: parse, call the service, shape the payload."""

from __future__ import annotations

import strawberry

from app.apps import service
from app.apps.graphql.types import (
    ApiClient,
    ApiClientPayload,
    CreateApiClientInput,
    CreateApiClientPayload,
)
from app.apps.policy import MANAGE_API_CLIENTS
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of


async def api_clients(info: Info) -> list[ApiClient]:
    """The firm's API clients, newest first (revoked and expired ones too)."""
    rows = await service.api_clients(info.context.require_actor(MANAGE_API_CLIENTS))
    return [ApiClient.of(row) for row in rows]


@reports_user_errors(CreateApiClientPayload)
async def create_api_client(info: Info, input: CreateApiClientInput) -> CreateApiClientPayload:
    data = service.NewApiClient(input.name, list(input.scopes), input.expires_at)
    issued = await service.create_api_client(info.context.require_actor(MANAGE_API_CLIENTS), data)
    return CreateApiClientPayload(api_client=ApiClient.of(issued.client), token=issued.token)


@reports_user_errors(ApiClientPayload, root=())
async def revoke_api_client(info: Info, id: strawberry.ID) -> ApiClientPayload:
    actor = info.context.require_actor(MANAGE_API_CLIENTS)
    row = await service.revoke_api_client(actor, pk_of(id, ApiClient))
    return ApiClientPayload(api_client=ApiClient.of(row))
