"""GraphQL documents of firms, staff and sessions shared by several test modules."""

STAFF_MEMBER_FIELDS = "id email firstName lastName role active accessRights { manageAccounts viewAllAccounts defaultAccountAccess }"
UPDATE_STAFF_MEMBER = f"""
mutation($input: UpdateStaffMemberInput!) {{
  updateStaffMember(input: $input) {{ staffMember {{ {STAFF_MEMBER_FIELDS} }} userErrors {{ field code }} }}
}}"""
DEACTIVATE_STAFF_MEMBER = f"""
mutation($id: ID!) {{
  deactivateStaffMember(id: $id) {{ staffMember {{ {STAFF_MEMBER_FIELDS} }} userErrors {{ field code }} }}
}}"""
REACTIVATE_STAFF_MEMBER = f"""
mutation($id: ID!) {{
  reactivateStaffMember(id: $id) {{ staffMember {{ {STAFF_MEMBER_FIELDS} }} userErrors {{ field code }} }}
}}"""
VIEWER_SESSIONS = (
    """{ viewer { sessions { id createdAt lastUsedAt expiresAt userAgent current } } }"""
)
SIGN_OUT = "mutation { signOut { count userErrors { field code } } }"
REVOKE_SESSION = "mutation($id: ID!) { revokeSession(id: $id) { count userErrors { field code } } }"
CHANGE_PASSWORD = """
mutation($input: ChangePasswordInput!) {
  changePassword(input: $input) {
    session { token }
    viewer { staff { email } client { email } sessions { current } }
    userErrors { field code }
  }
}"""

CREATE_FIRM = """
mutation($input: CreateFirmInput!) {
  createFirm(input: $input) {
    firm { id slug }
    session { token expiresAt }
    userErrors { field message code }
  }
}"""

CREATE_STAFF = """
mutation($input: CreateStaffMemberInput!) {
  createStaffMember(input: $input) {
    staffMember { id email role accessRights { manageAccounts viewAllAccounts defaultAccountAccess } }
    userErrors { field message code }
  }
}"""

SIGN_IN = """
mutation($input: SignInInput!) {
  signIn(input: $input) {
    session { token expiresAt }
    viewer { firm { slug } staff { email } }
    userErrors { field message code }
  }
}"""

VIEWER_STAFF_ID = "{ viewer { staff { id } } }"

UPDATE_FIRM_SETTINGS = """
mutation($input: UpdateFirmSettingsInput!) {
  updateFirmSettings(input: $input) { userErrors { code } }
}"""

REQUEST_PASSWORD_RESET = """
mutation($input: RequestPasswordResetInput!) {
  requestPasswordReset(input: $input) { accepted userErrors { field code } }
}"""

RESET_PASSWORD = """
mutation($input: ResetPasswordInput!) {
  resetPassword(input: $input) {
    session { token }
    viewer { firm { slug } staff { email } client { email } }
    userErrors { field code }
  }
}"""
