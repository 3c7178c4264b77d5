"""Inputs and payloads of sign-up, sign-in, firm settings and staff."""

from __future__ import annotations

import strawberry

from app.accounts.graphql.enums import AccountNameFormat, StaffRole
from app.firms.graphql.types import Firm, Session, StaffMember, Viewer
from app.graphql.types import UserError


@strawberry.input
class CreateFirmInput:
    name: str
    slug: str
    owner_email: str
    owner_password: str
    owner_first_name: str
    owner_last_name: str


@strawberry.type
class CreateFirmPayload:
    firm: Firm | None = None
    session: Session | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class SignInInput:
    email: str
    password: str


@strawberry.type
class SignInPayload:
    session: Session | None = None
    viewer: Viewer | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class UpdateFirmSettingsInput:
    name: str | None = None
    portal_signup_enabled: bool | None = None
    account_name_format: AccountNameFormat | None = None
    save_email_attachments: bool | None = None


@strawberry.type
class UpdateFirmSettingsPayload:
    firm: Firm | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class StaffAccessRightsInput:
    manage_accounts: bool | None = None
    view_all_accounts: bool | None = None
    default_account_access: bool | None = None


@strawberry.input
class CreateStaffMemberInput:
    email: str
    first_name: str
    last_name: str
    role: StaffRole
    password: str
    access_rights: StaffAccessRightsInput | None = None


@strawberry.type
class StaffMemberPayload:
    staff_member: StaffMember | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
