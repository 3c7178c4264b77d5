"""Steps on staff members: update, deactivate, reactivate (each answers its payload)."""

from __future__ import annotations

from typing import Any

from tests.support.documents.firms import (
    DEACTIVATE_STAFF_MEMBER,
    REACTIVATE_STAFF_MEMBER,
    UPDATE_STAFF_MEMBER,
)
from tests.support.graphql import Api


async def update(api: Api, token: str, **input: Any) -> dict[str, Any]:
    """updateStaffMember's payload."""
    return (await api.data(UPDATE_STAFF_MEMBER, {"input": input}, token))["updateStaffMember"]


async def deactivate(api: Api, token: str, id: str) -> dict[str, Any]:
    """deactivateStaffMember's payload."""
    return (await api.data(DEACTIVATE_STAFF_MEMBER, {"id": id}, token))["deactivateStaffMember"]


async def reactivate(api: Api, token: str, id: str) -> dict[str, Any]:
    """reactivateStaffMember's payload."""
    return (await api.data(REACTIVATE_STAFF_MEMBER, {"id": id}, token))["reactivateStaffMember"]
