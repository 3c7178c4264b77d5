"""Which staff members and sessions an actor reaches: the one place these rules live."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from app.access.actors import Actor, AppActor, ClientActor, StaffActor, SystemActor
from app.firms.models import AuthSession, StaffMember


def visible_staff_members(actor: Actor) -> QuerySet[StaffMember]:
    """The members of the actor's firm (deactivated ones too); none for a client."""
    match actor:
        case StaffActor() | SystemActor() | AppActor():  # an app reads who did what
            return StaffMember.filter(firm_id=actor.firm_id)
        case ClientActor():
            return StaffMember.filter(id=0)


def own_sessions(actor: Actor) -> QuerySet[AuthSession]:
    """The actor's person's sessions (a staff member's or a portal login's); none for the
    server itself."""
    match actor:
        case StaffActor():
            return AuthSession.filter(staff_id=actor.staff_id)
        case ClientActor():
            return AuthSession.filter(portal_login_id=actor.portal_login_id)
        case SystemActor() | AppActor():  # an app has its API client, not sessions
            return AuthSession.filter(id=0)
