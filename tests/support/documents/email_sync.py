"""GraphQL documents of EMAIL SYNC used by more than one test module."""

ACCOUNT_EMAIL_MESSAGES = """
query($id: ID!, $first: Int, $after: String, $threadId: String) {
  account(id: $id) {
    emails(first: $first, after: $after, threadId: $threadId) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node {
        id direction subject fromAddress fromName toAddresses ccAddresses text html
        sentAt receivedAt messageId inReplyTo threadId sentBy { email }
        attachments { filename contentType size document { id name folder size contentType } }
      } }
    }
    overview { emails { subject } }
    documents { id name folder size contentType }
    folders { path }
  }
}"""
SEND_ACCOUNT_EMAIL = """
mutation($input: SendAccountEmailInput!) {
  sendAccountEmail(input: $input) {
    email { id direction subject fromName toAddresses messageId inReplyTo threadId text
            sentBy { email } }
    userErrors { field code }
  }
}"""
