"""The per-email toggles: LOGIN / NOTIFY / EMAIL SYNC, preferences, signer settings."""

from __future__ import annotations

from typing import Any

from strawberry import UNSET

from app.accounts import toggles
from app.accounts.graphql.resolvers import prompts
from app.accounts.graphql.toggle_types import (
    AccountEmailPayload,
    SetContactTogglesInput,
    SetNotificationPreferencesInput,
    SetSignerSettingsInput,
)
from app.accounts.graphql.types import AccountEmail
from app.accounts.models import NOTIFICATION_CATEGORIES
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of


@reports_user_errors(AccountEmailPayload)
async def set_contact_toggles(info: Info, input: SetContactTogglesInput) -> AccountEmailPayload:
    invite = None
    if input.send_invitation:
        invite = toggles.Invite(info.context.settings, input.invitation_message)
    row, turned_on = await toggles.set_contact_toggles(
        info.context.require_staff(),
        pk_of(input.id, "AccountEmail"),
        login=input.login,
        notify=input.notify,
        email_sync=input.email_sync,
        invite=invite,
    )
    # An invitation just sent answers the prompt already.
    prompted = [row] if turned_on and invite is None else []
    return AccountEmailPayload(
        account_email=AccountEmail.of(row), invitation_prompts=await prompts(info, prompted)
    )


@reports_user_errors(AccountEmailPayload)
async def set_notification_preferences(
    info: Info, input: SetNotificationPreferencesInput
) -> AccountEmailPayload:
    wanted = {name: getattr(input.preferences, name) for name in NOTIFICATION_CATEGORIES}
    row = await toggles.set_notification_preferences(
        info.context.require_staff(), pk_of(input.id, "AccountEmail"), wanted
    )
    return AccountEmailPayload(account_email=AccountEmail.of(row))


@reports_user_errors(AccountEmailPayload)
async def set_signer_settings(info: Info, input: SetSignerSettingsInput) -> AccountEmailPayload:
    changes: dict[str, Any] = {"signer_authority": input.signer_authority}
    if input.signer_priority is not UNSET:
        changes["signer_priority"] = input.signer_priority
    row = await toggles.set_signer_settings(
        info.context.require_staff(), pk_of(input.id, "AccountEmail"), changes
    )
    return AccountEmailPayload(account_email=AccountEmail.of(row))
