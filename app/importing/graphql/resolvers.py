"""importClients: a CSV of clients, one contact per row."""

from __future__ import annotations

import io

from app.access.permissions import IMPORT_CLIENTS
from app.errors import ErrorCode, fail
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.importing import ImportOptions
from app.importing import import_clients as run_import
from app.importing.graphql.types import ImportClientsInput, ImportClientsPayload, ImportReport

MAX_CSV_BYTES = 5 * 1024 * 1024  # at most 5 MB of CSV a call (API conventions)


@reports_user_errors(ImportClientsPayload)
async def import_clients(info: Info, input: ImportClientsInput) -> ImportClientsPayload:
    if len(input.csv.encode()) > MAX_CSV_BYTES:
        raise fail(
            ErrorCode.LIMIT_EXCEEDED,
            "At most 5 MB of CSV a call; split the file, or use `crm import` on the server.",
            "input",
            "csv",
        )
    defaults = input.defaults
    options = ImportOptions(
        dry_run=bool(input.dry_run),
        login=defaults.login if defaults else None,
        notify=defaults.notify if defaults else None,
        email_sync=defaults.email_sync if defaults else None,
        send_invitations=bool(defaults and defaults.send_invitations),
    )
    report = await run_import(
        info.context.require_staff_actor(IMPORT_CLIENTS),
        lambda: io.StringIO(input.csv, newline=""),
        options,
        info.context.settings,
    )
    return ImportClientsPayload(report=ImportReport.of(report))
