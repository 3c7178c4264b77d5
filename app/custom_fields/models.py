"""Custom field definitions per target (account or contact), values and their history."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import Account
    from app.contacts.models import Contact
    from app.firms.models import Firm, StaffMember


class CustomFieldTarget(StrEnum):
    ACCOUNT = "ACCOUNT"
    CONTACT = "CONTACT"


class CustomFieldType(StrEnum):
    TEXT = "TEXT"
    NUMBER = "NUMBER"
    DATE = "DATE"
    CHECKBOX = "CHECKBOX"
    DROPDOWN = "DROPDOWN"
    EMAIL = "EMAIL"
    PHONE = "PHONE"


class CustomFieldDefinition(Model):
    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="custom_fields", on_delete=fields.CASCADE
    )
    firm_id: int
    target = fields.CharEnumField(CustomFieldTarget, max_length=16)
    label = fields.CharField(max_length=200)
    type = fields.CharEnumField(CustomFieldType, max_length=16)
    options: Any = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "custom_field_definition"
        unique_together = (("firm", "target", "label"),)


class CustomFieldValue(Model):
    # The current value of one field on one account or one contact.

    id = fields.IntField(primary_key=True)
    definition: fields.ForeignKeyRelation[CustomFieldDefinition] = fields.ForeignKeyField(
        "models.CustomFieldDefinition", related_name="values", on_delete=fields.CASCADE
    )
    definition_id: int
    account: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="custom_values", null=True, on_delete=fields.CASCADE
    )
    account_id: int | None
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="custom_values", null=True, on_delete=fields.CASCADE
    )
    contact_id: int | None
    value: str | None = fields.TextField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "custom_field_value"
        # NULLs differ from each other, so each pair binds only where its owner column is set.
        unique_together = (("definition", "account"), ("definition", "contact"))


class CustomFieldChange(Model):
    id = fields.IntField(primary_key=True)
    field_value: fields.ForeignKeyRelation[CustomFieldValue] = fields.ForeignKeyField(
        "models.CustomFieldValue", related_name="changes", on_delete=fields.CASCADE
    )
    field_value_id: int
    old_value = fields.TextField(null=True)
    new_value = fields.TextField(null=True)
    changed_at = fields.DatetimeField(auto_now_add=True)
    changed_by: fields.ForeignKeyNullableRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember",
        related_name="custom_field_changes",
        null=True,
        on_delete=fields.SET_NULL,
    )
    changed_by_id: int | None

    class Meta:
        table = "custom_field_change"
