"""Password reset by mail: asking for a link, and setting the new password with it."""

from __future__ import annotations

from dataclasses import replace

from app.firms import password_reset
from app.firms.graphql.inputs import SignInPayload
from app.firms.graphql.password_reset_types import (
    RequestPasswordResetInput,
    RequestPasswordResetPayload,
    ResetPasswordInput,
)
from app.firms.graphql.types import Session, Viewer
from app.firms.sessions import open_session
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors


@reports_user_errors(RequestPasswordResetPayload)
async def request_password_reset(
    info: Info, input: RequestPasswordResetInput
) -> RequestPasswordResetPayload:
    await password_reset.request_password_reset(
        input.email, input.firm_slug, info.context.settings, info.context.client_address
    )
    return RequestPasswordResetPayload(accepted=True)


@reports_user_errors(SignInPayload)
async def reset_password(info: Info, input: ResetPasswordInput) -> SignInPayload:
    """Every session of the person ends; the answer is a fresh one."""
    done = await password_reset.reset_password(
        input.token, input.new_password, info.context.client_address
    )
    ttl = info.context.settings.session_ttl
    session = await open_session(
        done.firm,
        ttl,
        staff=done.staff,
        client=done.login,
        user_agent=info.context.user_agent,
    )
    # As before the actors: this payload's viewer marks none of its sessions `current`.
    return SignInPayload(
        session=Session.of(session), viewer=Viewer.of(replace(session.actor, session=None))
    )
