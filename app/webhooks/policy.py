"""Who may manage a firm's webhooks: the one rule, asked by the services and the API."""

from __future__ import annotations

from app.access.actors import Actor, StaffActor
from app.access.permissions import Permission, require
from app.access.scopes import ApiScope


def _admins(staff: StaffActor) -> bool:
    return staff.is_admin


# Owners and admins of the firm, and apps with the WEBHOOKS_MANAGE scope.
MANAGE_WEBHOOKS = Permission("manage webhooks", staff=_admins, scope=ApiScope.WEBHOOKS_MANAGE)


def may_manage_webhooks(actor: Actor) -> bool:
    """Owners and admins of the firm; apps with the WEBHOOKS_MANAGE scope."""
    return MANAGE_WEBHOOKS.allows(actor)


def require_manager(actor: Actor) -> None:
    """FORBIDDEN unless the actor may manage the firm's webhooks."""
    require(actor, MANAGE_WEBHOOKS)
