"""Importing clients from CSV: one contact per row, validated first, applied chunk by chunk."""

from app.importing.report import ImportReport, RowError
from app.importing.run import ImportOptions, import_clients

__all__ = ["ImportOptions", "ImportReport", "RowError", "import_clients"]
