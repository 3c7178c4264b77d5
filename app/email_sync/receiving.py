"""EMAIL SYNC: received mail stored on the accounts whose contact addresses have it on.

A firm routes mail to the receiver at `<firm-slug>@<any domain>` (or `<anything>+<firm-slug>@`);
that recipient says which firm the message is for. Contact addresses are matched within that
firm only: the same address may belong to contacts of several firms, and one firm's mail must
never land on another firm's account.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.accounts.models import Account, AccountEmail, AccountTeamMember
from app.email_sync.documents import DocumentStore, safe_filename, upload_folder
from app.email_sync.inbound.parse import ParsedMail
from app.email_sync.models import EmailDirection, EmailMessage, EmailParticipant
from app.firms.models import Firm
from app.inbox.announce import announce
from app.inbox.models import Notification, NotificationKind
from app.inbox.service import notify
from app.settings import Settings
from app.webhooks import events as webhooks

log = logging.getLogger("crm.inbound")

_SLUG = re.compile(r"^[a-z][a-z0-9-]{2,39}$")


def slugs_named_by(recipient: str) -> list[str]:
    """The firm slugs a recipient may name, best first: the `+tag`, then the local part."""
    local = recipient.strip().lower().rpartition("@")[0]
    base, plus, tag = local.partition("+")
    candidates = [tag.rpartition("+")[2], base] if plus else [local]
    return [c for c in dict.fromkeys(candidates) if _SLUG.match(c)]


async def firm_for_recipient(recipient: str) -> Firm | None:
    """The firm a recipient address names, or None."""
    candidates = slugs_named_by(recipient)
    firms = {f.slug: f for f in await Firm.filter(slug__in=candidates)} if candidates else {}
    return next((firms[c] for c in candidates if c in firms), None)


@dataclass
class _Target:
    account: Account
    linked: dict[str, int]  # address -> contact email id, of this account's contacts

    def direction(self, mail: ParsedMail) -> EmailDirection:
        received = mail.from_address in self.linked
        return EmailDirection.RECEIVED if received else EmailDirection.SENT


async def store_received(firm: Firm, mail: ParsedMail, settings: Settings) -> list[EmailMessage]:
    """Store the mail on each account of `firm` where one of its addresses has EMAIL SYNC on,
    once per account, and tell each team; answer what was stored (empty: dropped or known)."""
    targets = await _synced_accounts(firm.id, mail.addresses)
    if not targets:
        log.info(
            "mail %s from %s for firm %s: no address with EMAIL SYNC on; dropped",
            mail.message_id,
            mail.from_address,
            firm.slug,
        )
        return []
    stored = []
    for target in targets:
        row = await _store_once(firm, target, mail, settings)
        if row is not None:
            stored.append(row)
    return stored


async def _synced_accounts(firm_id: int, addresses: Sequence[str]) -> list[_Target]:
    """The firm's non-archived accounts where one of `addresses` has EMAIL SYNC on."""
    rows = await AccountEmail.filter(
        account__firm_id=firm_id,
        account__archived_at__isnull=True,
        contact_email__address__in=list(addresses),
    ).select_related("account", "contact_email")
    targets: dict[int, _Target] = {}
    synced: set[int] = set()
    for row in sorted(rows, key=lambda r: r.account_id):
        target = targets.setdefault(row.account_id, _Target(row.account, {}))
        target.linked[row.contact_email.address] = row.contact_email_id
        if row.email_sync_enabled:
            synced.add(row.account_id)
    return [t for pk, t in targets.items() if pk in synced]


