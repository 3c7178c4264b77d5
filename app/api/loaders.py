"""The request's DataLoaders: one typed group per domain (`loaders.accounts.by_id`), made on
first use for one request (or one subscription event)."""

from __future__ import annotations

import functools

from app.access.viewer import Viewer
from app.email_sync.loaders import EmailLoaders
from app.graphql.loaders import FunctionLoaders


class Loaders(FunctionLoaders):
    """Each domain's group is a `functools.cached_property` here, e.g.
    `def accounts(self) -> AccountLoaders: return AccountLoaders(self.actor)`."""

    def __init__(self, viewer: Viewer) -> None:
        super().__init__(viewer)

    @functools.cached_property
    def email_sync(self) -> EmailLoaders:
        return EmailLoaders(self.actor)
