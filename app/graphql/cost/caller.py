"""Who pays for an operation: the one place that reads the caller from the request context."""

from __future__ import annotations

from dataclasses import dataclass

from app.access.actors import AppActor, ClientActor, StaffActor
from app.graphql.context import Context
from app.settings import CostBudget


@dataclass(frozen=True)
class Caller:
    """A caller's bucket: its key ("staff:12", "client:34", "app:5") and its budget."""

    key: str
    budget: CostBudget


def caller_of(context: Context) -> Caller | None:
    """The signed-in staff member or client (an API client: its own key and the app budget);
    None for an anonymous call, which has no budget (the per-operation cap still holds)."""
    actor, settings = context.actor, context.settings
    if isinstance(actor, StaffActor):
        return Caller(f"staff:{actor.staff_id}", settings.person_cost_budget)
    if isinstance(actor, ClientActor):
        return Caller(f"client:{actor.portal_login_id}", settings.person_cost_budget)
    if isinstance(actor, AppActor):
        return Caller(f"app:{actor.api_client_id}", settings.app_cost_budget)
    return None
