"""The LOGIN / NOTIFY / EMAIL SYNC toggles of one (account, contact email)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from app.access.viewer import Viewer
from app.accounts.models import NOTIFICATION_CATEGORIES, AccountEmail
from app.accounts.policy import get_visible_account_email
from app.db.unit_of_work import unit_of_work
from app.errors import ErrorCode, fail
from app.portal import invitations
from app.settings import Settings


@dataclass(frozen=True)
class Invite:
    """Send the invitation with the change (`sendInvitation: true`), with this message."""

    settings: Settings
    message: str | None = None


async def set_contact_toggles(
    viewer: Viewer,
    pk: int | None,
    *,
    login: bool | None = None,
    notify: bool | None = None,
    email_sync: bool | None = None,
    invite: Invite | None = None,
) -> tuple[AccountEmail, bool]:
    """Set the given toggles; answer the row and whether LOGIN was just turned on.

    LOGIN off revokes a waiting invitation (once no other account has LOGIN on for the
    address); with `invite`, LOGIN on sends one, unless the address is already active.
    """
    row = await get_visible_account_email(viewer, pk)
    if login and row.account.archived_at is not None and not row.login_enabled:
        raise fail(ErrorCode.ARCHIVED, "The account is archived.", "input", "login")
    message = invitations.clean_message(invite.message if invite else None, "input", "message")
    wanted = toggle_columns(login=login, notify=notify, email_sync=email_sync)
    changed = {k: v for k, v in wanted.items() if getattr(row, k) != v}
    row.update_from_dict(changed)
    sending = invite is not None and await _needs_invitation(row, login)
    async with unit_of_work():
        if changed:
            await row.save(update_fields=list(changed))
        if changed.get("login_enabled") is False:
            await after_login_off(viewer.firm_id, [row.contact_email_id])
        if sending and invite is not None:
            await invitations.issue(
                viewer.firm, row.contact_email, message, viewer.staff, invite.settings
            )
    return row, changed.get("login_enabled") is True


def toggle_columns(
    *, login: bool | None, notify: bool | None, email_sync: bool | None
) -> dict[str, bool]:
    """The AccountEmail columns to set for the toggles given (None leaves one as it is)."""
    wanted = {"login_enabled": login, "notify_enabled": notify, "email_sync_enabled": email_sync}
    return {column: value for column, value in wanted.items() if value is not None}


def preference_columns(preferences: Mapping[str, bool | None]) -> dict[str, bool]:
    """The AccountEmail columns to set for preferences by category name (None: as it is)."""
    return {
        f"notify_{name}": value
        for name, value in preferences.items()
        if name in NOTIFICATION_CATEGORIES and value is not None
    }


async def after_login_off(firm_id: int, contact_email_ids: Collection[int]) -> None:
    """LOGIN went off for these emails: an address's waiting link dies once no account has
    LOGIN on for it (portal access follows LOGIN, so it ends with the toggle)."""
    await invitations.revoke_unless_login_on_many(firm_id, contact_email_ids)


async def _needs_invitation(row: AccountEmail, login: bool | None) -> bool:
    """`sendInvitation` needs LOGIN on; an address that is already active needs none."""
    if not row.login_enabled:
        raise fail(ErrorCode.LOGIN_OFF, "Turn LOGIN on to send an invitation.", "input", "login")
    active = await invitations.active_addresses(row.account.firm_id, [row.contact_email.address])
    return not active


async def set_notification_preferences(
    viewer: Viewer, pk: int | None, preferences: Mapping[str, bool | None]
) -> AccountEmail:
    """Preferences by category name (`document_uploads`, ...); None leaves one as it is."""
    row = await get_visible_account_email(viewer, pk)
    changed = preference_columns(preferences)
    if changed:
        row.update_from_dict(changed)
        await row.save(update_fields=list(changed))
    return row


async def set_signer_settings(
    viewer: Viewer, pk: int | None, changes: dict[str, Any]
) -> AccountEmail:
    """`signer_priority` (1 or more, or None to clear) and `signer_authority`, where given."""
    row = await get_visible_account_email(viewer, pk)
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
