"""Custom field definitions, values and their history."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app import models
from app.accounts.graphql.enums import CustomFieldTarget, CustomFieldType
from app.contacts.loaders import changes_by_value_id, staff_by_id
from app.custom_fields.service import CustomFieldEntry
from app.firms.graphql.types import StaffMember
from app.graphql.context import Info
from app.graphql.ids import pk_of, to_global_id
from app.graphql.types import Node, UserError


@strawberry.type
class CustomFieldDefinition(Node):
    target: CustomFieldTarget
    label: str
    type: CustomFieldType
    options: list[str]

    @staticmethod
    def of(row: models.CustomFieldDefinition) -> CustomFieldDefinition:
        return CustomFieldDefinition(
            id=strawberry.ID(to_global_id("CustomFieldDefinition", row.id)),
            target=row.target,
            label=row.label,
            type=row.type,
            options=list(row.options),
        )


@strawberry.type
class CustomFieldChange:
    old_value: str | None
    new_value: str | None
    changed_at: datetime
    changed_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def changed_by(self, info: Info) -> StaffMember | None:
        if self.changed_by_id is None:
            return None
        row = await info.context.load.load(staff_by_id, self.changed_by_id)
        return StaffMember.of(row) if row else None


@strawberry.type
class CustomFieldValue:
    field: CustomFieldDefinition
    value: str | None = strawberry.field(
        description="Canonical text form: ISO 8601 for DATE, 'true'/'false' for CHECKBOX."
    )
    row_id: strawberry.Private[int]

    @staticmethod
    def of(row: models.CustomFieldValue) -> CustomFieldValue:
        return CustomFieldValue(
            field=CustomFieldDefinition.of(row.definition), value=row.value, row_id=row.id
        )

    @strawberry.field
    async def history(self, info: Info) -> list[CustomFieldChange]:
        rows = await info.context.load.load(changes_by_value_id, self.row_id)
        return [
            CustomFieldChange(
                old_value=r.old_value,
                new_value=r.new_value,
                changed_at=r.changed_at,
                changed_by_id=r.changed_by_id,
            )
            for r in rows
        ]


@strawberry.input
class CustomFieldValueInput:
    field_id: strawberry.ID
    value: str | None = None

    def entry(self) -> CustomFieldEntry:
        return CustomFieldEntry(pk_of(self.field_id, "CustomFieldDefinition") or 0, self.value)


@strawberry.input
class CreateCustomFieldInput:
    target: CustomFieldTarget
    label: str
    type: CustomFieldType
    options: list[str] | None = None


@strawberry.type
class CustomFieldPayload:
    custom_field: CustomFieldDefinition | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
