"""Folder trees: templates, the default tree, and paths."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.access.actors import Actor
from app.access.permissions import ADMINISTER, READ_FIRM_DATA, entry_point
from app.accounts.folder_models import FolderTemplate
from app.errors import ErrorCode, fail
from app.validation import clean_name

CLIENT_UPLOADS = "Client uploaded documents"
DEFAULT_TREE: list[dict[str, Any]] = [
    {"name": CLIENT_UPLOADS, "children": []},
    {"name": "Firm documents", "children": []},
    {"name": "Tax returns", "children": []},
]
MAX_DEPTH = 8


@dataclass(frozen=True)
class FolderSpec:
    name: str
    children: Sequence[FolderSpec] = field(default_factory=tuple)


def clean_tree(specs: Sequence[FolderSpec], *path: str, depth: int = 0) -> list[dict[str, Any]]:
    """Validated JSON tree; folder names follow the name rules and are unique among siblings."""
    if specs and depth >= MAX_DEPTH:
        raise fail(ErrorCode.INVALID, f"Folders nest at most {MAX_DEPTH} deep.", *path)
    tree: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, spec in enumerate(specs):
        name = clean_name(spec.name, *path, str(i), "name")
        if name.lower() in seen:
            raise fail(ErrorCode.DUPLICATE, f"Two folders are named {name!r}.", *path, str(i))
        seen.add(name.lower())
        children = clean_tree(spec.children, *path, str(i), "children", depth=depth + 1)
        tree.append({"name": name, "children": children})
    return tree


@entry_point(READ_FIRM_DATA)
async def firm_folder_templates(actor: Actor) -> list[FolderTemplate]:
    """The firm's folder templates, by name."""
    return await FolderTemplate.filter(firm_id=actor.firm_id).order_by("name")


@entry_point(ADMINISTER)
async def create_folder_template(
    actor: Actor, name: str, folders: Sequence[FolderSpec]
) -> FolderTemplate:
    """A named folder tree new accounts may start from."""
    name = clean_name(name, "name")
    if not folders:
        raise fail(ErrorCode.REQUIRED, "A template needs at least one folder.", "folders")
    tree = clean_tree(folders, "folders")
    return await FolderTemplate.create(firm_id=actor.firm_id, name=name, tree=tree)


async def tree_for_new_account(firm_id: int, template_id: int | None) -> list[dict[str, Any]]:
    """The template's tree, or the default one when no template is asked for."""
    if template_id is None:
        return DEFAULT_TREE
    template = await FolderTemplate.get_or_none(id=template_id, firm_id=firm_id)
    if template is None:
        raise fail(ErrorCode.NOT_FOUND, "No such folder template.", "folder_template_id")
    return template.tree
