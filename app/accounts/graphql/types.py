"""Accounts, their linked contacts, and the per-email toggles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import strawberry

from app import models
from app.access.actors import ClientActor
from app.accounts.graphql.enums import AccountType, LoginStatus, PortalAccessState
from app.accounts.graphql.folder_types import Folder, folders_of
from app.contacts.graphql.types import Contact, ContactEmail
from app.contacts.loaders import staff_by_id
from app.custom_fields.graphql.types import CustomFieldValue
from app.email_sync.graphql.types import (
    AccountDocument,
    EmailMessage,
    EmailMessageConnection,
    email_connection,
)
from app.firms.graphql.types import StaffMember
from app.graphql.connection import Connection
from app.graphql.context import Info
from app.graphql.ids import global_id
from app.graphql.loaders import shaped
from app.graphql.permissions import staff_only
from app.graphql.types import Address, Node
from app.portal.loaders import (
    active_login_by_address,
    pending_invitation_by_contact_email_id,
    recent_sign_ins_by_account_id,
)
from app.tags.graphql.types import Tag


@strawberry.type
class NotificationPreferences:
    document_uploads: bool
    signature_requests: bool
    approvals: bool
    messages: bool
    proposals: bool
    organizers: bool
    invoices_and_payments: bool
    client_requests: bool

    @staticmethod
    def of(row: models.AccountEmail) -> NotificationPreferences:
        return NotificationPreferences(
            **{name: getattr(row, f"notify_{name}") for name in models.NOTIFICATION_CATEGORIES}
        )


@strawberry.type
class Invitation:
    sent_at: datetime
    expires_at: datetime
    message: str | None


@strawberry.type(description="The toggles of one email of one linked contact, for one account.")
class AccountEmail(Node):
    email: ContactEmail
    login: bool
    notify: bool
    email_sync: bool
    notification_preferences: NotificationPreferences
    signer_priority: int | None
    signer_authority: bool
    row: strawberry.Private[models.AccountEmail]

    @staticmethod
    def of(row: models.AccountEmail) -> AccountEmail:
        return AccountEmail(
            id=strawberry.ID(global_id(AccountEmail, row.id)),
            email=ContactEmail.of(row.contact_email),
            login=row.login_enabled,
            notify=row.notify_enabled,
            email_sync=row.email_sync_enabled,
            notification_preferences=NotificationPreferences.of(row),
            signer_priority=row.signer_priority,
            signer_authority=row.signer_authority,
            row=row,
        )

    @strawberry.field
    def portal_access(self, info: Info) -> PortalAccessState:
        if not self.row.login_enabled:
            return PortalAccessState.NO_ACCESS
        address = self.row.contact_email.address
        return info.context.load.shaped(active_login_by_address, address, _access)

    @strawberry.field(description="The invitation still waiting to be accepted, if any.")
    async def invitation(self, info: Info) -> Invitation | None:
        if not self.row.login_enabled:
            return None
        load = info.context.load
        row = await load.load(pending_invitation_by_contact_email_id, self.row.contact_email_id)
        if row is None:
            return None
        return Invitation(sent_at=row.sent_at, expires_at=row.expires_at, message=row.message)


def _access(active: bool) -> PortalAccessState:
    return PortalAccessState.ACTIVE if active else PortalAccessState.PENDING_ACTIVATION


def shown_emails(info: Info, rows: list[models.AccountEmail]) -> list[models.AccountEmail]:
    """The account's emails the viewer may see: a client sees only their own address."""
    actor = info.context.actor
    if not isinstance(actor, ClientActor):
        return rows
    return [r for r in rows if r.contact_email_id == actor.contact_email_id]


@strawberry.type
class AccountContact:
    contact: Contact
    description: str | None = strawberry.field(
        description="Valid for this account only, e.g. 'Primary contact' or 'CEO'."
    )
    link: strawberry.Private[models.AccountContact]

    @strawberry.field
    def emails(self, info: Info) -> list[AccountEmail]:
        def shape(rows: list[models.AccountEmail]) -> list[AccountEmail]:
            link_id = self.link.id
            return [AccountEmail.of(r) for r in shown_emails(info, rows) if r.link_id == link_id]

        return shaped(info.context.load.accounts.emails, self.link.account_id, shape)


@strawberry.type
class LoginActivity:
    email: str
    at: datetime


@strawberry.type
class Note(Node):
    body: str
    created_at: datetime
    author_id: strawberry.Private[int | None]

    @staticmethod
    def of(row: models.Note) -> Note:
        return Note(
            id=strawberry.ID(global_id(Note, row.id)),
            body=row.body,
            created_at=row.created_at,
            author_id=row.author_id,
        )

    @strawberry.field
    async def author(self, info: Info) -> StaffMember | None:
        if self.author_id is None:
            return None
        row = await info.context.load.load(staff_by_id, self.author_id)
        return StaffMember.of(row) if row else None


