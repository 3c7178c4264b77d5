"""Folder trees and folder templates."""

from __future__ import annotations

from typing import Any

import strawberry

from app import models
from app.accounts.folders import FolderSpec
from app.graphql.ids import to_global_id
from app.graphql.types import Node, UserError


@strawberry.type
class Folder:
    name: str
    path: str
    children: list[Folder]


def folders_of(tree: list[dict[str, Any]], parent: str = "") -> list[Folder]:
    """The stored JSON tree as Folders, each with its path from the top."""
    result = []
    for node in tree:
        path = f"{parent}/{node['name']}" if parent else node["name"]
        result.append(
            Folder(name=node["name"], path=path, children=folders_of(node["children"], path))
        )
    return result


@strawberry.input
class FolderInput:
    name: str
    children: list[FolderInput] | None = None

    def spec(self) -> FolderSpec:
        return FolderSpec(self.name, [c.spec() for c in self.children or []])


@strawberry.type
class FolderTemplate(Node):
    name: str
    folders: list[Folder]

    @staticmethod
    def of(row: models.FolderTemplate) -> FolderTemplate:
        return FolderTemplate(
            id=strawberry.ID(to_global_id("FolderTemplate", row.id)),
            name=row.name,
            folders=folders_of(row.tree),
        )


@strawberry.input
class CreateFolderTemplateInput:
    name: str
    folders: list[FolderInput]


@strawberry.type
class FolderTemplatePayload:
    folder_template: FolderTemplate | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
