"""Steps for the Inbox+ tests."""

from __future__ import annotations

from tests.support.graphql import Api


async def assign(api: Api, token: str, name: str, *staff_ids: str) -> dict:
    """An account whose team gets these staff members: each is sent ACCOUNT_ASSIGNED."""
    return (
        await api.create_account(
            token,
            type="OTHER",
            name=name,
            teamMemberIds=list(staff_ids),
            contacts=[{"contact": {"firstName": "C", "lastName": name}}],
        )
    )["account"]
