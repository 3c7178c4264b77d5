"""Who is asking: a signed-in staff member, or a client through their portal login."""

from __future__ import annotations

from dataclasses import dataclass

from app.access.actors import Actor, ClientActor, SessionRef, StaffActor, StaffRole
from app.firms.models import Firm, StaffMember
from app.portal.models import PortalLogin


@dataclass(frozen=True)
class Viewer:
    firm: Firm
    staff: StaffMember | None = None
    client: PortalLogin | None = None
    # The session the request came with (None for a viewer made by the server itself).
    session: SessionRef | None = None

    @property
    def firm_id(self) -> int:
        return self.firm.id

    @property
    def is_staff(self) -> bool:
        return self.staff is not None

    @property
    def sees_all_accounts(self) -> bool:
        return self.staff is not None and self.staff.views_all_accounts


def actor_of(viewer: Viewer) -> Actor:
    """The typed actor for a viewer (the viewer goes once every domain takes actors)."""
    if viewer.staff is not None:
        staff = viewer.staff
        return StaffActor(
            firm_id=viewer.firm_id,
            staff_id=staff.id,
            role=StaffRole(staff.role),
            can_manage_accounts=staff.can_manage_accounts,
            can_view_all_accounts=staff.can_view_all_accounts,
            has_default_account_access=staff.has_default_account_access,
            session=viewer.session,
        )
    assert viewer.client is not None, "a viewer is staff or a client"
    return ClientActor(
        viewer.firm_id, viewer.client.id, viewer.session, viewer.client.contact_email_id
    )
