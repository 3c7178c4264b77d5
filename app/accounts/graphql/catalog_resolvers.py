"""The firm's catalogs: tags, custom field definitions, folder templates."""

from __future__ import annotations

from app.access.permissions import ADMINISTER, MANAGE_ACCOUNTS, READ_FIRM_DATA
from app.accounts import folders
from app.accounts.graphql.enums import CustomFieldTarget
from app.accounts.graphql.folder_types import (
    CreateFolderTemplateInput,
    FolderTemplate,
    FolderTemplatePayload,
)
from app.custom_fields import service as custom_fields
from app.custom_fields.graphql.types import (
    CreateCustomFieldInput,
    CustomFieldDefinition,
    CustomFieldPayload,
)
from app.custom_fields.service import NewCustomField
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.tags import service as tags
from app.tags.graphql.types import CreateTagInput, Tag, TagPayload


async def all_tags(info: Info) -> list[Tag]:
    return [Tag.of(t) for t in await tags.firm_tags(info.context.require_actor(READ_FIRM_DATA))]


async def custom_field_definitions(
    info: Info, target: CustomFieldTarget | None = None
) -> list[CustomFieldDefinition]:
    rows = await custom_fields.firm_custom_fields(
        info.context.require_actor(READ_FIRM_DATA), target
    )
    return [CustomFieldDefinition.of(d) for d in rows]


async def folder_templates(info: Info) -> list[FolderTemplate]:
    rows = await folders.firm_folder_templates(info.context.require_actor(READ_FIRM_DATA))
    return [FolderTemplate.of(t) for t in rows]


@reports_user_errors(TagPayload)
async def create_tag(info: Info, input: CreateTagInput) -> TagPayload:
    actor = info.context.require_actor(MANAGE_ACCOUNTS)
    return TagPayload(tag=Tag.of(await tags.create_tag(actor, input.name, input.color)))


@reports_user_errors(CustomFieldPayload)
async def create_custom_field(info: Info, input: CreateCustomFieldInput) -> CustomFieldPayload:
    data = NewCustomField(input.target, input.label, input.type, input.options)
    definition = await custom_fields.create_custom_field(
        info.context.require_actor(ADMINISTER), data
    )
    return CustomFieldPayload(custom_field=CustomFieldDefinition.of(definition))


@reports_user_errors(FolderTemplatePayload)
async def create_folder_template(
    info: Info, input: CreateFolderTemplateInput
) -> FolderTemplatePayload:
    template = await folders.create_folder_template(
        info.context.require_actor(ADMINISTER), input.name, [f.spec() for f in input.folders]
    )
    return FolderTemplatePayload(folder_template=FolderTemplate.of(template))
