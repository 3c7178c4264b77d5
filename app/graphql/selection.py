"""What a query asks for below the field being resolved, read ahead of its resolution."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.types.nodes import Directives, SelectedField, Selection


def reached(fields: list[SelectedField], *path: str) -> list[SelectedField]:
    """The fields at the end of `path` (GraphQL field names) below `fields`, through fragments.
    Fields that @skip or @include leave out do not count."""
    for name in path:
        fields = [child for field in fields for child in _named(field.selections, name)]
    return fields


def _named(selections: list[Selection], name: str) -> Iterator[SelectedField]:
    for selection in selections:
        if not _included(selection.directives):
            continue
        if isinstance(selection, SelectedField):
            if selection.name == name:
                yield selection
        else:  # a fragment: its fields are the parent's
            yield from _named(selection.selections, name)


def _included(directives: Directives) -> bool:
    skip, include = directives.get("skip"), directives.get("include")
    return not (skip and skip.get("if")) and not (include and not include.get("if"))
