"""Custom fields: definitions per target, typed values, and the history of every change."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.access.actors import Actor
from app.access.permissions import ADMINISTER, READ_FIRM_DATA, entry_point
from app.custom_fields.models import (
    CustomFieldChange,
    CustomFieldDefinition,
    CustomFieldTarget,
    CustomFieldType,
    CustomFieldValue,
)
from app.errors import Collector, ErrorCode, UserError, fail
from app.validation import clean_email, clean_name

_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{3,40}$")
MAX_NUMBER_EXPONENT = 100


@dataclass(frozen=True)
class CustomFieldEntry:
    field_id: int | None
    value: str | None


@dataclass(frozen=True)
class NewCustomField:
    target: CustomFieldTarget
    label: str
    type: CustomFieldType
    options: Sequence[str] | None = None


@entry_point(READ_FIRM_DATA)
async def firm_custom_fields(
    actor: Actor, target: CustomFieldTarget | None = None
) -> list[CustomFieldDefinition]:
    """The firm's custom field definitions (of one target, if given), by target and label."""
    query = CustomFieldDefinition.filter(firm_id=actor.firm_id)
    if target is not None:
        query = query.filter(target=target)
    return await query.order_by("target", "label")


@entry_point(ADMINISTER)
async def create_custom_field(actor: Actor, data: NewCustomField) -> CustomFieldDefinition:
    """A new definition; a DROPDOWN needs distinct options (other types keep none)."""
    label = clean_name(data.label, "label")
    cleaned = [o.strip() for o in data.options or [] if o.strip()]
    if data.type == CustomFieldType.DROPDOWN and not cleaned:
        raise fail(ErrorCode.REQUIRED, "A dropdown needs options.", "options")
    if len({o.lower() for o in cleaned}) != len(cleaned):
        raise fail(ErrorCode.DUPLICATE, "Options must differ.", "options")
    if data.type != CustomFieldType.DROPDOWN:
        cleaned = []
    firm_id = actor.firm_id
    if await CustomFieldDefinition.filter(
        firm_id=firm_id, target=data.target, label=label
    ).exists():
        raise fail(ErrorCode.DUPLICATE, "A field with this label exists.", "label")
    return await CustomFieldDefinition.create(
        firm_id=firm_id, target=data.target, label=label, type=data.type, options=cleaned
    )


def canonical_value(definition: CustomFieldDefinition, raw: str | None, *field: str) -> str | None:
    """The value's canonical text (ISO dates, 'true'/'false'), None to clear, or INVALID."""
    text = (raw or "").strip()
    if not text:
        return None
    kind = definition.type
    if kind == CustomFieldType.NUMBER:
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise fail(ErrorCode.INVALID, f"{text!r} is not a number.", *field)
        if number.is_zero():
            return "0"
        if not -MAX_NUMBER_EXPONENT <= number.adjusted() <= MAX_NUMBER_EXPONENT:
            raise fail(ErrorCode.INVALID, f"{text!r} is out of range.", *field)
        # One text per number ("1.50", "15e-1" and "1.5" are all "1.5"), so that an equal
        # number is no change: no exponent, no trailing zeros, no rounding.
        plain = format(number, "f")
        return plain.rstrip("0").rstrip(".") if "." in plain else plain
    if kind == CustomFieldType.DATE:
        try:
            return date.fromisoformat(text[:10] if "T" in text else text).isoformat()
        except ValueError:
            raise fail(ErrorCode.INVALID, f"{text!r} is not a date (YYYY-MM-DD).", *field) from None
    if kind == CustomFieldType.CHECKBOX:
        if text.lower() in _TRUE | _FALSE:
            return "true" if text.lower() in _TRUE else "false"
        raise fail(ErrorCode.INVALID, "A checkbox is true or false.", *field)
    if kind == CustomFieldType.DROPDOWN:
        if text not in definition.options:
            raise fail(ErrorCode.INVALID, f"{text!r} is not one of the options.", *field)
        return text
    if kind == CustomFieldType.EMAIL:
        return clean_email(text, *field)
    if kind == CustomFieldType.PHONE and not _PHONE.match(text):
        raise fail(ErrorCode.INVALID, f"{text!r} is not a phone number.", *field)
    return text[:5000]


async def check_entries(
    firm_id: int,
    target: CustomFieldTarget,
    entries: Sequence[CustomFieldEntry],
    *path: str,
) -> list[tuple[CustomFieldDefinition, str | None]]:
    """Each entry's definition (of this firm and target) and canonical value, or the errors."""
    ids = [e.field_id for e in entries if e.field_id]
    definitions = {
        d.id: d
        for d in await CustomFieldDefinition.filter(firm_id=firm_id, target=target, id__in=ids)
    }
    # TRANSITIONAL: a legacy path (from "input") spells the input's names, not Python's.
    field_id = "fieldId" if path[:1] == ("input",) else "field_id"
    errors, checked, seen = Collector(), [], set()
    for i, entry in enumerate(entries):
        definition = definitions.get(entry.field_id or 0)
        if definition is None:
            errors.add(fail(ErrorCode.NOT_FOUND, "No such custom field.", *path, str(i), field_id))
            continue
        if definition.id in seen:
            # Two values for one field would store two rows for it.
            errors.add(
                fail(ErrorCode.DUPLICATE, "This field is given twice.", *path, str(i), field_id)
            )
            continue
        seen.add(definition.id)
        try:
            checked.append(
                (definition, canonical_value(definition, entry.value, *path, str(i), "value"))
            )
        except UserError as error:
            errors.add(error)
    errors.raise_any()
    return checked


async def apply_values(
    checked: Sequence[tuple[CustomFieldDefinition, str | None]],
    *,
    account_id: int | None = None,
    contact_id: int | None = None,
    changed_by_id: int | None,
) -> None:
    """Store the values; each actual change adds a history row with who and when."""
    owner: dict[str, Any] = {"account_id": account_id} if account_id else {"contact_id": contact_id}

    current = {
        v.definition_id: v
        for v in await CustomFieldValue.filter(
            definition_id__in=[d.id for d, _ in checked], **owner
        )
    }
    for definition, value in checked:
        row = current.get(definition.id)
        old = row.value if row else None
        if old == value:
            continue
        if row is None:
            row = await CustomFieldValue.create(definition_id=definition.id, value=value, **owner)
        else:
            row.value = value
            await row.save(update_fields=["value", "updated_at"])
        await CustomFieldChange.create(
            field_value_id=row.id, old_value=old, new_value=value, changed_by_id=changed_by_id
        )


@entry_point(READ_FIRM_DATA)
async def find_custom_field(actor: Actor, pk: int) -> CustomFieldDefinition | None:
    """A custom field definition of the actor's firm, by id."""
    return await CustomFieldDefinition.get_or_none(id=pk, firm_id=actor.firm_id)
