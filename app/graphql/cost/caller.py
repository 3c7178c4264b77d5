"""Who pays for an operation: the one place that reads the caller from the request context."""

from __future__ import annotations

from dataclasses import dataclass

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
    viewer, settings = context.viewer, context.settings
    if viewer is None:
        return None
    if viewer.staff is not None:
        return Caller(f"staff:{viewer.staff.id}", settings.person_cost_budget)
    if viewer.client is not None:
        return Caller(f"client:{viewer.client.id}", settings.person_cost_budget)
    return None
