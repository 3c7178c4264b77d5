"""The contacts domain's DataLoaders (`info.context.load.contacts.<name>`), keyed by contact
id unless named otherwise; each asks the contacts policy what the actor may see."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from strawberry.dataloader import DataLoader
from tortoise.expressions import Subquery

from app.access.actors import Actor
from app.access.viewer import Viewer, actor_of
from app.accounts.models import AccountContact
from app.accounts.policy import visible_accounts
from app.contacts.models import Contact, ContactEmail, Phone
from app.contacts.policy import visible_contact_emails, visible_contacts
from app.custom_fields.models import CustomFieldChange, CustomFieldValue
from app.firms.models import StaffMember
from app.graphql.loaders import LoaderGroup, by_id, grouped
from app.tags.models import ContactTag, Tag


class ContactLoaders(LoaderGroup):
    """One request's contact loaders."""

    @functools.cached_property
    def by_id(self) -> DataLoader[int, Contact | None]:
        """Visible contacts."""
        return self.loader(_visible_contact_by_id)

    @functools.cached_property
    def email_by_id(self) -> DataLoader[int, ContactEmail | None]:
        """Emails of visible contacts."""
        return self.loader(_visible_email_by_id)

    @functools.cached_property
    def by_email_id(self) -> DataLoader[int, Contact | None]:
        """The contact an email of the actor's firm belongs to (a portal login's own)."""
        return self.loader(_contact_by_email_id)

    @functools.cached_property
    def emails(self) -> DataLoader[int, list[ContactEmail]]:
        return self.loader(_emails_by_contact_id)

    @functools.cached_property
    def phones(self) -> DataLoader[int, list[Phone]]:
        return self.loader(_phones_by_contact_id)

    @functools.cached_property
    def tags(self) -> DataLoader[int, list[Tag]]:
        return self.loader(_tags_by_contact_id)

    @functools.cached_property
    def custom_values(self) -> DataLoader[int, list[CustomFieldValue]]:
        return self.loader(_custom_values_by_contact_id)

    @functools.cached_property
    def account_ids(self) -> DataLoader[int, list[int]]:
        """The ids of the accounts the actor sees that each contact is linked to."""
        return self.loader(_visible_account_ids_by_contact_id)


async def _visible_contact_by_id(actor: Actor, ids: Sequence[int]) -> list[Contact | None]:
    rows = await visible_contacts(actor).filter(id__in=ids)
    return by_id(rows, lambda c: c.id, ids)


async def _visible_email_by_id(actor: Actor, ids: Sequence[int]) -> list[ContactEmail | None]:
    rows = await visible_contact_emails(actor).filter(id__in=ids)
    return by_id(rows, lambda e: e.id, ids)


async def _contact_by_email_id(actor: Actor, ids: Sequence[int]) -> list[Contact | None]:
    rows = await ContactEmail.filter(id__in=ids, firm_id=actor.firm_id).select_related("contact")
    return [e.contact if e else None for e in by_id(rows, lambda e: e.id, ids)]


async def _emails_by_contact_id(actor: Actor, ids: Sequence[int]) -> list[list[ContactEmail]]:
    rows = await ContactEmail.filter(contact_id__in=ids).order_by("id")
    return grouped(rows, lambda r: r.contact_id, ids)


async def _phones_by_contact_id(actor: Actor, ids: Sequence[int]) -> list[list[Phone]]:
    rows = await Phone.filter(contact_id__in=ids).order_by("position", "id")
    return grouped(rows, lambda r: r.contact_id, ids)


async def _tags_by_contact_id(actor: Actor, ids: Sequence[int]) -> list[list[Tag]]:
    rows = await ContactTag.filter(contact_id__in=ids).select_related("tag").order_by("tag__name")
    return [[r.tag for r in group] for group in grouped(rows, lambda r: r.contact_id, ids)]


async def _custom_values_by_contact_id(
    actor: Actor, ids: Sequence[int]
) -> list[list[CustomFieldValue]]:
    rows = (
        await CustomFieldValue.filter(contact_id__in=ids)
        .select_related("definition")
        .order_by("definition__label")
    )
    return grouped(rows, lambda r: r.contact_id or 0, ids)


async def _visible_account_ids_by_contact_id(actor: Actor, ids: Sequence[int]) -> list[list[int]]:
    rows = (
        await AccountContact.filter(
            contact_id__in=ids, account_id__in=Subquery(visible_accounts(actor).values("id"))
        )
        .order_by("account__name", "account_id")
        .values("contact_id", "account_id")
    )
    return [
        [r["account_id"] for r in group] for group in grouped(rows, lambda r: r["contact_id"], ids)
    ]


# Transitional: the function-keyed forms other domains still ask for (`load[fn]`); the
# request's Loaders answers them with the typed loader above (app/api/loaders.py), so both
# share one DataLoader. They go once those call sites use `load.contacts.<name>`.


async def emails_by_contact_id(viewer: Viewer, ids: Sequence[int]) -> list[list[ContactEmail]]:
    return await _emails_by_contact_id(actor_of(viewer), ids)


# Not the contacts domain's (custom fields' history, firms' staff): left as they were for
# their owners to move.


async def changes_by_value_id(viewer: Viewer, ids: Sequence[int]) -> list[list[CustomFieldChange]]:
    rows = await CustomFieldChange.filter(field_value_id__in=ids).order_by("-changed_at", "-id")
    return grouped(rows, lambda r: r.field_value_id, ids)


async def staff_by_id(viewer: Viewer, ids: Sequence[int]) -> list[StaffMember | None]:
    rows = await StaffMember.filter(firm_id=viewer.firm_id, id__in=ids)
    return by_id(rows, lambda s: s.id, ids)
