"""Settings, read once from the environment (see the Settings table in README.md)."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _bool(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"{name} must be a positive number of seconds, not {value!r}")
    return seconds


def _byte_count(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    if not value:
        return default
    if not value.strip().isdigit() or int(value) <= 0:
        raise ValueError(f"{name} must be a positive number of bytes, not {value!r}")
    return int(value)


LOG_FORMATS = ("text", "json")


def _log_format(env: Mapping[str, str]) -> str:
    value = (env.get("CRM_LOG_FORMAT") or "text").strip().lower()
    if value not in LOG_FORMATS:
        raise ValueError(f"CRM_LOG_FORMAT must be text or json, not {env['CRM_LOG_FORMAT']!r}")
    return value


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite://crm.sqlite3"
    broadcast_url: str = "memory://"
    smtp_url: str | None = None
    mail_from: str = "no-reply@localhost"
    public_url: str = "http://127.0.0.1:8000"
    invitation_ttl: timedelta = timedelta(days=14)
    allow_firm_signup: bool = True
    session_ttl: timedelta = timedelta(days=30)
    # Cheap Argon2 parameters are for tests only; production keeps argon2-cffi's defaults.
    fast_password_hashing: bool = False
    # Mail delivery, in seconds: how often the worker looks for due mail without being rung,
    # and the exponential back-off after a temporary failure (base, doubled per attempt, capped).
    mail_poll_interval: float = 2.0
    mail_retry_base: float = 5.0
    mail_retry_max: float = 15 * 60.0
    # Browser origins allowed to call the API (CORS); none by default.
    cors_origins: tuple[str, ...] = ()
    # EMAIL SYNC: the SMTP receiver's "host:port" (off when None), the largest message it
    # takes, where attachments kept as documents go, and the largest attachment kept.
    inbound_smtp: str | None = None
    inbound_max_bytes: int = 25 * 1024 * 1024
    documents_dir: str = "./documents"
    max_attachment_bytes: int = 20 * 1024 * 1024
    # The largest HTTP request body (413 beyond): room for a 5 MB CSV escaped in JSON.
    max_body_bytes: int = 12 * 1024 * 1024
    # How `crm serve` writes its log lines: "text" or "json" (one object per line).
    log_format: str = "text"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `CRM_*` variables; unset ones keep their defaults."""
        env = os.environ if env is None else env
        defaults = cls()
        ttl_days = env.get("CRM_INVITATION_TTL_DAYS")
        signup = env.get("CRM_ALLOW_FIRM_SIGNUP")
        return cls(
            database_url=env.get("CRM_DATABASE_URL", defaults.database_url),
            broadcast_url=env.get("CRM_BROADCAST_URL", defaults.broadcast_url),
            smtp_url=env.get("CRM_SMTP_URL") or None,
            mail_from=env.get("CRM_MAIL_FROM", defaults.mail_from),
            public_url=env.get("CRM_PUBLIC_URL", defaults.public_url).rstrip("/"),
            invitation_ttl=(
                timedelta(days=float(ttl_days)) if ttl_days else defaults.invitation_ttl
            ),
            allow_firm_signup=(
                _bool(signup, "CRM_ALLOW_FIRM_SIGNUP") if signup else defaults.allow_firm_signup
            ),
            mail_poll_interval=_seconds(env, "CRM_MAIL_POLL_SECONDS", defaults.mail_poll_interval),
            mail_retry_base=_seconds(env, "CRM_MAIL_RETRY_BASE_SECONDS", defaults.mail_retry_base),
            mail_retry_max=_seconds(env, "CRM_MAIL_RETRY_MAX_SECONDS", defaults.mail_retry_max),
            cors_origins=tuple(
                o.strip().rstrip("/")
                for o in env.get("CRM_CORS_ORIGINS", "").split(",")
                if o.strip()
            ),
            inbound_smtp=env.get("CRM_INBOUND_SMTP") or None,
            inbound_max_bytes=_byte_count(env, "CRM_INBOUND_MAX_BYTES", defaults.inbound_max_bytes),
            documents_dir=env.get("CRM_DOCUMENTS_DIR") or defaults.documents_dir,
            max_attachment_bytes=_byte_count(
                env, "CRM_MAX_ATTACHMENT_BYTES", defaults.max_attachment_bytes
            ),
            max_body_bytes=_byte_count(env, "CRM_MAX_BODY_BYTES", defaults.max_body_bytes),
            log_format=_log_format(env),
        )
