"""The accounts domain's DataLoaders, keyed by account id: `info.context.load.accounts.<name>`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise import connections

from app.access.actors import Actor
from app.access.viewer import Viewer
from app.accounts.models import Account, AccountContact, AccountEmail, AccountTeamMember, Note
from app.accounts.policy import visible_account_ids, visible_accounts
from app.custom_fields.models import CustomFieldValue
from app.graphql.loaders import LoaderGroup, by_id, grouped
from app.tags.models import AccountTag

Who = Actor | Viewer  # TRANSITIONAL: `ctx.load[batch]` still passes the viewer


async def visible_account_by_id(who: Who, ids: Sequence[int]) -> list[Account | None]:
    rows = await visible_accounts(who).filter(id__in=ids)
    return by_id(rows, lambda a: a.id, ids)


async def contact_links_by_account_id(who: Who, ids: Sequence[int]) -> list[list[AccountContact]]:
    """Linked contacts, alphabetical by display name."""
    rows = (
        await AccountContact.filter(account_id__in=ids)
        .select_related("contact")
        .order_by("contact__first_name", "contact__middle_name", "contact__last_name", "id")
    )
    return grouped(rows, lambda r: r.account_id, ids)


async def account_emails_by_account_id(who: Who, ids: Sequence[int]) -> list[list[AccountEmail]]:
    rows = (
        await AccountEmail.filter(account_id__in=ids)
        .select_related("contact_email")
        .order_by("contact_email__address")
    )
    return grouped(rows, lambda r: r.account_id, ids)


async def tags_by_account_id(who: Who, ids: Sequence[int]) -> list[list]:
    rows = await AccountTag.filter(account_id__in=ids).select_related("tag").order_by("tag__name")
    return [[r.tag for r in group] for group in grouped(rows, lambda r: r.account_id, ids)]


async def team_by_account_id(who: Who, ids: Sequence[int]) -> list[list]:
    rows = (
        await AccountTeamMember.filter(account_id__in=ids)
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name", "staff_id")
    )
    return [[r.staff for r in group] for group in grouped(rows, lambda r: r.account_id, ids)]


async def custom_values_by_account_id(who: Who, ids: Sequence[int]) -> list[list]:
    rows = (
        await CustomFieldValue.filter(account_id__in=ids)
        .select_related("definition")
        .order_by("definition__label")
    )
    return grouped(rows, lambda r: r.account_id, ids)


async def recent_notes_by_account_id(who: Who, ids: Sequence[int]) -> list[list[Note]]:
    """The five most recent notes of each account, newest first, in two statements."""
    picked = await recent_ids("note", "created_at", ids)
    rows = await Note.filter(id__in=picked).select_related("author").order_by("-created_at", "-id")
    return grouped(rows, lambda r: r.account_id, ids)


async def recent_ids(table: str, column: str, account_ids: Sequence[int], n: int = 5) -> list[int]:
    """The ids of the `n` newest rows of `table` (by `column`) for each account, in one query."""
    if not account_ids:
        return []
    marks = ", ".join("?" if _is_sqlite() else f"${i + 1}" for i in range(len(account_ids)))
    sql = f"""
        SELECT id FROM (
            SELECT id, ROW_NUMBER() OVER (
                PARTITION BY account_id ORDER BY {column} DESC, id DESC) AS n
            FROM {table} WHERE account_id IN ({marks})
        ) ranked WHERE n <= {int(n)}"""
    rows = await connections.get("default").execute_query_dict(sql, list(account_ids))
    return [r["id"] for r in rows]


async def related_account_ids_by_account_id(who: Who, ids: Sequence[int]) -> list[list[int]]:
    """Visible accounts sharing at least one contact with each account."""
    links = await AccountContact.filter(account_id__in=ids).values("account_id", "contact_id")
    contact_ids = {link["contact_id"] for link in links}
    others = await AccountContact.filter(
        contact_id__in=contact_ids, account_id__in=visible_account_ids(who)
    ).values("account_id", "contact_id")
    accounts_of_contact: dict[int, set[int]] = {}
    for row in others:
        accounts_of_contact.setdefault(row["contact_id"], set()).add(row["account_id"])
    related: dict[int, set[int]] = {i: set() for i in ids}
    for link in links:
        related[link["account_id"]] |= accounts_of_contact.get(link["contact_id"], set())
    return [sorted(related[i] - {i}) for i in ids]


def _is_sqlite() -> bool:
    return connections.get("default").capabilities.dialect == "sqlite"


class AccountLoaders(LoaderGroup):
    """One request's account loaders (each batch answers in key order)."""

    @functools.cached_property
    def by_id(self) -> DataLoader[int, Account | None]:
        """The account, when the actor reaches it (else None)."""
        return self.loader(visible_account_by_id)

    @functools.cached_property
    def contact_links(self) -> DataLoader[int, list[AccountContact]]:
        return self.loader(contact_links_by_account_id)

    @functools.cached_property
    def emails(self) -> DataLoader[int, list[AccountEmail]]:
        return self.loader(account_emails_by_account_id)

    @functools.cached_property
    def tags(self) -> DataLoader[int, list]:
        return self.loader(tags_by_account_id)

    @functools.cached_property
    def team(self) -> DataLoader[int, list]:
        return self.loader(team_by_account_id)

    @functools.cached_property
    def custom_values(self) -> DataLoader[int, list]:
        return self.loader(custom_values_by_account_id)

    @functools.cached_property
    def recent_notes(self) -> DataLoader[int, list[Note]]:
        return self.loader(recent_notes_by_account_id)

    @functools.cached_property
    def related_ids(self) -> DataLoader[int, list[int]]:
        return self.loader(related_account_ids_by_account_id)


# TRANSITIONAL: the batch functions other domains still reach as `ctx.load[batch]`, and the
# group's loader each shares (one cache, one batch, whichever way a field asks).
SHARED: dict[Callable[..., Any], str] = {
    visible_account_by_id: "by_id",
    contact_links_by_account_id: "contact_links",
    account_emails_by_account_id: "emails",
    tags_by_account_id: "tags",
    team_by_account_id: "team",
    custom_values_by_account_id: "custom_values",
    recent_notes_by_account_id: "recent_notes",
    related_account_ids_by_account_id: "related_ids",
}
