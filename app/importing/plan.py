"""Planning a chunk in Python: which rows make, join or match what, before any write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from app.accounts.models import Account, AccountType
from app.accounts.names import generated_name, initials
from app.contacts.models import Contact, ContactEmail
from app.errors import ErrorCode
from app.importing.lookups import Lookups
from app.importing.report import RowError
from app.importing.rows import ImportRow
from app.importing.state import KnownAccount, RunState
from app.importing.targets import FILLABLE, AccountTarget, ContactTarget, LinkTarget, Toggles


@dataclass
class Plan:
    """The writes of a chunk, in the order they are applied, and what they count for."""

    new_tags: dict[str, str] = field(default_factory=dict)  # name by lower-case name
    tag_ids: dict[str, int] = field(default_factory=dict)  # the new tags' ids, once written
    accounts: list[AccountTarget] = field(default_factory=list)
    contacts: list[ContactTarget] = field(default_factory=list)
    changed_contacts: list[ContactTarget] = field(default_factory=list)
    emails: list[tuple[ContactTarget, ContactEmail]] = field(default_factory=list)
    phones: list[tuple[ContactTarget, list[tuple[str, bool]]]] = field(default_factory=list)
    contact_tags: list[tuple[ContactTarget, str]] = field(default_factory=list)
    account_tags: list[tuple[AccountTarget, str]] = field(default_factory=list)
    team: list[tuple[AccountTarget, int]] = field(default_factory=list)
    assigned: list[tuple[AccountTarget, int]] = field(default_factory=list)  # to notify
    links: list[LinkTarget] = field(default_factory=list)
    toggles: dict[tuple[AccountTarget, str], Toggles] = field(default_factory=dict)
    matched: int = 0
    rows: list[int] = field(default_factory=list)


class Planner:
    """Plans rows one at a time; a row either fits whole or is reported and left out."""

    def __init__(self, state: RunState, found: Lookups) -> None:
        self.state, self.found = state, found
        self.plan = Plan()
        self.accounts_by_name: dict[str, AccountTarget] = {}
        self.accounts_by_id: dict[int, AccountTarget] = {}
        self.contacts_by_address: dict[str, ContactTarget] = {}
        self.contacts_by_id: dict[int, ContactTarget] = {}
        self.linked: set[tuple[int, int]] = set()  # (id(account), id(contact)) planned

    def add(self, row: ImportRow) -> list[RowError]:
        """Plan the row, or answer its errors and plan nothing of it."""
        contact, errors = self._contact_for(row)
        account = self._account_for(row, errors)
        if errors:
            return errors
        if contact is None:
            contact = self._new_contact(row)
        else:
            self.plan.matched += 1
            self._fill(contact, row)
        if account is None:
            account = self._new_account(row, contact)
        self._extend(account, contact, row)
        self.plan.rows.append(row.number)
        return []

    # Finding what a row refers to (no change to the plan).

    def _contact_for(self, row: ImportRow) -> tuple[ContactTarget | None, list[RowError]]:
        matches: list[ContactTarget] = []
        for address in row.emails:
            target = self._known_contact(address)
            if target is False:
                error = RowError(
                    row.number,
                    "email",
                    ErrorCode.DUPLICATE,
                    f"{address} belongs to another contact.",
                )
                return None, [error]
            if target is not None and target not in matches:
                matches.append(target)
        if len(matches) > 1:
            message = "These addresses belong to different contacts; give one contact's."
            return None, [RowError(row.number, "email", ErrorCode.DUPLICATE, message)]
        return (matches[0] if matches else None), []

    def _known_contact(self, address: str) -> ContactTarget | None | Literal[False]:
        """The contact with this address; None if there is none, False if not the viewer's."""
        if address in self.contacts_by_address:
            return self.contacts_by_address[address]
        pk = self.state.contacts.get(address) or self.found.contact_by_address.get(address)
        if pk is None:
            return None
        if pk > 0 and pk not in self.found.contacts:
            return False  # another staff member's contact: like createContact, DUPLICATE
        return self._existing_contact(pk)

    def _existing_contact(self, pk: int) -> ContactTarget:
        if pk in self.contacts_by_id:
            return self.contacts_by_id[pk]
        found = self.found
        model = found.contacts.get(pk) or Contact(id=pk, first_name="", last_name="")
        names = {v: k for k, v in self.state.tags.items()}
        target = ContactTarget(
            model,
            new=False,
            emails=list(found.emails.get(pk, [])),
            has_phones=pk in found.with_phones,
            tags={names[t] for t in found.contact_tags.get(pk, ()) if t in names},
            links=dict(found.links.get(pk, {})),
        )
        self.contacts_by_id[pk] = target
        for email in target.emails:
            self.contacts_by_address[email.address] = target
        return target

    def _account_for(self, row: ImportRow, errors: list[RowError]) -> AccountTarget | None:
        """The account the row joins; None for a new one (appending any errors)."""
        target = None
        if row.group:
            target = self.accounts_by_name.get(row.group)
            known = self.state.accounts.get(row.group)
            candidates = [known] if known else self.found.accounts_named.get(row.group, [])
            if target is None and len(candidates) > 1:
                errors.append(
                    RowError(
                        row.number,
                        "account_name",
                        ErrorCode.INVALID,
                        f"{len(candidates)} accounts are named {row.account_name}; "
                        "rename one, or leave account_name empty.",
                    )
                )
                return None
            if target is None and candidates:
                target = self._existing_account(candidates[0], row.group)
        if target is not None:
            if row.account_type and row.account_type != target.model.type:
                message = f"The account {target.model.name} is {target.model.type.lower()}."
                errors.append(RowError(row.number, "account_type", ErrorCode.INVALID, message))
            return target
        if _type_of(row) == AccountType.COMPANY and not (row.account_name or row.company_name):
            message = "A company needs its company name."
            errors.append(RowError(row.number, "company_name", ErrorCode.REQUIRED, message))
        return None

    def _existing_account(self, known: KnownAccount, group: str) -> AccountTarget:
        if known.id in self.accounts_by_id:
            target = self.accounts_by_id[known.id]
        else:
            model = Account(
                id=known.id, name=known.name, client_id=known.client_id, type=known.type
            )
            names = {v: k for k, v in self.state.tags.items()}
            tag_ids = self.found.account_tags.get(known.id, ())
            target = AccountTarget(
                model,
                new=False,
                team=set(self.found.team.get(known.id, ())),
                tags={names[t] for t in tag_ids if t in names},
            )
            self.accounts_by_id[known.id] = target
        self.accounts_by_name[group] = target
        return target

    # Planning the writes of a row that fits.

    def _new_contact(self, row: ImportRow) -> ContactTarget:
        columns = {"first_name": row.first_name, "middle_name": row.middle_name}
        columns.update(last_name=row.last_name, **row.address)
        model = Contact(firm_id=self.state.viewer.firm_id, **columns)
        target = ContactTarget(model, new=True)
        self.plan.contacts.append(target)
        return target

    def _fill(self, contact: ContactTarget, row: ImportRow) -> None:
        """A matched contact keeps its names and fields; empty ones are filled."""
        values = {"middle_name": row.middle_name, **row.address}
        for key in FILLABLE:
            if values.get(key) and not getattr(contact.model, key):
                setattr(contact.model, key, values[key])
                if not contact.new and not contact.changed:
                    self.plan.changed_contacts.append(contact)
                contact.changed.add(key)

    def _new_account(self, row: ImportRow, contact: ContactTarget) -> AccountTarget:
        state = self.state
        type_ = _type_of(row)
        first, last = contact.model.first_name, contact.model.last_name
        name = row.account_name or generated_name(
            type_, state.viewer.firm.account_name_format, first, last, row.company_name
        )
        model = Account(
            firm_id=state.viewer.firm_id,
            type=type_,
            name=name,
            name_is_generated=not row.account_name,
            company_name=row.company_name,
            folders=state.folders,
            client_id=initials(type_, first, last, row.company_name or row.account_name),
            **row.address,
        )
        target = AccountTarget(model, new=True)
        self.plan.accounts.append(target)
        if row.group:
            self.accounts_by_name[row.group] = target
        self._add_team(target, state.default_team)
        return target

    def _extend(self, account: AccountTarget, contact: ContactTarget, row: ImportRow) -> None:
        """Emails, phones, tags, team and the link with its toggles."""
        plan = self.plan
        for address in row.emails:
            if not contact.has_address(address):
                email = ContactEmail(firm_id=self.state.viewer.firm_id, address=address)
                contact.emails.append(email)
                plan.emails.append((contact, email))
            self.contacts_by_address[address] = contact
            plan.toggles.setdefault((account, address), self._toggles(row))
        if row.phones and not contact.has_phones:
            contact.has_phones = True
            plan.phones.append((contact, row.phones))
        self._add_tags(
            row.contact_tags, contact.tags, lambda key: (contact, key), plan.contact_tags
        )
        self._add_tags(
            row.account_tags, account.tags, lambda key: (account, key), plan.account_tags
        )
        self._add_team(account, row.team_ids)
        pair = (id(account), id(contact))
        if pair not in self.linked and account.model.id not in contact.links:
            self.linked.add(pair)
            plan.links.append(LinkTarget(account, contact, row.description))

    def _add_tags(
        self, names: list[str], have: set[str], item: Callable[[str], Any], into: list[Any]
    ) -> None:
        for name in names:
            key = name.lower()
            if key not in have:
                have.add(key)
                into.append(item(key))
                if key not in self.state.tags:
                    self.plan.new_tags.setdefault(key, name)

    def _add_team(self, account: AccountTarget, staff_ids: list[int]) -> None:
        for staff_id in staff_ids:
            if staff_id not in account.team:
                account.team.add(staff_id)
                self.plan.team.append((account, staff_id))
                if staff_id != self.state.actor.id:
                    self.plan.assigned.append((account, staff_id))

    def _toggles(self, row: ImportRow) -> Toggles:
        login, notify, sync = self.state.defaults
        return (
            login if row.login is None else row.login,
            notify if row.notify is None else row.notify,
            sync if row.email_sync is None else row.email_sync,
        )


def _type_of(row: ImportRow) -> AccountType:
    """An empty account_type: COMPANY when a company name is given, else INDIVIDUAL."""
    if row.account_type:
        return row.account_type
    return AccountType.COMPANY if row.company_name else AccountType.INDIVIDUAL
