"""EMAIL SYNC: writing to an account's contacts from the CRM."""

from __future__ import annotations

from app.ids import pk_of
from app.resolvers import reports_user_errors
from app.schema.context import Info
from app.schema.emails import EmailMessage, SendAccountEmailInput, SendAccountEmailPayload
from app.services.account_emails import OutgoingEmail, send_account_email


@reports_user_errors(SendAccountEmailPayload)
async def send_email(info: Info, input: SendAccountEmailInput) -> SendAccountEmailPayload:
    """Any staff member who sees the account may write; see app.services.account_emails."""
    reply_to = None
    if input.reply_to_id is not None:
        reply_to = pk_of(input.reply_to_id, "EmailMessage") or 0  # unknown ids: NOT_FOUND
    outgoing = OutgoingEmail(
        account_pk=pk_of(input.account_id, "Account"),
        body=input.body,
        subject=input.subject,
        reply_to_pk=reply_to,
    )
    row = await send_account_email(info.context.require_staff(), outgoing, info.context.settings)
    return SendAccountEmailPayload(email=EmailMessage.of(row))
