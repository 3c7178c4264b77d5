"""Loaders for EMAIL SYNC: pages of an account's email, the newest five, its documents.

A client reads only messages their own contact email took part in (From, To or Cc).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise import connections

from app.access.viewer import Viewer
from app.accounts.loaders import recent_ids
from app.email_sync.models import AccountDocument, EmailMessage
from app.graphql.loaders import by_id, grouped


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


async def email_page_by_key(viewer: Viewer, keys: Sequence[EmailPageKey]) -> list[EmailPage]:
    """One page per key, newest first: per distinct (first, offset, thread) one count and one
    windowed query for all the accounts asking, then one fetch of the rows."""
    pages: dict[EmailPageKey, EmailPage] = {}
    groups: dict[tuple[int, int, str | None], list[EmailPageKey]] = defaultdict(list)
    for key in keys:
        groups[(key.first, key.offset, key.thread_key)].append(key)
    for (first, offset, thread_key), members in groups.items():
        account_ids = list(dict.fromkeys(k.account_id for k in members))
        where, params = _where(viewer, account_ids, thread_key)
        totals = await _totals(where, params)
        picked = await _page_ids(where, params, first, offset) if first else []
        rows = await EmailMessage.filter(id__in=picked).order_by("-sent_at", "-id")
        groups_of = dict(
            zip(account_ids, grouped(rows, lambda r: r.account_id, account_ids), strict=True)
        )
        for member in members:
            pk = member.account_id
            pages[member] = EmailPage(groups_of[pk], totals.get(pk, 0))
    return [pages[k] for k in keys]


async def recent_emails_by_account_id(
    viewer: Viewer, ids: Sequence[int]
) -> list[list[EmailMessage]]:
    """The five newest messages of each account (staff only: the overview), in two statements."""
    picked = await recent_ids("email_message", "sent_at", ids)
    rows = await EmailMessage.filter(id__in=picked).order_by("-sent_at", "-id")
    return grouped(rows, lambda r: r.account_id, ids)


async def documents_by_account_id(
    viewer: Viewer, ids: Sequence[int]
) -> list[list[AccountDocument]]:
    rows = await AccountDocument.filter(account_id__in=ids).order_by("-created_at", "-id")
    return grouped(rows, lambda r: r.account_id, ids)


async def document_by_id(viewer: Viewer, ids: Sequence[int]) -> list[AccountDocument | None]:
    rows = await AccountDocument.filter(id__in=ids, account__firm_id=viewer.firm_id)
    return by_id(rows, lambda r: r.id, ids)


def _where(viewer: Viewer, account_ids: list[int], thread_key: str | None) -> tuple[str, list[Any]]:
    """The SQL condition (and its parameters) of the messages this viewer may list."""
    params: list[Any] = list(account_ids)
    clauses = [f"account_id IN ({', '.join('{}' for _ in account_ids)})"]
    if thread_key is not None:
        clauses.append("thread_key = {}")
        params.append(thread_key)
    if viewer.client is not None:
        clauses.append(
            "id IN (SELECT email_message_id FROM email_participant WHERE contact_email_id = {})"
        )
        params.append(viewer.client.contact_email_id or 0)
    return " AND ".join(clauses), params


def _numbered(sql: str, count: int) -> str:
    """Fill the `{}` placeholders with the dialect's own: `?` (SQLite) or `$1`... (PostgreSQL)."""
    sqlite = connections.get("default").capabilities.dialect == "sqlite"
    return sql.format(*("?" if sqlite else f"${i + 1}" for i in range(count)))


async def _totals(where: str, params: list[Any]) -> dict[int, int]:
    sql = (
        f"SELECT account_id, COUNT(*) AS total FROM email_message WHERE {where} GROUP BY account_id"
    )
    rows = await connections.get("default").execute_query_dict(_numbered(sql, len(params)), params)
    return {r["account_id"]: r["total"] for r in rows}


async def _page_ids(where: str, params: list[Any], first: int, offset: int) -> list[int]:
    sql = f"""
        SELECT id FROM (
            SELECT id, ROW_NUMBER() OVER (
                PARTITION BY account_id ORDER BY sent_at DESC, id DESC) AS n
            FROM email_message WHERE {where}
        ) ranked WHERE n > {int(offset)} AND n <= {int(offset) + int(first)}"""
    rows = await connections.get("default").execute_query_dict(_numbered(sql, len(params)), params)
    return [r["id"] for r in rows]
