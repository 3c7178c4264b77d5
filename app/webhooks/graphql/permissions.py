"""The webhook operations' permission: the policy's rule, asked before any resolver runs."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from app.errors import Forbidden
from app.graphql.context import Info
from app.webhooks.policy import may_manage_webhooks


class CanManageWebhooks(BasePermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if not may_manage_webhooks(info.context.require_viewer()):
            raise Forbidden()
        return True
