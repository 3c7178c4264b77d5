"""Firms (tenants): sign-up and settings."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app import rate_limits
from app.access.secrets import check_password_strength, hash_password
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
    name = errors.check(clean_label, data.name, "input", "name")
    slug = errors.check(clean_slug, data.slug, "input", "slug")
    email = errors.check(clean_email, data.owner_email, "input", "ownerEmail")
    first = errors.check(clean_name, data.owner_first_name, "input", "ownerFirstName")
    last = errors.check(clean_name, data.owner_last_name, "input", "ownerLastName")
    errors.check(check_password_strength, data.owner_password, "input", "ownerPassword")
    errors.raise_any()
    await _check_taken(slug, email)
    password_hash = await hash_password(data.owner_password)
    try:
        async with in_transaction():
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
        raise fail(ErrorCode.DUPLICATE, "This slug is taken.", "input", "slug")
    if await StaffMember.filter(email=email).exists():
        raise fail(ErrorCode.DUPLICATE, "This email is taken.", "input", "ownerEmail")


async def update_firm_settings(
    firm: Firm,
    *,
    name: str | None = None,
    portal_signup_enabled: bool | None = None,
    account_name_format: AccountNameFormat | None = None,
    save_email_attachments: bool | None = None,
) -> Firm:
    if name is not None:
        firm.name = clean_label(name, "input", "name")
    if portal_signup_enabled is not None:
        firm.portal_signup_enabled = portal_signup_enabled
    if account_name_format is not None:
        firm.account_name_format = account_name_format
    if save_email_attachments is not None:
        firm.save_email_attachments = save_email_attachments
    await firm.save()
    return firm
