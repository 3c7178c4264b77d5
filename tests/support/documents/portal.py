"""GraphQL documents of the client portal used by more than one test module."""

SEND_INVITATION = """
mutation($input: SendInvitationInput!) {
  sendInvitation(input: $input) {
    accountEmail { id portalAccess invitation { sentAt expiresAt message } }
    userErrors { field code }
  }
}"""

ACTIVATE_PORTAL_ACCESS = """
mutation($input: ActivatePortalAccessInput!) {
  activatePortalAccess(input: $input) {
    session { token expiresAt }
    viewer { firm { slug } staff { id } client { email accounts { id name } } }
    userErrors { field code }
  }
}"""

PORTAL_SIGN_IN = """
mutation($input: PortalSignInInput!) {
  portalSignIn(input: $input) {
    session { token }
    viewer { client { email accounts { id name } } }
    userErrors { field code }
  }
}"""

REGISTER_CLIENT = """
mutation($input: RegisterClientInput!) {
  registerClient(input: $input) {
    session { token }
    viewer { firm { slug } }
    userErrors { field code }
  }
}"""

CONFIRM_CLIENT_REGISTRATION = """
mutation($input: ConfirmClientRegistrationInput!) {
  confirmClientRegistration(input: $input) {
    session { token expiresAt }
    viewer { firm { slug } client { id email contact { displayName } accounts { id name } } }
    userErrors { field code }
  }
}"""

ACCOUNT_PORTAL_ACCESS = """
query($id: ID!) {
  account(id: $id) {
    contacts { emails { id email { address } login portalAccess invitation { message } } }
    overview { loginActivity { email at } }
  }
}"""
