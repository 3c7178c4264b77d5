"""The client portal: logins, invitations to activate one, and the sign-in record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.models.account import Account
    from app.models.contact import ContactEmail
    from app.models.firm import Firm, StaffMember


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
