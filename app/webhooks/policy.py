"""Who may manage a firm's webhooks: the one rule, asked by the services and the API."""

from __future__ import annotations

from app.access.viewer import Viewer
from app.errors import Forbidden


def may_manage_webhooks(viewer: Viewer) -> bool:
    """Owners and admins of the firm. (Apps: those with the WEBHOOKS_MANAGE scope.)"""
    return viewer.staff is not None and viewer.staff.is_admin


def require_manager(viewer: Viewer) -> None:
    """NotAllowed unless the viewer may manage the firm's webhooks."""
    if not may_manage_webhooks(viewer):
        raise Forbidden("Only owners and admins manage webhooks.")
