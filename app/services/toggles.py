"""The LOGIN / NOTIFY / EMAIL SYNC toggles of one (account, contact email)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.expressions import Subquery

from app.errors import ErrorCode, fail
from app.models import NOTIFICATION_CATEGORIES, AccountEmail
from app.services.visibility import visible_accounts
from app.viewer import Viewer


async def get_account_email(viewer: Viewer, pk: int | None) -> AccountEmail:
    """An AccountEmail of an account the viewer sees, or NOT_FOUND."""
    row = (
        await AccountEmail.filter(
            id=pk or 0, account_id__in=Subquery(visible_accounts(viewer).values("id"))
        )
        .select_related("account", "contact_email")
        .first()
    )
    if row is None:
        raise fail(ErrorCode.NOT_FOUND, "No such account email.", "input", "id")
    return row


async def set_contact_toggles(
    viewer: Viewer,
    pk: int | None,
    *,
    login: bool | None = None,
    notify: bool | None = None,
    email_sync: bool | None = None,
) -> tuple[AccountEmail, bool]:
    """Set the given toggles; answer the row and whether LOGIN was just turned on."""
    row = await get_account_email(viewer, pk)
    if login and row.account.archived_at is not None and not row.login_enabled:
        raise fail(ErrorCode.ARCHIVED, "The account is archived.", "input", "login")
    wanted = {"login_enabled": login, "notify_enabled": notify, "email_sync_enabled": email_sync}
    changed = {k: v for k, v in wanted.items() if v is not None and getattr(row, k) != v}
    turned_on = changed.get("login_enabled") is True
    if changed:
        row.update_from_dict(changed)
        await row.save(update_fields=list(changed))
    return row, turned_on


async def set_notification_preferences(
    viewer: Viewer, pk: int | None, preferences: Mapping[str, bool | None]
) -> AccountEmail:
    """Preferences by category name (`document_uploads`, ...); None leaves one as it is."""
    row = await get_account_email(viewer, pk)
    changed = {
        f"notify_{name}": value
        for name, value in preferences.items()
        if name in NOTIFICATION_CATEGORIES and value is not None
    }
    if changed:
        row.update_from_dict(changed)
        await row.save(update_fields=list(changed))
    return row


async def set_signer_settings(
    viewer: Viewer, pk: int | None, changes: dict[str, Any]
) -> AccountEmail:
    """`signer_priority` (1 or more, or None to clear) and `signer_authority`, where given."""
    row = await get_account_email(viewer, pk)
    priority = changes.get("signer_priority")
    if priority is not None and not 1 <= priority <= 1000:
        raise fail(
            ErrorCode.INVALID, "The signer priority is 1 or more.", "input", "signerPriority"
        )
    changed = {k: v for k, v in changes.items() if k == "signer_priority" or v is not None}
    if changed:
        row.update_from_dict(changed)
        await row.save(update_fields=list(changed))
    return row
