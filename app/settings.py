"""Settings, read once from the environment (see the Settings table in README.md).

Every value is checked here, so a bad one stops a command at start-up with one line naming
the variable (`SettingError`) rather than failing later, deep in a request.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from typing import NamedTuple
from urllib.parse import urlsplit

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql")
BROADCAST_SCHEMES = ("memory", "redis", "rediss", "postgres", "postgresql")


class SettingError(ValueError):
    """A `CRM_*` variable with a value we cannot use; the message names it, in one line."""


def _bool(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise SettingError(f"{name} must be true or false, not {value!r}")


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise SettingError(f"{name} must be a positive number of seconds, not {value!r}")
    return seconds


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name)
    return _bool(value, name) if value else default


def _byte_count(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    if not value:
        return default
    if not value.strip().isdigit() or int(value) <= 0:
        raise SettingError(f"{name} must be a positive number of bytes, not {value!r}")
    return int(value)


def _days(env: Mapping[str, str], name: str, default: timedelta) -> timedelta:
    value = env.get(name)
    if not value:
        return default
    try:
        days = float(value)
    except ValueError:
        days = math.nan
    if not math.isfinite(days) or days <= 0 or days > 3650:
        raise SettingError(
            f"{name} must be a number of days above 0 (e.g. 14 or 0.5), not {value!r}"
        )
    return timedelta(days=days)


def database_url(value: str) -> str:
    """A database URL we can open: `sqlite://PATH` or `postgres://user@host:port/db`."""
    name = "CRM_DATABASE_URL"
    scheme, sep, rest = value.partition("://")
    if not sep:
        raise SettingError(
            f"{name} must be a URL such as sqlite://{_shown(value) or 'crm.sqlite3'} or "
            f"postgres://user:password@host:5432/crm, not {_shown(value)!r}"
        )
    if scheme not in DATABASE_SCHEMES:
        raise SettingError(
            f"{name}: {scheme}:// is not supported; use sqlite://PATH or postgres://…"
        )
    if scheme == "sqlite":
        if not rest.split("?")[0]:
            raise SettingError(f"{name} names no file: use sqlite://crm.sqlite3 or sqlite:///abs")
        return value
    _url_parts(name, value, needs_host=True)
    return value


def broadcast_url(value: str) -> str:
    name = "CRM_BROADCAST_URL"
    scheme = value.partition("://")[0]
    if "://" not in value or scheme not in BROADCAST_SCHEMES:
        raise SettingError(
            f"{name} must be memory://, redis://host:6379 or postgres://…, not {_shown(value)!r}"
        )
    if scheme != "memory":
        _url_parts(name, value, needs_host=True)
    return value


def _url_parts(name: str, value: str, *, needs_host: bool) -> None:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError as error:
        raise SettingError(f"{name} is not a valid URL ({error}): {_shown(value)}") from None
    if needs_host and not parts.hostname:
        raise SettingError(f"{name} names no host: {_shown(value)}")


def _shown(url: str) -> str:
    """A URL as an error message may show it: without its password."""
    return _PASSWORD.sub(r"\1\2:***@", url)


# "user:password@" at the start of a URL's authority (or of a scheme-less value).
_PASSWORD = re.compile(r"(^|//)([^:/@\s]*):([^@/\s]*)@")


def public_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise SettingError(
            f"CRM_PUBLIC_URL must be an http:// or https:// address (e.g. https://crm.example), "
            f"not {value!r}"
        )
    return value.rstrip("/")


def mail_from(value: str) -> str:
    address = parseaddr(value)[1]
    local, at, domain = address.rpartition("@")
    if not (local and at and domain) or " " in address:
        raise SettingError(
            f"CRM_MAIL_FROM must be an email address (e.g. CRM <no-reply@firm.example>), "
            f"not {value!r}"
        )
    return value


def cors_origins(value: str) -> tuple[str, ...]:
    origins = tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
            raise SettingError(
                f"CRM_CORS_ORIGINS takes origins such as https://app.example, not {origin!r}"
            )
    return origins


class _Recorded(Mapping[str, str]):
    """The environment, remembering which names were asked for (to spot misspelt ones)."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env, self.asked = env, set[str]()

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        return self.env[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.env)

    def __len__(self) -> int:
        return len(self.env)


