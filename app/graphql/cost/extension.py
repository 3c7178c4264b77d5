"""Query cost on every operation: priced before it runs (app/graphql/cost/analysis.py),
refused over MAX_COST, paid from the caller's budget (app/rate_limits/budgets.py), and
reported in the answer's `extensions.cost`.

The requested cost is taken before execution and what the pages did not return is given
back after. Anonymous calls are capped but have no budget and no `extensions.cost`;
subscriptions are capped when they start and are not charged.
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from app.errors import DomainError, ErrorCode
from app.graphql import unavailable
from app.graphql.context import Context
from app.graphql.cost.analysis import Plan
from app.graphql.cost.caller import Caller, caller_of
from app.graphql.cost.plans import Plans
from app.graphql.unavailable import describe, is_database_outage
from app.rate_limits import budgets
from app.rate_limits.budgets import BucketState

MAX_COST = 10_000
log = logging.getLogger("crm.cost")
PLANS = Plans()


class QueryCost(SchemaExtension):
    """Prices, caps and charges each operation; answers `extensions.cost` to its caller."""

    def __init__(self, *, execution_context: Any = None) -> None:
        super().__init__(execution_context=execution_context)
        self.cost: dict[str, Any] | None = None  # extensions.cost, for a signed-in caller

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        assert execution.graphql_document is not None, "on_execute follows parsing"
        plan = PLANS.plan(
            execution.schema._schema,
            execution.query,
            execution.graphql_document,
            execution.operation_name,
            execution.variables,
        )
        context = execution.context
        caller = caller_of(context) if isinstance(context, Context) else None
        if execution.operation_type is OperationType.SUBSCRIPTION:
            caller = None  # events carry no cost; the cap still holds
        if caller is not None:
            self.cost = _report(plan.cost, 0, None)
        if plan.cost > MAX_COST:
            raise max_cost_exceeded(plan.cost)
        bucket = None
        if caller is not None and context.settings.cost_budgets:
            bucket = await _take(caller, plan.cost)
            self.cost = _report(plan.cost, 0, bucket)
            if not bucket.granted:
                raise throttled(plan.cost, bucket)
        yield
        if caller is not None:
            try:  # the answer stands whatever happens here
                self.cost = await _settle(
                    caller, plan, getattr(execution.result, "data", None), bucket
                )
            except Exception:
                log.exception("%s: the cost of an operation was not settled", caller.key)

    def get_results(self) -> dict[str, Any]:
        return {"cost": self.cost} if self.cost is not None else {}


async def _take(caller: Caller, cost: int) -> BucketState:
    """Take the requested cost. Errors raised here are not masked (they come before the
    operation's own error handling), so they are made safe to show here."""
    try:
        return await budgets.take(caller.key, caller.budget, cost)
    except Exception as error:
        if is_database_outage(error):
            raise DomainError(unavailable.MESSAGE, unavailable.CODE) from error
        log.exception("%s: the query cost budget could not be read", caller.key)
        raise DomainError("Unexpected error.", "INTERNAL_SERVER_ERROR") from error


async def _settle(
    caller: Caller, plan: Plan, data: dict[str, Any] | None, bucket: BucketState | None
) -> dict[str, Any]:
    """The actual cost, read from the answer's data; what was taken and not used is given
    back."""
    actual = plan.actual(data)
    if bucket is not None and actual < plan.cost:
        bucket = await _give_back(caller, plan.cost - actual, bucket)
    return _report(plan.cost, actual, bucket)


async def _give_back(caller: Caller, points: int, bucket: BucketState) -> BucketState:
    """Give back what was not used; when the database cannot take it back, the caller pays
    the requested cost."""
    try:
        return await budgets.give_back(caller.key, caller.budget, points)
    except Exception as error:
        log.warning("%s: %d points not given back: %s", caller.key, points, describe(error))
        return bucket


def _report(requested: int, actual: int, bucket: BucketState | None) -> dict[str, Any]:
    status = None
    if bucket is not None:
        status = {
            "maximumAvailable": bucket.budget.points,
            "currentlyAvailable": int(bucket.available),
            "restoreRate": _number(bucket.budget.per_second),
        }
    return {"requestedQueryCost": requested, "actualQueryCost": actual, "throttleStatus": status}


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


class CostError(DomainError):
    """MAX_COST_EXCEEDED or THROTTLED, its extensions saying more than its code."""

    def __init__(self, message: str, code: ErrorCode, **details: object) -> None:
        super().__init__(message, code.value)
        self.details = details

    @property
    def extensions(self) -> dict[str, object]:
        return {"code": self.code, **self.details}


def max_cost_exceeded(cost: int) -> CostError:
    """The operation costs more than any budget allows at once: refused before it runs."""
    return CostError(
        f"This operation would cost {cost:,} points; one operation may cost at most "
        f"{MAX_COST:,}. Ask for smaller pages (`first`) or fewer nested fields.",
        ErrorCode.MAX_COST_EXCEEDED,
        cost=cost,
        maximumCost=MAX_COST,
    )


def throttled(cost: int, bucket: BucketState) -> CostError:
    """Over the caller's budget: try again once it has refilled."""
    seconds = bucket.retry_after(cost)
    return CostError(
        f"Over the query cost budget: this operation costs {cost:,} points and "
        f"{int(bucket.available):,} are available, restoring {bucket.budget.per_second:g} "
        f"per second. Try again in {seconds:.1f} s.",
        ErrorCode.THROTTLED,
        retryAfterSeconds=math.ceil(seconds * 1000) / 1000,
    )
