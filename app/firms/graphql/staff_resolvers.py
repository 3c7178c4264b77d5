"""Staff lifecycle: updateStaffMember, deactivateStaffMember, reactivateStaffMember."""

from __future__ import annotations

from collections.abc import Awaitable

import strawberry

from app.access.actors import StaffActor
from app.access.permissions import ADMINISTER
from app.firms import staff_lifecycle
from app.firms.graphql.inputs import StaffMemberPayload
from app.firms.graphql.staff_inputs import UpdateStaffMemberInput
from app.firms.graphql.types import StaffMember
from app.firms.models import StaffMember as StaffRow
from app.firms.staff_lifecycle import StaffChanges
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of


async def _answer(change: Awaitable[StaffRow]) -> StaffMemberPayload:
    """The changed member (a rule about who acts on whom is a top-level FORBIDDEN)."""
    member = await change
    return StaffMemberPayload(staff_member=StaffMember.of(member))


def _actor(info: Info) -> StaffActor:
    return info.context.require_staff_actor(ADMINISTER)


@reports_user_errors(StaffMemberPayload)
async def update_staff_member(info: Info, input: UpdateStaffMemberInput) -> StaffMemberPayload:
    rights = input.access_rights
    changes = StaffChanges(
        first_name=input.first_name,
        last_name=input.last_name,
        role=input.role,
        manage_accounts=rights.manage_accounts if rights else None,
        view_all_accounts=rights.view_all_accounts if rights else None,
        default_account_access=rights.default_account_access if rights else None,
    )
    staff_id = pk_of(input.id, "StaffMember")
    return await _answer(staff_lifecycle.update_staff_member(_actor(info), staff_id, changes))


@reports_user_errors(StaffMemberPayload, root=())
async def deactivate_staff_member(info: Info, id: strawberry.ID) -> StaffMemberPayload:
    staff_id = pk_of(id, "StaffMember")
    return await _answer(staff_lifecycle.deactivate_staff_member(_actor(info), staff_id))


@reports_user_errors(StaffMemberPayload, root=())
async def reactivate_staff_member(info: Info, id: strawberry.ID) -> StaffMemberPayload:
    staff_id = pk_of(id, "StaffMember")
    return await _answer(staff_lifecycle.reactivate_staff_member(_actor(info), staff_id))
