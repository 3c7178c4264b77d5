"""What contacts and the portal ask of the accounts domain's policy, for an actor.

Transitional adapter: the accounts policy still takes a Viewer (a firm row and a staff row).
These functions give it the few attributes it reads, built from the actor. Once
`app.accounts.policy.visible_accounts` and `get_visible_account_email` take an actor, each
body here becomes a direct call (and this module can go).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from tortoise.queryset import QuerySet

from app.access.actors import Actor, ClientActor, StaffActor, SystemActor
from app.accounts import policy as accounts_policy
from app.portal.logins import entered_accounts

if TYPE_CHECKING:
    from app.access.viewer import Viewer
    from app.accounts.models import Account


@dataclass(frozen=True)
class _Staff:
    id: int


@dataclass(frozen=True)
class _ActorView:
    """The attributes of a Viewer that the accounts policy reads, for a staff or system actor."""

    firm_id: int
    staff: _Staff | None
    sees_all_accounts: bool
    client: None = None


def view_of(actor: StaffActor | SystemActor) -> Viewer:
    """What the accounts policy reads of a viewer, for this actor."""
    match actor:
        case StaffActor():
            view = _ActorView(actor.firm_id, _Staff(actor.staff_id), actor.views_all_accounts)
        case SystemActor():  # the server acting for the firm sees the whole firm
            view = _ActorView(actor.firm_id, None, True)
    return cast("Viewer", view)


def visible_accounts(actor: Actor) -> QuerySet[Account]:
    """The accounts the actor sees (the accounts domain's rule; a client's are the accounts
    their login enters)."""
    if isinstance(actor, ClientActor):
        return entered_accounts(actor)
    return accounts_policy.visible_accounts(view_of(actor))
