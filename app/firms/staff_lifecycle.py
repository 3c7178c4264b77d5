"""A staff member's life after creation: names, role and rights changed, deactivated (no
sign-in, no sessions, no notifications, still in history) and reactivated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from app.access.actors import StaffActor
from app.access.permissions import ADMINISTER, entry_point
from app.db.unit_of_work import unit_of_work
from app.errors import Collector, ErrorCode, Forbidden, fail
from app.firms.models import Firm, StaffMember, StaffRole
from app.firms.sessions import end_sessions
from app.validation import clean_name


@dataclass(frozen=True)
class StaffChanges:
    """What updateStaffMember changes: None leaves a field as it is."""

    first_name: str | None = None
    last_name: str | None = None
    role: StaffRole | None = None
    manage_accounts: bool | None = None
    view_all_accounts: bool | None = None
    default_account_access: bool | None = None


@entry_point(ADMINISTER)
async def update_staff_member(
    actor: StaffActor, staff_id: int | None, changes: StaffChanges
) -> StaffMember:
    """Change the fields given. Only owners make owners; the last active owner stays one."""
    errors = Collector()
    columns: dict[str, object] = {}
    if changes.first_name is not None:
        columns["first_name"] = errors.check(clean_name, changes.first_name, "first_name")
    if changes.last_name is not None:
        columns["last_name"] = errors.check(clean_name, changes.last_name, "last_name")
    errors.raise_any()
    rights = {
        "can_manage_accounts": changes.manage_accounts,
        "can_view_all_accounts": changes.view_all_accounts,
        "has_default_account_access": changes.default_account_access,
    }
    columns.update({k: v for k, v in rights.items() if v is not None})
    if changes.role is not None:
        columns["role"] = changes.role
    async with unit_of_work():
        target = await _target(actor, staff_id, "id")
        if changes.role == StaffRole.OWNER and not actor.is_owner:
            raise Forbidden("Only an owner may make someone an owner.")
        if changes.role not in (None, StaffRole.OWNER):
            await _keep_an_owner(target, "role")
        if columns:
            target.update_from_dict(columns)
            await target.save(update_fields=list(columns))
    return target


@entry_point(ADMINISTER)
async def deactivate_staff_member(actor: StaffActor, staff_id: int | None) -> StaffMember:
    """Stop the member signing in, end their sessions (and sockets) and their notifications;
    what they did stays theirs. Deactivating an inactive member changes nothing."""
    async with unit_of_work():
        target = await _target(actor, staff_id, "id")
        if target.id == actor.staff_id:
            raise fail(
                ErrorCode.INVALID,
                "You cannot deactivate yourself; ask another owner or admin.",
                "id",
            )
        await _keep_an_owner(target, "id")
        if target.is_active:
            target.deactivated_at = datetime.now(UTC)
            await target.save(update_fields=["deactivated_at"])
    await end_sessions(staff_id=target.id)  # also any opened while this ran
    return target


@entry_point(ADMINISTER)
async def reactivate_staff_member(actor: StaffActor, staff_id: int | None) -> StaffMember:
    """Let the member sign in again (their old sessions stay ended)."""
    async with unit_of_work():
        target = await _target(actor, staff_id, "id")
        if not target.is_active:
            target.deactivated_at = None
            await target.save(update_fields=["deactivated_at"])
    return target


async def _target(actor: StaffActor, staff_id: int | None, *field: str) -> StaffMember:
    """The actor's firm's member (NOT_FOUND otherwise), the firm locked against concurrent
    changes of its owners; an admin may not act on an owner."""
    await Firm.filter(id=actor.firm_id).select_for_update().values_list("id")
    target = await StaffMember.get_or_none(id=staff_id or 0, firm_id=actor.firm_id)
    if target is None:
        raise fail(ErrorCode.NOT_FOUND, "No such staff member.", *field)
    if target.role == StaffRole.OWNER and not actor.is_owner:
        raise Forbidden("Only an owner may change an owner.")
    return target


async def _keep_an_owner(target: StaffMember, *field: str) -> None:
    """INVALID when the target is the firm's last active owner (about to stop being one)."""
    if target.role != StaffRole.OWNER or not target.is_active:
        return
    others = StaffMember.filter(
        firm_id=target.firm_id, role=StaffRole.OWNER, deactivated_at__isnull=True
    ).exclude(id=target.id)
    if not await others.exists():
        raise fail(
            ErrorCode.INVALID,
            "This is the firm's last active owner: make someone else an owner first.",
            *field,
        )
