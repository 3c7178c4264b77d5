"""The contact list: search, tag filter and order, one page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import Q, Subquery

from app.access.actors import Actor
from app.access.permissions import READ_CONTACTS, entry_point
from app.contacts.models import Contact, ContactEmail
from app.contacts.policy import visible_contacts
from app.db.paging import fetch_page
from app.pagination import Page, PageRequest
from app.tags.models import ContactTag


@dataclass(frozen=True)
class ContactQuery:
    """Every word of `search` must match a name or an email; any of `tag_ids` must be set."""

    search: str | None = None
    tag_ids: Sequence[int] | None = None


def search_words(search: str | None) -> list[str]:
    """The words of a search (lower case, at most eight)."""
    return (search or "").strip().lower().split()[:8]


def contact_matches(word: str) -> Q:
    """Contacts whose name or any email contains the word."""
    emails = ContactEmail.filter(address__icontains=word).values("contact_id")
    return (
        Q(first_name__icontains=word)
        | Q(middle_name__icontains=word)
        | Q(last_name__icontains=word)
        | Q(id__in=Subquery(emails))
    )


@entry_point(READ_CONTACTS)
async def list_contacts(actor: Actor, query: ContactQuery, page: PageRequest) -> Page[Contact]:
    """A page of the contacts the actor sees, by last name, first name."""
    rows = visible_contacts(actor)
    for word in search_words(query.search):
        rows = rows.filter(contact_matches(word))
    if query.tag_ids:
        tagged = ContactTag.filter(tag_id__in=list(query.tag_ids)).values("contact_id")
        rows = rows.filter(id__in=Subquery(tagged))
    return await fetch_page(rows.order_by("last_name", "first_name", "id"), page)
