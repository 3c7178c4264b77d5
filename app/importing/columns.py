"""The CSV's columns (case-insensitive, order free) and numbered records, read lazily."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from app.errors import ErrorCode, UserError, fail

COLUMNS = (
    "account_name",
    "account_type",
    "company_name",
    "first_name",
    "last_name",
    "middle_name",
    "email",
    "phone",
    "street",
    "city",
    "state",
    "postal_code",
    "country",
    "account_tags",
    "contact_tags",
    "team_members",
    "description",
    "login",
    "notify",
    "email_sync",
)
REQUIRED = ("first_name", "last_name")
BOM = "\ufeff"


@dataclass(frozen=True)
class Header:
    positions: dict[str, int]

    def cell(self, record: list[str], column: str) -> str:
        """The trimmed value of a column in a record ("" when absent)."""
        i = self.positions.get(column)
        return record[i].strip() if i is not None and i < len(record) else ""


def read_header(record: list[str] | None) -> Header:
    """Known columns only (a typo must not drop data silently); both names required."""
    if not record:
        raise fail(ErrorCode.REQUIRED, "The CSV is empty: it needs a header row.", "input", "csv")
    names = [c.strip().lower() for c in record]
    names[0] = names[0].lstrip(BOM).strip()
    unknown = [n for n in names if n and n not in COLUMNS]
    if unknown:
        raise fail(
            ErrorCode.INVALID,
            f"Unknown column {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}.",
            "input",
            "csv",
        )
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        raise fail(ErrorCode.INVALID, f"Column {', '.join(repeated)} given twice.", "input", "csv")
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise fail(ErrorCode.REQUIRED, f"Column {', '.join(missing)} is required.", "input", "csv")
    return Header({n: i for i, n in enumerate(names) if n})


def records(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) with the header as row 1; blank rows are skipped but numbered.

    Malformed CSV (e.g. a NUL byte) raises UserError INVALID naming the row.
    """
    reader = csv.reader(lines, strict=True)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):  # noqa: B007 (read after the loop)
            if any(cell.strip() for cell in record):
                yield number, record
    except csv.Error as error:
        raise fail(
            ErrorCode.INVALID, f"Row {number + 1} is not valid CSV: {error}.", "input", "csv"
        ) from error


def scan(lines: Iterable[str]) -> int:
    """Check the header and the CSV syntax of the whole file; answer the number of data rows.

    Run before importing, so that a bad file is refused with nothing imported.
    """
    numbered = records(lines)
    first = next(numbered, None)
    header_row = first[1] if first and first[0] == 1 else None
    read_header(header_row)
    return sum(1 for _ in numbered)


__all__ = ["COLUMNS", "Header", "UserError", "read_header", "records", "scan"]
