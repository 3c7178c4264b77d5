"""API clients for tests: the create document, every scope, and a helper making one."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import Api

CREATE_API_CLIENT = """mutation($input: CreateApiClientInput!) {
  createApiClient(input: $input) {
    apiClient { id name scopes tokenPrefix createdAt createdBy { email } lastUsedAt expiresAt
                revokedAt }
    token
    userErrors { field code message }
  }
}"""

ALL_SCOPES = [
    "ACCOUNTS_READ",
    "ACCOUNTS_WRITE",
    "CONTACTS_READ",
    "CONTACTS_WRITE",
    "TOGGLES_WRITE",
    "INVITATIONS_SEND",
    "NOTIFICATIONS_READ",
    "EMAILS_READ",
    "EMAILS_SEND",
    "IMPORT",
    "WEBHOOKS_MANAGE",
]


async def new_app(api: Api, token: str, *scopes: str, **extra: Any) -> dict[str, Any]:
    """An API client made by `token`'s owner or admin: its payload (with the token)."""
    input = {"name": "Ledger sync", "scopes": list(scopes), **extra}
    return await api.mutate(CREATE_API_CLIENT, input, token)
