"""What a chunk's plan makes or changes: accounts, contacts, emails and links, with their ids
filled in as they are written."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.accounts.models import Account
from app.contacts.models import Contact, ContactEmail

FILLABLE = ("middle_name", "street", "city", "state", "postal_code", "country")
Toggles = tuple[bool, bool, bool]  # LOGIN, NOTIFY, EMAIL SYNC
OFF: Toggles = (False, False, False)


@dataclass(eq=False)
class AccountTarget:
    """A new account (its row unsaved) or one that exists; `team` and `tags` as planned."""

    model: Account
    new: bool
    team: set[int] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)  # lower-case tag names
    client_number: tuple[str, int] | None = None  # a new account's (prefix, number)

    @property
    def id(self) -> int:
        return self.model.id


@dataclass(eq=False)
class ContactTarget:
    """A new contact or a matched one; `emails` as they will be, `links` those that exist."""

    model: Contact
    new: bool
    emails: list[ContactEmail] = field(default_factory=list)
    has_phones: bool = False
    tags: set[str] = field(default_factory=set)
    links: dict[int, int] = field(default_factory=dict)  # existing: link id by account id
    changed: set[str] = field(default_factory=set)

    @property
    def id(self) -> int:
        return self.model.id

    def has_address(self, address: str) -> bool:
        return any(e.address == address for e in self.emails)


@dataclass(eq=False)
class LinkTarget:
    account: AccountTarget
    contact: ContactTarget
    description: str | None
    id: int | None = None
