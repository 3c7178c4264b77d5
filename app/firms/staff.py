"""Staff members of a firm and their access rights."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from app.access.actors import SessionRef, StaffActor
from app.access.permissions import ADMINISTER, STAFF, entry_point
from app.access.secrets import check_password_strength, hash_password
from app.errors import Collector, ErrorCode, fail
from app.firms.models import StaffMember, StaffRole
from app.firms.policy import visible_staff_members
from app.validation import clean_email, clean_name


def staff_actor(row: StaffMember, session: SessionRef | None = None) -> StaffActor:
    """The actor a staff member's row makes, with the rights it grants."""
    return StaffActor(
        firm_id=row.firm_id,
        staff_id=row.id,
        role=StaffRole(row.role),
        can_manage_accounts=row.can_manage_accounts,
        can_view_all_accounts=row.can_view_all_accounts,
        has_default_account_access=row.has_default_account_access,
        session=session,
    )


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


@entry_point(ADMINISTER)
async def create_staff_member(actor: StaffActor, data: NewStaffMember) -> StaffMember:
    """A new member of the actor's firm (not an owner: a firm has one)."""
    errors = Collector()
    email = errors.check(clean_email, data.email, "email")
    first = errors.check(clean_name, data.first_name, "first_name")
    last = errors.check(clean_name, data.last_name, "last_name")
    errors.check(check_password_strength, data.password, "password")
    if data.role == StaffRole.OWNER:
        errors.add(fail(ErrorCode.INVALID, "A firm has one owner.", "role"))
    errors.raise_any()
    await _check_taken(email)
    password_hash = await hash_password(data.password)
    try:
        return await StaffMember.create(
            firm_id=actor.firm_id,
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


@entry_point(STAFF)
async def staff_members(actor: StaffActor) -> list[StaffMember]:
    """Every member of the actor's firm (deactivated ones too), by name."""
    return await visible_staff_members(actor).order_by("last_name", "first_name", "id")


@entry_point(STAFF)
async def staff_member(actor: StaffActor, staff_id: int | None) -> StaffMember | None:
    """A member of the actor's firm, or None."""
    if staff_id is None:
        return None
    return await visible_staff_members(actor).get_or_none(id=staff_id)


@entry_point(STAFF)
async def signed_in_member(actor: StaffActor) -> StaffMember:
    """The acting staff member's own row."""
    return await StaffMember.get(id=actor.staff_id)


async def _check_taken(email: str | None) -> None:
    if await StaffMember.filter(email=email).exists():
        raise fail(ErrorCode.DUPLICATE, "This email is taken.", "email")


async def staff_with_firm(staff_id: int) -> StaffMember:
    """The staff member's row with their firm's (one statement): names for what they send."""
    return await StaffMember.get(id=staff_id).select_related("firm")
