"""One CSV row checked in Python, before anything touches the database."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from app.accounts.models import AccountType
from app.contacts.service import PhoneEntry, clean_phones
from app.errors import ErrorCode, UserError, fail
from app.importing.columns import COLUMNS, Header
from app.importing.report import RowError
from app.validation import Address, clean_email, clean_name, clean_text

T = TypeVar("T")
_TRUE = {"yes", "true", "1"}
_FALSE = {"no", "false", "0"}
TAG_MAX = 100  # the tag name column's size
NAME_MAX = 100  # a contact's name columns' size


@dataclass(slots=True)
class ImportRow:
    """A valid row: cleaned values; None where the cell was empty."""

    number: int
    account_name: str | None
    account_type: AccountType | None
    company_name: str | None
    first_name: str
    last_name: str
    middle_name: str | None
    emails: list[str]
    phones: list[tuple[str, bool]]
    address: dict[str, str | None]
    account_tags: list[str]
    contact_tags: list[str]
    team_ids: list[int]
    description: str | None
    login: bool | None
    notify: bool | None
    email_sync: bool | None

    @property
    def group(self) -> str | None:
        """The account_name rows are grouped by: case-insensitive."""
        return self.account_name.lower() if self.account_name else None


def split(value: str) -> list[str]:
    """The parts of a `;`-separated cell, trimmed, empty ones dropped."""
    return [part.strip() for part in value.split(";") if part.strip()]


def _camel_case(column: str) -> str:
    head, *rest = column.split("_")
    return head + "".join(word.title() for word in rest)


# The field names the shared rules put in their messages: "First name is required."
_LABELS = {column: _camel_case(column) for column in COLUMNS}


def parse_yes_no(value: str, column: str) -> bool | None:
    lowered = value.lower()
    if not lowered:
        return None
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise fail(ErrorCode.INVALID, f"{column} must be yes/no, true/false or 1/0.", column)


def parse_account_type(value: str) -> AccountType | None:
    if not value:
        return None
    try:
        return AccountType(value.upper())
    except ValueError:
        raise fail(
            ErrorCode.INVALID, "account_type must be individual, company or other.", "account_type"
        ) from None


def clean_emails(value: str) -> list[str]:
    addresses: list[str] = []
    for part in split(value):
        address = clean_email(part, "email")
        if address in addresses:
            raise fail(ErrorCode.DUPLICATE, f"{address} is given twice.", "email")
        addresses.append(address)
    return addresses


def clean_tags(value: str, column: str) -> list[str]:
    """Tag names, distinct case-insensitively, in the order given."""
    names: dict[str, str] = {}
    for part in split(value):
        name = clean_name(part, "input", _LABELS[column]) or ""
        if len(name) > TAG_MAX:
            raise fail(ErrorCode.INVALID, f"A tag name has at most {TAG_MAX} characters.", column)
        names.setdefault(name.lower(), name)
    return list(names.values())


def staff_ids(value: str, staff_by_email: Mapping[str, int]) -> list[int]:
    ids: list[int] = []
    for part in split(value):
        staff_id = staff_by_email.get(part.lower())
        if staff_id is None:
            raise fail(
                ErrorCode.NOT_FOUND, f"No active staff member has the email {part}.", "team_members"
            )
        ids.append(staff_id)
    return list(dict.fromkeys(ids))


def _clean_name(value: str, column: str, required: bool, limit: int) -> str | None:
    """The shared name rules, and the column's size (a contact's names hold 100 characters)."""
    name = clean_name(value, "input", _LABELS[column], required=required)
    if name and len(name) > limit:
        raise fail(ErrorCode.INVALID, f"{column} has at most {limit} characters.", column)
    return name


class _RowChecker:
    """Runs each column's rule, keeping every error under the row's number and column."""

    def __init__(self, number: int, header: Header, record: list[str]) -> None:
        self.number, self.header, self.record = number, header, record
        self.errors: list[RowError] = []

    def cell(self, column: str) -> str:
        return self.header.cell(self.record, column)

    def check(self, column: str, rule: Callable[..., T], *args: Any) -> T | None:
        try:
            return rule(*args)
        except UserError as error:
            for e in error.errors:
                self.errors.append(RowError(self.number, column, e.code, e.message))
            return None

    def name(self, column: str, *, required: bool = False, limit: int = 200) -> str | None:
        return self.check(column, _clean_name, self.cell(column), column, required, limit)


def check_row(
    number: int, header: Header, record: list[str], staff_by_email: Mapping[str, int]
) -> ImportRow | list[RowError]:
    """The cleaned row, or every problem found in it."""
    c = _RowChecker(number, header, record)
    emails = c.check("email", clean_emails, c.cell("email")) or []
    phones = c.check("phone", lambda: clean_phones([PhoneEntry(n) for n in split(c.cell("phone"))]))
    toggles = {
        column: c.check(column, parse_yes_no, c.cell(column), column)
        for column in ("login", "notify", "email_sync")
    }
    if toggles["login"] and not emails and not c.cell("email"):
        c.errors.append(
            RowError(number, "login", ErrorCode.NO_EMAIL, "LOGIN needs an email address.")
        )
    address = Address(*(c.cell(k) for k in ("street", "city", "state", "postal_code", "country")))
    row = ImportRow(
        number=number,
        account_name=c.name("account_name"),
        account_type=c.check("account_type", parse_account_type, c.cell("account_type")),
        company_name=c.name("company_name"),
        first_name=c.name("first_name", required=True, limit=NAME_MAX) or "",
        last_name=c.name("last_name", required=True, limit=NAME_MAX) or "",
        middle_name=c.name("middle_name", limit=NAME_MAX),
        emails=emails,
        phones=phones or [],
        address=address.columns(),
        account_tags=c.check("account_tags", clean_tags, c.cell("account_tags"), "account_tags")
        or [],
        contact_tags=c.check("contact_tags", clean_tags, c.cell("contact_tags"), "contact_tags")
        or [],
        team_ids=c.check("team_members", staff_ids, c.cell("team_members"), staff_by_email) or [],
        description=clean_text(c.cell("description")),
        login=toggles["login"],
        notify=toggles["notify"],
        email_sync=toggles["email_sync"],
    )
    return c.errors or row
