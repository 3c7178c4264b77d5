"""Inputs of the staff lifecycle: updateStaffMember (deactivation takes just an id)."""

from __future__ import annotations

import strawberry

from app.accounts.graphql.enums import StaffRole
from app.firms.graphql.inputs import StaffAccessRightsInput


@strawberry.input(description="Only the fields given change.")
class UpdateStaffMemberInput:
    id: strawberry.ID
    first_name: str | None = None
    last_name: str | None = None
    role: StaffRole | None = None
    access_rights: StaffAccessRightsInput | None = None
