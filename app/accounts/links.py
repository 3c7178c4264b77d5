"""Linking contacts to accounts, with the toggles of each of their emails."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from app.access.actors import Actor, staff_id_of
from app.access.permissions import MANAGE_ACCOUNTS, entry_point
from app.accounts.models import Account, AccountContact, AccountEmail
from app.accounts.policy import get_visible_account, get_visible_contact
from app.contacts.models import Contact, ContactEmail
from app.contacts.service import CheckedContact, NewContact, check_new_contact, insert_contact
from app.db.unit_of_work import unit_of_work
from app.errors import ErrorCode, fail
from app.validation import clean_email, clean_text


@dataclass(frozen=True)
class EmailToggles:
    address: str
    login: bool | None = None
    notify: bool | None = None
    email_sync: bool | None = None


@dataclass(frozen=True)
class ContactLink:
    """Exactly one of `contact_id` (an existing contact) or `new_contact`."""

    contact_id: int | None = None
    new_contact: NewContact | None = None
    description: str | None = None
    # For a new contact, the toggles of its emails; for an existing one, by address.
    toggles: Sequence[EmailToggles] = ()


@dataclass
class CheckedLink:
    contact: Contact | None
    new_contact: CheckedContact | None
    description: str | None
    toggles: dict[str, EmailToggles] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, str]:
        if self.contact is not None:
            return self.contact.first_name, self.contact.last_name
        assert self.new_contact is not None  # a link has a contact or a new one
        columns = self.new_contact.columns
        return columns["first_name"], columns["last_name"]

    @property
    def new_addresses(self) -> list[str]:
        return self.new_contact.emails if self.new_contact else []


@entry_point(MANAGE_ACCOUNTS)
async def check_link(actor: Actor, link: ContactLink, *path: str) -> CheckedLink:
    """The link checked: the contact visible to the actor (or the new one valid), and the
    toggles' addresses among its emails. Nothing is written."""
    if (link.contact_id is None) == (link.new_contact is None):
        raise fail(ErrorCode.INVALID, "Give either contactId or contact.", *path)
    description = clean_text(link.description)
    if link.new_contact is not None:
        checked = await check_new_contact(actor.firm_id, link.new_contact, *path, "contact")
        # A new contact's toggles come with its emails, in the same order.
        return CheckedLink(
            None, checked, description, dict(zip(checked.emails, link.toggles, strict=False))
        )
    toggles = {}
    for i, t in enumerate(link.toggles):
        toggles[clean_email(t.address, *path, "email_toggles", str(i), "address")] = t
    contact = await get_visible_contact(actor, link.contact_id, *path, "contact_id")
    own = set(await ContactEmail.filter(contact_id=contact.id).values_list("address", flat=True))
    for i, address in enumerate(toggles):
        if address not in own:
            raise fail(
                ErrorCode.NOT_FOUND,
                f"{address} is not an email of this contact.",
                *path,
                "email_toggles",
                str(i),
                "address",
            )
    return CheckedLink(contact, None, description, toggles)


def check_no_repeats(links: Sequence[CheckedLink], *path: str) -> None:
    """One contact once per account; one new address once per input."""
    contact_ids: set[int] = set()
    addresses: set[str] = set()
    for i, link in enumerate(links):
        if link.contact is not None:
            if link.contact.id in contact_ids:
                raise fail(ErrorCode.DUPLICATE, "This contact is given twice.", *path, str(i))
            contact_ids.add(link.contact.id)
        for address in link.new_addresses:
            if address in addresses:
                raise fail(ErrorCode.DUPLICATE, f"{address} is given twice.", *path, str(i))
            addresses.add(address)


async def insert_link(
    account: Account, link: CheckedLink, staff_id: int | None
) -> list[AccountEmail]:
    """Link the contact (creating it if new); answer the emails whose LOGIN was turned on."""
    new_contact = cast(CheckedContact, link.new_contact)  # set whenever contact is None
    contact = link.contact or await insert_contact(account.firm_id, new_contact, staff_id)
    row = await AccountContact.create(
        account_id=account.id, contact_id=contact.id, description=link.description
    )
    emails = await ContactEmail.filter(contact_id=contact.id)
    off = EmailToggles("")
    await AccountEmail.bulk_create(
        [
            AccountEmail(
                account_id=account.id,
                link_id=row.id,
                contact_email_id=email.id,
                login_enabled=bool(link.toggles.get(email.address, off).login),
                notify_enabled=bool(link.toggles.get(email.address, off).notify),
                email_sync_enabled=bool(link.toggles.get(email.address, off).email_sync),
            )
            for email in emails
        ]
    )
    return await AccountEmail.filter(link_id=row.id, login_enabled=True).select_related(
        "contact_email"
    )


@entry_point(MANAGE_ACCOUNTS)
async def link_contact(
    actor: Actor, account_pk: int | None, link: ContactLink
) -> tuple[Account, list[AccountEmail]]:
    """Link a contact (existing or new) to the account; answer the account and the emails
    whose LOGIN the link turned on."""
    account = await get_visible_account(actor, account_pk, "account_id")
    checked = await check_link(actor, link, "contact")
    check_no_repeats([checked], "contact")
    if checked.contact and await AccountContact.exists(
        account_id=account.id, contact_id=checked.contact.id
    ):
        raise fail(ErrorCode.DUPLICATE, "This contact is already linked.", "contact")
    async with unit_of_work():
        turned_on = await insert_link(account, checked, staff_id_of(actor))
    return account, turned_on


async def _linked(
    actor: Actor, account_pk: int | None, contact_pk: int | None
) -> tuple[Account, AccountContact]:
    account = await get_visible_account(actor, account_pk, "account_id")
    row = await AccountContact.get_or_none(account_id=account.id, contact_id=contact_pk or 0)
    if row is None:
        raise fail(ErrorCode.NOT_FOUND, "This contact is not linked.", "contact_id")
    return account, row


@entry_point(MANAGE_ACCOUNTS)
async def unlink_contact(actor: Actor, account_pk: int | None, contact_pk: int | None) -> Account:
    """Every account keeps at least one contact (LAST_CONTACT)."""
    account, row = await _linked(actor, account_pk, contact_pk)
    async with unit_of_work():
        if await AccountContact.filter(account_id=account.id).count() <= 1:
            raise fail(
                ErrorCode.LAST_CONTACT, "An account needs at least one contact.", "contact_id"
            )
        await row.delete()  # the link's toggles go with it
    return account


@entry_point(MANAGE_ACCOUNTS)
async def set_contact_description(
    actor: Actor, account_pk: int | None, contact_pk: int | None, description: str | None
) -> Account:
    """The link's account-specific description ("CEO"); empty clears it."""
    account, row = await _linked(actor, account_pk, contact_pk)
    row.description = clean_text(description)
    await row.save(update_fields=["description"])
    return account
