"""Self-registration in the client portal (while the firm allows it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from tortoise.transactions import in_transaction

from app.errors import Collector, ErrorCode, fail
from app.mail import outbox
from app.models import AccountType, Firm, NotificationKind, PortalLogin, StaffMember, StaffRole
from app.security import check_password_strength, hash_password
from app.services import rate_limits
from app.services.account_contacts import ContactLink, EmailToggles
from app.services.accounts import NewAccount, create_account
from app.services.activation import PortalEntry
from app.services.announce import announce
from app.services.client_notices import tell_teams
from app.services.contacts import NewContact, check_address_free
from app.services.portal_logins import record_sign_in
from app.services.validation import clean_email, clean_name
from app.settings import Settings
from app.viewer import Viewer


@dataclass(frozen=True)
class Registration:
    firm_slug: str
    account_type: AccountType
    first_name: str
    last_name: str
    email: str
    password: str
    company_name: str | None = None


async def register_client(data: Registration, settings: Settings, address: str) -> PortalEntry:
    """A new account with its contact and an activated login; the team hears of it."""
    await rate_limits.spend(rate_limits.REGISTRATION, address)
    firm = await Firm.get_or_none(slug=data.firm_slug.strip().lower())
    if firm is None:
        raise fail(ErrorCode.NOT_FOUND, "No such firm.", "input", "firmSlug")
    if not firm.portal_signup_enabled:
        raise fail(ErrorCode.SIGNUP_DISABLED, "This firm does not take sign-ups.", "input")
    errors = Collector()
    first = errors.check(clean_name, data.first_name, "input", "firstName")
    last = errors.check(clean_name, data.last_name, "input", "lastName")
    company = errors.check(clean_name, data.company_name, "input", "companyName", required=False)
    email = errors.check(clean_email, data.email, "input", "email")
    errors.check(check_password_strength, data.password, "input", "password")
    if data.account_type == AccountType.COMPANY and not company and not errors.errors:
        errors.add(fail(ErrorCode.REQUIRED, "A company needs its name.", "input", "companyName"))
    errors.raise_any()
    assert email is not None and first is not None and last is not None
    await _check_address_free(firm.id, email)
    password_hash = await hash_password(data.password)
    owner_ids = await StaffMember.filter(
        firm_id=firm.id, role=StaffRole.OWNER, deactivated_at__isnull=True
    ).values_list("id", flat=True)
    new_account = NewAccount(
        type=data.account_type,
        company_name=company,
        contacts=[
            ContactLink(
                new_contact=NewContact(first_name=first, last_name=last, emails=[email]),
                toggles=[EmailToggles(email, login=True, notify=True)],
            )
        ],
        team_member_ids=cast(list[int], owner_ids),
    )
    async with in_transaction():
        change = await create_account(Viewer(firm=firm), new_account)
        row = change.login_turned_on[0]
        login = await PortalLogin.create(
            firm_id=firm.id,
            email=email,
            contact_email_id=row.contact_email_id,
            password_hash=password_hash,
        )
        await record_sign_in(login)
        entry = PortalEntry(login)
        entry.notifications = await tell_teams(
            firm,
            [change.account],
            NotificationKind.CLIENT_REGISTERED,
            f"{first} {last}",
            email,
            settings,
        )
    outbox.ring()
    await announce(entry.notifications)
    login.firm = firm
    return entry


async def _check_address_free(firm_id: int, email: str) -> None:
    await check_address_free(firm_id, email, "input", "email")
    if await PortalLogin.exists(firm_id=firm_id, email=email):
        raise fail(ErrorCode.DUPLICATE, f"{email} already has a portal login.", "input", "email")
