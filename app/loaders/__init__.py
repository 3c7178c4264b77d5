"""DataLoaders, created per request: each batch function answers in key order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from app.viewer import Viewer

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
BatchFn = Callable[[Viewer, Sequence[Any]], Awaitable[Sequence[Any]]]


class Loaders:
    """One DataLoader per batch function, made on first use, for one request or event."""

    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self._loaders: dict[BatchFn, DataLoader] = {}

    def __getitem__(self, batch: BatchFn) -> DataLoader:
        loader = self._loaders.get(batch)
        if loader is None:
            viewer = self.viewer

            async def load(keys: list[Any]) -> Sequence[Any]:
                return await batch(viewer, keys)

            loader = self._loaders[batch] = DataLoader(load_fn=load)
        return loader

    async def load(self, batch: BatchFn, key: Any) -> Any:
        return await self[batch].load(key)


def grouped(rows: Iterable[V], key: Callable[[V], K], keys: Sequence[K]) -> list[list[V]]:
    """Rows grouped under each key, in key order (an empty list for a key without rows)."""
    groups: dict[K, list[V]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return [groups.get(k, []) for k in keys]


def by_id(rows: Iterable[V], key: Callable[[V], K], keys: Sequence[K]) -> list[V | None]:
    found = {key(row): row for row in rows}
    return [found.get(k) for k in keys]
