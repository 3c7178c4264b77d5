"""What an import did: counts and the errors of the rows it left out."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.errors import ErrorCode


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem with one row (the header is row 1) and, when known, one column."""

    row: int
    column: str | None
    code: ErrorCode
    message: str


@dataclass
class ImportReport:
    rows_total: int = 0
    accounts_created: int = 0
    contacts_created: int = 0
    contacts_matched: int = 0
    invitations_sent: int = 0
    errors: list[RowError] = field(default_factory=list)
    failed_rows: set[int] = field(default_factory=set)

    @property
    def rows_failed(self) -> int:
        return len(self.failed_rows)

    def fail(self, errors: list[RowError]) -> None:
        self.errors.extend(errors)
        self.failed_rows.update(e.row for e in errors)

    def summary(self) -> str:
        """One sentence for the IMPORT_COMPLETED notification and the terminal."""
        text = (
            f"{self.rows_total} rows: {self.accounts_created} accounts created, "
            f"{self.contacts_created} contacts created, {self.contacts_matched} matched, "
            f"{self.rows_failed} rows failed"
        )
        if self.invitations_sent:
            text += f", {self.invitations_sent} invitations sent"
        return text + "."
