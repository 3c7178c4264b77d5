"""Writing a chunk's plan: one batch per table, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterator

from app.accounts.models import AccountContact, AccountEmail, AccountTeamMember
from app.accounts.service import assignment_text
from app.contacts.models import Contact, Phone
from app.db.bulk import insert_with_ids
from app.importing.plan import Plan
from app.importing.state import RunState
from app.importing.targets import OFF, ContactTarget, Toggles
from app.inbox.models import Notification, NotificationKind
from app.inbox.service import store
from app.portal import invitations
from app.portal.invitations import Invitee
from app.portal.logins import active_addresses
from app.tags.models import AccountTag, ContactTag, Tag


async def apply(plan: Plan, state: RunState) -> tuple[list[Notification], list[str]]:
    """Write everything; answer the ACCOUNT_ASSIGNED notifications and the invited addresses.

    At most 24 statements (17 in a typical chunk), whatever the number of rows in the plan.
    """
    tag_ids = await _insert_tags(plan, state)
    await insert_with_ids([a.model for a in plan.accounts])
    await _write_contacts(plan, tag_ids)
    await AccountTag.bulk_create(
        [AccountTag(account_id=a.id, tag_id=tag_ids[key]) for a, key in plan.account_tags]
    )
    await AccountTeamMember.bulk_create(
        [AccountTeamMember(account_id=a.id, staff_id=s) for a, s in plan.team]
    )
    links = [
        AccountContact(
            account_id=link.account.id, contact_id=link.contact.id, description=link.description
        )
        for link in plan.links
    ]
    await insert_with_ids(links)
    for link, row in zip(plan.links, links, strict=True):
        link.id = row.id
    rows = _account_emails(plan)
    await AccountEmail.bulk_create(rows)
    invited = await _invite(plan, state, rows) if state.send_invitations else []
    notices = await store(_assignment_notices(plan, state))
    return notices, invited


async def _write_contacts(plan: Plan, tag_ids: dict[str, int]) -> None:
    """New contacts, filled fields of matched ones, new emails, phones and contact tags."""
    await insert_with_ids([c.model for c in plan.contacts])
    changed = sorted({key for c in plan.changed_contacts for key in c.changed})
    if changed:
        await Contact.bulk_update([c.model for c in plan.changed_contacts], fields=changed)
    for contact, email in plan.emails:
        email.contact_id = contact.id
    await insert_with_ids([email for _, email in plan.emails])
    await Phone.bulk_create(
        [
            Phone(contact_id=contact.id, number=number, is_primary=primary, position=i)
            for contact, numbers in plan.phones
            for i, (number, primary) in enumerate(numbers)
        ]
    )
    await ContactTag.bulk_create(
        [ContactTag(contact_id=c.id, tag_id=tag_ids[key]) for c, key in plan.contact_tags]
    )


def _assignment_notices(plan: Plan, state: RunState) -> list[Notification]:
    """ACCOUNT_ASSIGNED, worded as createAccount and updateAccount word it."""
    notices = []
    for account, staff_id in plan.assigned:
        title, body = assignment_text(account.model, state.actor)
        notices.append(
            Notification(
                firm_id=state.viewer.firm_id,
                recipient_id=staff_id,
                kind=NotificationKind.ACCOUNT_ASSIGNED,
                title=title,
                body=body,
                account_id=account.id,
            )
        )
    return notices


async def _insert_tags(plan: Plan, state: RunState) -> dict[str, int]:
    tags = [Tag(firm_id=state.viewer.firm_id, name=name) for name in plan.new_tags.values()]
    await insert_with_ids(tags)
    plan.tag_ids = {key: t.id for key, t in zip(plan.new_tags, tags, strict=True)}
    return {**state.tags, **plan.tag_ids}


def _account_emails(plan: Plan) -> list[AccountEmail]:
    """Toggles for every email of each new link, and for each new email of a matched contact
    in the accounts it was already linked to (off, unless this import's row set them)."""
    rows = []
    for link in plan.links:
        for email in link.contact.emails:
            toggles = plan.toggles.get((link.account, email.address), OFF)
            rows.append(_row(link.account.id, link.id, email.id, toggles))
    by_id = {a.id: a for a, _ in plan.toggles if not a.new}
    for contact, email in plan.emails:
        for account_id, link_id in contact.links.items():
            account = by_id.get(account_id)
            toggles = plan.toggles.get((account, email.address), OFF) if account else OFF
            rows.append(_row(account_id, link_id, email.id, toggles))
    return rows


def _row(account_id: int, link_id: int | None, email_id: int, toggles: Toggles) -> AccountEmail:
    login, notify, sync = toggles
    return AccountEmail(
        account_id=account_id,
        link_id=link_id,
        contact_email_id=email_id,
        login_enabled=login,
        notify_enabled=notify,
        email_sync_enabled=sync,
    )


async def _invite(plan: Plan, state: RunState, rows: list[AccountEmail]) -> list[str]:
    """An invitation to each address whose LOGIN this import turned on, once per run."""
    names = {e.id: c.model for c, e in plan.emails}
    for link in plan.links:
        for email in link.contact.emails:
            names[email.id] = link.contact.model
    addresses = {e.id: e.address for c in _contacts(plan) for e in c.emails}
    wanted = {
        addresses[r.contact_email_id]: r.contact_email_id
        for r in rows
        if r.login_enabled and addresses[r.contact_email_id] not in state.invited
    }
    active = await active_addresses(state.viewer.firm_id, wanted)
    invitees = [
        Invitee(pk, address, names[pk].display_name)
        for address, pk in wanted.items()
        if address not in active
    ]
    await invitations.issue_many(state.viewer.firm, invitees, None, state.actor, state.settings)
    return [i.address for i in invitees]


def _contacts(plan: Plan) -> Iterator[ContactTarget]:
    yield from (link.contact for link in plan.links)
    yield from (contact for contact, _ in plan.emails)
