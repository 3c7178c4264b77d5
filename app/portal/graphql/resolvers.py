"""The client portal: invitations, activation, self-registration and client sign-in."""

from __future__ import annotations

from app.access.permissions import SEND_INVITATIONS
from app.access.viewer import Viewer
from app.accounts.graphql.toggle_types import AccountEmailPayload
from app.accounts.graphql.types import AccountEmail
from app.firms import sign_in
from app.firms.graphql.inputs import SignInPayload
from app.firms.graphql.resolvers import viewer_of
from app.firms.graphql.types import Session
from app.firms.sessions import open_session
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of
from app.portal import activation, invitations, registration, registration_confirmation
from app.portal.graphql.types import (
    ActivatePortalAccessInput,
    ConfirmClientRegistrationInput,
    PortalSessionPayload,
    PortalSignInInput,
    RegisterClientInput,
    SendInvitationInput,
)
from app.portal.models import PortalLogin


async def _signed_in(info: Info, login: PortalLogin) -> tuple[Session, Viewer]:
    session = await open_session(
        login.firm,
        info.context.settings.session_ttl,
        client=login,
        user_agent=info.context.user_agent,
    )
    return Session.of(session), Viewer(firm=login.firm, client=login, session=session.ref)


@reports_user_errors(SignInPayload)
async def portal_sign_in(info: Info, input: PortalSignInInput) -> SignInPayload:
    login = await sign_in.authenticate_client(
        input.firm_slug, input.email, input.password, info.context.client_address
    )
    session, viewer = await _signed_in(info, login)
    return SignInPayload(session=session, viewer=viewer_of(viewer))


@reports_user_errors(PortalSessionPayload)
async def activate_portal_access(
    info: Info, input: ActivatePortalAccessInput
) -> PortalSessionPayload:
    entry = await activation.activate_portal_access(
        input.token, input.password, info.context.settings, info.context.client_address
    )
    session, viewer = await _signed_in(info, entry.login)
    return PortalSessionPayload(session=session, viewer=viewer_of(viewer))


@reports_user_errors(PortalSessionPayload)
async def register_client(info: Info, input: RegisterClientInput) -> PortalSessionPayload:
    """Mails the address (a confirmation link, or what to do if the firm knows it); answers
    no session, the same whether or not the address is known."""
    data = registration.Registration(
        firm_slug=input.firm_slug,
        account_type=input.account_type,
        company_name=input.company_name,
        first_name=input.first_name,
        last_name=input.last_name,
        email=input.email,
    )
    await registration.register_client(data, info.context.settings, info.context.client_address)
    return PortalSessionPayload()


@reports_user_errors(PortalSessionPayload)
async def confirm_client_registration(
    info: Info, input: ConfirmClientRegistrationInput
) -> PortalSessionPayload:
    entry = await registration_confirmation.confirm_client_registration(
        input.token, input.password, info.context.settings, info.context.client_address
    )
    session, viewer = await _signed_in(info, entry.login)
    return PortalSessionPayload(session=session, viewer=viewer_of(viewer))


@reports_user_errors(AccountEmailPayload)
async def send_invitation(info: Info, input: SendInvitationInput) -> AccountEmailPayload:
    row = await invitations.send_invitation(
        info.context.require_actor(SEND_INVITATIONS),
        pk_of(input.id, AccountEmail),
        input.message,
        info.context.settings,
    )
    return AccountEmailPayload(account_email=AccountEmail.of(row))
