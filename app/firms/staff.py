"""Staff members of a firm and their access rights."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from app.access.secrets import check_password_strength, hash_password
from app.errors import Collector, ErrorCode, fail
from app.firms.models import Firm, StaffMember, StaffRole
from app.validation import clean_email, clean_name


@dataclass(frozen=True)
class NewStaffMember:
    email: str
    first_name: str
    last_name: str
    role: StaffRole
    password: str
    manage_accounts: bool = False
    view_all_accounts: bool = False
    default_account_access: bool = False


async def create_staff_member(firm: Firm, data: NewStaffMember) -> StaffMember:
    errors = Collector()
    email = errors.check(clean_email, data.email, "input", "email")
    first = errors.check(clean_name, data.first_name, "input", "firstName")
    last = errors.check(clean_name, data.last_name, "input", "lastName")
    errors.check(check_password_strength, data.password, "input", "password")
    if data.role == StaffRole.OWNER:
        errors.add(fail(ErrorCode.INVALID, "A firm has one owner.", "input", "role"))
    errors.raise_any()
    await _check_taken(email)
    password_hash = await hash_password(data.password)
    try:
        return await StaffMember.create(
            firm=firm,
            email=email,
            first_name=first,
            last_name=last,
            role=data.role,
            password_hash=password_hash,
            can_manage_accounts=data.manage_accounts,
            can_view_all_accounts=data.view_all_accounts,
            has_default_account_access=data.default_account_access,
        )
    except IntegrityError:
        # A concurrent request took the email between the check and the insert.
        await _check_taken(email)
        raise


async def _check_taken(email: str | None) -> None:
    if await StaffMember.filter(email=email).exists():
        raise fail(ErrorCode.DUPLICATE, "This email is taken.", "input", "email")


async def staff_with_firm(staff_id: int) -> StaffMember:
    """The staff member's row with their firm's (one statement): names for what they send."""
    return await StaffMember.get(id=staff_id).select_related("firm")
