"""Contacts, their emails and phones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from app.access.actors import ClientActor
from app.accounts.loaders import visible_account_by_id
from app.contacts import models
from app.contacts.checks import PhoneEntry
from app.custom_fields.graphql.types import CustomFieldValue, CustomFieldValueInput
from app.graphql.connection import Connection
from app.graphql.context import Info
from app.graphql.ids import global_id, pk_of
from app.graphql.loaders import shaped
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
        return ContactEmail(id=strawberry.ID(global_id(ContactEmail, row.id)), address=row.address)


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
            id=strawberry.ID(global_id(Contact, row.id)),
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
        load, actor = info.context.load, info.context.actor
        if not isinstance(actor, ClientActor):
            return shaped(load.contacts.emails, self.row.id, _emails)
        # The client's login is read with their session (primed): filter without waiting.
        login = load.portal.own_login.cache_map.get(actor.portal_login_id)
        if login is None or not login.done() or login.exception():
            return _own_emails(info, actor, self.row.id)  # type: ignore[return-value]
        row = login.result()
        own = row.contact_email_id if row else None
        return shaped(load.contacts.emails, self.row.id, lambda rows: _only(rows, own))

    @strawberry.field(extensions=staff_only())
    async def phones(self, info: Info) -> list[Phone]:
        rows = await info.context.load.contacts.phones.load(self.row.id)
        return [Phone(number=r.number, is_primary=r.is_primary) for r in rows]

    @strawberry.field(extensions=staff_only())
    async def tags(self, info: Info) -> list[Tag]:
        return [Tag.of(t) for t in await info.context.load.contacts.tags.load(self.row.id)]

    @strawberry.field(extensions=staff_only())
    async def custom_fields(self, info: Info) -> list[CustomFieldValue]:
        rows = await info.context.load.contacts.custom_values.load(self.row.id)
        return [CustomFieldValue.of(r) for r in rows]

    @strawberry.field
    async def accounts(
        self, info: Info
    ) -> list[Annotated[Account, strawberry.lazy("app.accounts.graphql.types")]]:
        from app.accounts.graphql.types import Account

        load = info.context.load
        ids = await load.contacts.account_ids.load(self.row.id)
        rows = await load[visible_account_by_id].load_many(ids)
        return [Account.of(r) for r in rows if r is not None]


def _emails(rows: list[models.ContactEmail]) -> list[ContactEmail]:
    return [ContactEmail.of(r) for r in rows]


def _only(rows: list[models.ContactEmail], own: int | None) -> list[ContactEmail]:
    """The one email of a client's own login."""
    return [ContactEmail.of(r) for r in rows if r.id == own]


async def _own_emails(info: Info, client: ClientActor, contact_id: int) -> list[ContactEmail]:
    """A client sees only the address of their own login."""
    load = info.context.load
    login = await load.portal.own_login.load(client.portal_login_id)
    own = login.contact_email_id if login else None
    return _only(await load.contacts.emails.load(contact_id), own)


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
    return [pk_of(i, Tag) or 0 for i in ids or []]
