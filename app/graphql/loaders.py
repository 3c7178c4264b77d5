"""DataLoaders, created per request: each batch function answers in key order.

A field resolved through `Loaders.shaped` completes at once when its value is loaded already
(see app/accounts/graphql/prefetch.py), and only otherwise waits for a batch: graphql-core runs
a field that answers an awaitable as a task of its own, which costs more than the field.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from app.access.actors import Actor
from app.access.viewer import Viewer, actor_of

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
BatchFn = Callable[[Viewer, Sequence[Any]], Awaitable[Sequence[Any]]]


class LoaderGroup:
    """A domain's DataLoaders for one request, as attributes (`functools.cached_property`
    returning `self.loader(batch)`), each batch function called with the actor."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    def loader(self, batch: Callable[[Actor, list[K]], Awaitable[Sequence[V]]]) -> DataLoader[K, V]:
        actor = self.actor

        async def load(keys: list[K]) -> Sequence[V]:
            return await batch(actor, keys)

        return DataLoader(load_fn=load)


class FunctionLoaders:
    """One DataLoader per batch function taking the viewer (the form the domains leave for
    `LoaderGroup`), made on first use, for one request or event."""

    def __init__(self, viewer: Viewer | None, actor: Actor | None = None) -> None:
        self.viewer = viewer
        actor = actor if actor is not None else actor_of(viewer) if viewer else None
        assert actor is not None, "loaders are made for someone"
        self.actor: Actor = actor
        self._loaders: dict[BatchFn, DataLoader] = {}

    def __getitem__(self, batch: BatchFn) -> DataLoader:
        loader = self._loaders.get(batch)
        if loader is None:
            # An app has no viewer: the batch functions read only `firm_id`, which it has.
            viewer: Any = self.viewer if self.viewer is not None else self.actor

            async def load(keys: list[Any]) -> Sequence[Any]:
                return await batch(viewer, keys)

            loader = self._loaders[batch] = DataLoader(load_fn=load)
        return loader

    async def load(self, batch: BatchFn, key: Any) -> Any:
        return await self[batch].load(key)

    def shaped(self, batch: BatchFn, key: Any, shape: Callable[[Any], Any]) -> Any:
        return shaped(self[batch], key, shape)


def shaped(loader: DataLoader[Any, Any], key: Any, shape: Callable[[Any], Any]) -> Any:
    """`shape` of the value for `key`: now if this request has loaded it already, else
    an awaitable of it (batched with the other keys asked for meanwhile). A resolver may
    answer either: graphql-core awaits what needs awaiting."""
    future = loader.cache_map.get(key)
    if future is not None and future.done() and not future.cancelled() and not future.exception():
        return shape(future.result())
    return _shape_later(loader.load(key), shape)


async def _shape_later(value: Awaitable[Any], shape: Callable[[Any], Any]) -> Any:
    return shape(await value)


def grouped(rows: Iterable[V], key: Callable[[V], K], keys: Sequence[K]) -> list[list[V]]:
    """Rows grouped under each key, in key order (an empty list for a key without rows)."""
    groups: dict[K, list[V]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return [groups.get(k, []) for k in keys]


def by_id(rows: Iterable[V], key: Callable[[V], K], keys: Sequence[K]) -> list[V | None]:
    found = {key(row): row for row in rows}
    return [found.get(k) for k in keys]
