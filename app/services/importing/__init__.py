"""Importing clients from CSV: one contact per row, validated first, applied chunk by chunk."""

from app.services.importing.report import ImportReport, RowError
from app.services.importing.run import ImportOptions, import_clients

__all__ = ["ImportOptions", "ImportReport", "RowError", "import_clients"]
