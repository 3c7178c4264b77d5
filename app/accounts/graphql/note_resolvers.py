"""Notes on accounts."""

from __future__ import annotations

from app.access.permissions import WORK_ON_ACCOUNTS
from app.accounts import notes
from app.accounts.graphql.note_types import AddNoteInput, NotePayload
from app.accounts.graphql.types import Account, Note
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of


@reports_user_errors(NotePayload)
async def add_note(info: Info, input: AddNoteInput) -> NotePayload:
    row = await notes.add_note(
        info.context.require_staff_actor(WORK_ON_ACCOUNTS),
        pk_of(input.account_id, Account),
        input.body,
    )
    return NotePayload(note=Note.of(row))
