"""The portal's DataLoaders (`info.context.load.portal.<name>`): logins, active addresses,
waiting invitations, recent sign-ins and the accounts a login enters."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, datetime

from strawberry.dataloader import DataLoader

from app.access.actors import Actor, ClientActor
from app.access.viewer import Viewer, actor_of
from app.accounts.loaders import recent_ids
from app.accounts.models import Account
from app.graphql.loaders import LoaderGroup, by_id, grouped
from app.portal.logins import entered_accounts_by_email
from app.portal.models import Invitation, LoginActivity, PortalLogin


class PortalLoaders(LoaderGroup):
    """One request's portal loaders."""

    @functools.cached_property
    def own_login(self) -> DataLoader[int, PortalLogin | None]:
        """A client's own portal login, by its id (no one else's)."""
        return self.loader(_own_login_by_id)

    @functools.cached_property
    def active_by_address(self) -> DataLoader[str, bool]:
        """Whether each address has an activated portal login in the actor's firm."""
        return self.loader(_active_login_by_address)

    @functools.cached_property
    def pending_invitation(self) -> DataLoader[int, Invitation | None]:
        """The invitation waiting for each contact email id, if any."""
        return self.loader(_pending_invitation_by_contact_email_id)

    @functools.cached_property
    def recent_sign_ins(self) -> DataLoader[int, list[LoginActivity]]:
        """The five most recent portal sign-ins of each account id, newest first."""
        return self.loader(_recent_sign_ins_by_account_id)

    @functools.cached_property
    def entered_accounts(self) -> DataLoader[int, list[Account]]:
        """The live accounts each contact email id has LOGIN on in (a login's switcher),
        by name."""
        return self.loader(_entered_accounts_by_contact_email_id)


async def _own_login_by_id(actor: Actor, ids: Sequence[int]) -> list[PortalLogin | None]:
    own = actor.portal_login_id if isinstance(actor, ClientActor) else None
    wanted = [pk for pk in ids if pk == own]
    rows = await PortalLogin.filter(id__in=wanted, firm_id=actor.firm_id) if wanted else []
    return by_id(rows, lambda r: r.id, ids)


async def _active_login_by_address(actor: Actor, addresses: Sequence[str]) -> list[bool]:
    active = set(
        await PortalLogin.filter(firm_id=actor.firm_id, email__in=addresses).values_list(
            "email", flat=True
        )
    )
    return [a in active for a in addresses]


async def _pending_invitation_by_contact_email_id(
    actor: Actor, ids: Sequence[int]
) -> list[Invitation | None]:
    rows = await Invitation.filter(
        contact_email_id__in=ids,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=datetime.now(UTC),
    ).order_by("id")
    return by_id(rows, lambda r: r.contact_email_id, ids)  # the newest wins


async def _recent_sign_ins_by_account_id(
    actor: Actor, ids: Sequence[int]
) -> list[list[LoginActivity]]:
    picked = await recent_ids("login_activity", "at", ids)
    rows = await LoginActivity.filter(id__in=picked).order_by("-at", "-id")
    return grouped(rows, lambda r: r.account_id, ids)


async def _entered_accounts_by_contact_email_id(
    actor: Actor, ids: Sequence[int]
) -> list[list[Account]]:
    entered = await entered_accounts_by_email(actor.firm_id, ids)
    return [entered.get(pk, []) for pk in ids]


# Transitional: the function-keyed forms the accounts domain still asks for (`load[fn]`); the
# request's Loaders answers them with the typed loaders above (app/api/loaders.py), so both
# share one DataLoader. They go once those call sites use `load.portal.<name>`.


async def active_login_by_address(viewer: Viewer, addresses: Sequence[str]) -> list[bool]:
    return await _active_login_by_address(actor_of(viewer), addresses)


async def pending_invitation_by_contact_email_id(
    viewer: Viewer, ids: Sequence[int]
) -> list[Invitation | None]:
    return await _pending_invitation_by_contact_email_id(actor_of(viewer), ids)


async def recent_sign_ins_by_account_id(
    viewer: Viewer, ids: Sequence[int]
) -> list[list[LoginActivity]]:
    return await _recent_sign_ins_by_account_id(actor_of(viewer), ids)
