"""Following a registration's confirmation link: the account, the contact and the login.

The password is chosen here, by whoever can read the address's mail; an address the firm came
to know since the link went out is not taken over: the link is used up and nothing is made.
"""

from __future__ import annotations

from typing import cast

from tortoise.exceptions import IntegrityError

from app import rate_limits
from app.access.actors import SystemActor
from app.access.secrets import check_password_strength, hash_password
from app.accounts.links import ContactLink, EmailToggles
from app.accounts.models import AccountType
from app.accounts.service import NewAccount, create_account
from app.contacts.models import ContactEmail
from app.contacts.service import NewContact
from app.db.unit_of_work import unit_of_work
from app.errors import ErrorCode, fail
from app.firms.link_tokens import claim, find_link, invalid_token
from app.firms.models import Firm, StaffMember, StaffRole
from app.inbox.models import NotificationKind
from app.portal.activation import PortalEntry
from app.portal.logins import record_sign_in
from app.portal.models import LinkPurpose, LinkToken, PortalLogin
from app.portal.notices import tell_teams
from app.portal.registration import Applicant
from app.settings import Settings
from app.webhooks import events as webhooks
from app.webhooks.models import WebhookEventType


async def find_confirmation_link(token: str) -> LinkToken:
    """The usable confirmation link, its firm loaded; nothing is used up."""
    return await find_link(token, LinkPurpose.REGISTRATION)


async def confirm_client_registration(
    token: str, password: str, settings: Settings, address: str
) -> PortalEntry:
    """Use the link up, create the client with the password chosen now, tell the team.

    Every attempt counts against the caller's address, as activation attempts do."""
    await rate_limits.spend(rate_limits.ACTIVATION, address)
    check_password_strength(password, "password")
    link = await find_confirmation_link(token)
    firm = link.firm
    assert firm is not None  # registration links always name the firm
    if not firm.portal_signup_enabled:
        raise fail(ErrorCode.SIGNUP_DISABLED, "This firm does not take sign-ups.", "input")
    password_hash = await hash_password(password)
    try:
        async with unit_of_work():
            await claim(link)
            known = await _known(firm.id, link.email)
            if not known:
                entry = await _create_client(firm, link, password_hash, settings)
    except IntegrityError:
        # A parallel confirmation or the firm took the address between the check and the
        # insert: the same answer as when it was known before.
        raise invalid_token() from None
    if known:
        raise invalid_token()  # the link is used up (committed); nothing was created
    entry.login.firm = firm
    return entry


async def _known(firm_id: int, email: str) -> bool:
    """Whether the address became a contact email or a login of the firm."""
    return await ContactEmail.exists(firm_id=firm_id, address=email) or await PortalLogin.exists(
        firm_id=firm_id, email=email
    )


async def _create_client(
    firm: Firm, link: LinkToken, password_hash: str, settings: Settings
) -> PortalEntry:
    applicant = Applicant.of(link.data)
    owner_ids = await StaffMember.filter(
        firm_id=firm.id, role=StaffRole.OWNER, deactivated_at__isnull=True
    ).values_list("id", flat=True)
    new_account = NewAccount(
        type=AccountType(applicant.account_type),
        company_name=applicant.company_name,
        contacts=[
            ContactLink(
                new_contact=NewContact(
                    first_name=applicant.first_name,
                    last_name=applicant.last_name,
                    emails=[link.email],
                ),
                toggles=[EmailToggles(link.email, login=True, notify=True)],
            )
        ],
        team_member_ids=cast(list[int], owner_ids),
    )
    change = await create_account(SystemActor(firm.id, "client registration"), new_account)
    row = change.login_turned_on[0]
    login = await PortalLogin.create(
        firm_id=firm.id,
        email=link.email,
        contact_email_id=row.contact_email_id,
        password_hash=password_hash,
    )
    await record_sign_in(login)
    entry = PortalEntry(login)
    entry.notifications = await tell_teams(
        firm,
        [change.account],
        NotificationKind.CLIENT_REGISTERED,
        f"{applicant.first_name} {applicant.last_name}",
        link.email,
        settings,
    )
    await webhooks.portal_entry(
        firm.id, WebhookEventType.CLIENT_REGISTERED, row.contact_email, [change.account.id]
    )
    return entry
