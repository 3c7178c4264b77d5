"""Contacts: real people with several emails and phones, linked to accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from tortoise.transactions import in_transaction

from app.access.viewer import Viewer
from app.accounts.models import AccountContact, AccountEmail
from app.accounts.policy import get_visible_contact
from app.contacts.models import Contact, ContactEmail, Phone
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


@dataclass(frozen=True)
class PhoneEntry:
    number: str
    is_primary: bool | None = None


@dataclass(frozen=True)
class NewContact:
    first_name: str
    last_name: str
    middle_name: str | None = None
    emails: Sequence[str] = ()
    phones: Sequence[PhoneEntry] = ()
    address: Address | None = None
    tag_ids: Sequence[int] = ()
    custom_fields: Sequence[CustomFieldEntry] = ()


@dataclass
class CheckedContact:
    columns: dict[str, Any]
    emails: list[str]
    phones: list[tuple[str, bool]]
    tag_ids: list[int]
    custom_values: list = field(default_factory=list)


def clean_phones(phones: Sequence[PhoneEntry], *path: str) -> list[tuple[str, bool]]:
    """Trimmed numbers with exactly one primary (the first, unless one is marked)."""
    numbers = []
    for i, phone in enumerate(phones):
        number = phone.number.strip()
        if not number:
            raise fail(ErrorCode.REQUIRED, "A phone number is required.", *path, str(i), "number")
        numbers.append(number[:64])
    marked = [i for i, p in enumerate(phones) if p.is_primary]
    if len(marked) > 1:
        raise fail(ErrorCode.INVALID, "Only one phone can be primary.", *path)
    primary = marked[0] if marked else 0
    return [(n, i == primary) for i, n in enumerate(numbers)]


async def check_addresses_free(firm_id: int, addresses: Sequence[str], *path: str) -> None:
    """DUPLICATE when an address repeats or already belongs to a contact of the firm."""
    seen: set[str] = set()
    for i, address in enumerate(addresses):
        if address in seen:
            raise fail(ErrorCode.DUPLICATE, f"{address} is given twice.", *path, str(i))
        seen.add(address)
    taken = await ContactEmail.filter(firm_id=firm_id, address__in=addresses).first()
    if taken is not None:
        i = list(addresses).index(taken.address)
        raise fail(
            ErrorCode.DUPLICATE, f"{taken.address} belongs to another contact.", *path, str(i)
        )


async def check_address_free(firm_id: int, address: str, *path: str) -> None:
    """DUPLICATE when the one address of a single-address input belongs to a contact."""
    if await ContactEmail.filter(firm_id=firm_id, address=address).exists():
        raise fail(ErrorCode.DUPLICATE, f"{address} belongs to another contact.", *path)


async def check_new_contact(firm_id: int, data: NewContact, *path: str) -> CheckedContact:
    """Validate everything about a new contact before anything is written."""
    errors = Collector()
    first = errors.check(clean_name, data.first_name, *path, "firstName")
    middle = errors.check(clean_name, data.middle_name, *path, "middleName", required=False)
    last = errors.check(clean_name, data.last_name, *path, "lastName")
    emails = [
        errors.check(clean_email, e, *path, "emails", str(i)) for i, e in enumerate(data.emails)
    ]
    phones = errors.check(clean_phones, data.phones, *path, "phones") or []
    errors.raise_any()
    addresses = cast(list[str], emails)  # every rule passed
    await check_addresses_free(firm_id, addresses, *path, "emails")
    tag_ids = await tags.check_tag_ids(firm_id, data.tag_ids, *path, "tagIds")
    values = await custom_fields.check_entries(
        firm_id, CustomFieldTarget.CONTACT, data.custom_fields, *path, "customFields"
    )
    columns = {"first_name": first, "middle_name": middle, "last_name": last}
    columns.update((data.address or Address()).columns())
    return CheckedContact(columns, addresses, phones, tag_ids, values)


async def insert_contact(firm_id: int, checked: CheckedContact, staff_id: int | None) -> Contact:
    """Write a checked contact with its emails, phones, tags and custom fields."""
    contact = await Contact.create(firm_id=firm_id, **checked.columns)
    await ContactEmail.bulk_create(
        [ContactEmail(firm_id=firm_id, contact_id=contact.id, address=a) for a in checked.emails]
    )
    await _replace_phones(contact.id, checked.phones)
    await tags.set_contact_tags(contact.id, checked.tag_ids)
    await custom_fields.apply_values(
        checked.custom_values, contact_id=contact.id, changed_by_id=staff_id
    )
    return contact


async def create_contact(viewer: Viewer, data: NewContact) -> Contact:
    checked = await check_new_contact(viewer.firm_id, data, "input")
    async with in_transaction():
        return await insert_contact(
            viewer.firm_id, checked, viewer.staff.id if viewer.staff else None
        )


async def update_contact(viewer: Viewer, pk: int | None, changes: dict[str, Any]) -> Contact:
    """Apply the given fields only (keys absent from `changes` stay as they are)."""
    contact = await get_visible_contact(viewer, pk, "input", "id")
    errors = Collector()
    columns: dict[str, Any] = {}
    for key, label in (("first_name", "firstName"), ("last_name", "lastName")):
        if changes.get(key) is not None:
            columns[key] = errors.check(clean_name, changes[key], "input", label)
    if "middle_name" in changes:
        columns["middle_name"] = errors.check(
            clean_name, changes["middle_name"], "input", "middleName", required=False
        )
    if "address" in changes:
        columns.update((changes["address"] or Address()).columns())
    phones = None
    if changes.get("phones") is not None:
        phones = errors.check(clean_phones, changes["phones"], "input", "phones")
    errors.raise_any()
    tag_ids = None
    if changes.get("tag_ids") is not None:
        tag_ids = await tags.check_tag_ids(viewer.firm_id, changes["tag_ids"], "input", "tagIds")
    values = await custom_fields.check_entries(
        viewer.firm_id,
        CustomFieldTarget.CONTACT,
        changes.get("custom_fields") or (),
        "input",
        "customFields",
    )
    async with in_transaction():
        if columns:
            contact.update_from_dict(columns)
            await contact.save(update_fields=list(columns))
        if phones is not None:
            await _replace_phones(contact.id, phones)
        if tag_ids is not None:
            await tags.set_contact_tags(contact.id, tag_ids)
        await custom_fields.apply_values(
            values, contact_id=contact.id, changed_by_id=viewer.staff.id if viewer.staff else None
        )
    return contact


async def _replace_phones(contact_id: int, phones: Sequence[tuple[str, bool]]) -> None:
    await Phone.filter(contact_id=contact_id).delete()
    await Phone.bulk_create(
        [
            Phone(contact_id=contact_id, number=n, is_primary=p, position=i)
            for i, (n, p) in enumerate(phones)
        ]
    )


async def _visible_email(viewer: Viewer, pk: int | None) -> ContactEmail:
    email = await ContactEmail.get_or_none(id=pk or 0, firm_id=viewer.firm_id)
    if email is not None:
        await get_visible_contact(viewer, email.contact_id, "input", "emailId")
        return email
    raise fail(ErrorCode.NOT_FOUND, "No such email.", "input", "emailId")


async def add_contact_email(viewer: Viewer, contact_pk: int | None, address: str) -> ContactEmail:
    """A new address; every account the contact is linked to gets its toggles (all off)."""
    contact = await get_visible_contact(viewer, contact_pk, "input", "contactId")
    address = clean_email(address, "input", "address")
    await check_address_free(viewer.firm_id, address, "input", "address")
    async with in_transaction():
        email = await ContactEmail.create(firm_id=viewer.firm_id, contact=contact, address=address)
        links = await AccountContact.filter(contact_id=contact.id)
        await AccountEmail.bulk_create(
            [
                AccountEmail(account_id=link.account_id, link_id=link.id, contact_email_id=email.id)
                for link in links
            ]
        )
    return email


async def remove_contact_email(viewer: Viewer, email_pk: int | None) -> Contact:
    email = await _visible_email(viewer, email_pk)
    await email.delete()  # its AccountEmails (toggles) go with it
    return await Contact.get(id=email.contact_id)


async def change_contact_email(
    viewer: Viewer, email_pk: int | None, new_address: str, settings: Settings
) -> ContactEmail:
    """A new address for an email: its waiting link dies, and where LOGIN is on a fresh
    invitation goes to the new address. An activated login keeps the old address until the
    new one accepts, so the client never loses access."""
    email = await _visible_email(viewer, email_pk)
    address = clean_email(new_address, "input", "newAddress")
    if address == email.address:
        return email
    await check_address_free(viewer.firm_id, address, "input", "newAddress")
    login_on = await AccountEmail.exists(contact_email_id=email.id, login_enabled=True)
    invite = login_on and not await active_addresses(viewer.firm_id, [address])
    async with unit_of_work():
        await invitations.revoke_pending(viewer.firm_id, contact_email_id=email.id)
        email.address = address
        await email.save(update_fields=["address"])
        if invite:
            await invitations.issue(viewer.firm, email, None, viewer.staff, settings)
    return email
