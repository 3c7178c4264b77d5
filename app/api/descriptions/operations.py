"""The root types, their fields and arguments, and the shapes every domain shares."""

PAGE = "Page size: 20 by default, 0 to 100 (otherwise a top-level LIMIT_EXCEEDED)."
AFTER = "The endCursor of the previous page; omitted: the first page."

DESCRIPTIONS = {
    "Query": "What can be read. Staff, clients and apps see only their own firm's data.",
    "Mutation": "What can be changed. Every mutation answers a payload with `userErrors`; "
    "when that is not empty nothing was changed.",
    "Subscription": "Live events over a WebSocket (graphql-transport-ws) at /graphql.",
    "Node": "An object with a global id, fetchable with `node(id:)`.",
    "Node.id": "The global id: opaque, stable, unique across types.",
    "DateTime": "A date and time, ISO 8601 with a UTC offset, e.g. 2025-04-15T09:30:00+00:00.",
    "UserError": "A problem with a mutation's input; codes: docs/API.md, section Errors.",
    "UserError.message": "What is wrong, in words for people.",
    "Query.node": "Any object by its global id; null if it does not exist or you may not see "
    "it.",
    "Query.node(id)": "A global id.",
    "Query.viewer": "Who is calling; null without a token.",
    "Query.account": "An account by id; null if it does not exist or you may not see it.",
    "Query.account(id)": "The account's id.",
    "Query.accounts": "Accounts you can see, a page at a time (archived left out unless "
    "filter.archived).",
    "Query.accounts(first)": PAGE,
    "Query.accounts(after)": AFTER,
    "Query.accounts(filter)": "Conditions the accounts must meet.",
    "Query.accounts(orderBy)": "The order (default NAME ascending).",
    "Query.contact": "A contact by id (staff); null if none you may see.",
    "Query.contact(id)": "The contact's id.",
    "Query.contacts": "The firm's contacts (staff), by name, a page at a time.",
    "Query.contacts(first)": PAGE,
    "Query.contacts(after)": AFTER,
    "Query.contacts(filter)": "Conditions the contacts must meet.",
    "Query.tags": "The firm's tags, by name (staff).",
    "Query.customFieldDefinitions": "The firm's custom fields (staff).",
    "Query.customFieldDefinitions(target)": "Only those of ACCOUNT or CONTACT.",
    "Query.folderTemplates": "The firm's folder templates (staff).",
    "Query.staffMembers": "The firm's staff, deactivated ones included (staff).",
    "Query.notifications": "Your Inbox+ notifications (staff), a page at a time.",
    "Query.notifications(first)": PAGE,
    "Query.notifications(after)": AFTER,
    "Query.notifications(unreadOnly)": "True: only unread ones.",
    "Query.webhookEndpoints": "The firm's webhook endpoints (needs WEBHOOKS_MANAGE for an "
    "app; owners and admins).",
    "Mutation.createFirm": "Create a firm and its owner, and sign the owner in (when the "
    "service allows new firms).",
    "Mutation.signIn": "Sign a staff member in. A wrong email and a wrong password answer the "
    "same INVALID_CREDENTIALS; 5 failures per email per 15 minutes, then TOO_MANY_ATTEMPTS.",
    "Mutation.portalSignIn": "Sign a client in to the portal of one firm.",
    "Mutation.updateFirmSettings": "Change the firm's settings (owners and admins).",
    "Mutation.createStaffMember": "Add a staff member (owners and admins).",
    "Mutation.createTag": "Create a tag.",
    "Mutation.createCustomField": "Create a custom field (owners and admins).",
    "Mutation.createFolderTemplate": "Create a folder template (owners and admins).",
    "Mutation.createAccount": "Create an account with its contacts; lists the emails to "
    "invite in invitationPrompts.",
    "Mutation.updateAccount": "Change an account; only the fields given change.",
    "Mutation.restoreAccount": "Bring an archived account back.",
    "Mutation.linkContact": "Link a contact (existing or new) to an account.",
    "Mutation.unlinkContact": "Unlink a contact; an account keeps at least one.",
    "Mutation.setContactDescription": "Set a linked contact's role on one account.",
    "Mutation.createContact": "Create a contact.",
    "Mutation.updateContact": "Change a contact; only the fields given change.",
    "Mutation.addContactEmail": "Add an address to a contact.",
    "Mutation.changeContactEmail": "Change an address; invitations and logins follow it.",
    "Mutation.removeContactEmail": "Remove an address and its toggles everywhere.",
    "Mutation.setContactToggles": "Set LOGIN, NOTIFY, EMAIL SYNC of one AccountEmail. "
    "Turning LOGIN on sends no mail unless sendInvitation.",
    "Mutation.setNotificationPreferences": "Set the notification categories of one "
    "AccountEmail.",
    "Mutation.setSignerSettings": "Set signer priority and authority of one AccountEmail.",
    "Mutation.sendInvitation": "Mail a portal invitation to an AccountEmail with LOGIN on.",
    "Mutation.addNote": "Add a note to an account.",
    "Mutation.activatePortalAccess": "Accept an invitation: create the portal login, sign "
    "the client in, and tell the team (CLIENT_ACTIVATED).",
    "Mutation.requestPasswordReset": "Mail a password-reset link if the address is known; "
    "the answer never tells.",
    "Mutation.resetPassword": "Set a new password with a reset link's token; ends every "
    "session and answers a new one.",
    "Mutation.markNotificationsRead": "Mark your notifications read.",
    "Mutation.updateWebhookEndpoint": "Change an endpoint; only the fields given change.",
    "Mutation.deleteWebhookEndpoint": "Delete an endpoint and its deliveries.",
    "Mutation.deactivateStaffMember(id)": "The staff member's id.",
    "Mutation.reactivateStaffMember(id)": "The staff member's id.",
    "Mutation.archiveAccount(id)": "The account's id.",
    "Mutation.restoreAccount(id)": "The account's id.",
    "Mutation.revokeSession(id)": "A SessionInfo id from viewer.sessions.",
    "Mutation.deleteWebhookEndpoint(id)": "The endpoint's id.",
    "Mutation.rotateWebhookSecret(id)": "The endpoint's id.",
    "Mutation.sendTestWebhook(id)": "The endpoint's id.",
    "Mutation.redeliverWebhookDelivery(id)": "A WebhookDelivery's id.",
}
