"""The client portal: logins, invitations to activate one, and the sign-in record."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import Account
    from app.contacts.models import ContactEmail
    from app.firms.models import Firm, StaffMember


class PortalLogin(Model):
    # An activated portal login: one per address per firm. It enters the accounts where its
    # contact email has LOGIN on; the link to the email row (not the address) lets a login keep
    # working while a changed address waits for its own activation.

    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="portal_logins", on_delete=fields.CASCADE
    )
    firm_id: int
    email = fields.CharField(max_length=254)
    contact_email: fields.ForeignKeyNullableRelation[ContactEmail] = fields.ForeignKeyField(
        "models.ContactEmail", related_name="portal_logins", null=True, on_delete=fields.SET_NULL
    )
    contact_email_id: int | None
    password_hash = fields.CharField(max_length=255)
    activated_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "portal_login"
        unique_together = (("firm", "email"),)


class Invitation(Model):
    # An invitation to activate a portal login; only the SHA-256 of its token is kept.

    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="invitations", on_delete=fields.CASCADE
    )
    firm_id: int
    contact_email: fields.ForeignKeyRelation[ContactEmail] = fields.ForeignKeyField(
        "models.ContactEmail", related_name="invitations", on_delete=fields.CASCADE
    )
    contact_email_id: int
    # The address it was sent to: a changed address revokes it.
    email = fields.CharField(max_length=254, index=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    message = fields.TextField(null=True)
    sent_by: fields.ForeignKeyNullableRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember", related_name="invitations", null=True, on_delete=fields.SET_NULL
    )
    sent_by_id: int | None
    sent_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    accepted_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invitation"


class LoginActivity(Model):
    # One portal sign-in (activation included), recorded in each account the login may enter.

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="login_activity", on_delete=fields.CASCADE
    )
    account_id: int
    email = fields.CharField(max_length=254)
    at = fields.DatetimeField(auto_now_add=True, index=True)

    class Meta:
        table = "login_activity"


class LinkPurpose(StrEnum):
    REGISTRATION = "REGISTRATION"  # confirms a registerClient address
    PASSWORD_RESET = "PASSWORD_RESET"  # a staff member's or a portal login's new password


class LinkToken(Model):
    # The token of a link mailed to prove an address (registration) or to reset a password;
    # only its SHA-256 is kept, and it is consumed once (`used_at`), before `expires_at`.

    id = fields.IntField(primary_key=True)
    purpose = fields.CharEnumField(LinkPurpose, max_length=32)
    token_hash = fields.CharField(max_length=64, unique=True)
    firm: fields.ForeignKeyNullableRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="link_tokens", null=True, on_delete=fields.CASCADE
    )
    firm_id: int | None
    email = fields.CharField(max_length=254)
    # Whose password a reset link sets: a staff member or a portal login.
    staff: fields.ForeignKeyNullableRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember", related_name="link_tokens", null=True, on_delete=fields.CASCADE
    )
    staff_id: int | None
    portal_login: fields.ForeignKeyNullableRelation[PortalLogin] = fields.ForeignKeyField(
        "models.PortalLogin", related_name="link_tokens", null=True, on_delete=fields.CASCADE
    )
    portal_login_id: int | None
    # A registration's details (names, account type, company), kept until it is confirmed.
    data: Any = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "link_token"
        indexes = (("purpose", "email"),)
