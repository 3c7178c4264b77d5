"""Contacts: the list, one contact, and the contact and email mutations."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import UNSET

from app.accounts import listing
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
from app.contacts.loaders import visible_contact_by_id
from app.contacts.models import Contact as ContactRow
from app.db.paging import fetch_page
from app.graphql.connection import connection
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of
from app.pagination import PageRequest


async def contact(info: Info, id: strawberry.ID) -> Contact | None:
    info.context.require_staff()
    pk = pk_of(id, "Contact")
    row = await info.context.load.load(visible_contact_by_id, pk) if pk else None
    return Contact.of(row) if row else None


async def contact_list(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    filter: ContactFilter | None = None,
) -> ContactConnection:
    viewer = info.context.require_staff()
    f = filter or ContactFilter()
    query = listing.contacts(viewer, f.search, tag_pks(f.tag_ids) if f.tag_ids else None)
    page = await fetch_page(query, PageRequest.of(first, after))
    return connection(page, Contact.of)


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
    row = await contacts.create_contact(info.context.require_staff(), data)
    return ContactPayload(contact=Contact.of(row))


@reports_user_errors(ContactPayload)
async def update_contact(info: Info, input: UpdateContactInput) -> ContactPayload:
    given: dict[str, Any] = {
        "first_name": input.first_name,
        "middle_name": input.middle_name,
        "last_name": input.last_name,
        "phones": input.phones and [p.entry() for p in input.phones],
        "address": input.address.value() if input.address else input.address,
        "tag_ids": input.tag_ids and tag_pks(input.tag_ids),
        "custom_fields": input.custom_fields and [c.entry() for c in input.custom_fields],
    }
    changes = {k: v for k, v in given.items() if v is not UNSET}
    row = await contacts.update_contact(
        info.context.require_staff(), pk_of(input.id, "Contact"), changes
    )
    return ContactPayload(contact=Contact.of(row))


@reports_user_errors(ContactEmailPayload)
async def add_contact_email(info: Info, input: AddContactEmailInput) -> ContactEmailPayload:
    email = await contacts.add_contact_email(
        info.context.require_staff(), pk_of(input.contact_id, "Contact"), input.address
    )
    return await _email_payload(email)


@reports_user_errors(ContactEmailPayload)
async def change_contact_email(info: Info, input: ChangeContactEmailInput) -> ContactEmailPayload:
    email = await contacts.change_contact_email(
        info.context.require_staff(),
        pk_of(input.email_id, "ContactEmail"),
        input.new_address,
        info.context.settings,
    )
    return await _email_payload(email)


@reports_user_errors(ContactEmailPayload)
async def remove_contact_email(info: Info, input: RemoveContactEmailInput) -> ContactEmailPayload:
    row = await contacts.remove_contact_email(
        info.context.require_staff(), pk_of(input.email_id, "ContactEmail")
    )
    return ContactEmailPayload(contact=Contact.of(row))


async def _email_payload(email) -> ContactEmailPayload:
    owner = await ContactRow.get(id=email.contact_id)
    return ContactEmailPayload(contact_email=ContactEmail.of(email), contact=Contact.of(owner))
