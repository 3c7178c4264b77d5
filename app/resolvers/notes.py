"""Notes on accounts."""

from __future__ import annotations

from app.ids import pk_of
from app.resolvers import reports_user_errors
from app.schema.accounts import Note
from app.schema.context import Info
from app.schema.notes import AddNoteInput, NotePayload
from app.services import notes


@reports_user_errors(NotePayload)
async def add_note(info: Info, input: AddNoteInput) -> NotePayload:
    row = await notes.add_note(
        info.context.require_staff(), pk_of(input.account_id, "Account"), input.body
    )
    return NotePayload(note=Note.of(row))
