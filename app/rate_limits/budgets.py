"""Query cost budgets: one leaky bucket per caller, held in the database so that every server
process spends from the same one.

A take is one statement: an upsert that refills the bucket from the time stored with it,
takes the points when they are there (and otherwise takes nothing), and answers what is left
and whether it was granted. Row locks make parallel takes queue, so racing cannot overspend.
What a request turns out not to need is given back with a second statement, only when there
is something to give back.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from tortoise import connections

from app.settings import CostBudget

# $1 key, $2 points when the bucket is new, $3 now, $4 granted when new, $5 cost,
# $6 size, $7 restored per second. SQLite reads $n as ?n; LEAST/GREATEST are its MIN/MAX.
_REFILLED = "LEAST($6, cost_bucket.available + GREATEST(0, $3 - cost_bucket.updated_at) * $7)"
_TAKE = f"""INSERT INTO cost_bucket (key, available, updated_at, granted)
VALUES ($1, $2, $3, $4)
ON CONFLICT (key) DO UPDATE SET
  available = CASE WHEN {_REFILLED} >= $5 THEN {_REFILLED} - $5 ELSE {_REFILLED} END,
  granted = {_REFILLED} >= $5,
  updated_at = GREATEST(cost_bucket.updated_at, $3)
RETURNING available, granted"""
_GIVE_BACK = """UPDATE cost_bucket SET available = LEAST($3, available + $2) WHERE key = $1
RETURNING available"""


@dataclass(frozen=True)
class BucketState:
    """A caller's bucket after a take or a give-back."""

    granted: bool
    available: float
    budget: CostBudget

    def retry_after(self, cost: int) -> float:
        """Seconds until `cost` points are there (0 when they are)."""
        return max(0.0, (cost - self.available) / self.budget.per_second)


async def take(key: str, budget: CostBudget, cost: int) -> BucketState:
    """Take `cost` points from `key`'s bucket, refilled up to now; nothing is taken (and
    `granted` is False) when fewer are available."""
    new_granted = cost <= budget.points
    new_available = budget.points - cost if new_granted else budget.points
    values = [key, float(new_available), time.time(), new_granted, float(cost)]
    rows = await _run(_TAKE, [*values, float(budget.points), float(budget.per_second)])
    [row] = rows
    return BucketState(bool(row["granted"]), float(row["available"]), budget)


async def give_back(key: str, budget: CostBudget, points: int) -> BucketState:
    """Return `points` taken but not used to `key`'s bucket (never above its size)."""
    rows = await _run(_GIVE_BACK, [key, float(points), float(budget.points)])
    available = float(rows[0]["available"]) if rows else float(budget.points)
    return BucketState(True, available, budget)


async def _run(sql: str, values: list[Any]) -> list[dict[str, Any]]:
    connection = connections.get("default")
    if connection.capabilities.dialect == "sqlite":
        sql = sql.replace("$", "?").replace("LEAST(", "MIN(").replace("GREATEST(", "MAX(")
    return await connection.execute_query_dict(sql, values)


def retry_after_header(seconds: float) -> str:
    """An HTTP Retry-After value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
