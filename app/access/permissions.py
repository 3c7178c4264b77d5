"""What an actor may do: named permissions, checked by the service that does the work.

Each service entry point declares its permission with `@entry_point(...)`; the check runs
before the function body, whoever calls it (GraphQL, the CLI, the importer). GraphQL's
permission classes (app/graphql/permissions.py) ask the same `allows`, so a field is refused
up front with the same answer. `ENTRY_POINTS` lists them all for tests/access/test_policy.py.

Which rows an allowed actor reaches (firm, team) is the other half, answered per aggregate
by the domain's visibility builder (`app.accounts.policy.visible_accounts`, ...).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from app.access.actors import Actor, ClientActor, StaffActor, SystemActor
from app.errors import Forbidden, Unauthenticated

P = ParamSpec("P")
R = TypeVar("R")
A = TypeVar("A", bound=Actor)


def _any_staff(staff: StaffActor) -> bool:
    return True


def _admins(staff: StaffActor) -> bool:
    return staff.is_admin


def _account_managers(staff: StaffActor) -> bool:
    return staff.manages_accounts


@dataclass(frozen=True)
class Permission:
    """A named right: which staff hold it (None: no staff), and whether clients and the
    server itself do."""

    name: str
    staff: Callable[[StaffActor], bool] | None = _any_staff
    clients: bool = False
    system: bool = False

    def allows(self, actor: Actor) -> bool:
        match actor:
            case StaffActor():
                return self.staff is not None and self.staff(actor)
            case ClientActor():
                return self.clients
            case SystemActor():
                return self.system


# The firm-wide rights; a domain may declare its own next to its policy.
SIGNED_IN = Permission("be signed in", clients=True)
STAFF = Permission("be a staff member")
READ_ACCOUNTS = Permission("read accounts", clients=True)
WORK_ON_ACCOUNTS = Permission(
    "work on accounts"
)  # notes, toggles, mail: any staff, on their accounts
MANAGE_ACCOUNTS = Permission("manage accounts", staff=_account_managers, system=True)
ADMINISTER = Permission("administer the firm", staff=_admins)


def require(actor: Actor | None, permission: Permission) -> Actor:
    """The actor, when it holds the permission; UNAUTHENTICATED without one, else FORBIDDEN."""
    if actor is None:
        raise Unauthenticated()
    if not permission.allows(actor):
        raise Forbidden(f"You may not {permission.name}.")
    return actor


@dataclass(frozen=True)
class EntryPoint:
    function: Callable[..., Awaitable[Any]]
    permission: Permission


ENTRY_POINTS: dict[str, EntryPoint] = {}


def entry_point(
    permission: Permission,
) -> Callable[
    [Callable[Concatenate[A, P], Awaitable[R]]], Callable[Concatenate[A, P], Awaitable[R]]
]:
    """Declare a service function's permission: it is checked on the actor (its first
    argument) before the function runs, and the function is listed in ENTRY_POINTS."""

    def decorate(
        function: Callable[Concatenate[A, P], Awaitable[R]],
    ) -> Callable[Concatenate[A, P], Awaitable[R]]:
        @functools.wraps(function)
        async def checked(actor: A, /, *args: P.args, **kwargs: P.kwargs) -> R:
            require(actor, permission)
            return await function(actor, *args, **kwargs)

        name = f"{function.__module__}.{function.__qualname__}"
        ENTRY_POINTS[name] = EntryPoint(checked, permission)
        checked.permission = permission  # type: ignore[attr-defined]
        return checked

    return decorate
