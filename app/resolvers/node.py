"""`node(id)`: any object by its global id, or null when the viewer may not see it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from tortoise.expressions import Subquery

from app import models
from app.ids import parse_global_id
from app.loaders.accounts import visible_account_by_id
from app.loaders.contacts import visible_contact_by_id
from app.schema.accounts import Account, AccountEmail, Note
from app.schema.common import Node
from app.schema.contacts import Contact, ContactEmail
from app.schema.context import Info
from app.schema.custom_fields import CustomFieldDefinition
from app.schema.firm import Firm, StaffMember
from app.schema.folders import FolderTemplate
from app.schema.tags import Tag
from app.services.visibility import visible_accounts, visible_contacts
from app.viewer import Viewer


def _firm_owned(model: Any, shape: Callable[[Any], Node]):
    async def find(info: Info, viewer: Viewer, pk: int) -> Node | None:
        row = await model.get_or_none(id=pk, firm_id=viewer.firm_id)
        return shape(row) if row else None

    return find


async def _firm(info: Info, viewer: Viewer, pk: int) -> Node | None:
    return Firm.of(viewer.firm) if pk == viewer.firm_id else None


async def _account(info: Info, viewer: Viewer, pk: int) -> Node | None:
    row = await info.context.load.load(visible_account_by_id, pk)
    return Account.of(row) if row else None


async def _contact(info: Info, viewer: Viewer, pk: int) -> Node | None:
    row = await info.context.load.load(visible_contact_by_id, pk)
    return Contact.of(row) if row else None


async def _contact_email(info: Info, viewer: Viewer, pk: int) -> Node | None:
    contacts = Subquery(visible_contacts(viewer).values("id"))
    row = await models.ContactEmail.get_or_none(id=pk, contact_id__in=contacts)
    return ContactEmail.of(row) if row else None


async def _account_email(info: Info, viewer: Viewer, pk: int) -> Node | None:
    accounts = Subquery(visible_accounts(viewer).values("id"))
    row = (
        await models.AccountEmail.filter(id=pk, account_id__in=accounts)
        .select_related("contact_email")
        .first()
    )
    return AccountEmail.of(row) if row else None


async def _note(info: Info, viewer: Viewer, pk: int) -> Node | None:
    accounts = Subquery(visible_accounts(viewer).values("id"))
    row = await models.Note.get_or_none(id=pk, account_id__in=accounts)
    return Note.of(row) if row else None


FINDERS: dict[str, Callable[[Info, Viewer, int], Awaitable[Node | None]]] = {
    "Firm": _firm,
    "StaffMember": _firm_owned(models.StaffMember, StaffMember.of),
    "Tag": _firm_owned(models.Tag, Tag.of),
    "CustomFieldDefinition": _firm_owned(models.CustomFieldDefinition, CustomFieldDefinition.of),
    "FolderTemplate": _firm_owned(models.FolderTemplate, FolderTemplate.of),
    "Account": _account,
    "Contact": _contact,
    "ContactEmail": _contact_email,
    "AccountEmail": _account_email,
    "Note": _note,
}


async def node(info: Info, id: strawberry.ID) -> Node | None:
    viewer = info.context.require_staff()
    parsed = parse_global_id(id)
    finder = FINDERS.get(parsed[0]) if parsed else None
    return await finder(info, viewer, parsed[1]) if finder and parsed else None
