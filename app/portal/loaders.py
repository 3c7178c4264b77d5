"""Loaders for portal access: active addresses, waiting invitations, recent sign-ins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from app.access.viewer import Viewer
from app.accounts.loaders import recent_ids
from app.graphql.loaders import by_id, grouped
from app.portal.models import Invitation, LoginActivity, PortalLogin


async def active_login_by_address(viewer: Viewer, addresses: Sequence[str]) -> list[bool]:
    """Whether each address has an activated portal login in the viewer's firm."""
    active = set(
        await PortalLogin.filter(firm_id=viewer.firm_id, email__in=addresses).values_list(
            "email", flat=True
        )
    )
    return [a in active for a in addresses]


async def pending_invitation_by_contact_email_id(
    viewer: Viewer, ids: Sequence[int]
) -> list[Invitation | None]:
    """The invitation waiting to be accepted (sent, not revoked, not expired), if any."""
    rows = await Invitation.filter(
        contact_email_id__in=ids,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=datetime.now(UTC),
    ).order_by("id")
    return by_id(rows, lambda r: r.contact_email_id, ids)  # the newest wins


async def recent_sign_ins_by_account_id(
    viewer: Viewer, ids: Sequence[int]
) -> list[list[LoginActivity]]:
    """The five most recent portal sign-ins of each account, newest first."""
    picked = await recent_ids("login_activity", "at", ids)
    rows = await LoginActivity.filter(id__in=picked).order_by("-at", "-id")
    return grouped(rows, lambda r: r.account_id, ids)
