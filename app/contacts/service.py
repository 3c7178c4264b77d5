"""Contacts: real people with several emails and phones, linked to accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final

from app.access.actors import Actor, staff_id_of
from app.access.permissions import MANAGE_CONTACTS, entry_point
from app.accounts.models import AccountContact, AccountEmail
from app.contacts.checks import (
    CheckedContact,
    NewContact,
    PhoneEntry,
    check_address_free,
    check_new_contact,
    clean_phones,
)
from app.contacts.models import Contact, ContactEmail, Phone
from app.contacts.policy import visible_contacts
from app.custom_fields import service as custom_fields
from app.custom_fields.models import CustomFieldTarget
from app.custom_fields.service import CustomFieldEntry
from app.db.unit_of_work import unit_of_work
from app.errors import Collector, ErrorCode, fail
from app.portal import invitations
from app.portal.logins import active_addresses
from app.settings import Settings
from app.tags import service as tags
from app.validation import Address, clean_email, clean_name
from app.webhooks import events as webhooks

__all__ = ["CheckedContact", "NewContact", "PhoneEntry", "check_new_contact", "clean_phones"]


class Keep(Enum):
    """A field of ContactChanges left as it is (None there means: clear it)."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


@dataclass(frozen=True)
class ContactChanges:
    """What updateContact changes. None leaves a field as it is, except for `middle_name`
    and `address`, which None clears and KEEP leaves."""

    first_name: str | None = None
    middle_name: str | None | Keep = KEEP
    last_name: str | None = None
    phones: Sequence[PhoneEntry] | None = None
    address: Address | None | Keep = KEEP
    tag_ids: Sequence[int] | None = None
    custom_fields: Sequence[CustomFieldEntry] = ()


async def insert_contact(firm_id: int, checked: CheckedContact, staff_id: int | None) -> Contact:
    """Write a checked contact with its emails, phones, tags and custom fields (inside the
    caller's transaction)."""
    contact = await Contact.create(firm_id=firm_id, **checked.columns)
    await ContactEmail.bulk_create(
        [ContactEmail(firm_id=firm_id, contact_id=contact.id, address=a) for a in checked.emails]
    )
    await _replace_phones(contact.id, checked.phones)
    await tags.set_contact_tags(contact.id, checked.tag_ids)
    await custom_fields.apply_values(
        checked.custom_values, contact_id=contact.id, changed_by_id=staff_id
    )
    await webhooks.contact_created(contact, checked.emails)
    return contact


@entry_point(MANAGE_CONTACTS)
async def create_contact(actor: Actor, data: NewContact) -> Contact:
    """A contact linked to no account yet, with its emails, phones, tags and custom fields."""
    checked = await check_new_contact(actor.firm_id, data)
    async with unit_of_work():
        return await insert_contact(actor.firm_id, checked, staff_id_of(actor))


@entry_point(MANAGE_CONTACTS)
async def update_contact(actor: Actor, contact_id: int | None, changes: ContactChanges) -> Contact:
    """Apply the changes given (see ContactChanges); everything is checked first."""
    contact = await _visible_contact(actor, contact_id, "id")
    errors = Collector()
    columns: dict[str, Any] = {}
    for name in ("first_name", "last_name"):
        if (value := getattr(changes, name)) is not None:
            columns[name] = errors.check(clean_name, value, name)
    if changes.middle_name is not KEEP:
        columns["middle_name"] = errors.check(
            clean_name, changes.middle_name, "middle_name", required=False
        )
    if changes.address is not KEEP:
        columns.update((changes.address or Address()).columns())
    phones = None
    if changes.phones is not None:
        phones = errors.check(clean_phones, changes.phones, "phones")
    errors.raise_any()
    tag_ids = None
    if changes.tag_ids is not None:
        tag_ids = await tags.check_tag_ids(actor.firm_id, changes.tag_ids, "tag_ids")
    values = await custom_fields.check_entries(
        actor.firm_id, CustomFieldTarget.CONTACT, changes.custom_fields, "custom_fields"
    )
    async with unit_of_work():
        if columns:
            contact.update_from_dict(columns)
            await contact.save(update_fields=list(columns))
        if phones is not None:
            await _replace_phones(contact.id, phones)
        if tag_ids is not None:
            await tags.set_contact_tags(contact.id, tag_ids)
        await custom_fields.apply_values(
            values, contact_id=contact.id, changed_by_id=staff_id_of(actor)
        )
        await webhooks.contact_updated(contact, columns, phones, tag_ids, bool(values))
    return contact


