"""GraphQL documents of client imports used by more than one test module."""

IMPORT_CLIENTS = """
mutation($input: ImportClientsInput!) {
  importClients(input: $input) {
    report {
      rowsTotal accountsCreated contactsCreated contactsMatched rowsFailed
      errors { row column code message }
    }
    userErrors { field message code }
  }
}"""

IMPORTED_ACCOUNTS = """
query {
  accounts(first: 100) {
    totalCount
    edges { node {
      id name clientId type nameIsGenerated companyName
      tags { name }
      teamMembers { email }
      folders { name }
      contacts {
        description
        contact { id displayName emails { address } phones { number isPrimary } tags { name }
                  address { street city } }
        emails { email { address } login notify emailSync portalAccess }
      }
    } }
  }
}"""
