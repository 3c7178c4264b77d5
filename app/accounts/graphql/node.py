"""`node(id)` for the accounts domain's types: each finder answers None where the actor may
not look the object up (a client finds only their accounts)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.access.actors import Actor
from app.access.permissions import STAFF
from app.accounts import lookup
from app.accounts.graphql.folder_types import FolderTemplate
from app.accounts.graphql.types import Account, AccountEmail, Note
from app.graphql.context import Info
from app.graphql.types import Node

Finder = Callable[[Info, Actor, int], Awaitable[Node | None]]


async def _account(info: Info, actor: Actor, pk: int) -> Node | None:
    row = await info.context.load.accounts.by_id.load(pk)
    return Account.of(row) if row else None


async def _account_email(info: Info, actor: Actor, pk: int) -> Node | None:
    row = await lookup.find_account_email(actor, pk) if STAFF.allows(actor) else None
    return AccountEmail.of(row) if row else None


async def _note(info: Info, actor: Actor, pk: int) -> Node | None:
    row = await lookup.find_note(actor, pk) if STAFF.allows(actor) else None
    return Note.of(row) if row else None


async def _folder_template(info: Info, actor: Actor, pk: int) -> Node | None:
    row = await lookup.find_folder_template(actor, pk) if STAFF.allows(actor) else None
    return FolderTemplate.of(row) if row else None


FINDERS: dict[type[Node], Finder] = {
    Account: _account,
    AccountEmail: _account_email,
    Note: _note,
    FolderTemplate: _folder_template,
}
