"""Account documents: files kept on disk under CRM_DOCUMENTS_DIR, listed per account."""

from __future__ import annotations

import asyncio
import contextlib
import re
import unicodedata
from pathlib import Path
from uuid import uuid4

from app.accounts.folders import CLIENT_UPLOADS
from app.accounts.models import Account
from app.email_sync.models import AccountDocument

NAME_MAX = 200
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
# Names Windows will not create: a client may download the file onto such a drive.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10))}
_RESERVED |= {f"LPT{i}" for i in range(10)}


def safe_filename(name: str | None) -> str:
    """A display name from a sender's filename: no directories, no forbidden characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # "../../etc/passwd" -> "passwd"
    name = _FORBIDDEN.sub("_", name)
    name = " ".join(name.split()).strip(" .")  # no hidden files, no "." or ".."
    if len(name) > NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        keep = dot + extension if dot and len(extension) <= 10 else ""
        name = name[: NAME_MAX - len(keep)].rstrip(" .") + keep
    if name.split(".")[0].upper() in _RESERVED:
        name = f"_{name}"
    return name or "attachment"


def upload_folder(account: Account) -> str:
    """The path of the account's "Client uploaded documents" folder, added to its tree when a
    template left it out (the caller saves the account)."""
    for node in account.folders:
        if node["name"].lower() == CLIENT_UPLOADS.lower():
            return str(node["name"])
    account.folders = [*account.folders, {"name": CLIENT_UPLOADS, "children": []}]
    return CLIENT_UPLOADS


class DocumentStore:
    """Writes document bytes under one directory, each under a fresh name of our own.

    Files written during a transaction that then fails are removed with `discard()`.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.written: list[Path] = []

    async def add(
        self,
        account: Account,
        folder: str,
        filename: str | None,
        content_type: str,
        data: bytes,
        email_message_id: int | None = None,
    ) -> AccountDocument:
        """Write the file, then its row (in the caller's transaction)."""
        key = f"{account.firm_id}/{account.id}/{uuid4().hex}"
        path = self.root / key
        await asyncio.to_thread(_write_new, path, data)
        self.written.append(path)
        return await AccountDocument.create(
            account_id=account.id,
            folder=folder,
            name=safe_filename(filename),
            content_type=content_type,
            size=len(data),
            storage_key=key,
            email_message_id=email_message_id,
        )

    def path_of(self, document: AccountDocument) -> Path:
        return self.root / document.storage_key

    async def discard(self) -> None:
        """Remove the files written so far (their rows were rolled back)."""
        paths, self.written = self.written, []
        await asyncio.to_thread(_remove, paths)


def _write_new(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as file:  # "x": never overwrite, even on a name collision
        file.write(data)


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
