"""Loaders for EMAIL SYNC: pages of an account's email, the newest five, its documents.

What an actor may read is asked of the accounts policy (the accounts they see); a client reads
only the messages their own contact email took part in (From, To or Cc).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise import connections
from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from app.access.actors import Actor, ClientActor
from app.accounts.policy import visible_accounts
from app.email_sync.models import AccountDocument, EmailMessage, EmailParticipant
from app.graphql.loaders import LoaderGroup, by_id, grouped
from app.portal.logins import contact_email_of

RECENT = 5  # the overview's newest messages per account


@dataclass(frozen=True)
class EmailPageKey:
    account_id: int
    first: int
    offset: int
    thread_key: str | None = None


@dataclass(frozen=True)
class EmailPage:
    rows: list[EmailMessage]
    total: int


class EmailLoaders(LoaderGroup):
    """The request's EMAIL SYNC loaders (`info.context.load.email_sync`)."""

    @functools.cached_property
    def page_by_key(self) -> DataLoader[EmailPageKey, EmailPage]:
        return self.loader(_email_page_by_key)

    @functools.cached_property
    def recent_by_account_id(self) -> DataLoader[int, list[EmailMessage]]:
        return self.loader(_recent_emails_by_account_id)

    @functools.cached_property
    def documents_by_account_id(self) -> DataLoader[int, list[AccountDocument]]:
        return self.loader(_documents_by_account_id)

    @functools.cached_property
    def document_by_id(self) -> DataLoader[int, AccountDocument | None]:
        return self.loader(_document_by_id)


def readable_emails(actor: Actor, account_ids: Sequence[int]) -> QuerySet[EmailMessage]:
    """The messages of these accounts the actor may read: accounts they see, and for a client
    only the messages their contact email took part in."""
    seen = Subquery(visible_accounts(actor).values("id"))
    query = EmailMessage.filter(account_id__in=list(account_ids)).filter(account_id__in=seen)
    if isinstance(actor, ClientActor):
        theirs = EmailParticipant.filter(contact_email_id=contact_email_of(actor))
        query = query.filter(id__in=Subquery(theirs.values("email_message_id")))
    return query


async def _email_page_by_key(actor: Actor, keys: Sequence[EmailPageKey]) -> list[EmailPage]:
    """One page per key, newest first: per distinct (first, offset, thread) one count and one
    windowed query for all the accounts asking, then one fetch of the rows."""
    pages: dict[EmailPageKey, EmailPage] = {}
    groups: dict[tuple[int, int, str | None], list[EmailPageKey]] = defaultdict(list)
    for key in keys:
        groups[(key.first, key.offset, key.thread_key)].append(key)
    for (first, offset, thread_key), members in groups.items():
        account_ids = list(dict.fromkeys(k.account_id for k in members))
        readable = readable_emails(actor, account_ids)
        if thread_key is not None:
            readable = readable.filter(thread_key=thread_key)
        totals = await _totals(readable)
        picked = await _ranked_ids(readable, offset, offset + first) if first else []
        rows = await EmailMessage.filter(id__in=picked).order_by("-sent_at", "-id")
        groups_of = dict(
            zip(account_ids, grouped(rows, lambda r: r.account_id, account_ids), strict=True)
        )
        for member in members:
            pk = member.account_id
            pages[member] = EmailPage(groups_of[pk], totals.get(pk, 0))
    return [pages[k] for k in keys]


async def _recent_emails_by_account_id(
    actor: Actor, ids: Sequence[int]
) -> list[list[EmailMessage]]:
    """The five newest messages of each account (staff only: the overview), in two statements."""
    picked = await _ranked_ids(readable_emails(actor, ids), 0, RECENT) if ids else []
    rows = await EmailMessage.filter(id__in=picked).order_by("-sent_at", "-id")
    return grouped(rows, lambda r: r.account_id, ids)


async def _documents_by_account_id(actor: Actor, ids: Sequence[int]) -> list[list[AccountDocument]]:
    seen = Subquery(visible_accounts(actor).values("id"))
    rows = (
        await AccountDocument.filter(account_id__in=list(ids))
        .filter(account_id__in=seen)
        .order_by("-created_at", "-id")
    )
    return grouped(rows, lambda r: r.account_id, ids)


async def _document_by_id(actor: Actor, ids: Sequence[int]) -> list[AccountDocument | None]:
    seen = Subquery(visible_accounts(actor).values("id"))
    rows = await AccountDocument.filter(id__in=list(ids)).filter(account_id__in=seen)
    return by_id(rows, lambda r: r.id, ids)


async def _totals(readable: QuerySet[EmailMessage]) -> dict[int, int]:
    rows = (
        await readable.annotate(total=Count("id"))
        .group_by("account_id")
        .values("account_id", "total")
    )
    return {r["account_id"]: r["total"] for r in rows}


async def _ranked_ids(readable: QuerySet[EmailMessage], start: int, end: int) -> list[int]:
    """The ids of each account's messages ranked start+1..end, newest first, in one
    statement: the ORM's query (the policy's conditions) under a window the ORM cannot say."""
    inner = readable.values("id", "account_id", "sent_at")
    inner._choose_db_if_not_chosen()
    inner._make_query()
    sql, params = inner.query.get_parameterized_sql()
    ranked = f"""
        SELECT id FROM (
            SELECT id, ROW_NUMBER() OVER (
                PARTITION BY account_id ORDER BY sent_at DESC, id DESC) AS n
            FROM ({sql}) readable
        ) ranked WHERE n > {int(start)} AND n <= {int(end)}"""
    rows: list[dict[str, Any]] = await connections.get("default").execute_query_dict(ranked, params)
    return [r["id"] for r in rows]
