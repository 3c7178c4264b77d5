"""Tags, shared by accounts and contacts of one firm."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import Account
    from app.contacts.models import Contact
    from app.firms.models import Firm


class Tag(Model):
    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="tags", on_delete=fields.CASCADE
    )
    firm_id: int
    name = fields.CharField(max_length=100)
    color = fields.CharField(max_length=32, null=True)

    class Meta:
        table = "tag"
        unique_together = (("firm", "name"),)


class AccountTag(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="tag_links", on_delete=fields.CASCADE
    )
    account_id: int
    tag: fields.ForeignKeyRelation[Tag] = fields.ForeignKeyField(
        "models.Tag", related_name="account_links", on_delete=fields.CASCADE
    )
    tag_id: int

    class Meta:
        table = "account_tag"
        unique_together = (("account", "tag"),)


class ContactTag(Model):
    id = fields.IntField(primary_key=True)
    contact: fields.ForeignKeyRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="tag_links", on_delete=fields.CASCADE
    )
    contact_id: int
    tag: fields.ForeignKeyRelation[Tag] = fields.ForeignKeyField(
        "models.Tag", related_name="contact_links", on_delete=fields.CASCADE
    )
    tag_id: int

    class Meta:
        table = "contact_tag"
        unique_together = (("contact", "tag"),)
