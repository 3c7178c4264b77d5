"""Contacts: real people with several emails and phones, linkable to several accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.firms.models import Firm


class Contact(Model):
    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="contacts", on_delete=fields.CASCADE
    )
    firm_id: int
    first_name = fields.CharField(max_length=100)
    middle_name = fields.CharField(max_length=100, null=True)
    last_name = fields.CharField(max_length=100)
    street = fields.CharField(max_length=255, null=True)
    city = fields.CharField(max_length=100, null=True)
    state = fields.CharField(max_length=100, null=True)
    postal_code = fields.CharField(max_length=32, null=True)
    country = fields.CharField(max_length=100, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "contact"

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)


class ContactEmail(Model):
    id = fields.IntField(primary_key=True)
    # Kept on the row so that "one address, one contact per firm" is a database constraint.
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="contact_emails", on_delete=fields.CASCADE
    )
    firm_id: int
    contact: fields.ForeignKeyRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="emails", on_delete=fields.CASCADE
    )
    contact_id: int
    address = fields.CharField(max_length=254)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "contact_email"
        unique_together = (("firm", "address"),)
        indexes = (("contact_id",),)


class Phone(Model):
    id = fields.IntField(primary_key=True)
    contact: fields.ForeignKeyRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="phones", on_delete=fields.CASCADE
    )
    contact_id: int
    number = fields.CharField(max_length=64)
    is_primary = fields.BooleanField(default=False)
    position = fields.IntField(default=0)

    class Meta:
        table = "phone"
