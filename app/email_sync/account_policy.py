"""ADAPTER (issue 14, to go at the merge): the accounts policy asked with an actor.

`app.accounts.policy` still takes a `Viewer` on this branch; the accounts domain is moving it
to actors at the same time. Every visibility question of inbox, email_sync, bulk and importing
goes through the two functions here, which hand the policy a Viewer built from the actor
(unsaved rows carrying the ids and rights the policy reads: no statement of their own). Once
the policy takes actors, these become plain re-exports of `app.accounts.policy`.
"""

from __future__ import annotations

from collections.abc import Collection

from tortoise.queryset import QuerySet

from app.access.actors import Actor, ClientActor, StaffActor, SystemActor
from app.access.viewer import Viewer
from app.accounts import policy
from app.accounts.models import Account
from app.firms.models import Firm, StaffMember
from app.portal.logins import contact_email_of
from app.portal.models import PortalLogin


def visible_accounts(actor: Actor) -> QuerySet[Account]:
    """`app.accounts.policy.visible_accounts` for an actor."""
    return policy.visible_accounts(_viewer(actor))


async def visible_to_staff(
    pairs: Collection[tuple[StaffActor, int]],
) -> dict[tuple[int, int], Account]:
    """`app.accounts.policy.visible_to_staff` for (staff actor, account id) pairs."""
    return await policy.visible_to_staff([(_viewer(actor), pk) for actor, pk in pairs])


def _viewer(actor: Actor) -> Viewer:
    firm = Firm(id=actor.firm_id)
    match actor:
        case StaffActor():
            staff = StaffMember(
                id=actor.staff_id,
                firm_id=actor.firm_id,
                role=actor.role,
                can_manage_accounts=actor.can_manage_accounts,
                can_view_all_accounts=actor.can_view_all_accounts,
                has_default_account_access=actor.has_default_account_access,
            )
            return Viewer(firm, staff=staff, session=actor.session)
        case ClientActor():
            login = PortalLogin(id=actor.portal_login_id, firm_id=actor.firm_id)
            login.contact_email_id = contact_email_of(actor)  # type: ignore[assignment]
            return Viewer(firm, client=login, session=actor.session)
        case SystemActor():  # the server sees the whole firm, as an owner would
            owner = StaffMember(id=0, firm_id=actor.firm_id, role="OWNER")
            return Viewer(firm, staff=owner)
