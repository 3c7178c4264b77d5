"""Generated account names and client IDs (initials plus the smallest free number)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from app.accounts.models import Account, AccountType
from app.firms.models import AccountNameFormat


def generated_name(
    type_: AccountType,
    name_format: AccountNameFormat,
    first_name: str,
    last_name: str,
    company_name: str | None,
) -> str:
    """COMPANY from its company name; others from the first contact, by the firm's format."""
    if type_ == AccountType.COMPANY and company_name:
        return company_name
    if name_format == AccountNameFormat.LAST_FIRST:
        return f"{last_name}, {first_name}"
    return f"{first_name} {last_name}"


def _first_letter(word: str) -> str:
    return next((c.upper() for c in word if c.isalpha()), "X")


def initials(type_: AccountType, first_name: str, last_name: str, company: str | None) -> str:
    """First and last name's first letters; a company's first two words (one word: two letters)."""
    if type_ == AccountType.COMPANY and company:
        words = company.split()
        if len(words) == 1:
            letters = [c.upper() for c in words[0] if c.isalpha()][:2]
            return "".join(letters).ljust(2, "X")
        return _first_letter(words[0]) + _first_letter(words[1])
    return _first_letter(first_name) + _first_letter(last_name)


async def next_client_id(firm_id: int, prefix: str) -> str:
    """`prefix` plus the smallest number not yet used with that prefix in the firm."""
    taken = await Account.filter(firm_id=firm_id, client_id__startswith=prefix).values_list(
        "client_id", flat=True
    )
    return f"{prefix}{smallest_free_number(taken_numbers(prefix, cast(list[str], taken)))}"


def taken_numbers(prefix: str, client_ids: Iterable[str]) -> set[int]:
    """The numbers that follow `prefix` in these client IDs."""
    return {
        int(rest)
        for cid in client_ids
        if cid.startswith(prefix) and (rest := cid[len(prefix) :]).isdigit()
    }


def smallest_free_number(taken: set[int], start: int = 1) -> int:
    """The smallest number from `start` (all below taken) not in `taken`."""
    number = start
    while number in taken:
        number += 1
    return number
