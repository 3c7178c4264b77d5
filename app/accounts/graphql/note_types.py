"""Inputs and payloads of notes."""

from __future__ import annotations

import strawberry

from app.accounts.graphql.types import Note
from app.graphql.types import UserError


@strawberry.input
class AddNoteInput:
    account_id: strawberry.ID
    body: str


@strawberry.type
class NotePayload:
    note: Note | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
