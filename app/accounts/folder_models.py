"""Folder templates; an account keeps its own tree (see Account.folders)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.firms.models import Firm


class FolderTemplate(Model):
    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="folder_templates", on_delete=fields.CASCADE
    )
    firm_id: int
    name = fields.CharField(max_length=200)
    # The tree as [{"name": ..., "children": [...]}, ...]; copied onto an account on use.
    tree: Any = fields.JSONField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "folder_template"
