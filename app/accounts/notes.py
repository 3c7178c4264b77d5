"""Notes on an account, written by staff."""

from __future__ import annotations

from app.access.viewer import Viewer
from app.accounts.models import Note
from app.accounts.policy import get_visible_account
from app.errors import ErrorCode, fail

MAX_NOTE_LENGTH = 20_000


async def add_note(viewer: Viewer, account_pk: int | None, body: str) -> Note:
    account = await get_visible_account(viewer, account_pk, "input", "accountId")
    body = body.strip()
    if not body:
        raise fail(ErrorCode.REQUIRED, "A note needs a body.", "input", "body")
    if len(body) > MAX_NOTE_LENGTH:
        raise fail(ErrorCode.INVALID, "The note is too long.", "input", "body")
    return await Note.create(account=account, author=viewer.staff, body=body)
