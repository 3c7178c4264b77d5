"""Log lines an operator can use: text or JSON (CRM_LOG_FORMAT), every line of a request
carrying its request id, and no secret of the settings on any line."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from typing import Any

from app.observability.redact import HIDDEN, scrub, url_password
from app.observability.request_facts import current_request_id
from app.settings import Settings

# Fields a log call may add (`extra=`) that the formatters print: the access line's. Its
# text message already says method, path, status and duration.
REQUEST_FIELDS = (
    "method",
    "path",
    "status",
    "duration_ms",
    "operation",
    "outcome",
    "statements",
    "client",
)
TEXT_FIELDS = ("operation", "outcome", "statements", "client")


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being served (or None)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class _Scrubbing(logging.Formatter):
    """Hides the settings' passwords, and the values a record names in `redact`, anywhere
    in the formatted line (traceback included)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]
        # No formatter here prints thread or process names: records need not look them up
        # (a tenth of an access line's cost). Set where serving processes configure logging.
        logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False

    def _scrubbed(self, text: str, record: logging.LogRecord) -> str:
        for secret in self.secrets:
            text = text.replace(secret, HIDDEN)
        values = getattr(record, "redact", None)
        return scrub(text, values) if values else text


class TextFormatter(_Scrubbing):
    """`2025-01-02T03:04:05.678Z INFO crm.access [request id] message key=value ...`"""

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None)
        line = f"{_timestamp(record)} {record.levelname} {record.name}"
        line += f" [{request_id}] " if request_id else " "
        line += record.getMessage()
        for name in TEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line += f" {name}={value}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return self._scrubbed(line, record)


class JsonFormatter(_Scrubbing):
    """One JSON object per line: time, level, logger, message, request_id, the request
    fields the record has, and `exception` (the traceback) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        for name in REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return self._scrubbed(json.dumps(entry, default=str), record)


def _timestamp(record: logging.LogRecord) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
    return f"{seconds}.{int(record.msecs):03d}Z"


def settings_secrets(settings: Settings) -> list[str]:
    """The passwords the settings' URLs hold: no log line may show them."""
    urls = (settings.database_url, settings.broadcast_url, settings.smtp_url)
    return [p for p in (url_password(u) for u in urls) if p]


def logging_config(settings: Settings) -> dict[str, Any]:
    """A `logging.config.dictConfig` for serving processes: every logger (uvicorn's too) to
    stderr in CRM_LOG_FORMAT at INFO; uvicorn's access log off (ours writes one line)."""
    formatter = JsonFormatter if settings.log_format == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"crm": {"()": formatter, "secrets": settings_secrets(settings)}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "crm",
                "filters": ["request_id"],
            }
        },
        "root": {"level": "INFO", "handlers": ["stderr"]},
        "loggers": {
            "uvicorn": {"level": "INFO", "handlers": [], "propagate": True},
            "uvicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
    }


def configure_logging(settings: Settings) -> None:
    """Apply `logging_config` to this process."""
    import logging.config

    logging.config.dictConfig(logging_config(settings))
