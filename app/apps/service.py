"""API clients: created by owners and admins (the token shown once), listed, revoked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from app.access.actors import Actor, AppActor, StaffActor
from app.access.permissions import IN_THE_FIRM, entry_point
from app.access.scopes import ApiScope
from app.access.secrets import hash_token
from app.apps.models import ApiClient
from app.apps.policy import MANAGE_API_CLIENTS, visible_api_clients
from app.apps.tokens import SHOWN_PREFIX_LENGTH, new_api_token
from app.errors import Collector, ErrorCode, fail
from app.validation import clean_name

MAX_NAME_LENGTH = 200  # the column's size


@dataclass(frozen=True)
class NewApiClient:
    name: str
    scopes: Sequence[ApiScope]
    expires_at: datetime | None = None


@dataclass(frozen=True)
class IssuedApiClient:
    """An API client just created, and its token: shown only now."""

    client: ApiClient
    token: str


@entry_point(MANAGE_API_CLIENTS)
async def create_api_client(actor: Actor, data: NewApiClient) -> IssuedApiClient:
    """A new API client for the actor's firm; only a hash of its token is kept."""
    errors = Collector()
    name = errors.check(clean_name, data.name, "name")
    if name is not None and len(name) > MAX_NAME_LENGTH:
        errors.add(fail(ErrorCode.INVALID, f"At most {MAX_NAME_LENGTH} characters.", "name"))
    if not data.scopes:
        errors.add(fail(ErrorCode.REQUIRED, "Give the app at least one scope.", "scopes"))
    if data.expires_at is not None and data.expires_at <= datetime.now(UTC):
        errors.add(fail(ErrorCode.INVALID, "The expiry must be in the future.", "expires_at"))
    errors.raise_any()
    token = new_api_token()
    client = await ApiClient.create(
        firm_id=actor.firm_id,
        name=name,
        scopes=sorted({ApiScope(s).value for s in data.scopes}),
        token_hash=hash_token(token),
        token_prefix=token[:SHOWN_PREFIX_LENGTH],
        created_by_id=actor.staff_id if isinstance(actor, StaffActor) else None,
        expires_at=data.expires_at,
    )
    return IssuedApiClient(client, token)


@entry_point(MANAGE_API_CLIENTS)
async def api_clients(actor: Actor) -> list[ApiClient]:
    """The firm's API clients, newest first (revoked and expired ones too)."""
    return await visible_api_clients(actor).order_by("-created_at", "-id")


@entry_point(MANAGE_API_CLIENTS)
async def find_api_client(actor: Actor, pk: int) -> ApiClient | None:
    """One of the firm's API clients, by id."""
    return await visible_api_clients(actor).get_or_none(id=pk)


@entry_point(MANAGE_API_CLIENTS)
async def revoke_api_client(actor: Actor, pk: int | None) -> ApiClient:
    """End the API client now: its token stops working with the next request."""
    client = await visible_api_clients(actor).get_or_none(id=pk or 0)
    if client is None:
        raise fail(ErrorCode.NOT_FOUND, "No such API client.", "id")
    if client.revoked_at is None:
        client.revoked_at = datetime.now(UTC)
        await client.save(update_fields=["revoked_at"])
    return client


@entry_point(IN_THE_FIRM)
async def acting_api_client(actor: Actor) -> ApiClient | None:
    """The API client an app acts with; None for anyone else."""
    if not isinstance(actor, AppActor):
        return None
    return await ApiClient.get_or_none(id=actor.api_client_id)
