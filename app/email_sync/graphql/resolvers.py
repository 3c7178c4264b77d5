"""EMAIL SYNC: writing to an account's contacts from the CRM."""

from __future__ import annotations

from app.access.permissions import WORK_ON_ACCOUNTS
from app.accounts.graphql.types import Account
from app.email_sync.graphql.types import (
    EmailMessage,
    SendAccountEmailInput,
    SendAccountEmailPayload,
)
from app.email_sync.sending import OutgoingEmail, send_account_email
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of


@reports_user_errors(SendAccountEmailPayload)
async def send_email(info: Info, input: SendAccountEmailInput) -> SendAccountEmailPayload:
    """Any staff member who sees the account may write; see app.email_sync.sending."""
    reply_to = None
    if input.reply_to_id is not None:
        reply_to = pk_of(input.reply_to_id, EmailMessage) or 0  # unknown ids: NOT_FOUND
    outgoing = OutgoingEmail(
        account_id=pk_of(input.account_id, Account),
        body=input.body,
        subject=input.subject,
        reply_to_id=reply_to,
    )
    actor = info.context.require_staff_actor(WORK_ON_ACCOUNTS)
    row = await send_account_email(actor, outgoing, info.context.settings)
    return SendAccountEmailPayload(email=EmailMessage.of(row))
