"""GraphQL documents of accounts used by more than one test module."""

CREATE_ACCOUNT = """
mutation($input: CreateAccountInput!) {
  createAccount(input: $input) {
    account {
      id clientId name nameIsGenerated type companyName
      contacts { contact { id displayName } description
                 emails { id email { id address } login notify emailSync portalAccess } }
      teamMembers { email }
      folders { name path children { name path } }
    }
    invitationPrompts { accountEmail { id email { address } } }
    userErrors { field message code }
  }
}"""

ARCHIVE_ACCOUNT_RETURNING_ID = (
    "mutation($id: ID!) { archiveAccount(id: $id) { account { id } userErrors { code } } }"
)

ARCHIVE_ACCOUNT = "mutation($id: ID!) { archiveAccount(id: $id) { userErrors { code } } }"

UPDATE_ACCOUNT = """
mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { userErrors { code } } }"""

CREATE_TAG = "mutation($input: CreateTagInput!) { createTag(input: $input) { tag { id } userErrors { code } } }"

CREATE_TAG_WITH_NAME = """
mutation($input: CreateTagInput!) {
  createTag(input: $input) {
    tag { id name }
    userErrors { field message code }
  }
}"""

CREATE_CUSTOM_FIELD = """mutation($input: CreateCustomFieldInput!) {
  createCustomField(input: $input) { customField { id } userErrors { code } } }"""

ADD_NOTE = (
    "mutation($input: AddNoteInput!) { addNote(input: $input) { note { id } userErrors { code } } }"
)
