"""The client portal: invitations, activation, registration, portal users."""

PASSWORD = "At least 10 characters (WEAK_PASSWORD)."

DESCRIPTIONS = {
    "PortalUser": "A client's portal login: one email address in one firm.",
    "PortalUser.email": "The address the client signs in with.",
    "PortalUser.contact": "The contact this address belongs to, if still known.",
    "PortalAccessState.NO_ACCESS": "LOGIN is off.",
    "PortalAccessState.PENDING_ACTIVATION": "LOGIN is on and no login has been activated "
    "for the address in this firm yet.",
    "PortalAccessState.ACTIVE": "LOGIN is on and the address has an activated login.",
    "LoginStatus.ACTIVE": "At least one linked email has LOGIN on.",
    "LoginStatus.OFFLINE": "No linked email has LOGIN on.",
    "Invitation": "A portal invitation mailed to an address, waiting to be accepted.",
    "Invitation.sentAt": "When it was sent.",
    "Invitation.expiresAt": "When its link stops working (TOKEN_EXPIRED).",
    "Invitation.message": "The personal message sent with it, if any.",
    "InvitationPrompt.accountEmail": "The AccountEmail to invite (sendInvitation).",
    "SendInvitationInput": "Send (or send again) a portal invitation; an earlier link for "
    "the address stops working.",
    "SendInvitationInput.message": "A personal message for the mail.",
    "PortalSignInInput": "A client's credentials; a client's email is unique within a firm.",
    "PortalSignInInput.firmSlug": "The firm's slug.",
    "PortalSignInInput.email": "The client's address.",
    "PortalSignInInput.password": "The password.",
    "PortalSessionPayload": "The answer of a portal activation or registration.",
    "PortalSessionPayload.session": "The client's new session; null on userErrors and "
    "from registerClient.",
    "PortalSessionPayload.viewer": "Who is signed in; null without a session.",
    "ActivatePortalAccessInput": "Accept an invitation: the token of its mailed link and a "
    "password.",
    "ActivatePortalAccessInput.token": "The token of the link (single use).",
    "ActivatePortalAccessInput.password": PASSWORD,
    "RegisterClientInput": "A client's self-registration (when the firm allows it).",
    "RegisterClientInput.firmSlug": "The firm's slug (NOT_FOUND if none).",
    "RegisterClientInput.accountType": "INDIVIDUAL, COMPANY or OTHER.",
    "RegisterClientInput.companyName": "Required for COMPANY.",
    "RegisterClientInput.firstName": "First name.",
    "RegisterClientInput.lastName": "Last name.",
    "RegisterClientInput.email": "The address the confirmation link is mailed to.",
    "ConfirmClientRegistrationInput": "Follow registerClient's mailed link.",
    "ConfirmClientRegistrationInput.token": "The token of the link (single use, 24 hours).",
}
