"""Who manages a firm's API clients, and which ones an actor reaches: the one place."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from app.access.actors import Actor
from app.access.permissions import ADMINISTER, Permission
from app.apps.models import ApiClient

# Owners and admins; never an app (no scope grants it), never a client.
MANAGE_API_CLIENTS: Permission = ADMINISTER


def visible_api_clients(actor: Actor) -> QuerySet[ApiClient]:
    """The API clients of the actor's firm (callers hold MANAGE_API_CLIENTS)."""
    return ApiClient.filter(firm_id=actor.firm_id)