@strawberry.type
class AccountOverview:
    account_id: strawberry.Private[int]

    @strawberry.field(description="Five most recent, newest first.", extensions=staff_only())
    async def notes(self, info: Info) -> list[Note]:
        rows = await info.context.load.accounts.recent_notes.load(self.account_id)
        return [Note.of(r) for r in rows]

    @strawberry.field(
        description="Five most recent portal sign-ins, newest first.", extensions=staff_only()
    )
    async def login_activity(self, info: Info) -> list[LoginActivity]:
        rows = await info.context.load.load(recent_sign_ins_by_account_id, self.account_id)
        return [LoginActivity(email=r.email, at=r.at) for r in rows]

    @strawberry.field(
        description="Five most recent synced emails, newest first.", extensions=staff_only()
    )
    async def emails(self, info: Info) -> list[EmailMessage]:
        rows = await info.context.load.email_sync.recent_by_account_id.load(self.account_id)
        return [EmailMessage.of(r) for r in rows]


@strawberry.type
class Account(Node):
    client_id: str = strawberry.field(
        description="Short unique client ID within the firm: initials plus a number, e.g. JD1."
    )
    type: AccountType
    name: str
    name_is_generated: bool = strawberry.field(
        description="True while the name is the one generated from the contact or company name."
    )
    company_name: str | None
    address: Address | None
    created_at: datetime
    archived_at: datetime | None
    row: strawberry.Private[models.Account]

    @staticmethod
    def of(row: models.Account) -> Account:
        return Account(
            id=strawberry.ID(global_id(Account, row.id)),
            client_id=row.client_id,
            type=row.type,
            name=row.name,
            name_is_generated=row.name_is_generated,
            company_name=row.company_name,
            address=Address.of(row),
            created_at=row.created_at,
            archived_at=row.archived_at,
            row=row,
        )

    @strawberry.field(extensions=staff_only())
    def tags(self, info: Info) -> list[Tag]:
        return shaped(info.context.load.accounts.tags, self.row.id, _tags)

    @strawberry.field(extensions=staff_only())
    async def team_members(self, info: Info) -> list[StaffMember]:
        rows = await info.context.load.accounts.team.load(self.row.id)
        return [StaffMember.of(s) for s in rows]

    @strawberry.field(description="Linked contacts, alphabetical.")
    def contacts(self, info: Info) -> list[AccountContact]:
        return shaped(info.context.load.accounts.contact_links, self.row.id, _links)

    def _emails(self, info: Info, shape: Callable[[list[models.AccountEmail]], Any]) -> Any:
        return shaped(info.context.load.accounts.emails, self.row.id, shape)

    @strawberry.field
    def login_status(self, info: Info) -> LoginStatus:
        return self._emails(info, _login_status)

    @strawberry.field(description="At least one linked email has NOTIFY on.")
    def notify_enabled(self, info: Info) -> bool:
        return self._emails(info, lambda rows: any(e.notify_enabled for e in rows))

    @strawberry.field(description="At least one linked email has EMAIL SYNC on.")
    def email_sync_enabled(self, info: Info) -> bool:
        return self._emails(info, lambda rows: any(e.email_sync_enabled for e in rows))

    @strawberry.field(extensions=staff_only())
    async def custom_fields(self, info: Info) -> list[CustomFieldValue]:
        rows = await info.context.load.accounts.custom_values.load(self.row.id)
        return [CustomFieldValue.of(r) for r in rows]

    @strawberry.field(
        description="Accounts that share at least one contact with this one.",
        extensions=staff_only(),
    )
    async def related_accounts(self, info: Info) -> list[Account]:
        accounts = info.context.load.accounts
        ids = await accounts.related_ids.load(self.row.id)
        return [Account.of(r) for r in await accounts.by_id.load_many(ids) if r]

    @strawberry.field
    def folders(self) -> list[Folder]:
        return folders_of(self.row.folders)

    @strawberry.field
    def overview(self) -> AccountOverview:
        return AccountOverview(account_id=self.row.id)

    @strawberry.field(
        description="The Email tab (EMAIL SYNC), newest first. A client sees only the messages "
        "their own address was in (From, To or Cc)."
    )
    async def emails(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        thread_id: str | None = None,
    ) -> EmailMessageConnection:
        return await email_connection(info, self.row.id, first, after, thread_id)

    @strawberry.field(
        description="Documents kept for the account, newest first.", extensions=staff_only()
    )
    async def documents(self, info: Info) -> list[AccountDocument]:
        rows = await info.context.load.email_sync.documents_by_account_id.load(self.row.id)
        return [AccountDocument.of(r) for r in rows]


def _tags(rows: list[models.Tag]) -> list[Tag]:
    return [Tag.of(t) for t in rows]


def _links(rows: list[models.AccountContact]) -> list[AccountContact]:
    return [
        AccountContact(contact=Contact.of(r.contact), description=r.description, link=r)
        for r in rows
    ]


def _login_status(rows: list[models.AccountEmail]) -> LoginStatus:
    return LoginStatus.ACTIVE if any(e.login_enabled for e in rows) else LoginStatus.OFFLINE


AccountConnection = Connection[Account]