async def _store_once(
    firm: Firm, target: _Target, mail: ParsedMail, settings: Settings
) -> EmailMessage | None:
    account = target.account
    if await EmailMessage.exists(account_id=account.id, message_id=mail.message_id):
        log.info("mail %s is on account %s already", mail.message_id, account.id)
        return None
    store = DocumentStore(settings.documents_dir)
    try:
        async with in_transaction():
            row = await _insert(target, mail)
            if firm.save_email_attachments and mail.attachments:
                await _keep_attachments(row, account, mail, store, settings)
            notifications = await _tell_team(firm, account, row)
            await webhooks.email_received(firm.id, row)
    except IntegrityError:  # a copy of the same message (forward and BCC) won the race
        await store.discard()
        log.info("mail %s is on account %s already", mail.message_id, account.id)
        return None
    except BaseException:
        await store.discard()
        raise
    await announce(notifications)
    log.info("mail %s stored on account %s", mail.message_id, account.id)
    return row


async def _insert(target: _Target, mail: ParsedMail) -> EmailMessage:
    account_id = target.account.id
    row = await EmailMessage.create(
        account_id=account_id,
        message_id=mail.message_id,
        thread_key=await thread_key_for(
            account_id, mail.message_id, [*mail.references, *filter(None, [mail.in_reply_to])]
        ),
        in_reply_to=mail.in_reply_to,
        reference_ids=mail.references,
        direction=target.direction(mail),
        from_address=mail.from_address,
        from_name=mail.from_name,
        to_addresses=mail.to,
        cc_addresses=mail.cc,
        subject=mail.subject,
        text_body=mail.text,
        html_body=mail.html,
        sent_at=mail.sent_at,
        attachments=[
            {
                "filename": safe_filename(a.filename),
                "content_type": a.content_type,
                "size": len(a.data),
                "document_id": None,
            }
            for a in mail.attachments
        ],
    )
    await add_participants(row.id, [target.linked[a] for a in mail.addresses if a in target.linked])
    return row


async def thread_key_for(account_id: int, message_id: str, answered: Sequence[str]) -> str:
    """The thread of the first known message among those answered, else a thread of its own."""
    if answered:
        parent = (
            await EmailMessage.filter(account_id=account_id, message_id__in=list(answered))
            .order_by("id")
            .first()
        )
        if parent is not None:
            return parent.thread_key
    return message_id


async def add_participants(email_message_id: int, contact_email_ids: Iterable[int]) -> None:
    """Record which contact emails took part: what clients may read (see emails loaders)."""
    await EmailParticipant.bulk_create(
        [
            EmailParticipant(email_message_id=email_message_id, contact_email_id=pk)
            for pk in dict.fromkeys(contact_email_ids)
        ]
    )


async def _keep_attachments(
    row: EmailMessage, account: Account, mail: ParsedMail, store: DocumentStore, settings: Settings
) -> None:
    """Each attachment within the size limit becomes a document in the uploads folder."""
    top_level = len(account.folders)
    folder = upload_folder(account)
    if len(account.folders) != top_level:
        await account.save(update_fields=["folders"])
    for entry, attachment in zip(row.attachments, mail.attachments, strict=True):
        if len(attachment.data) > settings.max_attachment_bytes:
            log.info("mail %s: attachment of %d bytes not kept", row.message_id, entry["size"])
            continue
        document = await store.add(
            account, folder, attachment.filename, attachment.content_type, attachment.data, row.id
        )
        entry["document_id"] = document.id
    await row.save(update_fields=["attachments"])


async def _tell_team(firm: Firm, account: Account, row: EmailMessage) -> list[Notification]:
    """EMAIL_RECEIVED to each active team member, but not to the one who wrote it."""
    members = await AccountTeamMember.filter(
        account_id=account.id, staff__deactivated_at__isnull=True
    ).select_related("staff")
    recipients = [m.staff_id for m in members if m.staff.email != row.from_address]
    title = f"Email from {row.from_name or row.from_address}: {row.subject or '(no subject)'}"
    return await notify(
        firm.id,
        sorted(recipients),
        NotificationKind.EMAIL_RECEIVED,
        title,
        body=f"{row.from_address}, account {account.name} ({account.client_id})",
        account_id=account.id,
    )