async def _visible_contact(actor: Actor, pk: int | None, *field: str) -> Contact:
    """The contact, or NOT_FOUND on `field` (for another firm's contact too)."""
    contact = await visible_contacts(actor).get_or_none(id=pk or 0)
    if contact is None:
        raise fail(ErrorCode.NOT_FOUND, "No such contact.", *field)
    return contact


async def _visible_email(actor: Actor, pk: int | None, *field: str) -> ContactEmail:
    """The contact email, or NOT_FOUND on `field` (its contact hidden: no such contact)."""
    email = await ContactEmail.get_or_none(id=pk or 0, firm_id=actor.firm_id)
    if email is None:
        raise fail(ErrorCode.NOT_FOUND, "No such email.", *field)
    await _visible_contact(actor, email.contact_id, *field)
    return email


async def _replace_phones(contact_id: int, phones: Sequence[tuple[str, bool]]) -> None:
    await Phone.filter(contact_id=contact_id).delete()
    await Phone.bulk_create(
        [
            Phone(contact_id=contact_id, number=n, is_primary=p, position=i)
            for i, (n, p) in enumerate(phones)
        ]
    )


@entry_point(MANAGE_CONTACTS)
async def add_contact_email(actor: Actor, contact_id: int | None, address: str) -> ContactEmail:
    """A new address; every account the contact is linked to gets its toggles (all off)."""
    contact = await _visible_contact(actor, contact_id, "contact_id")
    address = clean_email(address, "address")
    await check_address_free(actor.firm_id, address, "address")
    async with unit_of_work():
        email = await ContactEmail.create(firm_id=actor.firm_id, contact=contact, address=address)
        links = await AccountContact.filter(contact_id=contact.id)
        await AccountEmail.bulk_create(
            [
                AccountEmail(account_id=link.account_id, link_id=link.id, contact_email_id=email.id)
                for link in links
            ]
        )
        await webhooks.contact_email_changed(contact.id, actor.firm_id, email, added=address)
    return email


@entry_point(MANAGE_CONTACTS)
async def remove_contact_email(actor: Actor, email_id: int | None) -> Contact:
    """Delete the address, with its toggles in every account; answers its contact."""
    email = await _visible_email(actor, email_id, "email_id")
    async with unit_of_work():
        await webhooks.contact_email_changed(
            email.contact_id, actor.firm_id, email, removed=email.address
        )
        await email.delete()  # its AccountEmails (toggles) go with it
    return await Contact.get(id=email.contact_id)


@entry_point(MANAGE_CONTACTS)
async def change_contact_email(
    actor: Actor, email_id: int | None, new_address: str, settings: Settings
) -> ContactEmail:
    """A new address for an email: its waiting link dies, and where LOGIN is on a fresh
    invitation goes to the new address. An activated login keeps the old address until the
    new one accepts, so the client never loses access."""
    email = await _visible_email(actor, email_id, "email_id")
    address = clean_email(new_address, "new_address")
    if address == email.address:
        return email
    await check_address_free(actor.firm_id, address, "new_address")
    login_on = await AccountEmail.exists(contact_email_id=email.id, login_enabled=True)
    invite = login_on and not await active_addresses(actor.firm_id, [address])
    async with unit_of_work():
        await invitations.revoke_pending(actor.firm_id, contact_email_id=email.id)
        await webhooks.contact_email_changed(
            email.contact_id, actor.firm_id, email, removed=email.address, added=address
        )
        email.address = address
        await email.save(update_fields=["address"])
        if invite:
            await invitations.issue_in_firm(actor.firm_id, email, staff_id_of(actor), settings)
    return email


async def contact_of(email: ContactEmail) -> Contact:
    """The contact an email belongs to."""
    return await Contact.get(id=email.contact_id)
