"""Inbox+ notifications and the account Email tab (EMAIL SYNC)."""

DESCRIPTIONS = {
    "Notification": "An Inbox+ notification for one staff member.",
    "Notification.kind": "What happened.",
    "Notification.title": "A one-line summary.",
    "Notification.body": "More detail, if any (e.g. a report's summary).",
    "Notification.createdAt": "When it was created.",
    "Notification.readAt": "When it was marked read; null while unread.",
    "NotificationKind": "What a notification reports.",
    "NotificationKind.CLIENT_REGISTERED": "A client registered through the portal (to the "
    "new account's team).",
    "NotificationKind.CLIENT_ACTIVATED": "A client activated portal access (one per team "
    "member and account).",
    "NotificationKind.ACCOUNT_ASSIGNED": "Someone else put you on an account's team.",
    "NotificationKind.BULK_UPDATE_COMPLETED": "Your bulk toggle update finished; the body "
    "sums up the report.",
    "NotificationKind.IMPORT_COMPLETED": "Your import finished; the body sums up the report.",
    "NotificationKind.EMAIL_RECEIVED": "A synced email arrived on an account of yours.",
    "NotificationKind.WEBHOOK_ENDPOINT_DISABLED": "A webhook endpoint failed too long and "
    "was turned off (to owners).",
    "MarkNotificationsReadInput": "Which notifications to mark read: ids or all (neither is "
    "INVALID).",
    "MarkNotificationsReadInput.ids": "Your notifications' ids.",
    "MarkNotificationsReadInput.all": "True: every unread notification of yours.",
    "MarkNotificationsReadPayload": "The answer of markNotificationsRead.",
    "MarkNotificationsReadPayload.count": "How many were unread and are read now.",
    "EmailMessage.subject": "The subject.",
    "EmailMessage.fromAddress": "The sender's address.",
    "EmailMessage.fromName": "The sender's display name, if any.",
    "EmailMessage.toAddresses": "The To addresses.",
    "EmailMessage.ccAddresses": "The Cc addresses.",
    "EmailMessage.text": "The plain-text body, if any.",
    "EmailMessage.receivedAt": "When the CRM received or sent it.",
    "EmailMessage.messageId": "The Message-ID header.",
    "EmailMessage.inReplyTo": "The In-Reply-To header, if any.",
    "EmailMessage.attachments": "Its attachments.",
    "EmailDirection": "Who wrote a synced email.",
    "EmailDirection.RECEIVED": "A contact of the account.",
    "EmailDirection.SENT": "The firm (sendAccountEmail).",
    "EmailAttachment": "A file attached to a synced email.",
    "EmailAttachment.filename": "The sanitised filename.",
    "EmailAttachment.contentType": "The MIME type.",
    "EmailAttachment.size": "Size in bytes.",
    "SendAccountEmailInput": "An email to an account's contacts, from the CRM.",
    "SendAccountEmailInput.accountId": "The account's id.",
    "SendAccountEmailInput.body": "The plain-text body; not empty.",
    "SendAccountEmailPayload": "The answer of sendAccountEmail.",
    "SendAccountEmailPayload.email": "The email as recorded on the Email tab; null on "
    "userErrors.",
}
