"""Sign-up, sign-in, the viewer, firm settings and staff."""

from __future__ import annotations

from app.access.permissions import ADMINISTER
from app.access.viewer import Viewer as ViewerValue
from app.access.viewer import actor_of
from app.firms import service as firms
from app.firms import sign_in, staff
from app.firms.graphql.inputs import (
    CreateFirmInput,
    CreateFirmPayload,
    CreateStaffMemberInput,
    SignInInput,
    SignInPayload,
    StaffMemberPayload,
    UpdateFirmSettingsInput,
    UpdateFirmSettingsPayload,
)
from app.firms.graphql.types import Firm, Session, StaffMember, Viewer
from app.firms.sessions import open_session
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors


def viewer_of(viewer: ViewerValue) -> Viewer:
    """Transitional, for the portal's payloads until they pass an actor (`Viewer.of`)."""
    return Viewer.of(actor_of(viewer))


def viewer(info: Info) -> Viewer | None:
    """The signed-in user, or null without a valid session."""
    actor = info.context.actor
    return Viewer.of(actor) if actor else None


@reports_user_errors(CreateFirmPayload)
async def create_firm(info: Info, input: CreateFirmInput) -> CreateFirmPayload:
    settings = info.context.settings
    data = firms.NewFirm(
        name=input.name,
        slug=input.slug,
        owner_email=input.owner_email,
        owner_password=input.owner_password,
        owner_first_name=input.owner_first_name,
        owner_last_name=input.owner_last_name,
    )
    firm, owner = await firms.create_firm(
        data, signup_open=settings.allow_firm_signup, address=info.context.client_address
    )
    session = await open_session(
        firm, settings.session_ttl, staff=owner, user_agent=info.context.user_agent
    )
    return CreateFirmPayload(firm=Firm.of(firm), session=Session.of(session))


@reports_user_errors(SignInPayload)
async def sign_in_staff(info: Info, input: SignInInput) -> SignInPayload:
    member = await sign_in.authenticate_staff(
        input.email, input.password, info.context.client_address
    )
    session = await open_session(
        member.firm,
        info.context.settings.session_ttl,
        staff=member,
        user_agent=info.context.user_agent,
    )
    return SignInPayload(session=Session.of(session), viewer=Viewer.of(session.actor))


@reports_user_errors(UpdateFirmSettingsPayload)
async def update_firm_settings(
    info: Info, input: UpdateFirmSettingsInput
) -> UpdateFirmSettingsPayload:
    changes = firms.FirmSettings(
        name=input.name,
        portal_signup_enabled=input.portal_signup_enabled,
        account_name_format=input.account_name_format,
        save_email_attachments=input.save_email_attachments,
    )
    actor = info.context.require_staff_actor(ADMINISTER)
    return UpdateFirmSettingsPayload(firm=Firm.of(await firms.update_firm_settings(actor, changes)))


@reports_user_errors(StaffMemberPayload)
async def create_staff_member(info: Info, input: CreateStaffMemberInput) -> StaffMemberPayload:
    rights = input.access_rights
    data = staff.NewStaffMember(
        email=input.email,
        first_name=input.first_name,
        last_name=input.last_name,
        role=input.role,
        password=input.password,
        manage_accounts=bool(rights and rights.manage_accounts),
        view_all_accounts=bool(rights and rights.view_all_accounts),
        default_account_access=bool(rights and rights.default_account_access),
    )
    actor = info.context.require_staff_actor(ADMINISTER)
    member = await staff.create_staff_member(actor, data)
    return StaffMemberPayload(staff_member=StaffMember.of(member))


async def staff_members(info: Info) -> list[StaffMember]:
    actor = info.context.require_staff_actor()
    return [StaffMember.of(row) for row in await staff.staff_members(actor)]
