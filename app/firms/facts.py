"""What other domains read about a firm and its staff, without touching the firms' models:
the account name format, staff names, and which staff members are active."""

from __future__ import annotations

from collections.abc import Collection
from typing import cast

from app.firms.models import AccountNameFormat, Firm, StaffMember


async def account_name_format(firm_id: int) -> AccountNameFormat:
    """How the firm's generated account names read (first-last or last-first)."""
    found = await Firm.filter(id=firm_id).values_list("account_name_format", flat=True)
    return AccountNameFormat(cast(list[str], found)[0]) if found else AccountNameFormat.FIRST_LAST


async def first_name_of(staff_id: int) -> str:
    """The staff member's first name ("" for a member who no longer exists)."""
    found = await StaffMember.filter(id=staff_id).values_list("first_name", flat=True)
    return cast(list[str], found)[0] if found else ""


async def active_staff_ids(firm_id: int, staff_ids: Collection[int]) -> set[int]:
    """Those of the ids that are active staff members of the firm."""
    found = await StaffMember.filter(
        firm_id=firm_id, id__in=list(staff_ids), deactivated_at__isnull=True
    ).values_list("id", flat=True)
    return set(cast(list[int], found))


async def default_access_staff_ids(firm_id: int) -> list[int]:
    """The active staff members put on every new account's team."""
    found = await StaffMember.filter(
        firm_id=firm_id, has_default_account_access=True, deactivated_at__isnull=True
    ).values_list("id", flat=True)
    return cast(list[int], found)


async def firm(firm_id: int) -> Firm:
    """The firm's row (its name and settings), for a domain that needs them whole."""
    return await Firm.get(id=firm_id)
