"""Firms, staff, sessions and passwords."""

PASSWORD = "At least 10 characters (WEAK_PASSWORD); never returned or logged."
RIGHTS = {
    "manageAccounts": "May create and edit the accounts and contacts they see, toggles, "
    "invitations, bulk updates and imports.",
    "viewAllAccounts": "Sees every account of the firm, not only those whose team includes them.",
    "defaultAccountAccess": "Joins the team of every new account (and so receives its "
    "registration and activation notices).",
}

DESCRIPTIONS = {
    "Firm": "An accounting or tax firm: the tenant every account, contact and staff member "
    "belongs to.",
    "Firm.name": "The firm's name, shown to clients (portal, mail subjects).",
    "Firm.slug": "3 to 40 characters of a-z, 0-9 and -, starting with a letter; unique. "
    "Clients name it to sign in.",
    "Firm.portalSignupEnabled": "Whether clients may register themselves (registerClient).",
    "Firm.accountNameFormat": "How generated account names are written.",
    "CreateFirmInput": "A new firm with its owner.",
    "CreateFirmInput.name": "The firm's name.",
    "CreateFirmInput.slug": "3 to 40 characters of a-z, 0-9 and -, starting with a letter; "
    "unique (DUPLICATE).",
    "CreateFirmInput.ownerEmail": "The owner's sign-in email, unique across the service.",
    "CreateFirmInput.ownerPassword": PASSWORD,
    "CreateFirmInput.ownerFirstName": "The owner's first name.",
    "CreateFirmInput.ownerLastName": "The owner's last name.",
    "CreateFirmPayload": "The answer of createFirm: the firm and its owner's session.",
    "CreateFirmPayload.firm": "The new firm; null on userErrors.",
    "CreateFirmPayload.session": "The owner's session: send its token as a bearer token.",
    "UpdateFirmSettingsInput": "Firm settings to change; only those given change.",
    "UpdateFirmSettingsInput.name": "The firm's name.",
    "UpdateFirmSettingsInput.portalSignupEnabled": "Whether clients may register themselves.",
    "UpdateFirmSettingsInput.accountNameFormat": "For names generated from now on.",
    "UpdateFirmSettingsInput.saveEmailAttachments": "Whether EMAIL SYNC keeps attachments as "
    "account documents.",
    "UpdateFirmSettingsPayload": "The answer of updateFirmSettings.",
    "UpdateFirmSettingsPayload.firm": "The firm as changed; null on userErrors.",
    "StaffMember": "A person working at the firm.",
    "StaffMember.email": "The sign-in email, unique across the service.",
    "StaffMember.firstName": "First name.",
    "StaffMember.lastName": "Last name.",
    "StaffMember.role": "OWNER, ADMIN or EMPLOYEE.",
    "StaffMember.accessRights": "An employee's rights; all true for owners and admins.",
    "StaffRole": "What a staff member may do in general.",
    "StaffRole.OWNER": "Everything, including making others owners.",
    "StaffRole.ADMIN": "Everything in the firm except acting on owners.",
    "StaffRole.EMPLOYEE": "What their accessRights allow.",
    "StaffAccessRights": "An employee's rights.",
    "StaffAccessRightsInput": "Rights to set; those not given are false on creation and "
    "unchanged on update.",
    "CreateStaffMemberInput": "A new staff member (owners and admins).",
    "CreateStaffMemberInput.email": "Unique across the service (DUPLICATE).",
    "CreateStaffMemberInput.firstName": "First name.",
    "CreateStaffMemberInput.lastName": "Last name.",
    "CreateStaffMemberInput.role": "Only owners may create owners.",
    "CreateStaffMemberInput.password": PASSWORD,
    "CreateStaffMemberInput.accessRights": "An employee's rights (default all false).",
    "UpdateStaffMemberInput.id": "The staff member's id.",
    "UpdateStaffMemberInput.firstName": "First name.",
    "UpdateStaffMemberInput.lastName": "Last name.",
    "UpdateStaffMemberInput.role": "Only owners change owners or make someone one.",
    "UpdateStaffMemberInput.accessRights": "The rights to change.",
    "StaffMemberPayload": "The answer of a change to a staff member.",
    "StaffMemberPayload.staffMember": "The staff member as changed; null on userErrors.",
    "Session": "A signed-in session: its bearer token.",
    "Session.token": "Send as `Authorization: Bearer <token>`; shown once.",
    "Session.expiresAt": "After this the token answers UNAUTHENTICATED.",
    "SessionInfo.createdAt": "When it was opened (signed in).",
    "SessionInfo.expiresAt": "When it stops working.",
    "SignInInput": "A staff member's credentials.",
    "SignInInput.email": "The staff email.",
    "SignInInput.password": "The password.",
    "SignInPayload": "The answer of a sign-in or password change: a session and who it is.",
    "SignInPayload.session": "The new session; null on userErrors (and for changePassword).",
    "SignInPayload.viewer": "Who is signed in.",
    "SignOutPayload": "The answer of ending sessions.",
    "Viewer": "Who is calling: the firm, and the staff member or the client (neither for an app).",
    "Viewer.firm": "The caller's firm.",
    "Viewer.staff": "The signed-in staff member, if staff.",
    "Viewer.client": "The signed-in portal user, if a client.",
    "ChangePasswordInput": "The current and the new password.",
    "ChangePasswordInput.currentPassword": "The password now (INVALID_CREDENTIALS if wrong).",
    "ChangePasswordInput.newPassword": PASSWORD,
    "RequestPasswordResetInput": "Ask for a password-reset link by mail.",
    "RequestPasswordResetInput.email": "The sign-in email.",
    "RequestPasswordResetPayload": "The answer of requestPasswordReset.",
    "ResetPasswordInput": "Set a new password with a mailed reset link's token.",
    "ResetPasswordInput.token": "The token of the link (single use, valid 1 hour).",
    "ResetPasswordInput.newPassword": PASSWORD,
}
for _right, _text in RIGHTS.items():
    DESCRIPTIONS[f"StaffAccessRights.{_right}"] = _text
    DESCRIPTIONS[f"StaffAccessRightsInput.{_right}"] = _text
