"""Inputs and payloads of the account mutations and the account list."""

from __future__ import annotations

import strawberry

from app.accounts.graphql.enums import AccountOrderField, AccountType, LoginStatus, OrderDirection
from app.accounts.graphql.types import Account, AccountEmail
from app.accounts.links import ContactLink, EmailToggles
from app.contacts.graphql.types import PhoneInput, tag_pks
from app.contacts.service import NewContact
from app.custom_fields.graphql.types import CustomFieldValueInput
from app.graphql.ids import pk_of
from app.graphql.types import AddressInput, UserError


@strawberry.input
class AccountFilter:
    search: str | None = strawberry.field(
        default=None,
        description="Matches the account name, a linked contact's name, or any part of a "
        "linked email.",
    )
    type: AccountType | None = None
    tag_ids: list[strawberry.ID] | None = None
    team_member_ids: list[strawberry.ID] | None = None
    login_status: LoginStatus | None = None
    pending_activation: bool | None = strawberry.field(
        default=None, description="Accounts with at least one email in PENDING_ACTIVATION."
    )
    archived: bool | None = None


@strawberry.input
class AccountOrder:
    field: AccountOrderField
    direction: OrderDirection


@strawberry.input(description="The toggles for one email when a contact is created or linked.")
class EmailTogglesInput:
    address: str
    login: bool | None = None
    notify: bool | None = None
    email_sync: bool | None = None

    def toggles(self) -> EmailToggles:
        return EmailToggles(self.address, self.login, self.notify, self.email_sync)


@strawberry.input
class NewContactInput:
    first_name: str
    last_name: str
    middle_name: str | None = None
    emails: list[EmailTogglesInput] | None = None
    phones: list[PhoneInput] | None = None
    address: AddressInput | None = None
    tag_ids: list[strawberry.ID] | None = None
    custom_fields: list[CustomFieldValueInput] | None = None

    def contact(self) -> NewContact:
        return NewContact(
            first_name=self.first_name,
            last_name=self.last_name,
            middle_name=self.middle_name,
            emails=[e.address for e in self.emails or []],
            phones=[p.entry() for p in self.phones or []],
            address=self.address.value() if self.address else None,
            tag_ids=tag_pks(self.tag_ids),
            custom_fields=[c.entry() for c in self.custom_fields or []],
        )


@strawberry.input(
    description="Exactly one of contactId (link an existing contact) or contact (create one)."
)
class AccountContactInput:
    contact_id: strawberry.ID | None = None
    contact: NewContactInput | None = None
    description: str | None = None
    email_toggles: list[EmailTogglesInput] | None = strawberry.field(
        default=None, description="Toggles for an existing contact's emails, by address."
    )

    def link(self) -> ContactLink:
        toggles = self.contact.emails if self.contact else self.email_toggles
        return ContactLink(
            contact_id=None if self.contact_id is None else pk_of(self.contact_id, "Contact") or 0,
            new_contact=self.contact.contact() if self.contact else None,
            description=self.description,
            toggles=[t.toggles() for t in toggles or []],
        )


@strawberry.input
class CreateAccountInput:
    type: AccountType
    contacts: list[AccountContactInput]
    name: str | None = strawberry.field(
        default=None,
        description="Left empty, it is generated from the first contact's name, or the company "
        "name.",
    )
    company_name: str | None = None
    address: AddressInput | None = None
    tag_ids: list[strawberry.ID] | None = None
    team_member_ids: list[strawberry.ID] | None = None
    folder_template_id: strawberry.ID | None = None
    custom_fields: list[CustomFieldValueInput] | None = None


@strawberry.type(
    description="Returned where an account or toggle change turned LOGIN on for emails not yet "
    "invited."
)
class InvitationPrompt:
    account_email: AccountEmail


@strawberry.type
class CreateAccountPayload:
    account: Account | None = None
    invitation_prompts: list[InvitationPrompt] = strawberry.field(
        default_factory=list,
        description="Emails whose LOGIN was turned on: send their invitations now, or skip and "
        "send later.",
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class UpdateAccountInput:
    id: strawberry.ID
    type: AccountType | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    company_name: str | None = strawberry.UNSET
    address: AddressInput | None = strawberry.UNSET
    tag_ids: list[strawberry.ID] | None = strawberry.UNSET
    team_member_ids: list[strawberry.ID] | None = strawberry.UNSET
    custom_fields: list[CustomFieldValueInput] | None = strawberry.UNSET


@strawberry.type
class AccountPayload:
    account: Account | None = None
    invitation_prompts: list[InvitationPrompt] = strawberry.field(
        default_factory=list,
        description="From linkContact: the linked emails whose LOGIN was turned on.",
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class LinkContactInput:
    account_id: strawberry.ID
    contact: AccountContactInput


@strawberry.input
class UnlinkContactInput:
    account_id: strawberry.ID
    contact_id: strawberry.ID


@strawberry.input
class SetContactDescriptionInput:
    account_id: strawberry.ID
    contact_id: strawberry.ID
    description: str | None = None
