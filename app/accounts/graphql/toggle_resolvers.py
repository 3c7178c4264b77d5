"""The per-email toggles: LOGIN / NOTIFY / EMAIL SYNC, preferences, signer settings."""

from __future__ import annotations

from strawberry import UNSET

from app.access.actors import Actor
from app.access.permissions import SET_TOGGLES
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


def _manager(info: Info) -> Actor:
    return info.context.require_actor(SET_TOGGLES)


@reports_user_errors(AccountEmailPayload)
async def set_contact_toggles(info: Info, input: SetContactTogglesInput) -> AccountEmailPayload:
    invite = None
    if input.send_invitation:
        invite = toggles.Invite(info.context.settings, input.invitation_message)
    row, turned_on = await toggles.set_contact_toggles(
        _manager(info),
        pk_of(input.id, AccountEmail),
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
        _manager(info), pk_of(input.id, AccountEmail), wanted
    )
    return AccountEmailPayload(account_email=AccountEmail.of(row))


@reports_user_errors(AccountEmailPayload)
async def set_signer_settings(info: Info, input: SetSignerSettingsInput) -> AccountEmailPayload:
    settings = toggles.SignerSettings(
        signer_authority=input.signer_authority,
        signer_priority=None if input.signer_priority is UNSET else input.signer_priority,
        set_priority=input.signer_priority is not UNSET,
    )
    row = await toggles.set_signer_settings(_manager(info), pk_of(input.id, AccountEmail), settings)
    return AccountEmailPayload(account_email=AccountEmail.of(row))
