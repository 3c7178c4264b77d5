"""Who is asking: a signed-in staff member, or a client through their portal login."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.firms.models import Firm, StaffMember
from app.portal.models import PortalLogin


@dataclass(frozen=True)
class SessionRef:
    """The session a request came with: which row, and until when it is valid."""

    id: int
    expires_at: datetime


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
