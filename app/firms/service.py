"""Firms (tenants): sign-up and settings."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from app import rate_limits
from app.access.actors import Actor, StaffActor
from app.access.permissions import ADMINISTER, IN_THE_FIRM, entry_point
from app.access.secrets import check_password_strength, hash_password
from app.db.unit_of_work import unit_of_work
from app.errors import Collector, ErrorCode, fail
from app.firms.models import AccountNameFormat, Firm, StaffMember, StaffRole
from app.validation import clean_email, clean_label, clean_name, clean_slug


@dataclass(frozen=True)
class NewFirm:
    name: str
    slug: str
    owner_email: str
    owner_password: str
    owner_first_name: str
    owner_last_name: str


async def create_firm(
    data: NewFirm, *, signup_open: bool, address: str
) -> tuple[Firm, StaffMember]:
    """A firm and its OWNER; the caller opens the owner's session."""
    if not signup_open:
        raise fail(ErrorCode.SIGNUP_DISABLED, "Firm sign-up is closed on this server.")
    await rate_limits.spend(rate_limits.FIRM_SIGNUP, address)
    errors = Collector()
    name = errors.check(clean_label, data.name, "name")
    slug = errors.check(clean_slug, data.slug, "slug")
    email = errors.check(clean_email, data.owner_email, "owner_email")
    first = errors.check(clean_name, data.owner_first_name, "owner_first_name")
    last = errors.check(clean_name, data.owner_last_name, "owner_last_name")
    errors.check(check_password_strength, data.owner_password, "owner_password")
    errors.raise_any()
    await _check_taken(slug, email)
    password_hash = await hash_password(data.owner_password)
    try:
        async with unit_of_work():
            firm = await Firm.create(name=name, slug=slug)
            owner = await StaffMember.create(
                firm=firm,
                email=email,
                first_name=first,
                last_name=last,
                role=StaffRole.OWNER,
                password_hash=password_hash,
            )
    except IntegrityError:
        # A concurrent sign-up took the slug or the email between the check and the insert.
        await _check_taken(slug, email)
        raise
    return firm, owner


async def _check_taken(slug: str | None, email: str | None) -> None:
    if await Firm.filter(slug=slug).exists():
        raise fail(ErrorCode.DUPLICATE, "This slug is taken.", "slug")
    if await StaffMember.filter(email=email).exists():
        raise fail(ErrorCode.DUPLICATE, "This email is taken.", "owner_email")


@dataclass(frozen=True)
class FirmSettings:
    """What updateFirmSettings changes: None leaves a setting as it is."""

    name: str | None = None
    portal_signup_enabled: bool | None = None
    account_name_format: AccountNameFormat | None = None
    save_email_attachments: bool | None = None


@entry_point(ADMINISTER)
async def update_firm_settings(actor: StaffActor, changes: FirmSettings) -> Firm:
    """Change the actor's firm's settings given."""
    name = clean_label(changes.name, "name") if changes.name is not None else None
    firm = await Firm.get(id=actor.firm_id)
    if name is not None:
        firm.name = name
    if changes.portal_signup_enabled is not None:
        firm.portal_signup_enabled = changes.portal_signup_enabled
    if changes.account_name_format is not None:
        firm.account_name_format = changes.account_name_format
    if changes.save_email_attachments is not None:
        firm.save_email_attachments = changes.save_email_attachments
    await firm.save()
    return firm


@entry_point(IN_THE_FIRM)
async def firm_of(actor: Actor) -> Firm:
    """The actor's own firm."""
    return await Firm.get(id=actor.firm_id)
