"""Firm, staff members, the viewer and sessions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from app.access.actors import Actor, AppActor, ClientActor, StaffActor, session_of
from app.accounts.graphql.enums import AccountNameFormat, StaffRole
from app.firms import models
from app.firms.service import firm_of
from app.firms.sessions import IssuedSession, sessions_of
from app.firms.staff import signed_in_member
from app.graphql.ids import global_id
from app.graphql.types import Node
from app.portal.logins import portal_login

if TYPE_CHECKING:
    from app.apps.graphql.types import ApiClient
    from app.firms.graphql.session_types import SessionInfo
    from app.portal.graphql.types import PortalUser


@strawberry.type
class Firm(Node):
    name: str
    slug: str
    portal_signup_enabled: bool
    account_name_format: AccountNameFormat
    save_email_attachments: bool = strawberry.field(
        description="EMAIL SYNC keeps the attachments of synced mail as account documents."
    )

    @staticmethod
    def of(row: models.Firm) -> Firm:
        return Firm(
            id=strawberry.ID(global_id(Firm, row.id)),
            name=row.name,
            slug=row.slug,
            portal_signup_enabled=row.portal_signup_enabled,
            account_name_format=row.account_name_format,
            save_email_attachments=row.save_email_attachments,
        )


@strawberry.type
class StaffAccessRights:
    manage_accounts: bool
    view_all_accounts: bool
    default_account_access: bool


@strawberry.type
class StaffMember(Node):
    email: str
    first_name: str
    last_name: str
    role: StaffRole
    access_rights: StaffAccessRights
    active: bool = strawberry.field(
        description="False once deactivated: cannot sign in, kept in history."
    )

    @staticmethod
    def of(row: models.StaffMember) -> StaffMember:
        return StaffMember(
            id=strawberry.ID(global_id(StaffMember, row.id)),
            email=row.email,
            first_name=row.first_name,
            last_name=row.last_name,
            role=row.role,
            access_rights=StaffAccessRights(
                manage_accounts=row.manages_accounts,
                view_all_accounts=row.views_all_accounts,
                default_account_access=row.is_admin or row.has_default_account_access,
            ),
            active=row.is_active,
        )


@strawberry.type
class Viewer:
    """The signed-in person, read for the actor a session signs in."""

    actor: strawberry.Private[Actor]

    @staticmethod
    def of(actor: Actor) -> Viewer:
        return Viewer(actor=actor)

    @strawberry.field
    async def firm(self) -> Firm:
        return Firm.of(await firm_of(self.actor))

    @strawberry.field
    async def staff(self) -> StaffMember | None:
        if not isinstance(self.actor, StaffActor):
            return None
        return StaffMember.of(await signed_in_member(self.actor))

    @strawberry.field
    async def client(
        self,
    ) -> Annotated[PortalUser, strawberry.lazy("app.portal.graphql.types")] | None:
        from app.portal.graphql.types import PortalUser

        if not isinstance(self.actor, ClientActor):
            return None
        return PortalUser.of(await portal_login(self.actor.portal_login_id))

    @strawberry.field(description="Set when a third-party app's API token is used.")
    async def api_client(
        self,
    ) -> Annotated[ApiClient, strawberry.lazy("app.apps.graphql.types")] | None:
        from app.apps.graphql.types import ApiClient
        from app.apps.service import acting_api_client

        row = await acting_api_client(self.actor)
        return ApiClient.of(row) if row else None

    @strawberry.field(
        description="The signed-in person's sessions (staff or client; empty for an app), "
        "newest first; expired ones are left out."
    )
    async def sessions(
        self,
    ) -> list[Annotated[SessionInfo, strawberry.lazy("app.firms.graphql.session_types")]]:
        from app.firms.graphql.session_types import SessionInfo

        if isinstance(self.actor, AppActor):
            return []  # an app has its API client, not sessions
        session = session_of(self.actor)
        current = session.id if session else None
        return [SessionInfo.of(row, current) for row in await sessions_of(self.actor)]


@strawberry.type
class Session:
    token: str
    expires_at: datetime

    @staticmethod
    def of(issued: IssuedSession) -> Session:
        return Session(token=issued.token, expires_at=issued.expires_at)
