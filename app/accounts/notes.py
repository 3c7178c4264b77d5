"""Notes on an account, written by staff."""

from __future__ import annotations

from app.access.actors import StaffActor
from app.access.permissions import WORK_ON_ACCOUNTS, entry_point
from app.accounts.models import Note
from app.accounts.policy import get_visible_account
from app.errors import ErrorCode, fail

MAX_NOTE_LENGTH = 20_000


@entry_point(WORK_ON_ACCOUNTS)
async def add_note(actor: StaffActor, account_pk: int | None, body: str) -> Note:
    """A note by the actor on an account they reach."""
    account = await get_visible_account(actor, account_pk, "account_id")
    body = body.strip()
    if not body:
        raise fail(ErrorCode.REQUIRED, "A note needs a body.", "body")
    if len(body) > MAX_NOTE_LENGTH:
        raise fail(ErrorCode.INVALID, "The note is too long.", "body")
    return await Note.create(account=account, author_id=actor.staff_id, body=body)
