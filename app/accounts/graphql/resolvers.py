"""Accounts: the list, one account, and the account mutations."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry import UNSET
from strawberry.types.nodes import SelectedField

from app import models
from app.access.actors import Actor
from app.access.permissions import MANAGE_ACCOUNTS, READ_ACCOUNTS
from app.accounts import links as account_contacts
from app.accounts import listing
from app.accounts import service as accounts
from app.accounts.graphql.enums import AccountOrderField, LoginStatus, OrderDirection
from app.accounts.graphql.folder_types import FolderTemplate
from app.accounts.graphql.inputs import (
    AccountFilter,
    AccountOrder,
    AccountPayload,
    CreateAccountInput,
    CreateAccountPayload,
    InvitationPrompt,
    LinkContactInput,
    SetContactDescriptionInput,
    UnlinkContactInput,
    UpdateAccountInput,
)
from app.accounts.graphql.prefetch import prefetch_accounts
from app.accounts.graphql.types import Account, AccountConnection, AccountEmail
from app.accounts.service import KEEP, AccountChanges, NewAccount
from app.contacts.graphql.types import Contact, tag_pks
from app.firms.graphql.types import StaffMember
from app.graphql.connection import connection
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of
from app.graphql.selection import reached
from app.pagination import PageRequest
from app.portal.logins import active_addresses


async def prompts(info: Info, rows: list[models.AccountEmail]) -> list[InvitationPrompt]:
    """Emails whose LOGIN was just turned on and whose address has no activated login yet."""
    if not rows:
        return []
    firm_id = info.context.require_actor(MANAGE_ACCOUNTS).firm_id
    active = await active_addresses(firm_id, [r.contact_email.address for r in rows])
    return [
        InvitationPrompt(account_email=AccountEmail.of(r))
        for r in rows
        if r.contact_email.address not in active
    ]


async def account(info: Info, id: strawberry.ID) -> Account | None:
    info.context.require_actor(READ_ACCOUNTS)
    pk = pk_of(id, Account)
    row = await info.context.load.accounts.by_id.load(pk) if pk else None
    return Account.of(row) if row else None


def _staff_pks(ids: list[strawberry.ID]) -> list[int]:
    return [pk_of(i, StaffMember) or 0 for i in ids]


async def account_list(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    filter: AccountFilter | None = None,
    order_by: AccountOrder | None = None,
) -> AccountConnection:
    actor = info.context.require_actor(READ_ACCOUNTS)
    f = filter or AccountFilter()
    query = listing.AccountQuery(
        search=f.search,
        type=f.type,
        tag_ids=tag_pks(f.tag_ids) if f.tag_ids else None,
        team_member_ids=_staff_pks(f.team_member_ids or []),
        login_active=None if f.login_status is None else f.login_status == LoginStatus.ACTIVE,
        pending_activation=f.pending_activation,
        archived=f.archived,
        order_by=(order_by.field if order_by else AccountOrderField.NAME).value,
        descending=bool(order_by and order_by.direction == OrderDirection.DESC),
    )
    page = await listing.list_accounts(actor, query, PageRequest.of(first, after))
    selected = cast(list[SelectedField], info.selected_fields)  # the field being resolved
    await prefetch_accounts(info, page.rows, reached(selected, "edges", "node"))
    return connection(page, Account.of)


@reports_user_errors(CreateAccountPayload)
async def create_account(info: Info, input: CreateAccountInput) -> CreateAccountPayload:
    data = NewAccount(
        type=input.type,
        contacts=[c.link() for c in input.contacts],
        name=input.name,
        company_name=input.company_name,
        address=input.address.value() if input.address else None,
        tag_ids=tag_pks(input.tag_ids),
        team_member_ids=_staff_pks(input.team_member_ids or []),
        folder_template_id=(
            pk_of(input.folder_template_id, FolderTemplate) or 0
            if input.folder_template_id
            else None
        ),
        custom_fields=[c.entry() for c in input.custom_fields or []],
    )
    change = await accounts.create_account(info.context.require_actor(MANAGE_ACCOUNTS), data)
    return CreateAccountPayload(
        account=Account.of(change.account),
        invitation_prompts=await prompts(info, change.login_turned_on),
    )


@reports_user_errors(AccountPayload)
async def update_account(info: Info, input: UpdateAccountInput) -> AccountPayload:
    changes = AccountChanges(
        type=None if input.type is UNSET else input.type,
        name=KEEP if input.name is UNSET else input.name,
        company_name=KEEP if input.company_name is UNSET else input.company_name,
        address=(
            KEEP if input.address is UNSET else input.address.value() if input.address else None
        ),
        tag_ids=None if input.tag_ids in (None, UNSET) else tag_pks(input.tag_ids),
        team_member_ids=(
            None if input.team_member_ids in (None, UNSET) else _staff_pks(input.team_member_ids)
        ),
        custom_fields=[c.entry() for c in input.custom_fields or []],
    )
    change = await accounts.update_account(_manager(info), pk_of(input.id, Account), changes)
    return AccountPayload(account=Account.of(change.account))


def _manager(info: Info) -> Actor:
    return info.context.require_actor(MANAGE_ACCOUNTS)


@reports_user_errors(AccountPayload, root=())
async def archive_account(info: Info, id: strawberry.ID) -> AccountPayload:
    row = await accounts.set_archived(_manager(info), pk_of(id, Account), True)
    return AccountPayload(account=Account.of(row))


@reports_user_errors(AccountPayload, root=())
async def restore_account(info: Info, id: strawberry.ID) -> AccountPayload:
    row = await accounts.set_archived(_manager(info), pk_of(id, Account), False)
    return AccountPayload(account=Account.of(row))


@reports_user_errors(AccountPayload)
async def link_contact(info: Info, input: LinkContactInput) -> AccountPayload:
    row, turned_on = await account_contacts.link_contact(
        _manager(info), pk_of(input.account_id, Account), input.contact.link()
    )
    return AccountPayload(
        account=Account.of(row), invitation_prompts=await prompts(info, turned_on)
    )


@reports_user_errors(AccountPayload)
async def unlink_contact(info: Info, input: UnlinkContactInput) -> AccountPayload:
    row = await account_contacts.unlink_contact(
        _manager(info), pk_of(input.account_id, Account), pk_of(input.contact_id, Contact)
    )
    return AccountPayload(account=Account.of(row))


@reports_user_errors(AccountPayload)
async def set_contact_description(info: Info, input: SetContactDescriptionInput) -> AccountPayload:
    row = await account_contacts.set_contact_description(
        _manager(info),
        pk_of(input.account_id, Account),
        pk_of(input.contact_id, Contact),
        input.description,
    )
    return AccountPayload(account=Account.of(row))
