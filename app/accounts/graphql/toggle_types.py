"""Inputs and payloads of the per-email toggle mutations."""

from __future__ import annotations

import strawberry

from app.accounts.graphql.inputs import InvitationPrompt
from app.accounts.graphql.types import AccountEmail
from app.graphql.types import UserError


@strawberry.input
class NotificationPreferencesInput:
    document_uploads: bool | None = None
    signature_requests: bool | None = None
    approvals: bool | None = None
    messages: bool | None = None
    proposals: bool | None = None
    organizers: bool | None = None
    invoices_and_payments: bool | None = None
    client_requests: bool | None = None


@strawberry.input
class SetContactTogglesInput:
    id: strawberry.ID = strawberry.field(description="An AccountEmail id.")
    login: bool | None = None
    notify: bool | None = None
    email_sync: bool | None = None
    send_invitation: bool | None = strawberry.field(
        default=None,
        description="With login turned on: send the invitation now (otherwise it can be sent "
        "later).",
    )
    invitation_message: str | None = None


@strawberry.input
class SetNotificationPreferencesInput:
    id: strawberry.ID = strawberry.field(description="An AccountEmail id.")
    preferences: NotificationPreferencesInput


@strawberry.input
class SetSignerSettingsInput:
    id: strawberry.ID = strawberry.field(description="An AccountEmail id.")
    signer_priority: int | None = strawberry.UNSET
    signer_authority: bool | None = None


@strawberry.type
class AccountEmailPayload:
    account_email: AccountEmail | None = None
    invitation_prompts: list[InvitationPrompt] = strawberry.field(
        default_factory=list,
        description="The email, if setting the toggles just turned its LOGIN on.",
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)
