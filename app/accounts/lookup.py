"""One row by its id, for `node(id)`: found only where the actor reaches it (else None)."""

from __future__ import annotations

from app.access.actors import Actor
from app.access.permissions import READ_FIRM_DATA, entry_point
from app.accounts.folder_models import FolderTemplate
from app.accounts.models import AccountEmail, Note
from app.accounts.policy import visible_account_emails, visible_account_ids


@entry_point(READ_FIRM_DATA)
async def find_note(actor: Actor, pk: int) -> Note | None:
    """A note on an account the actor reaches."""
    return await Note.get_or_none(id=pk, account_id__in=visible_account_ids(actor))


@entry_point(READ_FIRM_DATA)
async def find_account_email(actor: Actor, pk: int) -> AccountEmail | None:
    """The toggles of an email on an account the actor reaches."""
    return await visible_account_emails(actor).filter(id=pk).select_related("contact_email").first()


@entry_point(READ_FIRM_DATA)
async def find_folder_template(actor: Actor, pk: int) -> FolderTemplate | None:
    """A folder template of the actor's firm."""
    return await FolderTemplate.get_or_none(id=pk, firm_id=actor.firm_id)
