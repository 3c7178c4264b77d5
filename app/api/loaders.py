"""The request's DataLoaders: one typed group per domain (`loaders.accounts.by_id`), made on
first use for one request (or one subscription event)."""

from __future__ import annotations

import functools
from typing import Any

from strawberry.dataloader import DataLoader

from app.access.viewer import Viewer
from app.accounts.loaders import SHARED as ACCOUNTS_SHARED
from app.accounts.loaders import AccountLoaders
from app.graphql.loaders import BatchFn, FunctionLoaders


class Loaders(FunctionLoaders):
    """Each domain's group is a `functools.cached_property` here, e.g.
    `def accounts(self) -> AccountLoaders: return AccountLoaders(self.actor)`."""

    def __init__(self, viewer: Viewer) -> None:
        super().__init__(viewer)

    @functools.cached_property
    def accounts(self) -> AccountLoaders:
        return AccountLoaders(self.actor)

    def __getitem__(self, batch: BatchFn) -> DataLoader[Any, Any]:
        # TRANSITIONAL: a batch function of a converted domain reached the old way
        # (`load[batch]`) shares its group's loader: one cache, one batch.
        name = ACCOUNTS_SHARED.get(batch)
        return getattr(self.accounts, name) if name else super().__getitem__(batch)
