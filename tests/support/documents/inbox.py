"""GraphQL documents of the Inbox+ used by more than one test module."""

NOTIFICATIONS = """
query($first: Int, $after: String, $unreadOnly: Boolean, $newestFirst: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly, newestFirst: $newestFirst) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind title body readAt account { id name } } }
  }
}"""

INBOX = "subscription { inbox { id kind title account { id name } createdAt } }"

INBOX_AFTER = """subscription($after: ID) {
  inbox(after: $after) { id kind title account { id name } createdAt }
}"""

LATEST_NOTIFICATION = "{ notifications(first: 1, newestFirst: true) { edges { node { id } } } }"
