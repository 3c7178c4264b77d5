"""API clients: a firm's credentials for third-party apps, kept as a hash of the token."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.firms.models import Firm, StaffMember


class ApiClient(Model):
    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="api_clients", on_delete=fields.CASCADE
    )
    firm_id: int
    name = fields.CharField(max_length=200)
    # The ApiScope values granted (as given; what they imply is worked out when checked).
    scopes: Any = fields.JSONField(default=list)
    # Only the SHA-256 of the token is kept; the prefix lets people recognise it.
    token_hash = fields.CharField(max_length=64, unique=True)
    token_prefix = fields.CharField(max_length=16)
    created_by: fields.ForeignKeyNullableRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember", related_name="api_clients", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    # Written at most once a minute, not on every request.
    last_used_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_client"
