"""The error codes each mutation can answer, rendered into its description: `userErrors` codes
(input problems, nothing changed) and top-level codes (`extensions.code`). Every operation may
also answer the codes of docs/API.md's "Top-level codes" (THROTTLED, MAX_COST_EXCEEDED, ...)."""

from __future__ import annotations

# Signed-in mutations: no or an ended session, or a right (or an app's scope) missing.
SIGNED_IN = ("UNAUTHENTICATED", "FORBIDDEN")

NAMES = ("REQUIRED", "INVALID", "INVALID_CHARACTERS")
NEW_PERSON = (*NAMES, "INVALID_EMAIL", "DUPLICATE")
TOKEN = ("INVALID_TOKEN", "TOKEN_EXPIRED", "WEAK_PASSWORD")

# mutation: (userErrors codes, top-level codes)
MUTATION_ERRORS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "createFirm": ((*NEW_PERSON, "WEAK_PASSWORD", "SIGNUP_DISABLED", "TOO_MANY_ATTEMPTS"), ()),
    "signIn": (("REQUIRED", "INVALID_EMAIL", "INVALID_CREDENTIALS", "TOO_MANY_ATTEMPTS"), ()),
    "portalSignIn": (
        ("REQUIRED", "INVALID_EMAIL", "INVALID_CREDENTIALS", "TOO_MANY_ATTEMPTS", "ARCHIVED"),
        (),
    ),
    "updateFirmSettings": (NAMES, SIGNED_IN),
    "createStaffMember": ((*NEW_PERSON, "WEAK_PASSWORD"), SIGNED_IN),
    "updateStaffMember": ((*NAMES, "NOT_FOUND"), SIGNED_IN),
    "deactivateStaffMember": (("NOT_FOUND", "INVALID"), SIGNED_IN),
    "reactivateStaffMember": (("NOT_FOUND", "INVALID"), SIGNED_IN),
    "createTag": (("REQUIRED", "INVALID", "DUPLICATE"), SIGNED_IN),
    "createCustomField": (("REQUIRED", "INVALID", "DUPLICATE"), SIGNED_IN),
    "createFolderTemplate": ((*NAMES, "DUPLICATE"), SIGNED_IN),
    "createAccount": (
        (*NEW_PERSON, "NOT_FOUND", "LAST_CONTACT", "NO_EMAIL"),
        SIGNED_IN,
    ),
    "updateAccount": ((*NAMES, "NOT_FOUND"), SIGNED_IN),
    "archiveAccount": (("NOT_FOUND",), SIGNED_IN),
    "restoreAccount": (("NOT_FOUND",), SIGNED_IN),
    "linkContact": ((*NEW_PERSON, "NOT_FOUND", "NO_EMAIL"), SIGNED_IN),
    "unlinkContact": (("NOT_FOUND", "LAST_CONTACT"), SIGNED_IN),
    "setContactDescription": (("NOT_FOUND", "INVALID"), SIGNED_IN),
    "createContact": ((*NEW_PERSON, "NOT_FOUND"), SIGNED_IN),
    "updateContact": ((*NEW_PERSON, "NOT_FOUND"), SIGNED_IN),
    "addContactEmail": (("REQUIRED", "INVALID_EMAIL", "DUPLICATE", "NOT_FOUND"), SIGNED_IN),
    "changeContactEmail": (("REQUIRED", "INVALID_EMAIL", "DUPLICATE", "NOT_FOUND"), SIGNED_IN),
    "removeContactEmail": (("NOT_FOUND",), SIGNED_IN),
    "setContactToggles": (("NOT_FOUND", "INVALID", "ARCHIVED", "LOGIN_OFF"), SIGNED_IN),
    "setNotificationPreferences": (("NOT_FOUND",), SIGNED_IN),
    "setSignerSettings": (("NOT_FOUND", "INVALID"), SIGNED_IN),
    "sendInvitation": (
        ("NOT_FOUND", "INVALID", "LOGIN_OFF", "ALREADY_ACTIVE", "ARCHIVED"),
        SIGNED_IN,
    ),
    "bulkUpdateContactToggles": (("REQUIRED", "INVALID", "LIMIT_EXCEEDED"), SIGNED_IN),
    "importClients": (("REQUIRED", "INVALID", "LIMIT_EXCEEDED"), SIGNED_IN),
    "addNote": (("REQUIRED", "INVALID", "NOT_FOUND"), SIGNED_IN),
    "sendAccountEmail": (("REQUIRED", "INVALID", "NOT_FOUND", "ARCHIVED", "NO_EMAIL"), SIGNED_IN),
    "registerClient": (
        (*NAMES, "INVALID_EMAIL", "NOT_FOUND", "SIGNUP_DISABLED", "TOO_MANY_ATTEMPTS"),
        (),
    ),
    "confirmClientRegistration": ((*TOKEN, "SIGNUP_DISABLED", "TOO_MANY_ATTEMPTS"), ()),
    "activatePortalAccess": ((*TOKEN, "ARCHIVED", "TOO_MANY_ATTEMPTS"), ()),
    "requestPasswordReset": (("REQUIRED", "INVALID_EMAIL"), ()),
    "resetPassword": ((*TOKEN, "ARCHIVED"), ()),
    "markNotificationsRead": (("INVALID", "NOT_FOUND"), SIGNED_IN),
    "signOut": ((), SIGNED_IN),
    "signOutEverywhere": ((), SIGNED_IN),
    "revokeSession": (("NOT_FOUND",), SIGNED_IN),
    "changePassword": (("INVALID", "INVALID_CREDENTIALS", "WEAK_PASSWORD"), SIGNED_IN),
    "createApiClient": (("REQUIRED", "INVALID"), SIGNED_IN),
    "revokeApiClient": (("NOT_FOUND",), SIGNED_IN),
    "createWebhookEndpoint": (("REQUIRED", "INVALID", "LIMIT_EXCEEDED"), SIGNED_IN),
    "updateWebhookEndpoint": (("REQUIRED", "INVALID", "NOT_FOUND"), SIGNED_IN),
    "deleteWebhookEndpoint": (("NOT_FOUND",), SIGNED_IN),
    "rotateWebhookSecret": (("NOT_FOUND",), SIGNED_IN),
    "sendTestWebhook": (("NOT_FOUND",), SIGNED_IN),
    "redeliverWebhookDelivery": (("NOT_FOUND",), SIGNED_IN),
}


def render(codes: tuple[tuple[str, ...], tuple[str, ...]]) -> str:
    """One sentence listing the codes, pointing to where each is explained."""
    user, top = codes
    parts = [f"userErrors codes: {', '.join(user)}." if user else "No userErrors codes."]
    if top:
        parts.append(f"Top-level codes: {', '.join(top)}.")
    parts.append("Codes: docs/API.md, section Errors.")
    return " ".join(parts)
