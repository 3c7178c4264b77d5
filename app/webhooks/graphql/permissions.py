"""The webhook operations' permission: the policy's rule, asked before any resolver runs."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from app.graphql.context import Info
from app.webhooks.policy import MANAGE_WEBHOOKS


class CanManageWebhooks(BasePermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        info.context.require_actor(MANAGE_WEBHOOKS)  # FORBIDDEN names an app's missing scope
        return True
