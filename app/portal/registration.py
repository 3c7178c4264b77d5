"""Self-registration in the client portal (while the firm allows it): proving the address.

`register_client` creates nothing anyone can sign in with. It mails the address, and what it
mails depends on what the firm knows of it; the caller's answer is the same in every case.
The account and the login come only when the link is followed
(app.portal.registration_confirmation).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta

from app import rate_limits
from app.accounts.models import AccountEmail, AccountType
from app.contacts.models import ContactEmail
from app.db.unit_of_work import unit_of_work
from app.errors import Collector, ErrorCode, fail
from app.firms import password_reset
from app.firms.link_tokens import issue_link, revoke_links
from app.firms.models import Firm
from app.mail import outbox
from app.portal import invitations
from app.portal.logins import entered_accounts
from app.portal.models import LinkPurpose, PortalLogin
from app.settings import Settings
from app.validation import clean_email, clean_name

CONFIRMATION_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class Registration:
    firm_slug: str
    account_type: AccountType
    first_name: str
    last_name: str
    email: str
    company_name: str | None = None


@dataclass(frozen=True)
class Applicant:
    """What a confirmation link keeps until it is followed (LinkToken.data)."""

    account_type: str
    first_name: str
    last_name: str
    company_name: str | None

    @staticmethod
    def of(data: dict[str, str | None]) -> Applicant:
        return Applicant(
            account_type=str(data["account_type"]),
            first_name=str(data["first_name"]),
            last_name=str(data["last_name"]),
            company_name=data.get("company_name"),
        )


async def register_client(data: Registration, settings: Settings, address: str) -> None:
    """Check the input and mail the address; every answer after the checks is the same."""
    await rate_limits.spend(rate_limits.REGISTRATION, address)
    firm = await Firm.get_or_none(slug=data.firm_slug.strip().lower())
    if firm is None:
        raise fail(ErrorCode.NOT_FOUND, "No such firm.", "firm_slug")
    if not firm.portal_signup_enabled:
        raise fail(ErrorCode.SIGNUP_DISABLED, "This firm does not take sign-ups.", "input")
    email, applicant = _checked(data)
    # However many addresses ask, one address gets a bounded number of these mails.
    if not await rate_limits.allowed((rate_limits.REGISTRATION_MAILS, f"{firm.id}:{email}")):
        return
    async with unit_of_work():
        await _mail_the_address(firm, email, applicant, settings)


def _checked(data: Registration) -> tuple[str, Applicant]:
    errors = Collector()
    first = errors.check(clean_name, data.first_name, "first_name")
    last = errors.check(clean_name, data.last_name, "last_name")
    company = errors.check(clean_name, data.company_name, "company_name", required=False)
    email = errors.check(clean_email, data.email, "email")
    if data.account_type == AccountType.COMPANY and not company and not errors.errors:
        errors.add(fail(ErrorCode.REQUIRED, "A company needs its name.", "company_name"))
    errors.raise_any()
    assert email is not None and first is not None and last is not None
    return email, Applicant(data.account_type.value, first, last, company)


async def _mail_the_address(
    firm: Firm, email: str, applicant: Applicant, settings: Settings
) -> None:
    """A confirmation link for a new address; for a known one, what its owner can do instead."""
    login = await PortalLogin.get_or_none(firm_id=firm.id, email=email)
    if login is not None and await entered_accounts(login).exists():
        await password_reset.mail_existing_login(firm, login, settings)
        return
    if login is None and (invitee := await _invitable(firm.id, email)) is not None:
        await invitations.issue(firm, invitee, None, None, settings)
        return
    if login is not None or await ContactEmail.exists(firm_id=firm.id, address=email):
        context = {"firm_name": firm.name, "email": email}
        await outbox.queue_mail(
            firm_id=firm.id, to=email, template="registration_ask_firm", context=context
        )
        return
    # One link per address: the newest registration's details win.
    await revoke_links(LinkPurpose.REGISTRATION, firm_id=firm.id, email=email)
    token = await issue_link(
        LinkPurpose.REGISTRATION,
        firm_id=firm.id,
        email=email,
        ttl=CONFIRMATION_TTL,
        data=asdict(applicant),
    )
    context = {
        "firm_name": firm.name,
        "contact_name": f"{applicant.first_name} {applicant.last_name}",
        "link": f"{settings.public_url}/portal/confirm?token={token}",
    }
    await outbox.queue_mail(
        firm_id=firm.id, to=email, template="registration_confirmation", context=context
    )


async def _invitable(firm_id: int, email: str) -> ContactEmail | None:
    """The firm's contact email at this address when LOGIN is on for it in a live account."""
    row = (
        await AccountEmail.filter(
            contact_email__firm_id=firm_id,
            contact_email__address=email,
            login_enabled=True,
            account__archived_at__isnull=True,
        )
        .select_related("contact_email")
        .first()
    )
    return row.contact_email if row is not None else None
