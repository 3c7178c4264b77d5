"""Who is asking: a signed-in staff member, or a client through their portal login."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import Firm, PortalLogin, StaffMember


@dataclass(frozen=True)
class Viewer:
    firm: Firm
    staff: StaffMember | None = None
    client: PortalLogin | None = None

    @property
    def firm_id(self) -> int:
        return self.firm.id

    @property
    def is_staff(self) -> bool:
        return self.staff is not None

    @property
    def sees_all_accounts(self) -> bool:
        return self.staff is not None and self.staff.views_all_accounts
