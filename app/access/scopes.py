"""What a third-party app's API client may do: its scopes, and what each one implies."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class ApiScope(StrEnum):
    ACCOUNTS_READ = "ACCOUNTS_READ"
    ACCOUNTS_WRITE = "ACCOUNTS_WRITE"
    CONTACTS_READ = "CONTACTS_READ"
    CONTACTS_WRITE = "CONTACTS_WRITE"
    TOGGLES_WRITE = "TOGGLES_WRITE"
    INVITATIONS_SEND = "INVITATIONS_SEND"
    NOTIFICATIONS_READ = "NOTIFICATIONS_READ"
    EMAILS_READ = "EMAILS_READ"
    EMAILS_SEND = "EMAILS_SEND"
    IMPORT = "IMPORT"
    WEBHOOKS_MANAGE = "WEBHOOKS_MANAGE"


# Each _WRITE scope includes its _READ.
IMPLIED: dict[ApiScope, frozenset[ApiScope]] = {
    ApiScope.ACCOUNTS_WRITE: frozenset({ApiScope.ACCOUNTS_READ}),
    ApiScope.CONTACTS_WRITE: frozenset({ApiScope.CONTACTS_READ}),
}


def granted(scopes: Iterable[ApiScope | str]) -> frozenset[ApiScope]:
    """The scopes held, with the ones they imply."""
    held = {ApiScope(s) for s in scopes}
    for scope in list(held):
        held |= IMPLIED.get(scope, frozenset())
    return frozenset(held)
