"""The firm's catalogs: tags, custom field definitions, folder templates."""

from __future__ import annotations

from app import models
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
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.tags import service as tags
from app.tags.graphql.types import CreateTagInput, Tag, TagPayload


async def all_tags(info: Info) -> list[Tag]:
    firm_id = info.context.require_staff().firm_id
    return [Tag.of(t) for t in await models.Tag.filter(firm_id=firm_id).order_by("name")]


async def custom_field_definitions(
    info: Info, target: CustomFieldTarget | None = None
) -> list[CustomFieldDefinition]:
    query = models.CustomFieldDefinition.filter(firm_id=info.context.require_staff().firm_id)
    if target is not None:
        query = query.filter(target=target)
    return [CustomFieldDefinition.of(d) for d in await query.order_by("target", "label")]


async def folder_templates(info: Info) -> list[FolderTemplate]:
    firm_id = info.context.require_staff().firm_id
    rows = await models.FolderTemplate.filter(firm_id=firm_id).order_by("name")
    return [FolderTemplate.of(t) for t in rows]


@reports_user_errors(TagPayload)
async def create_tag(info: Info, input: CreateTagInput) -> TagPayload:
    tag = await tags.create_tag(info.context.require_staff().firm, input.name, input.color)
    return TagPayload(tag=Tag.of(tag))


@reports_user_errors(CustomFieldPayload)
async def create_custom_field(info: Info, input: CreateCustomFieldInput) -> CustomFieldPayload:
    definition = await custom_fields.create_custom_field(
        info.context.require_staff().firm, input.target, input.label, input.type, input.options
    )
    return CustomFieldPayload(custom_field=CustomFieldDefinition.of(definition))


@reports_user_errors(FolderTemplatePayload)
async def create_folder_template(
    info: Info, input: CreateFolderTemplateInput
) -> FolderTemplatePayload:
    template = await folders.create_folder_template(
        info.context.require_staff().firm, input.name, [f.spec() for f in input.folders]
    )
    return FolderTemplatePayload(folder_template=FolderTemplate.of(template))
