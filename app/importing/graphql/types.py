"""Inputs and payload of importClients (CSV import of clients)."""

from __future__ import annotations

import strawberry

from app.graphql.types import UserError
from app.importing import ImportReport as ReportValue


@strawberry.input
class ImportDefaultsInput:
    login: bool | None = None
    notify: bool | None = None
    email_sync: bool | None = None
    send_invitations: bool | None = None


@strawberry.input
class ImportClientsInput:
    csv: str = strawberry.field(
        description="CSV text with a header row; the README lists the columns."
    )
    dry_run: bool | None = None
    defaults: ImportDefaultsInput | None = None


@strawberry.type
class ImportRowError:
    row: int
    column: str | None
    code: str = strawberry.field(
        description="An error code, e.g. REQUIRED, INVALID_EMAIL, INVALID_CHARACTERS."
    )
    message: str


@strawberry.type
class ImportReport:
    rows_total: int
    accounts_created: int
    contacts_created: int
    contacts_matched: int
    rows_failed: int
    errors: list[ImportRowError]

    @staticmethod
    def of(report: ReportValue) -> ImportReport:
        return ImportReport(
            rows_total=report.rows_total,
            accounts_created=report.accounts_created,
            contacts_created=report.contacts_created,
            contacts_matched=report.contacts_matched,
            rows_failed=report.rows_failed,
            errors=[
                ImportRowError(row=e.row, column=e.column, code=e.code.value, message=e.message)
                for e in report.errors
            ],
        )


@strawberry.type
class ImportClientsPayload:
    report: ImportReport | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
