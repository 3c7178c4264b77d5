"""Who acts: every operation receives one of these, built once per request (or job).

An actor is plain data (ids and rights), never an ORM row: each domain reads what it
needs from its own tables. A new kind of caller (an app's API token) is one more dataclass
here, one more case in `app.access.permissions`, and one more branch in each visibility
builder (the type checker lists every `match` that misses it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.access.scopes import ApiScope, granted


class StaffRole(StrEnum):
    OWNER = "OWNER"
    ADMIN = "ADMIN"
    EMPLOYEE = "EMPLOYEE"


@dataclass(frozen=True)
class SessionRef:
    """The session a request came with: which row, and until when it is valid."""

    id: int
    expires_at: datetime


@dataclass(frozen=True)
class StaffActor:
    """A signed-in staff member of a firm, with the rights their row grants."""

    firm_id: int
    staff_id: int
    role: StaffRole
    can_manage_accounts: bool = False
    can_view_all_accounts: bool = False
    has_default_account_access: bool = False
    session: SessionRef | None = None

    @property
    def is_admin(self) -> bool:
        """Owners and admins: every right, on every account of the firm."""
        return self.role in (StaffRole.OWNER, StaffRole.ADMIN)

    @property
    def is_owner(self) -> bool:
        return self.role is StaffRole.OWNER

    @property
    def manages_accounts(self) -> bool:
        return self.is_admin or self.can_manage_accounts

    @property
    def views_all_accounts(self) -> bool:
        return self.is_admin or self.can_view_all_accounts


@dataclass(frozen=True)
class ClientActor:
    """A client signed in to the portal: their login, entering the accounts where one of
    their addresses has LOGIN on."""

    firm_id: int
    portal_login_id: int
    session: SessionRef | None = None
    # The contact email the login is linked to (None once that email is gone): the accounts
    # it enters are those where this email has LOGIN on.
    contact_email_id: int | None = None


@dataclass(frozen=True)
class SystemActor:
    """The server acting on its own for a firm (a registration link confirmed, the demo
    data): allowed what its caller was allowed to start, attributed to nobody."""

    firm_id: int
    reason: str


@dataclass(frozen=True)
class AppActor:
    """A third-party app calling with its API client's token: acts for the whole firm,
    within its scopes, attributed to nobody."""

    firm_id: int
    api_client_id: int
    scopes: frozenset[ApiScope] = frozenset()

    def holds(self, scope: ApiScope) -> bool:
        """Whether the app's scopes (a _WRITE scope includes its _READ) allow `scope`."""
        return scope in granted(self.scopes)


Actor = StaffActor | ClientActor | SystemActor | AppActor


def staff_id_of(actor: Actor) -> int | None:
    """The staff member to attribute a change to (author, changed by), if a person acted."""
    return actor.staff_id if isinstance(actor, StaffActor) else None


def session_of(actor: Actor) -> SessionRef | None:
    return actor.session if isinstance(actor, StaffActor | ClientActor) else None
