"""Signing out, revoking a session and changing one's password."""

from __future__ import annotations

import strawberry

from app.firms import password_change, sessions
from app.firms.graphql.inputs import SignInPayload
from app.firms.graphql.resolvers import viewer_of
from app.firms.graphql.session_types import ChangePasswordInput, SignOutPayload
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of


@reports_user_errors(SignOutPayload, root=())
async def sign_out(info: Info) -> SignOutPayload:
    """End this session: its token stops working, and its open WebSockets close."""
    return SignOutPayload(count=await sessions.sign_out(info.context.require_viewer()))


@reports_user_errors(SignOutPayload, root=())
async def sign_out_everywhere(info: Info) -> SignOutPayload:
    """End every session of the signed-in person, this one included."""
    return SignOutPayload(count=await sessions.sign_out_everywhere(info.context.require_viewer()))


@reports_user_errors(SignOutPayload, root=())
async def revoke_session(info: Info, id: strawberry.ID) -> SignOutPayload:
    """End one of `viewer.sessions`."""
    viewer = info.context.require_viewer()
    return SignOutPayload(count=await sessions.revoke_session(viewer, pk_of(id, "SessionInfo")))


@reports_user_errors(SignInPayload)
async def change_password(info: Info, input: ChangePasswordInput) -> SignInPayload:
    """Needs the current password; ends every other session and keeps this one."""
    viewer = info.context.require_viewer()
    await password_change.change_password(
        viewer, input.current_password, input.new_password, info.context.client_address
    )
    return SignInPayload(session=None, viewer=viewer_of(viewer))
