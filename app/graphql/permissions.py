"""Who may call what: declared on fields, checked before any resolver runs."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from app.graphql.context import Info, forbidden


class _Staff(BasePermission):
    """Base: a signed-in staff member (UNAUTHENTICATED without a session, FORBIDDEN otherwise)."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.require_staff()
        if not self.allows(viewer.staff):
            raise forbidden()
        return True

    def allows(self, staff: Any) -> bool:
        return True


class IsSignedIn(BasePermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        info.context.require_viewer()
        return True


class IsStaff(_Staff):
    pass


class CanManageAccounts(_Staff):
    def allows(self, staff: Any) -> bool:
        return staff.manages_accounts


class IsAdmin(_Staff):
    def allows(self, staff: Any) -> bool:
        return staff.is_admin


class _SeenByStaff(BasePermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        return viewer is not None and viewer.staff is not None


def staff_only() -> list[FieldExtension]:
    """For staff-only parts of what a client may see: empty (or null) for a client."""
    return [PermissionExtension(permissions=[_SeenByStaff()], fail_silently=True)]
