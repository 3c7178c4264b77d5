"""Account teams: the staff members who work on an account (and see it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from app.accounts.models import AccountTeamMember
from app.errors import ErrorCode, fail
from app.firms.facts import active_staff_ids, default_access_staff_ids


async def check_staff_ids(
    firm_id: int, staff_ids: Sequence[int], *field: str | int, account_id: int | None = None
) -> list[int]:
    """The ids without repeats; NOT_FOUND unless each is an active staff member of the firm.
    A deactivated member already on the team of `account_id` may stay on it (a team sent
    back as it was listed), but nobody adds one."""
    wanted = list(dict.fromkeys(staff_ids))
    missing = set(wanted) - await active_staff_ids(firm_id, wanted)
    if missing and account_id is not None:
        kept = await AccountTeamMember.filter(
            account_id=account_id, staff_id__in=list(missing)
        ).values_list("staff_id", flat=True)
        missing -= set(cast(list[int], kept))
    if missing:
        raise fail(ErrorCode.NOT_FOUND, "No such staff member.", *field)
    return wanted


async def default_team(firm_id: int, creator_id: int | None) -> list[int]:
    """The creator and every active staff member with default account access."""
    ids = await default_access_staff_ids(firm_id)
    return list(dict.fromkeys([*([creator_id] if creator_id else []), *ids]))


async def set_team(account_id: int, staff_ids: Iterable[int]) -> list[int]:
    """Replace the team; answer the ids of the staff members newly added."""
    wanted = list(dict.fromkeys(staff_ids))
    await AccountTeamMember.filter(account_id=account_id).exclude(staff_id__in=wanted).delete()
    have = set(
        await AccountTeamMember.filter(account_id=account_id).values_list("staff_id", flat=True)
    )
    added = [s for s in wanted if s not in have]
    await AccountTeamMember.bulk_create(
        [AccountTeamMember(account_id=account_id, staff_id=s) for s in added]
    )
    return added
