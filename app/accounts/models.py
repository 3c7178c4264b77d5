"""Client accounts, their team, linked contacts and the per-email toggles."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.contacts.models import Contact, ContactEmail
    from app.firms.models import Firm, StaffMember


class AccountType(StrEnum):
    INDIVIDUAL = "INDIVIDUAL"
    COMPANY = "COMPANY"
    OTHER = "OTHER"


# The notification categories of an AccountEmail, in the order of the schema.
NOTIFICATION_CATEGORIES = (
    "document_uploads",
    "signature_requests",
    "approvals",
    "messages",
    "proposals",
    "organizers",
    "invoices_and_payments",
    "client_requests",
)


class Account(Model):
    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="accounts", on_delete=fields.CASCADE
    )
    firm_id: int
    client_id = fields.CharField(max_length=32)
    type = fields.CharEnumField(AccountType, max_length=16)
    name = fields.CharField(max_length=255, index=True)
    name_is_generated = fields.BooleanField(default=False)
    company_name = fields.CharField(max_length=255, null=True)
    street = fields.CharField(max_length=255, null=True)
    city = fields.CharField(max_length=100, null=True)
    state = fields.CharField(max_length=100, null=True)
    postal_code = fields.CharField(max_length=32, null=True)
    country = fields.CharField(max_length=100, null=True)
    # The folder tree as [{"name": ..., "children": [...]}, ...]: a template's, or the default.
    folders: Any = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True, index=True)
    archived_at = fields.DatetimeField(null=True)

    class Meta:
        table = "account"
        unique_together = (("firm", "client_id"),)
        # The default list: a firm's (non-archived) accounts by name.
        indexes = (("firm_id", "archived_at", "name", "id"),)


class AccountTeamMember(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="team_links", on_delete=fields.CASCADE
    )
    account_id: int
    staff: fields.ForeignKeyRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember", related_name="team_links", on_delete=fields.CASCADE
    )
    staff_id: int

    class Meta:
        table = "account_team_member"
        unique_together = (("account", "staff"),)


class AccountContact(Model):
    # The link between an account and a contact, with its account-specific description.

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="contact_links", on_delete=fields.CASCADE
    )
    account_id: int
    contact: fields.ForeignKeyRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="account_links", on_delete=fields.CASCADE
    )
    contact_id: int
    description = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "account_contact"
        unique_together = (("account", "contact"),)


class AccountEmail(Model):
    # The toggles of one email of one linked contact, for one account.

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="account_emails", on_delete=fields.CASCADE
    )
    account_id: int
    link: fields.ForeignKeyRelation[AccountContact] = fields.ForeignKeyField(
        "models.AccountContact", related_name="account_emails", on_delete=fields.CASCADE
    )
    link_id: int
    contact_email: fields.ForeignKeyRelation[ContactEmail] = fields.ForeignKeyField(
        "models.ContactEmail", related_name="account_emails", on_delete=fields.CASCADE
    )
    contact_email_id: int
    login_enabled = fields.BooleanField(default=False)
    notify_enabled = fields.BooleanField(default=False)
    email_sync_enabled = fields.BooleanField(default=False)
    notify_document_uploads = fields.BooleanField(default=True)
    notify_signature_requests = fields.BooleanField(default=True)
    notify_approvals = fields.BooleanField(default=True)
    notify_messages = fields.BooleanField(default=True)
    notify_proposals = fields.BooleanField(default=True)
    notify_organizers = fields.BooleanField(default=True)
    notify_invoices_and_payments = fields.BooleanField(default=True)
    notify_client_requests = fields.BooleanField(default=True)
    signer_priority = fields.IntField(null=True)
    signer_authority = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "account_email"
        unique_together = (("account", "contact_email"),)


class Note(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="notes", on_delete=fields.CASCADE
    )
    account_id: int
    author: fields.ForeignKeyNullableRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember", related_name="notes", null=True, on_delete=fields.SET_NULL
    )
    author_id: int | None
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True, index=True)

    class Meta:
        table = "note"
