"""Input rules shared by every service: names, emails, slugs, addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, overload

from app.errors import ErrorCode, fail

# Names become folder names on a client's drive.
_FORBIDDEN_NAME_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]{2,39}$")


@overload
def clean_name(value: str | None, *field: str, required: Literal[True] = True) -> str: ...


@overload
def clean_name(value: str | None, *field: str, required: bool) -> str | None: ...


def clean_name(value: str | None, *field: str, required: bool = True) -> str | None:
    """Trimmed name; REQUIRED when empty and required, INVALID_CHARACTERS on forbidden ones."""
    value = (value or "").strip()
    if not value:
        if required:
            raise fail(ErrorCode.REQUIRED, f"{_label(field)} is required.", *field)
        return None
    if _FORBIDDEN_NAME_CHARS.search(value):
        raise fail(
            ErrorCode.INVALID_CHARACTERS,
            f'{_label(field)} may not contain < > : " / \\ | ? * or control characters.',
            *field,
        )
    if len(value) > 200:
        raise fail(ErrorCode.INVALID, f"{_label(field)} is too long.", *field)
    return value


def clean_label(value: str | None, *field: str, limit: int = 200) -> str:
    """A required display text that never becomes a folder name (a firm name): trimmed."""
    value = (value or "").strip()
    if not value:
        raise fail(ErrorCode.REQUIRED, f"{_label(field)} is required.", *field)
    if len(value) > limit or any(ord(c) < 32 for c in value):
        raise fail(
            ErrorCode.INVALID, f"{_label(field)} is too long or has control characters.", *field
        )
    return value


def clean_email(value: str, *field: str) -> str:
    """Trimmed, lower-cased, syntax-checked (no DNS look-up)."""
    address = value.strip().lower()
    if not address:
        raise fail(ErrorCode.REQUIRED, "An email address is required.", *field)
    if len(address) > 254 or not _EMAIL.match(address):
        raise fail(ErrorCode.INVALID_EMAIL, f"{value.strip()!r} is not an email address.", *field)
    return address


def clean_slug(value: str, *field: str) -> str:
    slug = value.strip()
    if not _SLUG.match(slug):
        raise fail(
            ErrorCode.INVALID,
            "A slug has 3 to 40 characters of a-z, 0-9 and -, starting with a letter.",
            *field,
        )
    return slug


def clean_text(value: str | None, limit: int = 255) -> str | None:
    """An optional free-text value: trimmed, empty becomes None, bounded."""
    value = (value or "").strip()
    return value[:limit] or None


@dataclass(frozen=True)
class Address:
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None

    def columns(self) -> dict[str, str | None]:
        return {
            "street": clean_text(self.street),
            "city": clean_text(self.city, 100),
            "state": clean_text(self.state, 100),
            "postal_code": clean_text(self.postal_code, 32),
            "country": clean_text(self.country, 100),
        }


def _label(field: tuple[str, ...]) -> str:
    name = field[-1] if field else "The value"
    # A Python name ("company_name") or a legacy input name ("companyName"): "Company name".
    return re.sub(r"(?<!^)([A-Z])", r" \1", name).replace("_", " ").capitalize()
