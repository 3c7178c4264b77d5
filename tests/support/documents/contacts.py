"""GraphQL documents of contacts used by more than one test module."""

CONTACT_NAME = """
query($id: ID!) {
  contact(id: $id) { id displayName }
}"""

SET_CONTACT_TOGGLES = """
mutation($input: SetContactTogglesInput!) {
  setContactToggles(input: $input) {
    accountEmail { id login portalAccess invitation { sentAt expiresAt message } }
    invitationPrompts { accountEmail { id } }
    userErrors { field code }
  }
}"""
