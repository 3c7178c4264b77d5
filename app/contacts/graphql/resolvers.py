"""Contacts: the list, one contact, and the contact and email mutations."""

from __future__ import annotations

from typing import TypeVar, cast

import strawberry
from strawberry import UNSET
from strawberry.types.unset import UnsetType

from app.access.actors import Actor
from app.access.permissions import MANAGE_CONTACTS, READ_CONTACTS, Permission
from app.contacts import service as contacts
from app.contacts.graphql.types import (
    AddContactEmailInput,
    ChangeContactEmailInput,
    Contact,
    ContactConnection,
    ContactEmail,
    ContactEmailPayload,
    ContactFilter,
    ContactPayload,
    CreateContactInput,
    RemoveContactEmailInput,
    UpdateContactInput,
    tag_pks,
)
from app.contacts.listing import ContactQuery, list_contacts
from app.contacts.models import ContactEmail as EmailRow
from app.graphql.connection import connection
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of
from app.pagination import PageRequest

T = TypeVar("T")


async def contact(info: Info, id: strawberry.ID) -> Contact | None:
    info.context.require_actor(READ_CONTACTS)
    pk = pk_of(id, Contact)
    row = await info.context.load.contacts.by_id.load(pk) if pk else None
    return Contact.of(row) if row else None


async def contact_list(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    filter: ContactFilter | None = None,
) -> ContactConnection:
    f = filter or ContactFilter()
    query = ContactQuery(f.search, tag_pks(f.tag_ids) if f.tag_ids else None)
    page = await list_contacts(_actor(info, READ_CONTACTS), query, PageRequest.of(first, after))
    return connection(page, Contact.of)


def _actor(info: Info, permission: Permission = MANAGE_CONTACTS) -> Actor:
    return info.context.require_actor(permission)


def _given(value: T | None | UnsetType) -> T | None:
    """None for a field not given or given as null (update inputs ignore both)."""
    return None if value is UNSET else cast("T | None", value)


@reports_user_errors(ContactPayload)
async def create_contact(info: Info, input: CreateContactInput) -> ContactPayload:
    data = contacts.NewContact(
        first_name=input.first_name,
        last_name=input.last_name,
        middle_name=input.middle_name,
        emails=input.emails or [],
        phones=[p.entry() for p in input.phones or []],
        address=input.address.value() if input.address else None,
        tag_ids=tag_pks(input.tag_ids),
        custom_fields=[c.entry() for c in input.custom_fields or []],
    )
    row = await contacts.create_contact(_actor(info), data)
    return ContactPayload(contact=Contact.of(row))


@reports_user_errors(ContactPayload)
async def update_contact(info: Info, input: UpdateContactInput) -> ContactPayload:
    phones, tag_ids = _given(input.phones), _given(input.tag_ids)
    changes = contacts.ContactChanges(
        first_name=_given(input.first_name),
        middle_name=contacts.KEEP if input.middle_name is UNSET else input.middle_name,
        last_name=_given(input.last_name),
        phones=None if phones is None else [p.entry() for p in phones],
        address=(
            contacts.KEEP
            if input.address is UNSET
            else (input.address.value() if input.address else None)
        ),
        tag_ids=None if tag_ids is None else tag_pks(tag_ids),
        custom_fields=[c.entry() for c in _given(input.custom_fields) or []],
    )
    row = await contacts.update_contact(_actor(info), pk_of(input.id, Contact), changes)
    return ContactPayload(contact=Contact.of(row))


@reports_user_errors(ContactEmailPayload)
async def add_contact_email(info: Info, input: AddContactEmailInput) -> ContactEmailPayload:
    email = await contacts.add_contact_email(
        _actor(info), pk_of(input.contact_id, Contact), input.address
    )
    return await _email_payload(email)


@reports_user_errors(ContactEmailPayload)
async def change_contact_email(info: Info, input: ChangeContactEmailInput) -> ContactEmailPayload:
    email = await contacts.change_contact_email(
        _actor(info),
        pk_of(input.email_id, ContactEmail),
        input.new_address,
        info.context.settings,
    )
    return await _email_payload(email)


@reports_user_errors(ContactEmailPayload)
async def remove_contact_email(info: Info, input: RemoveContactEmailInput) -> ContactEmailPayload:
    row = await contacts.remove_contact_email(_actor(info), pk_of(input.email_id, ContactEmail))
    return ContactEmailPayload(contact=Contact.of(row))


async def _email_payload(email: EmailRow) -> ContactEmailPayload:
    owner = await contacts.contact_of(email)
    return ContactEmailPayload(contact_email=ContactEmail.of(email), contact=Contact.of(owner))
