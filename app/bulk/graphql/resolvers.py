"""Bulk updates: the toggles of every email of many accounts."""

from __future__ import annotations

from app.access.permissions import SET_TOGGLES
from app.accounts.graphql.types import Account
from app.bulk import service as bulk_toggles
from app.bulk.graphql.types import (
    BulkUpdateContactTogglesInput,
    BulkUpdateContactTogglesPayload,
    BulkUpdateReport,
)
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of


@reports_user_errors(BulkUpdateContactTogglesPayload)
async def bulk_update_contact_toggles(
    info: Info, input: BulkUpdateContactTogglesInput
) -> BulkUpdateContactTogglesPayload:
    # Each id once, in the order given; ids that are not Account ids map to None.
    requested: dict[str, int | None] = {given: pk_of(given, Account) for given in input.account_ids}
    actor = info.context.require_staff_actor(SET_TOGGLES)
    report = await bulk_toggles.bulk_update_contact_toggles(
        actor, requested, input.change(), info.context.settings
    )
    return BulkUpdateContactTogglesPayload(report=BulkUpdateReport.of(report))
