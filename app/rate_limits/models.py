"""Rate-limit hits, shared by every server process through the database."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class RateLimitHit(Model):
    # One counted attempt: the key names the limit and who it counts (e.g. "activate:1.2.3.4").
    # Rows older than the longest window are useless and are deleted as new ones come.

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=300)
    at = fields.DatetimeField(auto_now_add=True, index=True)

    class Meta:
        table = "rate_limit_hit"
        indexes = (("key", "at"),)


class CostBucket(Model):
    # The query cost budget of one caller ("staff:12", "client:34", "app:5"): a leaky bucket
    # holding `available` points as of `updated_at` (Unix seconds); refilled on each take.
    # `granted` says whether the last take was granted (read back by the same statement).

    key = fields.CharField(max_length=100, primary_key=True)
    available = fields.FloatField()
    updated_at = fields.FloatField()
    granted = fields.BooleanField(default=True)

    class Meta:
        table = "cost_bucket"
