"""Who may call what, declared on fields: each class asks the service layer's permission
(app/access/permissions.py), so a field is refused up front with the answer the service
itself would give."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from app.access.actors import AppActor, StaffActor
from app.access.permissions import (
    ADMINISTER,
    MANAGE_ACCOUNTS,
    SIGNED_IN,
    STAFF,
    Permission,
)
from app.graphql.context import Info


class Allowed(BasePermission):
    """The caller holds `permission` (UNAUTHENTICATED without a session, else FORBIDDEN)."""

    permission: Permission = SIGNED_IN

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        info.context.require_actor(self.permission)
        return True


def allowed(permission: Permission) -> type[Allowed]:
    """A permission class for one service permission."""
    return type(
        f"Allowed_{permission.name.replace(' ', '_')}", (Allowed,), {"permission": permission}
    )


IsSignedIn = allowed(SIGNED_IN)
IsStaff = allowed(STAFF)
CanManageAccounts = allowed(MANAGE_ACCOUNTS)
IsAdmin = allowed(ADMINISTER)


class _SeenByStaff(BasePermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return isinstance(info.context.actor, StaffActor | AppActor)


def staff_only() -> list[FieldExtension]:
    """For staff-only parts of what a client may see (an app reads them too): empty (or
    null) for a client."""
    return [
        PermissionExtension(permissions=[_SeenByStaff()], fail_silently=True, use_directives=False)
    ]
