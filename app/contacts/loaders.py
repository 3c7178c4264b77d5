"""Loaders keyed by contact id (and a few small lookups by id)."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Subquery

from app.access.viewer import Viewer
from app.accounts.models import AccountContact
from app.accounts.policy import visible_accounts, visible_contacts
from app.contacts.models import Contact, ContactEmail, Phone
from app.custom_fields.models import CustomFieldChange, CustomFieldValue
from app.firms.models import StaffMember
from app.graphql.loaders import by_id, grouped
from app.tags.models import ContactTag


async def visible_contact_by_id(viewer: Viewer, ids: Sequence[int]) -> list[Contact | None]:
    rows = await visible_contacts(viewer).filter(id__in=ids)
    return by_id(rows, lambda c: c.id, ids)


async def emails_by_contact_id(viewer: Viewer, ids: Sequence[int]) -> list[list[ContactEmail]]:
    rows = await ContactEmail.filter(contact_id__in=ids).order_by("id")
    return grouped(rows, lambda r: r.contact_id, ids)


async def phones_by_contact_id(viewer: Viewer, ids: Sequence[int]) -> list[list[Phone]]:
    rows = await Phone.filter(contact_id__in=ids).order_by("position", "id")
    return grouped(rows, lambda r: r.contact_id, ids)


async def tags_by_contact_id(viewer: Viewer, ids: Sequence[int]) -> list[list]:
    rows = await ContactTag.filter(contact_id__in=ids).select_related("tag").order_by("tag__name")
    return [[r.tag for r in group] for group in grouped(rows, lambda r: r.contact_id, ids)]


async def custom_values_by_contact_id(viewer: Viewer, ids: Sequence[int]) -> list[list]:
    rows = (
        await CustomFieldValue.filter(contact_id__in=ids)
        .select_related("definition")
        .order_by("definition__label")
    )
    return grouped(rows, lambda r: r.contact_id, ids)


async def visible_account_ids_by_contact_id(viewer: Viewer, ids: Sequence[int]) -> list[list[int]]:
    rows = (
        await AccountContact.filter(
            contact_id__in=ids, account_id__in=Subquery(visible_accounts(viewer).values("id"))
        )
        .order_by("account__name", "account_id")
        .values("contact_id", "account_id")
    )
    return [
        [r["account_id"] for r in group] for group in grouped(rows, lambda r: r["contact_id"], ids)
    ]


async def changes_by_value_id(viewer: Viewer, ids: Sequence[int]) -> list[list[CustomFieldChange]]:
    rows = await CustomFieldChange.filter(field_value_id__in=ids).order_by("-changed_at", "-id")
    return grouped(rows, lambda r: r.field_value_id, ids)


async def staff_by_id(viewer: Viewer, ids: Sequence[int]) -> list[StaffMember | None]:
    rows = await StaffMember.filter(firm_id=viewer.firm_id, id__in=ids)
    return by_id(rows, lambda s: s.id, ids)
