"""The root Query and Mutation, assembled from the resolvers, and the schema object."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.permission import BasePermission

from app.access.permissions import (
    IMPORT_CLIENTS,
    MANAGE_CONTACTS,
    READ_ACCOUNTS,
    READ_CONTACTS,
    READ_FIRM_DATA,
    SEND_INVITATIONS,
    SET_TOGGLES,
)
from app.accounts.graphql import catalog_resolvers as catalog
from app.accounts.graphql import note_resolvers as notes
from app.accounts.graphql import resolvers as accounts
from app.accounts.graphql import toggle_resolvers as toggles
from app.accounts.graphql.types import Account
from app.api import node
from app.api.descriptions import describe
from app.apps.graphql import resolvers as apps
from app.bulk.graphql import resolvers as bulk
from app.contacts.graphql import resolvers as contacts
from app.email_sync.graphql import resolvers as emails
from app.firms.graphql import password_reset_resolvers as password_reset
from app.firms.graphql import resolvers as firms
from app.firms.graphql import session_resolvers as sessions
from app.firms.graphql import staff_resolvers as staff
from app.graphql import unavailable
from app.graphql.cost.extension import QueryCost
from app.graphql.nul_characters import RejectNulCharacters
from app.graphql.permissions import CanManageAccounts, IsAdmin, IsSignedIn, IsStaff, allowed
from app.graphql.schema_class import CrmSchema, is_unexpected
from app.graphql.unavailable import is_database_outage
from app.importing.graphql import resolvers as imports
from app.inbox.graphql import resolvers as notifications
from app.inbox.graphql import subscription as inbox
from app.inbox.graphql.types import Notification
from app.portal.graphql import resolvers as portal
from app.webhooks.graphql import mutations as webhooks
from app.webhooks.graphql import queries as webhook_queries
from app.webhooks.graphql.permissions import CanManageWebhooks

SIGNED_IN: list[type[BasePermission]] = [IsSignedIn]
STAFF: list[type[BasePermission]] = [IsStaff]
MANAGERS: list[type[BasePermission]] = [CanManageAccounts]
ADMINS: list[type[BasePermission]] = [IsAdmin]
WEBHOOK_MANAGERS: list[type[BasePermission]] = [CanManageWebhooks]
# Rights an app reaches with its own scope (for staff and clients the same as above).
READERS: list[type[BasePermission]] = [allowed(READ_ACCOUNTS)]
FIRM_DATA: list[type[BasePermission]] = [allowed(READ_FIRM_DATA)]
CONTACT_READERS: list[type[BasePermission]] = [allowed(READ_CONTACTS)]
CONTACT_MANAGERS: list[type[BasePermission]] = [allowed(MANAGE_CONTACTS)]
TOGGLE_SETTERS: list[type[BasePermission]] = [allowed(SET_TOGGLES)]
INVITERS: list[type[BasePermission]] = [allowed(SEND_INVITATIONS)]
IMPORTERS: list[type[BasePermission]] = [allowed(IMPORT_CLIENTS)]


@strawberry.type
class Query:
    node = strawberry.field(resolver=node.node)
    viewer = strawberry.field(resolver=firms.viewer)
    account: Account | None = strawberry.field(
        resolver=accounts.account, permission_classes=READERS
    )
    accounts = strawberry.field(resolver=accounts.account_list, permission_classes=READERS)
    contact = strawberry.field(resolver=contacts.contact, permission_classes=CONTACT_READERS)
    contacts = strawberry.field(resolver=contacts.contact_list, permission_classes=CONTACT_READERS)
    tags = strawberry.field(resolver=catalog.all_tags, permission_classes=FIRM_DATA)
    custom_field_definitions = strawberry.field(
        resolver=catalog.custom_field_definitions, permission_classes=FIRM_DATA
    )
    folder_templates = strawberry.field(
        resolver=catalog.folder_templates, permission_classes=FIRM_DATA
    )
    staff_members = strawberry.field(resolver=firms.staff_members, permission_classes=STAFF)
    notifications = strawberry.field(
        resolver=notifications.notification_list, permission_classes=STAFF
    )
    api_clients = strawberry.field(resolver=apps.api_clients, permission_classes=ADMINS)
    webhook_endpoints = strawberry.field(
        resolver=webhook_queries.webhook_endpoints, permission_classes=WEBHOOK_MANAGERS
    )


@strawberry.type
class Mutation:
    create_firm = strawberry.mutation(resolver=firms.create_firm)
    sign_in = strawberry.mutation(resolver=firms.sign_in_staff)
    portal_sign_in = strawberry.mutation(resolver=portal.portal_sign_in)
    update_firm_settings = strawberry.mutation(
        resolver=firms.update_firm_settings, permission_classes=ADMINS
    )
    create_staff_member = strawberry.mutation(
        resolver=firms.create_staff_member, permission_classes=ADMINS
    )
    update_staff_member = strawberry.mutation(
        resolver=staff.update_staff_member,
        permission_classes=ADMINS,
        description="Names, role and rights; only owners change owners or make someone one, "
        "and the last active owner stays one.",
    )
    deactivate_staff_member = strawberry.mutation(
        resolver=staff.deactivate_staff_member,
        permission_classes=ADMINS,
        description="No more sign-in, sessions or notifications; what they did keeps naming them.",
    )
    reactivate_staff_member = strawberry.mutation(
        resolver=staff.reactivate_staff_member,
        permission_classes=ADMINS,
        description="Sign-in works again; ended sessions stay ended.",
    )

    create_tag = strawberry.mutation(resolver=catalog.create_tag, permission_classes=MANAGERS)
    create_custom_field = strawberry.mutation(
        resolver=catalog.create_custom_field, permission_classes=ADMINS
    )
    create_folder_template = strawberry.mutation(
        resolver=catalog.create_folder_template, permission_classes=ADMINS
    )

    create_account = strawberry.mutation(
        resolver=accounts.create_account, permission_classes=MANAGERS
    )
    update_account = strawberry.mutation(
        resolver=accounts.update_account, permission_classes=MANAGERS
    )
    archive_account = strawberry.mutation(
        resolver=accounts.archive_account,
        permission_classes=MANAGERS,
        description="Archived accounts keep their data; their contacts cannot sign in to them "
        "until restored.",
    )
    restore_account = strawberry.mutation(
        resolver=accounts.restore_account, permission_classes=MANAGERS
    )
    link_contact = strawberry.mutation(resolver=accounts.link_contact, permission_classes=MANAGERS)
    unlink_contact = strawberry.mutation(
        resolver=accounts.unlink_contact, permission_classes=MANAGERS
    )
    set_contact_description = strawberry.mutation(
        resolver=accounts.set_contact_description, permission_classes=MANAGERS
    )

    create_contact = strawberry.mutation(
        resolver=contacts.create_contact, permission_classes=CONTACT_MANAGERS
    )
    update_contact = strawberry.mutation(
        resolver=contacts.update_contact, permission_classes=CONTACT_MANAGERS
    )
    add_contact_email = strawberry.mutation(
        resolver=contacts.add_contact_email, permission_classes=CONTACT_MANAGERS
    )
    change_contact_email = strawberry.mutation(
        resolver=contacts.change_contact_email, permission_classes=CONTACT_MANAGERS
    )
    remove_contact_email = strawberry.mutation(
        resolver=contacts.remove_contact_email, permission_classes=CONTACT_MANAGERS
    )

    set_contact_toggles = strawberry.mutation(
        resolver=toggles.set_contact_toggles, permission_classes=TOGGLE_SETTERS
    )
    set_notification_preferences = strawberry.mutation(
        resolver=toggles.set_notification_preferences, permission_classes=TOGGLE_SETTERS
    )
    set_signer_settings = strawberry.mutation(
        resolver=toggles.set_signer_settings, permission_classes=TOGGLE_SETTERS
    )
    send_invitation = strawberry.mutation(
        resolver=portal.send_invitation, permission_classes=INVITERS
    )
    bulk_update_contact_toggles = strawberry.mutation(
        resolver=bulk.bulk_update_contact_toggles,
        permission_classes=TOGGLE_SETTERS,
        description="LOGIN / NOTIFY / EMAIL SYNC for every email of the selected accounts; "
        "ends with a BULK_UPDATE_COMPLETED notification to the caller.",
    )
    import_clients = strawberry.mutation(
        resolver=imports.import_clients,
        permission_classes=IMPORTERS,
        description="Import clients from CSV (at most 5 MB); columns and rules: docs/API.md, "
        "section Import.",
    )
    add_note = strawberry.mutation(resolver=notes.add_note, permission_classes=STAFF)
    send_account_email = strawberry.mutation(
        resolver=emails.send_email,
        permission_classes=STAFF,
        description="Email the account's contacts with NOTIFY or EMAIL SYNC on, from the CRM; "
        "recorded on the account's Email tab.",
    )

    register_client = strawberry.mutation(
        resolver=portal.register_client,
        description="Self-registration: mails a confirmation link to the address and answers "
        "no session.",
    )
    confirm_client_registration = strawberry.mutation(
        resolver=portal.confirm_client_registration,
        description="Follows registerClient's mailed link: creates the account and login, and "
        "signs the client in.",
    )
    activate_portal_access = strawberry.mutation(resolver=portal.activate_portal_access)
    request_password_reset = strawberry.mutation(resolver=password_reset.request_password_reset)
    reset_password = strawberry.mutation(resolver=password_reset.reset_password)

    mark_notifications_read = strawberry.mutation(
        resolver=notifications.mark_notifications_read, permission_classes=STAFF
    )

    sign_out = strawberry.mutation(
        resolver=sessions.sign_out,
        permission_classes=SIGNED_IN,
        description="End this session: its token stops working and its WebSockets close.",
    )
    sign_out_everywhere = strawberry.mutation(
        resolver=sessions.sign_out_everywhere,
        permission_classes=SIGNED_IN,
        description="End every session of the signed-in person, this one included.",
    )
    revoke_session = strawberry.mutation(
        resolver=sessions.revoke_session,
        permission_classes=SIGNED_IN,
        description="End one of `viewer.sessions`.",
    )
    change_password = strawberry.mutation(
        resolver=sessions.change_password,
        permission_classes=SIGNED_IN,
        description="Needs the current password; ends every other session of the person and "
        "keeps this one (`session` is null).",
    )

    create_api_client = strawberry.mutation(
        resolver=apps.create_api_client,
        permission_classes=ADMINS,
        description="Credentials for a third-party app; the payload holds its token, shown "
        "this once.",
    )
    revoke_api_client = strawberry.mutation(
        resolver=apps.revoke_api_client,
        permission_classes=ADMINS,
        description="The token stops working with the next request.",
    )

    create_webhook_endpoint = strawberry.mutation(
        resolver=webhooks.create_webhook_endpoint,
        permission_classes=WEBHOOK_MANAGERS,
        description="Register a URL for event types; the payload holds its signing secret, "
        "shown this once.",
    )
    update_webhook_endpoint = strawberry.mutation(
        resolver=webhooks.update_webhook_endpoint, permission_classes=WEBHOOK_MANAGERS
    )
    delete_webhook_endpoint = strawberry.mutation(
        resolver=webhooks.delete_webhook_endpoint, permission_classes=WEBHOOK_MANAGERS
    )
    rotate_webhook_secret = strawberry.mutation(
        resolver=webhooks.rotate_webhook_secret,
        permission_classes=WEBHOOK_MANAGERS,
        description="A new signing secret, used from the next attempt on; shown this once.",
    )
    send_test_webhook = strawberry.mutation(
        resolver=webhooks.send_test_webhook,
        permission_classes=WEBHOOK_MANAGERS,
        description="Post a PING event to the endpoint.",
    )
    redeliver_webhook_delivery = strawberry.mutation(
        resolver=webhooks.redeliver_webhook_delivery,
        permission_classes=WEBHOOK_MANAGERS,
        description="Send the delivery's event again, with the same webhook-id, as a new delivery.",
    )


@strawberry.type
class Subscription:
    inbox: AsyncGenerator[Notification, None] = strawberry.subscription(
        resolver=inbox.inbox,
        permission_classes=STAFF,
        description="Inbox+ for the signed-in staff member: every notification addressed to "
        "them, as it is created.",
    )


class MaskUnexpectedErrors(MaskErrors):
    """Hide our own failures behind a generic message with code INTERNAL_SERVER_ERROR; a
    database outage says so, with code UNAVAILABLE (try again)."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        if is_database_outage(error.original_error):
            masked.message = unavailable.MESSAGE
            masked.extensions = {"code": unavailable.CODE}
        else:
            masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked


# The depth and alias rules, made once: QueryDepthLimiter and MaxAliasesLimiter make a new
# rule class per instance, and ValidationCache keys on the rules, so one instance per request
# would miss the cache every time and validate every document again.
LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=12).validation_rules,
    *MaxAliasesLimiter(max_alias_count=30).validation_rules,
]

schema = CrmSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=[
        lambda: MaskUnexpectedErrors(should_mask_error=is_unexpected),
        lambda: AddValidationRules(LIMIT_RULES),
        lambda: MaxTokensLimiter(max_token_count=5000),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        RejectNulCharacters,  # after ValidationCache: its check is not cached
        QueryCost,  # priced, capped and charged before execution (app/graphql/cost)
    ],
)

# Descriptions the code does not carry inline (app/api/descriptions): introspection and the
# exported SDL read them from the built schema.
describe(schema._schema)