LOG_FORMATS = ("text", "json")


def _log_format(env: Mapping[str, str]) -> str:
    value = (env.get("CRM_LOG_FORMAT") or "text").strip().lower()
    if value not in LOG_FORMATS:
        raise SettingError(f"CRM_LOG_FORMAT must be text or json, not {env['CRM_LOG_FORMAT']!r}")
    return value


class CostBudget(NamedTuple):
    """A caller's query cost budget: a leaky bucket of `points`, restoring `per_second`."""

    points: int
    per_second: float


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
    # The longest any one database call may take (connecting, a statement, waiting for a
    # connection): past it the caller gets UNAVAILABLE rather than waiting on a hung server.
    db_timeout: float = 5.0
    # How long SIGTERM may take: in-flight requests, open subscriptions, the mail being sent.
    shutdown_seconds: float = 10.0
    # How often each process checks that its live `inbox` subscribers have every notification
    # stored for them (what a publish lost in a broadcast outage would otherwise hold back).
    inbox_resync_seconds: float = 15.0
    # The largest HTTP request body (413 beyond): room for a 5 MB CSV escaped in JSON.
    max_body_bytes: int = 12 * 1024 * 1024
    # How `crm serve` writes its log lines: "text" or "json" (one object per line).
    log_format: str = "text"
    # Query cost budgets per caller (CRM_COST_BUDGETS); off, only the per-operation cap holds.
    # The sizes are the API's promise, not settings: tests may set smaller ones.
    cost_budgets: bool = True
    # Proxies trusted for X-Forwarded-For (CRM_FORWARDED_ALLOW_IPS): addresses or networks.
    forwarded_allow_ips: str = "127.0.0.1"
    person_cost_budget: CostBudget = CostBudget(20_000, 1_000.0)  # staff members and clients
    app_cost_budget: CostBudget = CostBudget(10_000, 500.0)  # API clients
    # Webhook delivery, in seconds: how often the worker looks for due deliveries without
    # being rung, the back-off after a temporary failure (base, doubled per attempt, capped,
    # jittered), and how long one attempt may take. Private targets are for tests and
    # receivers on one's own network only.
    webhook_poll_interval: float = 1.0
    webhook_retry_base: float = 5.0
    webhook_retry_max: float = 3600.0
    webhook_timeout: float = 10.0
    webhook_allow_private: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `CRM_*` variables; unset ones keep their defaults. A bad value
        raises SettingError naming the variable."""
        return cls._read(_Recorded(os.environ if env is None else env))

    @classmethod
    def unknown_names(cls, env: Mapping[str, str] | None = None) -> list[str]:
        """`CRM_*` variables set in the environment that no setting reads (misspelt ones)."""
        recorded = _Recorded(os.environ if env is None else env)
        cls._read(recorded)
        names = {n for n in recorded.env if n.startswith("CRM_") and not n.startswith("CRM_TEST_")}
        return sorted(names - recorded.asked)

    @classmethod
    def _read(cls, env: Mapping[str, str]) -> Settings:
        defaults = cls()
        signup = env.get("CRM_ALLOW_FIRM_SIGNUP")
        budgets = env.get("CRM_COST_BUDGETS")
        return cls(
            database_url=database_url(env.get("CRM_DATABASE_URL") or defaults.database_url),
            broadcast_url=broadcast_url(env.get("CRM_BROADCAST_URL") or defaults.broadcast_url),
            smtp_url=_smtp_url(env.get("CRM_SMTP_URL") or None),
            mail_from=mail_from(env.get("CRM_MAIL_FROM") or defaults.mail_from),
            public_url=public_url(env.get("CRM_PUBLIC_URL") or defaults.public_url),
            invitation_ttl=_days(env, "CRM_INVITATION_TTL_DAYS", defaults.invitation_ttl),
            allow_firm_signup=(
                _bool(signup, "CRM_ALLOW_FIRM_SIGNUP") if signup else defaults.allow_firm_signup
            ),
            mail_poll_interval=_seconds(env, "CRM_MAIL_POLL_SECONDS", defaults.mail_poll_interval),
            mail_retry_base=_seconds(env, "CRM_MAIL_RETRY_BASE_SECONDS", defaults.mail_retry_base),
            mail_retry_max=_seconds(env, "CRM_MAIL_RETRY_MAX_SECONDS", defaults.mail_retry_max),
            cors_origins=cors_origins(env.get("CRM_CORS_ORIGINS", "")),
            inbound_smtp=_inbound_smtp(env.get("CRM_INBOUND_SMTP") or None),
            inbound_max_bytes=_byte_count(env, "CRM_INBOUND_MAX_BYTES", defaults.inbound_max_bytes),
            documents_dir=env.get("CRM_DOCUMENTS_DIR") or defaults.documents_dir,
            max_attachment_bytes=_byte_count(
                env, "CRM_MAX_ATTACHMENT_BYTES", defaults.max_attachment_bytes
            ),
            db_timeout=_seconds(env, "CRM_DB_TIMEOUT_SECONDS", defaults.db_timeout),
            shutdown_seconds=_seconds(env, "CRM_SHUTDOWN_SECONDS", defaults.shutdown_seconds),
            inbox_resync_seconds=_seconds(
                env, "CRM_INBOX_RESYNC_SECONDS", defaults.inbox_resync_seconds
            ),
            max_body_bytes=_byte_count(env, "CRM_MAX_BODY_BYTES", defaults.max_body_bytes),
            log_format=_log_format(env),
            forwarded_allow_ips=_proxies(env, defaults.forwarded_allow_ips),
            cost_budgets=_bool(budgets, "CRM_COST_BUDGETS") if budgets else defaults.cost_budgets,
            webhook_poll_interval=_seconds(
                env, "CRM_WEBHOOK_POLL_SECONDS", defaults.webhook_poll_interval
            ),
            webhook_retry_base=_seconds(
                env, "CRM_WEBHOOK_RETRY_BASE_SECONDS", defaults.webhook_retry_base
            ),
            webhook_retry_max=_seconds(
                env, "CRM_WEBHOOK_RETRY_MAX_SECONDS", defaults.webhook_retry_max
            ),
            webhook_allow_private=_flag(
                env, "CRM_WEBHOOK_ALLOW_PRIVATE", defaults.webhook_allow_private
            ),
        )


def _smtp_url(value: str | None) -> str | None:
    from app.mail.transport import parse_smtp_url  # the mail package reads settings too

    if value is not None:
        try:
            parse_smtp_url(value)
        except ValueError as error:
            raise SettingError(str(error)) from None
    return value


def _inbound_smtp(value: str | None) -> str | None:
    from app.email_sync.inbound.address import parse_listen_address

    if value is not None:
        try:
            parse_listen_address(value)
        except ValueError as error:
            raise SettingError(str(error)) from None
    return value


def _proxies(env: Mapping[str, str], default: str) -> str:
    """CRM_FORWARDED_ALLOW_IPS: `*`, or addresses and networks separated by commas."""
    raw = env.get("CRM_FORWARDED_ALLOW_IPS", "").strip()
    if not raw:
        return default
    if raw != "*":
        for part in raw.split(","):
            try:
                ipaddress.ip_network(part.strip(), strict=False)
            except ValueError:
                raise SettingError(
                    "CRM_FORWARDED_ALLOW_IPS takes addresses or networks separated by commas "
                    f"(or *), not {part.strip()!r}"
                ) from None
    return raw
