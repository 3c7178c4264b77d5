"""The three mailed links and what their pages do: the same service functions the mutations
call, so a page follows exactly the API's rules (limits, token checks, password strength)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.firms import password_reset
from app.portal import activation, registration_confirmation
from app.portal.registration import Applicant
from app.settings import Settings


@dataclass(frozen=True)
class Found:
    """What a link stands for, read without using it up: shown on the page."""

    firm_name: str
    email: str
    name: str | None = None


Finder = Callable[[str], Awaitable[Found]]
# (token, password, settings, client address); raises app.errors.UserError.
User = Callable[[str, str, Settings, str], Awaitable[None]]


@dataclass(frozen=True)
class LinkPage:
    path: str
    title: str
    intro: str  # {email} is the address the link was mailed to
    button: str
    done_title: str
    done: str  # {email}, {firm}
    dead_link_help: str  # what to do when the link is used, revoked or expired
    find: Finder
    use: User


async def _find_invitation(token: str) -> Found:
    invitation = await activation.find_invitation(token)
    contact = invitation.contact_email.contact
    return Found(invitation.firm.name, invitation.email, contact.display_name)


async def _activate(token: str, password: str, settings: Settings, address: str) -> None:
    await activation.activate_portal_access(token, password, settings, address)


async def _find_registration(token: str) -> Found:
    link = await registration_confirmation.find_confirmation_link(token)
    applicant = Applicant.of(link.data)
    assert link.firm is not None
    return Found(link.firm.name, link.email, f"{applicant.first_name} {applicant.last_name}")


async def _confirm(token: str, password: str, settings: Settings, address: str) -> None:
    await registration_confirmation.confirm_client_registration(token, password, settings, address)


async def _find_reset(token: str) -> Found:
    link = await password_reset.find_reset_link(token)
    assert link.firm is not None
    name = link.staff.first_name if link.staff else None
    return Found(link.firm.name, link.email, name)


async def _reset(token: str, password: str, settings: Settings, address: str) -> None:
    await password_reset.reset_password(token, password, address)


ACTIVATE = LinkPage(
    path="/portal/activate",
    title="Activate your client portal access",
    intro="Choose the password you will sign in with as {email}.",
    button="Activate my access",
    done_title="Your access is active",
    done="You can now sign in to the client portal of {firm} as {email} with the password "
    "you chose.",
    dead_link_help="Invitation links work once and expire. Ask the firm that invited you to "
    "send a new invitation.",
    find=_find_invitation,
    use=_activate,
)
CONFIRM = LinkPage(
    path="/portal/confirm",
    title="Confirm your registration",
    intro="Confirm that {email} is yours and choose the password you will sign in with.",
    button="Confirm and create my access",
    done_title="Your registration is confirmed",
    done="Your account at {firm} is ready: sign in to the client portal as {email} with the "
    "password you chose.",
    dead_link_help="Confirmation links work once and expire after 24 hours. Register again to "
    "get a new one, or ask the firm to invite you.",
    find=_find_registration,
    use=_confirm,
)
RESET = LinkPage(
    path="/password/reset",
    title="Choose a new password",
    intro="Choose the new password for {email}. Every session signed in with the old one "
    "will be signed out.",
    button="Set my new password",
    done_title="Your password is set",
    done="Sign in at {firm} as {email} with your new password. Every earlier session was "
    "signed out.",
    dead_link_help="Reset links work once, for one hour, and a newer request replaces them. "
    'Ask for a new one where you sign in ("Forgot your password?").',
    find=_find_reset,
    use=_reset,
)
PAGES = (ACTIVATE, CONFIRM, RESET)
