"""The LOGIN / NOTIFY / EMAIL SYNC toggles of one (account, contact email)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from app.access.actors import Actor, staff_id_of
from app.access.permissions import SET_TOGGLES, entry_point
from app.accounts.models import NOTIFICATION_CATEGORIES, AccountEmail
from app.accounts.policy import get_visible_account_email
from app.db.unit_of_work import unit_of_work
from app.errors import ErrorCode, fail
from app.firms.facts import firm
from app.portal import invitations
from app.settings import Settings
from app.webhooks import events as webhooks

if TYPE_CHECKING:
    from app.firms.models import StaffMember


@dataclass(frozen=True)
class Invite:
    """Send the invitation with the change (`sendInvitation: true`), with this message."""

    settings: Settings
    message: str | None = None


@dataclass(frozen=True)
class SignerSettings:
    """setSignerSettings: the authority (None: as it is) and, when `set_priority`, the
    priority (1 to 1000, or None to clear)."""

    signer_authority: bool | None = None
    signer_priority: int | None = None
    set_priority: bool = False


@entry_point(SET_TOGGLES)
async def set_contact_toggles(
    actor: Actor,
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
    row = await get_visible_account_email(actor, pk, "id")
    if login and row.account.archived_at is not None and not row.login_enabled:
        raise fail(ErrorCode.ARCHIVED, "The account is archived.", "login")
    message = invitations.clean_message(invite.message if invite else None, "message")
    wanted = toggle_columns(login=login, notify=notify, email_sync=email_sync)
    changed = {k: v for k, v in wanted.items() if getattr(row, k) != v}
    row.update_from_dict(changed)
    sending = invite is not None and await _needs_invitation(row, login)
    async with unit_of_work():
        if changed:
            await row.save(update_fields=list(changed))
            await webhooks.toggles_changed(actor.firm_id, row, changed)
        if changed.get("login_enabled") is False:
            await after_login_off(actor.firm_id, [row.contact_email_id])
        if sending and invite is not None:
            await _issue_invitation(actor, row, message, invite.settings)
    return row, changed.get("login_enabled") is True


async def _issue_invitation(
    actor: Actor, row: AccountEmail, message: str | None, settings: Settings
) -> None:
    # Adapter: app.portal.invitations.issue takes the firm's row and the sender's row (of
    # which it reads the id only).
    sender = SimpleNamespace(id=staff_id) if (staff_id := staff_id_of(actor)) else None
    await invitations.issue(
        await firm(actor.firm_id),
        row.contact_email,
        message,
        cast("StaffMember | None", sender),
        settings,
    )


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
        raise fail(ErrorCode.LOGIN_OFF, "Turn LOGIN on to send an invitation.", "login")
    active = await invitations.active_addresses(row.account.firm_id, [row.contact_email.address])
    return not active


@entry_point(SET_TOGGLES)
async def set_notification_preferences(
    actor: Actor, pk: int | None, preferences: Mapping[str, bool | None]
) -> AccountEmail:
    """Preferences by category name (`document_uploads`, ...); None leaves one as it is."""
    row = await get_visible_account_email(actor, pk, "id")
    changed = preference_columns(preferences)
    if changed:
        row.update_from_dict(changed)
        await row.save(update_fields=list(changed))
    return row


@entry_point(SET_TOGGLES)
async def set_signer_settings(
    actor: Actor, pk: int | None, settings: SignerSettings
) -> AccountEmail:
    """`signer_priority` (1 or more, or None to clear) and `signer_authority`, where given."""
    row = await get_visible_account_email(actor, pk, "id")
    priority = settings.signer_priority
    if settings.set_priority and priority is not None and not 1 <= priority <= 1000:
        raise fail(ErrorCode.INVALID, "The signer priority is 1 or more.", "signer_priority")
    changed: dict[str, object] = {}
    if settings.signer_authority is not None:
        changed["signer_authority"] = settings.signer_authority
    if settings.set_priority:
        changed["signer_priority"] = priority
    if changed:
        row.update_from_dict(changed)
        await row.save(update_fields=list(changed))
    return row
