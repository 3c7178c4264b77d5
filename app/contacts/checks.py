"""Checking a new contact (and its phones and addresses) before anything is written; also
used by the accounts domain when an account is created with new contacts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from app.contacts.models import ContactEmail
from app.custom_fields import service as custom_fields
from app.custom_fields.models import CustomFieldTarget
from app.custom_fields.service import CustomFieldEntry
from app.errors import Collector, ErrorCode, FieldError, UserError, fail
from app.tags import service as tags
from app.validation import Address, clean_email, clean_name


@dataclass(frozen=True)
class PhoneEntry:
    number: str
    is_primary: bool | None = None


@dataclass(frozen=True)
class NewContact:
    first_name: str
    last_name: str
    middle_name: str | None = None
    emails: Sequence[str] = ()
    phones: Sequence[PhoneEntry] = ()
    address: Address | None = None
    tag_ids: Sequence[int] = ()
    custom_fields: Sequence[CustomFieldEntry] = ()


@dataclass
class CheckedContact:
    columns: dict[str, Any]
    emails: list[str]
    phones: list[tuple[str, bool]]
    tag_ids: list[int]
    custom_values: list = field(default_factory=list)


def clean_phones(phones: Sequence[PhoneEntry], *path: str | int) -> list[tuple[str, bool]]:
    """Trimmed numbers with exactly one primary (the first, unless one is marked)."""
    numbers = []
    for i, phone in enumerate(phones):
        number = phone.number.strip()
        if not number:
            raise fail(ErrorCode.REQUIRED, "A phone number is required.", *path, i, "number")
        numbers.append(number[:64])
    marked = [i for i, p in enumerate(phones) if p.is_primary]
    if len(marked) > 1:
        raise fail(ErrorCode.INVALID, "Only one phone can be primary.", *path)
    primary = marked[0] if marked else 0
    return [(n, i == primary) for i, n in enumerate(numbers)]


async def check_addresses_free(firm_id: int, addresses: Sequence[str], *path: str | int) -> None:
    """DUPLICATE when an address repeats or already belongs to a contact of the firm."""
    seen: set[str] = set()
    for i, address in enumerate(addresses):
        if address in seen:
            raise fail(ErrorCode.DUPLICATE, f"{address} is given twice.", *path, i)
        seen.add(address)
    taken = await ContactEmail.filter(firm_id=firm_id, address__in=addresses).first()
    if taken is not None:
        i = list(addresses).index(taken.address)
        raise fail(ErrorCode.DUPLICATE, f"{taken.address} belongs to another contact.", *path, i)


async def check_address_free(firm_id: int, address: str, *path: str | int) -> None:
    """DUPLICATE when the one address of a single-address input belongs to a contact."""
    if await ContactEmail.filter(firm_id=firm_id, address=address).exists():
        raise fail(ErrorCode.DUPLICATE, f"{address} belongs to another contact.", *path)


async def check_new_contact(firm_id: int, data: NewContact, *path: str | int) -> CheckedContact:
    """Validate everything about a new contact before anything is written; errors name the
    fields by their Python names under `path`."""
    if path[:1] == ("input",):  # a caller still spelling input paths
        try:
            return await _check_new_contact(firm_id, data, *path)
        except UserError as error:
            raise _camel_after(error, len(path)) from None
    return await _check_new_contact(firm_id, data, *path)


async def _check_new_contact(firm_id: int, data: NewContact, *path: str | int) -> CheckedContact:
    errors = Collector()
    first = errors.check(clean_name, data.first_name, *path, "first_name")
    middle = errors.check(clean_name, data.middle_name, *path, "middle_name", required=False)
    last = errors.check(clean_name, data.last_name, *path, "last_name")
    emails = [errors.check(clean_email, e, *path, "emails", i) for i, e in enumerate(data.emails)]
    phones = errors.check(clean_phones, data.phones, *path, "phones") or []
    errors.raise_any()
    addresses = cast(list[str], emails)  # every rule passed
    await check_addresses_free(firm_id, addresses, *path, "emails")
    named = [str(part) for part in path]  # these checks take names only
    tag_ids = await tags.check_tag_ids(firm_id, data.tag_ids, *named, "tag_ids")
    values = await custom_fields.check_entries(
        firm_id, CustomFieldTarget.CONTACT, data.custom_fields, *named, "custom_fields"
    )
    columns = {"first_name": first, "middle_name": middle, "last_name": last}
    columns.update((data.address or Address()).columns())
    return CheckedContact(columns, addresses, phones, tag_ids, values)


def _camel_after(error: UserError, start: int) -> UserError:
    """The error with its field names past `start` spelled as in the GraphQL input (for a
    caller whose path is already an input path, which the GraphQL layer leaves as it is)."""

    def camel(part: str | int) -> str | int:
        if not isinstance(part, str):
            return str(part)
        first, *rest = part.split("_")
        return first + "".join(word[:1].upper() + word[1:] for word in rest)

    return UserError(
        [
            FieldError(
                e.code, e.message, e.field[:start] + tuple(camel(p) for p in e.field[start:])
            )
            if e.field
            else e
            for e in error.errors
        ]
    )
