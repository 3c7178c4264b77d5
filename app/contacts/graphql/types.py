"""Contacts, their emails and phones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from app import models
from app.accounts.loaders import visible_account_by_id
from app.contacts.loaders import (
    custom_values_by_contact_id,
    emails_by_contact_id,
    phones_by_contact_id,
    tags_by_contact_id,
    visible_account_ids_by_contact_id,
)
from app.contacts.service import PhoneEntry
from app.custom_fields.graphql.types import CustomFieldValue, CustomFieldValueInput
from app.graphql.connection import Connection
from app.graphql.context import Info
from app.graphql.ids import pk_of, to_global_id
from app.graphql.permissions import staff_only
from app.graphql.types import Address, AddressInput, Node, UserError
from app.tags.graphql.types import Tag

if TYPE_CHECKING:
    from app.accounts.graphql.types import Account


@strawberry.type
class Phone:
    number: str
    is_primary: bool = strawberry.field(description="The primary number is the one used for SMS.")


@strawberry.type
class ContactEmail(Node):
    address: str

    @staticmethod
    def of(row: models.ContactEmail) -> ContactEmail:
        return ContactEmail(
            id=strawberry.ID(to_global_id("ContactEmail", row.id)), address=row.address
        )


@strawberry.type
class Contact(Node):
    first_name: str
    middle_name: str | None
    last_name: str
    display_name: str
    row: strawberry.Private[models.Contact]

    @staticmethod
    def of(row: models.Contact) -> Contact:
        return Contact(
            id=strawberry.ID(to_global_id("Contact", row.id)),
            first_name=row.first_name,
            middle_name=row.middle_name,
            last_name=row.last_name,
            display_name=row.display_name,
            row=row,
        )

    @strawberry.field(extensions=staff_only())
    def address(self) -> Address | None:
        return Address.of(self.row)

    @strawberry.field(description="A client sees only their own address.")
    def emails(self, info: Info) -> list[ContactEmail]:
        client = info.context.viewer.client if info.context.viewer else None

        def shape(rows: list[models.ContactEmail]) -> list[ContactEmail]:
            return [
                ContactEmail.of(r)
                for r in rows
                if client is None or r.id == client.contact_email_id
            ]

        return info.context.load.shaped(emails_by_contact_id, self.row.id, shape)

    @strawberry.field(extensions=staff_only())
    async def phones(self, info: Info) -> list[Phone]:
        rows = await info.context.load.load(phones_by_contact_id, self.row.id)
        return [Phone(number=r.number, is_primary=r.is_primary) for r in rows]

    @strawberry.field(extensions=staff_only())
    async def tags(self, info: Info) -> list[Tag]:
        return [Tag.of(t) for t in await info.context.load.load(tags_by_contact_id, self.row.id)]

    @strawberry.field(extensions=staff_only())
    async def custom_fields(self, info: Info) -> list[CustomFieldValue]:
        rows = await info.context.load.load(custom_values_by_contact_id, self.row.id)
        return [CustomFieldValue.of(r) for r in rows]

    @strawberry.field
    async def accounts(
        self, info: Info
    ) -> list[Annotated[Account, strawberry.lazy("app.accounts.graphql.types")]]:
        from app.accounts.graphql.types import Account

        load = info.context.load
        ids = await load.load(visible_account_ids_by_contact_id, self.row.id)
        rows = await load[visible_account_by_id].load_many(ids)
        return [Account.of(r) for r in rows if r is not None]


ContactConnection = Connection[Contact]


@strawberry.input
class ContactFilter:
    search: str | None = strawberry.field(
        default=None,
        description="Matches first, last or display name, or any part of an email address.",
    )
    tag_ids: list[strawberry.ID] | None = None


@strawberry.input
class PhoneInput:
    number: str
    is_primary: bool | None = None

    def entry(self) -> PhoneEntry:
        return PhoneEntry(self.number, self.is_primary)


@strawberry.input
class CreateContactInput:
    first_name: str
    last_name: str
    middle_name: str | None = None
    emails: list[str] | None = None
    phones: list[PhoneInput] | None = None
    address: AddressInput | None = None
    tag_ids: list[strawberry.ID] | None = None
    custom_fields: list[CustomFieldValueInput] | None = None


@strawberry.input
class UpdateContactInput:
    id: strawberry.ID
    first_name: str | None = strawberry.UNSET
    middle_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    phones: list[PhoneInput] | None = strawberry.UNSET
    address: AddressInput | None = strawberry.UNSET
    tag_ids: list[strawberry.ID] | None = strawberry.UNSET
    custom_fields: list[CustomFieldValueInput] | None = strawberry.UNSET


@strawberry.type
class ContactPayload:
    contact: Contact | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class AddContactEmailInput:
    contact_id: strawberry.ID
    address: str


@strawberry.input
class ChangeContactEmailInput:
    email_id: strawberry.ID
    new_address: str


@strawberry.input
class RemoveContactEmailInput:
    email_id: strawberry.ID


@strawberry.type
class ContactEmailPayload:
    contact_email: ContactEmail | None = None
    contact: Contact | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def tag_pks(ids: list[strawberry.ID] | None) -> list[int]:
    """Tag ids as pks; an id that is not a tag's becomes 0, which no tag has (NOT_FOUND)."""
    return [pk_of(i, "Tag") or 0 for i in ids or []]
