"""A demo firm with a few accounts, so a newcomer can try queries at once."""

from __future__ import annotations

from app import db
from app.access.actors import Actor
from app.access.viewer import Viewer, actor_of
from app.accounts.links import ContactLink, EmailToggles
from app.accounts.models import AccountType
from app.accounts.service import NewAccount, create_account
from app.contacts.service import NewContact, PhoneEntry
from app.firms.models import Firm, StaffMember
from app.firms.service import NewFirm, create_firm
from app.firms.sessions import open_session
from app.settings import Settings

OWNER_EMAIL = "owner@demo.example"
OWNER_PASSWORD = "demo-password-1"
PEOPLE = [
    ("Jane", "Doe", AccountType.INDIVIDUAL, None),
    ("John", "Smith", AccountType.INDIVIDUAL, None),
    ("Maria", "Garcia", AccountType.COMPANY, "Garcia Bakery LLC"),
    ("Wei", "Chen", AccountType.OTHER, None),
]


async def seed(settings: Settings) -> str:
    """Create the demo firm once (idempotent) and answer a fresh owner token."""
    if settings.database_url.startswith("sqlite"):
        await db.migrate(settings.database_url, settings.db_timeout)
    await db.open_database(settings.database_url, settings.db_timeout)
    try:
        owner = await StaffMember.get_or_none(email=OWNER_EMAIL).select_related("firm")
        if owner is None:
            firm, owner = await create_firm(
                NewFirm(
                    "Demo Tax & Accounting", "demo", OWNER_EMAIL, OWNER_PASSWORD, "Olivia", "Owner"
                ),
                signup_open=True,
                address="crm demo",
            )
            await _accounts(actor_of(Viewer(firm, owner)))
        firm = await Firm.get(id=owner.firm_id)
        return (await open_session(firm, settings.session_ttl, staff=owner)).token
    finally:
        await db.close_database()


async def _accounts(actor: Actor) -> None:
    for first, last, type_, company in PEOPLE:
        address = f"{first}.{last}@example.com".lower()
        contact = NewContact(
            first_name=first,
            last_name=last,
            emails=[address],
            phones=[PhoneEntry("+1 555 0100")],
        )
        link = ContactLink(new_contact=contact, toggles=[EmailToggles(address, notify=True)])
        await create_account(actor, NewAccount(type=type_, contacts=[link], company_name=company))
