"""Tags: created per firm, set on accounts and contacts."""

from __future__ import annotations

from collections.abc import Sequence

from app.access.actors import Actor
from app.access.permissions import MANAGE_ACCOUNTS, READ_FIRM_DATA, entry_point
from app.errors import ErrorCode, fail
from app.tags.models import AccountTag, ContactTag, Tag
from app.validation import clean_name, clean_text


@entry_point(READ_FIRM_DATA)
async def firm_tags(actor: Actor) -> list[Tag]:
    """The firm's tags, by name."""
    return await Tag.filter(firm_id=actor.firm_id).order_by("name")


@entry_point(MANAGE_ACCOUNTS)
async def create_tag(actor: Actor, name: str, color: str | None) -> Tag:
    """A new tag of the actor's firm (names are unique in a firm)."""
    name = clean_name(name, "name")
    if await Tag.filter(firm_id=actor.firm_id, name=name).exists():
        raise fail(ErrorCode.DUPLICATE, "A tag with this name exists.", "name")
    return await Tag.create(firm_id=actor.firm_id, name=name, color=clean_text(color, 32))


async def check_tag_ids(firm_id: int, tag_ids: Sequence[int], *field: str | int) -> list[int]:
    """The distinct ids, all of this firm's tags, or NOT_FOUND."""
    wanted = list(dict.fromkeys(tag_ids))
    found = await Tag.filter(firm_id=firm_id, id__in=wanted).count()
    if found != len(wanted):
        raise fail(ErrorCode.NOT_FOUND, "No such tag.", *field)
    return wanted


async def set_account_tags(account_id: int, tag_ids: Sequence[int]) -> None:
    await AccountTag.filter(account_id=account_id).exclude(tag_id__in=tag_ids).delete()
    have = set(await AccountTag.filter(account_id=account_id).values_list("tag_id", flat=True))
    await AccountTag.bulk_create(
        [AccountTag(account_id=account_id, tag_id=t) for t in tag_ids if t not in have]
    )


async def set_contact_tags(contact_id: int, tag_ids: Sequence[int]) -> None:
    await ContactTag.filter(contact_id=contact_id).exclude(tag_id__in=tag_ids).delete()
    have = set(await ContactTag.filter(contact_id=contact_id).values_list("tag_id", flat=True))
    await ContactTag.bulk_create(
        [ContactTag(contact_id=contact_id, tag_id=t) for t in tag_ids if t not in have]
    )


@entry_point(READ_FIRM_DATA)
async def find_tag(actor: Actor, pk: int) -> Tag | None:
    """A tag of the actor's firm, by id."""
    return await Tag.get_or_none(id=pk, firm_id=actor.firm_id)
