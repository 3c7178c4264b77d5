"""The firm (tenant), its staff members and their sign-in sessions."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from app.access.actors import StaffRole

if TYPE_CHECKING:
    from app.portal.models import PortalLogin


class AccountNameFormat(StrEnum):
    FIRST_LAST = "FIRST_LAST"
    LAST_FIRST = "LAST_FIRST"


class Firm(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=40, unique=True)
    portal_signup_enabled = fields.BooleanField(default=True)
    account_name_format = fields.CharEnumField(
        AccountNameFormat, max_length=16, default=AccountNameFormat.FIRST_LAST
    )
    # EMAIL SYNC: keep the attachments of synced mail as account documents.
    save_email_attachments = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "firm"


class StaffMember(Model):
    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="staff", on_delete=fields.CASCADE
    )
    firm_id: int
    # Staff emails are unique across the whole service: signIn takes no firm.
    email = fields.CharField(max_length=254, unique=True)
    first_name = fields.CharField(max_length=100)
    last_name = fields.CharField(max_length=100)
    role = fields.CharEnumField(StaffRole, max_length=16)
    password_hash = fields.CharField(max_length=255)
    can_manage_accounts = fields.BooleanField(default=False)
    can_view_all_accounts = fields.BooleanField(default=False)
    has_default_account_access = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    # Set while deactivated: cannot sign in, receives nothing, stays in history.
    deactivated_at = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_member"

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None

    @property
    def is_admin(self) -> bool:
        return self.role in (StaffRole.OWNER, StaffRole.ADMIN)

    @property
    def manages_accounts(self) -> bool:
        return self.is_admin or self.can_manage_accounts

    @property
    def views_all_accounts(self) -> bool:
        return self.is_admin or self.can_view_all_accounts


class AuthSession(Model):
    # The server side of a bearer token (a staff member's or a portal login's): only the
    # SHA-256 of the token is kept.

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="sessions", on_delete=fields.CASCADE
    )
    firm_id: int
    staff: fields.ForeignKeyNullableRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember", related_name="sessions", null=True, on_delete=fields.CASCADE
    )
    staff_id: int | None
    portal_login: fields.ForeignKeyNullableRelation[PortalLogin] = fields.ForeignKeyField(
        "models.PortalLogin", related_name="sessions", null=True, on_delete=fields.CASCADE
    )
    portal_login_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(index=True)
    # Written at most once a minute per session, not on every request.
    last_used_at = fields.DatetimeField(null=True)
    user_agent = fields.CharField(max_length=255, null=True)

    class Meta:
        table = "auth_session"
