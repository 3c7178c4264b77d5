"""The request's DataLoaders: one typed group per domain (`loaders.accounts.by_id`), made on
first use for one request (or one subscription event)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from strawberry.dataloader import DataLoader

from app.access.actors import Actor
from app.access.viewer import Viewer
from app.accounts.loaders import SHARED as ACCOUNTS_SHARED
from app.accounts.loaders import AccountLoaders
from app.contacts import loaders as contact_loaders
from app.contacts.loaders import ContactLoaders
from app.email_sync.loaders import EmailLoaders
from app.graphql.loaders import BatchFn, FunctionLoaders
from app.portal import loaders as portal_loaders
from app.portal.loaders import PortalLoaders


class Loaders(FunctionLoaders):
    """Each domain's group is a `functools.cached_property` here, e.g.
    `def accounts(self) -> AccountLoaders: return AccountLoaders(self.actor)`."""

    def __init__(self, viewer: Viewer | None, actor: Actor | None = None) -> None:
        super().__init__(viewer, actor)

    @functools.cached_property
    def contacts(self) -> ContactLoaders:
        return ContactLoaders(self.actor)

    @functools.cached_property
    def portal(self) -> PortalLoaders:
        group = PortalLoaders(self.actor)
        if (
            self.viewer is not None and self.viewer.client is not None
        ):  # read with the session: no statement to repeat
            group.own_login.prime(self.viewer.client.id, self.viewer.client)
        return group

    @functools.cached_property
    def accounts(self) -> AccountLoaders:
        return AccountLoaders(self.actor)

    @functools.cached_property
    def email_sync(self) -> EmailLoaders:
        return EmailLoaders(self.actor)

    def __getitem__(self, batch: BatchFn) -> DataLoader[Any, Any]:
        """TRANSITIONAL: a batch function of a converted domain reached the old way
        (`load[batch]`) is answered by its domain's typed loader: one cache, one batch."""
        if name := ACCOUNTS_SHARED.get(batch):
            return getattr(self.accounts, name)
        typed = _TYPED.get(batch)
        return typed(self) if typed is not None else super().__getitem__(batch)


# Transitional: function keys other domains still use, answered by the typed loaders.
_TYPED: dict[Any, Callable[[Loaders], DataLoader]] = {
    contact_loaders.emails_by_contact_id: lambda load: load.contacts.emails,
    portal_loaders.active_login_by_address: lambda load: load.portal.active_by_address,
    portal_loaders.pending_invitation_by_contact_email_id: (
        lambda load: load.portal.pending_invitation
    ),
    portal_loaders.recent_sign_ins_by_account_id: lambda load: load.portal.recent_sign_ins,
}
