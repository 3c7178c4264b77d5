"""Sign-up, sign-in, the viewer, firm settings and staff."""

from __future__ import annotations

from app.access.viewer import Viewer as ViewerValue
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
from app.firms.models import StaffMember as StaffRow
from app.firms.sessions import open_session
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.portal.graphql.types import PortalUser


def viewer_of(viewer: ViewerValue) -> Viewer:
    return Viewer(
        firm=Firm.of(viewer.firm),
        staff=StaffMember.of(viewer.staff) if viewer.staff else None,
        client=PortalUser.of(viewer.client) if viewer.client else None,
        person=viewer,
    )


def viewer(info: Info) -> Viewer | None:
    """The signed-in user, or null without a valid session."""
    return viewer_of(info.context.viewer) if info.context.viewer else None


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
    signed_in = ViewerValue(member.firm, member, session=session.ref)
    return SignInPayload(session=Session.of(session), viewer=viewer_of(signed_in))


@reports_user_errors(UpdateFirmSettingsPayload)
async def update_firm_settings(
    info: Info, input: UpdateFirmSettingsInput
) -> UpdateFirmSettingsPayload:
    firm = await firms.update_firm_settings(
        info.context.require_staff().firm,
        name=input.name,
        portal_signup_enabled=input.portal_signup_enabled,
        account_name_format=input.account_name_format,
        save_email_attachments=input.save_email_attachments,
    )
    return UpdateFirmSettingsPayload(firm=Firm.of(firm))


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
    member = await staff.create_staff_member(info.context.require_staff().firm, data)
    return StaffMemberPayload(staff_member=StaffMember.of(member))


async def staff_members(info: Info) -> list[StaffMember]:
    viewer = info.context.require_staff()
    rows = await StaffRow.filter(firm_id=viewer.firm_id).order_by("last_name", "first_name", "id")
    return [StaffMember.of(r) for r in rows]
