"""API clients: third-party apps' credentials and their scopes."""

SCOPES = {
    "ACCOUNTS_READ": "Read accounts, their contacts (as linked), tags, custom fields, folders "
    "and notes.",
    "ACCOUNTS_WRITE": "Create, update, archive and restore accounts, link and unlink contacts "
    "(includes ACCOUNTS_READ).",
    "CONTACTS_READ": "Read contacts, their emails and phones.",
    "CONTACTS_WRITE": "Create and change contacts, their emails and phones (includes "
    "CONTACTS_READ).",
    "TOGGLES_WRITE": "Switch LOGIN, NOTIFY and EMAIL SYNC, notification preferences and signer "
    "settings.",
    "INVITATIONS_SEND": "Send portal invitations.",
    "NOTIFICATIONS_READ": "Reserved for firm-wide events; allows nothing staff-specific.",
    "EMAILS_READ": "Read synced email threads and documents.",
    "EMAILS_SEND": "Send email from an account.",
    "IMPORT": "Import clients from CSV.",
    "WEBHOOKS_MANAGE": "Register and manage webhook endpoints.",
}

DESCRIPTIONS = {
    **{f"ApiScope.{name}": text for name, text in SCOPES.items()},
    "ApiClient.name": "A name for people, e.g. the app's.",
    "ApiClient.scopes": "What the app may do.",
    "ApiClient.createdAt": "When it was created.",
    "ApiClient.expiresAt": "When its token stops working; null: never.",
    "ApiClient.revokedAt": "When it was revoked; null while it works.",
    "ApiClient.createdBy": "The owner or admin who created it.",
    "Query.apiClients": "The firm's API clients, revoked and expired ones included (owners and "
    "admins).",
    "Mutation.revokeApiClient(id)": "The API client to revoke.",
    "CreateApiClientInput": "A new API client.",
    "CreateApiClientInput.name": "A name for people (required).",
    "CreateApiClientInput.scopes": "At least one scope.",
    "CreateApiClientInput.expiresAt": "When the token stops working (in the future); null: never.",
    "CreateApiClientPayload": "The new API client and its token, shown this once.",
    "CreateApiClientPayload.apiClient": "The new API client; null when userErrors is not empty.",
    "ApiClientPayload": "The API client changed.",
    "ApiClientPayload.apiClient": "The API client; null when userErrors is not empty.",
}
