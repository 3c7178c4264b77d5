"""Every service entry point refuses an actor its permission does not allow, before it
does anything; and every public service function that takes an actor is an entry point
(a new one without `@entry_point` fails here)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import UTC, datetime

import pytest

import app
from app.access.actors import Actor, ClientActor, SessionRef, StaffActor, StaffRole, SystemActor
from app.access.permissions import ENTRY_POINTS, EntryPoint
from app.errors import Forbidden, Unauthenticated

SESSION = SessionRef(1, datetime(2100, 1, 1, tzinfo=UTC))
# One actor of each kind and rank; ids name no row (a refusal must come before any query).
ACTORS: dict[str, Actor] = {
    "owner": StaffActor(firm_id=10**6, staff_id=10**6, role=StaffRole.OWNER, session=SESSION),
    "admin": StaffActor(firm_id=10**6, staff_id=10**6 + 1, role=StaffRole.ADMIN),
    "employee": StaffActor(firm_id=10**6, staff_id=10**6 + 2, role=StaffRole.EMPLOYEE),
    "manager": StaffActor(
        firm_id=10**6, staff_id=10**6 + 3, role=StaffRole.EMPLOYEE, can_manage_accounts=True
    ),
    "client": ClientActor(firm_id=10**6, portal_login_id=10**6, session=SESSION),
    "system": SystemActor(firm_id=10**6, reason="test"),
}


def _import_everything() -> None:
    for module in pkgutil.walk_packages(app.__path__, "app."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)


_import_everything()


def _refused(entry: EntryPoint) -> list[str]:
    return [name for name, actor in ACTORS.items() if not entry.permission.allows(actor)]


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
async def test_an_entry_point_refuses_actors_without_its_permission(name: str) -> None:
    entry = ENTRY_POINTS[name]
    for who in _refused(entry):
        with pytest.raises(Forbidden):
            await entry.function(ACTORS[who])  # refused before its arguments are looked at
    with pytest.raises(Unauthenticated):
        await entry.function(None)


def test_every_permission_refuses_someone() -> None:
    """An entry point open to every actor would not need one."""
    assert ENTRY_POINTS, "no entry points registered"
    open_to_all = [name for name, entry in ENTRY_POINTS.items() if not _refused(entry)]
    assert open_to_all == []


def test_every_public_service_function_taking_an_actor_is_an_entry_point() -> None:
    missing = []
    for module in pkgutil.walk_packages(app.__path__, "app."):
        if ".graphql" in module.name or ".migrations" in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for attr, function in vars(loaded).items():
            if attr.startswith("_") or not inspect.iscoroutinefunction(function):
                continue
            if function.__module__ != loaded.__name__:
                continue  # imported from elsewhere: judged where it is defined
            parameters = list(inspect.signature(function).parameters)
            if parameters[:1] == ["actor"] and not hasattr(function, "permission"):
                missing.append(f"{module.name}.{attr}")
    assert missing == [], "take an actor but declare no @entry_point(permission)"
