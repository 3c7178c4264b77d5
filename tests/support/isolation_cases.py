"""How to call every id-taking operation with firm A's id, as firm B, and what B must get.

Keyed by the id's place in the schema, `Root.field:argument.path` (list items have no index):
each case puts firm A's id there and otherwise valid firm B values everywhere else, so a
NOT_FOUND cannot come from some other argument. `tests/access/test_isolation.py` checks that this
table covers every ID argument the live schema has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLID, GraphQLInputObjectType, GraphQLSchema, get_named_type

from tests.support.documents.contacts import CONTACT_NAME
from tests.support.documents.node import NODE_TYPENAME
from tests.support.isolation_world import Firm

NULL = "null"  # data.<field> is null
EMPTY = "empty"  # a connection with no edges and totalCount 0
NOT_FOUND = "not_found"  # payload userErrors are NOT_FOUND and nothing else is set
BULK_NOT_FOUND = "bulk_not_found"  # a bulk report naming firm A's ids as NOT_FOUND


@dataclass(frozen=True)
class Case:
    document: str
    variables: Callable[[Firm, Firm], dict[str, Any]]  # (firm A, firm B) -> variables
    expect: str
    staff_only: bool = True  # a client gets FORBIDDEN; otherwise the same answer as staff
    admins_only: bool = False  # an employee gets FORBIDDEN too


def _mutation(name: str, input_type: str, selection: str) -> str:
    return (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) "
        f"{{ {selection} userErrors {{ field code message }} }} }}"
    )


ACCOUNT = "account { id name contacts { contact { displayName } } }"
CONTACT = "contact { id displayName emails { address } }"
ACCOUNT_EMAIL = (
    "accountEmail { id email { address } login } invitationPrompts { accountEmail { id } }"
)
CONTACT_EMAIL = f"contactEmail {{ id address }} {CONTACT}"

CREATE_ACCOUNT = _mutation(
    "createAccount",
    "CreateAccountInput",
    f"{ACCOUNT} invitationPrompts {{ accountEmail {{ id }} }}",
)
UPDATE_ACCOUNT = _mutation("updateAccount", "UpdateAccountInput", ACCOUNT)
LINK = _mutation("linkContact", "LinkContactInput", ACCOUNT)
UNLINK = _mutation("unlinkContact", "UnlinkContactInput", ACCOUNT)
DESCRIBE = _mutation("setContactDescription", "SetContactDescriptionInput", ACCOUNT)
CREATE_CONTACT = _mutation("createContact", "CreateContactInput", CONTACT)
UPDATE_CONTACT = _mutation("updateContact", "UpdateContactInput", CONTACT)
ADD_EMAIL = _mutation("addContactEmail", "AddContactEmailInput", CONTACT_EMAIL)
CHANGE_EMAIL = _mutation("changeContactEmail", "ChangeContactEmailInput", CONTACT_EMAIL)
REMOVE_EMAIL = _mutation("removeContactEmail", "RemoveContactEmailInput", CONTACT_EMAIL)
TOGGLES = _mutation("setContactToggles", "SetContactTogglesInput", ACCOUNT_EMAIL)
PREFERENCES = _mutation(
    "setNotificationPreferences", "SetNotificationPreferencesInput", ACCOUNT_EMAIL
)
SIGNER = _mutation("setSignerSettings", "SetSignerSettingsInput", ACCOUNT_EMAIL)
INVITE = _mutation("sendInvitation", "SendInvitationInput", ACCOUNT_EMAIL)
NOTE = _mutation("addNote", "AddNoteInput", "note { id body }")
SEND_EMAIL = _mutation("sendAccountEmail", "SendAccountEmailInput", "email { id subject }")
MARK_READ = _mutation("markNotificationsRead", "MarkNotificationsReadInput", "count")
BULK = _mutation(
    "bulkUpdateContactToggles",
    "BulkUpdateContactTogglesInput",
    "report { accountsRequested accountsUpdated emailsUpdated invitationsSent "
    "errors { accountId email code message } }",
)
ARCHIVE = f"mutation($id: ID!) {{ archiveAccount(id: $id) {{ {ACCOUNT} userErrors {{ code }} }} }}"
RESTORE = f"mutation($id: ID!) {{ restoreAccount(id: $id) {{ {ACCOUNT} userErrors {{ code }} }} }}"
STAFF_MEMBER = "staffMember { id email active }"
UPDATE_STAFF = _mutation("updateStaffMember", "UpdateStaffMemberInput", STAFF_MEMBER)
DEACTIVATE_STAFF = f"mutation($id: ID!) {{ deactivateStaffMember(id: $id) {{ {STAFF_MEMBER} userErrors {{ code }} }} }}"
REACTIVATE_STAFF = f"mutation($id: ID!) {{ reactivateStaffMember(id: $id) {{ {STAFF_MEMBER} userErrors {{ code }} }} }}"
WEBHOOK_ENDPOINT = "endpoint { id url } userErrors { code }"
UPDATE_WEBHOOK = _mutation(
    "updateWebhookEndpoint", "UpdateWebhookEndpointInput", "endpoint { id url }"
)
DELETE_WEBHOOK = f"mutation($id: ID!) {{ deleteWebhookEndpoint(id: $id) {{ {WEBHOOK_ENDPOINT} }} }}"
ROTATE_WEBHOOK = "mutation($id: ID!) { rotateWebhookSecret(id: $id) { endpoint { id } secret userErrors { code } } }"
TEST_WEBHOOK = (
    "mutation($id: ID!) { sendTestWebhook(id: $id) { delivery { id } userErrors { code } } }"
)
REDELIVER = "mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { delivery { id } userErrors { code } } }"
REVOKE_SESSION = "mutation($id: ID!) { revokeSession(id: $id) { count userErrors { code } } }"
ACCOUNT_QUERY = "query($id: ID!) { account(id: $id) { id name } }"
ACCOUNTS = """query($filter: AccountFilter) {
  accounts(filter: $filter) { totalCount edges { node { id name } } } }"""
CONTACTS = """query($filter: ContactFilter) {
  contacts(filter: $filter) { totalCount edges { node { id displayName } } } }"""


def _new_contact(b: Firm, **changes: Any) -> dict[str, Any]:
    return {"firstName": "Bravo", "lastName": "Newcomer", **changes}


def _new_account(a: Firm, b: Firm, **changes: Any) -> dict[str, Any]:
    """A valid firm B createAccount input, changed in one place."""
    base = {"type": "INDIVIDUAL", "contacts": [{"contact": _new_contact(b)}]}
    return {"input": {**base, **changes}}


def _field(a: Firm, which: str) -> list[dict[str, Any]]:
    return [{"fieldId": a.ids[which], "value": "bravo value"}]


CASES: dict[str, Case] = {
    "Query.account:id": Case(
        ACCOUNT_QUERY, lambda a, b: {"id": a.ids["Account"]}, NULL, staff_only=False
    ),
    # node(id) is driven with every node type in test_isolation; this is its table entry.
    "Query.node:id": Case(
        NODE_TYPENAME, lambda a, b: {"id": a.ids["Account"]}, NULL, staff_only=False
    ),
    "Query.accounts:filter.tagIds": Case(
        ACCOUNTS, lambda a, b: {"filter": {"tagIds": [a.ids["Tag"]]}}, EMPTY, staff_only=False
    ),
    "Query.accounts:filter.teamMemberIds": Case(
        ACCOUNTS,
        lambda a, b: {"filter": {"teamMemberIds": [a.ids["StaffMember"]]}},
        EMPTY,
        staff_only=False,
    ),
    "Query.contact:id": Case(CONTACT_NAME, lambda a, b: {"id": a.ids["Contact"]}, NULL),
    "Query.contacts:filter.tagIds": Case(
        CONTACTS, lambda a, b: {"filter": {"tagIds": [a.ids["Tag"]]}}, EMPTY
    ),
    "Mutation.createAccount:input.contacts.contactId": Case(
        CREATE_ACCOUNT,
        lambda a, b: _new_account(a, b, contacts=[{"contactId": a.ids["Contact"]}]),
        NOT_FOUND,
    ),
    "Mutation.createAccount:input.contacts.contact.tagIds": Case(
        CREATE_ACCOUNT,
        lambda a, b: _new_account(
            a, b, contacts=[{"contact": _new_contact(b, tagIds=[a.ids["Tag"]])}]
        ),
        NOT_FOUND,
    ),
    "Mutation.createAccount:input.contacts.contact.customFields.fieldId": Case(
        CREATE_ACCOUNT,
        lambda a, b: _new_account(
            a,
            b,
            contacts=[{"contact": _new_contact(b, customFields=_field(a, "contactField"))}],
        ),
        NOT_FOUND,
    ),
    "Mutation.createAccount:input.tagIds": Case(
        CREATE_ACCOUNT, lambda a, b: _new_account(a, b, tagIds=[a.ids["Tag"]]), NOT_FOUND
    ),
    "Mutation.createAccount:input.teamMemberIds": Case(
        CREATE_ACCOUNT,
        lambda a, b: _new_account(a, b, teamMemberIds=[a.ids["StaffMember"]]),
        NOT_FOUND,
    ),
    "Mutation.createAccount:input.folderTemplateId": Case(
        CREATE_ACCOUNT,
        lambda a, b: _new_account(a, b, folderTemplateId=a.ids["FolderTemplate"]),
        NOT_FOUND,
    ),
    "Mutation.createAccount:input.customFields.fieldId": Case(
        CREATE_ACCOUNT,
        lambda a, b: _new_account(a, b, customFields=_field(a, "accountField")),
        NOT_FOUND,
    ),
    "Mutation.updateAccount:input.id": Case(
        UPDATE_ACCOUNT,
        lambda a, b: {"input": {"id": a.ids["Account"], "name": "Bravo rename"}},
        NOT_FOUND,
    ),
    "Mutation.updateAccount:input.tagIds": Case(
        UPDATE_ACCOUNT,
        lambda a, b: {"input": {"id": b.ids["Account"], "tagIds": [a.ids["Tag"]]}},
        NOT_FOUND,
    ),
    "Mutation.updateAccount:input.teamMemberIds": Case(
        UPDATE_ACCOUNT,
        lambda a, b: {"input": {"id": b.ids["Account"], "teamMemberIds": [a.ids["StaffMember"]]}},
        NOT_FOUND,
    ),
    "Mutation.updateAccount:input.customFields.fieldId": Case(
        UPDATE_ACCOUNT,
        lambda a, b: {"input": {"id": b.ids["Account"], "customFields": _field(a, "accountField")}},
        NOT_FOUND,
    ),
    "Mutation.archiveAccount:id": Case(ARCHIVE, lambda a, b: {"id": a.ids["Account"]}, NOT_FOUND),
    "Mutation.restoreAccount:id": Case(RESTORE, lambda a, b: {"id": a.ids["Account"]}, NOT_FOUND),
    "Mutation.linkContact:input.accountId": Case(
        LINK,
        lambda a, b: {
            "input": {"accountId": a.ids["Account"], "contact": {"contactId": b.ids["Contact"]}}
        },
        NOT_FOUND,
    ),
    "Mutation.linkContact:input.contact.contactId": Case(
        LINK,
        lambda a, b: {
            "input": {"accountId": b.ids["Account"], "contact": {"contactId": a.ids["Contact"]}}
        },
        NOT_FOUND,
    ),
    "Mutation.linkContact:input.contact.contact.tagIds": Case(
        LINK,
        lambda a, b: {
            "input": {
                "accountId": b.ids["Account"],
                "contact": {"contact": _new_contact(b, tagIds=[a.ids["Tag"]])},
            }
        },
        NOT_FOUND,
    ),
    "Mutation.linkContact:input.contact.contact.customFields.fieldId": Case(
        LINK,
        lambda a, b: {
            "input": {
                "accountId": b.ids["Account"],
                "contact": {"contact": _new_contact(b, customFields=_field(a, "contactField"))},
            }
        },
        NOT_FOUND,
    ),
    "Mutation.unlinkContact:input.accountId": Case(
        UNLINK,
        lambda a, b: {"input": {"accountId": a.ids["Account"], "contactId": a.ids["Contact"]}},
        NOT_FOUND,
    ),
    "Mutation.unlinkContact:input.contactId": Case(
        UNLINK,
        lambda a, b: {"input": {"accountId": b.ids["Account"], "contactId": a.ids["Contact"]}},
        NOT_FOUND,
    ),
    "Mutation.setContactDescription:input.accountId": Case(
        DESCRIBE,
        lambda a, b: {
            "input": {
                "accountId": a.ids["Account"],
                "contactId": a.ids["Contact"],
                "description": "Bravo was here",
            }
        },
        NOT_FOUND,
    ),
    "Mutation.setContactDescription:input.contactId": Case(
        DESCRIBE,
        lambda a, b: {
            "input": {
                "accountId": b.ids["Account"],
                "contactId": a.ids["Contact"],
                "description": "Bravo was here",
            }
        },
        NOT_FOUND,
    ),
    "Mutation.createContact:input.tagIds": Case(
        CREATE_CONTACT,
        lambda a, b: {"input": _new_contact(b, tagIds=[a.ids["Tag"]])},
        NOT_FOUND,
    ),
    "Mutation.createContact:input.customFields.fieldId": Case(
        CREATE_CONTACT,
        lambda a, b: {"input": _new_contact(b, customFields=_field(a, "contactField"))},
        NOT_FOUND,
    ),
    "Mutation.updateContact:input.id": Case(
        UPDATE_CONTACT,
        lambda a, b: {"input": {"id": a.ids["Contact"], "firstName": "Bravo"}},
        NOT_FOUND,
    ),
    "Mutation.updateContact:input.tagIds": Case(
        UPDATE_CONTACT,
        lambda a, b: {"input": {"id": b.ids["Contact"], "tagIds": [a.ids["Tag"]]}},
        NOT_FOUND,
    ),
    "Mutation.updateContact:input.customFields.fieldId": Case(
        UPDATE_CONTACT,
        lambda a, b: {"input": {"id": b.ids["Contact"], "customFields": _field(a, "contactField")}},
        NOT_FOUND,
    ),
    "Mutation.addContactEmail:input.contactId": Case(
        ADD_EMAIL,
        lambda a, b: {"input": {"contactId": a.ids["Contact"], "address": "extra@bravo.example"}},
        NOT_FOUND,
    ),
    "Mutation.changeContactEmail:input.emailId": Case(
        CHANGE_EMAIL,
        lambda a, b: {
            "input": {"emailId": a.ids["ContactEmail"], "newAddress": "new@bravo.example"}
        },
        NOT_FOUND,
    ),
    "Mutation.removeContactEmail:input.emailId": Case(
        REMOVE_EMAIL, lambda a, b: {"input": {"emailId": a.ids["ContactEmail"]}}, NOT_FOUND
    ),
    "Mutation.setContactToggles:input.id": Case(
        TOGGLES,
        lambda a, b: {"input": {"id": a.ids["AccountEmail"], "login": False, "notify": False}},
        NOT_FOUND,
    ),
    "Mutation.setNotificationPreferences:input.id": Case(
        PREFERENCES,
        lambda a, b: {"input": {"id": a.ids["AccountEmail"], "preferences": {"messages": False}}},
        NOT_FOUND,
    ),
    "Mutation.setSignerSettings:input.id": Case(
        SIGNER,
        lambda a, b: {"input": {"id": a.ids["AccountEmail"], "signerPriority": 1}},
        NOT_FOUND,
    ),
    "Mutation.sendInvitation:input.id": Case(
        INVITE, lambda a, b: {"input": {"id": a.ids["AccountEmail"]}}, NOT_FOUND
    ),
    "Mutation.addNote:input.accountId": Case(
        NOTE, lambda a, b: {"input": {"accountId": a.ids["Account"], "body": "Bravo"}}, NOT_FOUND
    ),
    "Mutation.sendAccountEmail:input.accountId": Case(
        SEND_EMAIL,
        lambda a, b: {"input": {"accountId": a.ids["Account"], "subject": "Hi", "body": "Bravo"}},
        NOT_FOUND,
    ),
    "Mutation.sendAccountEmail:input.replyToId": Case(
        SEND_EMAIL,
        lambda a, b: {
            "input": {
                "accountId": b.ids["Account"],
                "replyToId": a.ids["EmailMessage"],
                "body": "Bravo",
            }
        },
        NOT_FOUND,
    ),
    "Mutation.markNotificationsRead:input.ids": Case(
        MARK_READ, lambda a, b: {"input": {"ids": [a.ids["Notification"]]}}, NOT_FOUND
    ),
    "Mutation.bulkUpdateContactToggles:input.accountIds": Case(
        BULK,
        lambda a, b: {
            "input": {
                "accountIds": [a.ids["Account"]],
                "login": "DISABLE",
                "notify": "DISABLE",
                "emailSync": "ENABLE",
            }
        },
        BULK_NOT_FOUND,
    ),
    "Mutation.revokeSession:id": Case(
        REVOKE_SESSION, lambda a, b: {"id": a.ids["SessionInfo"]}, NOT_FOUND, staff_only=False
    ),
    "Mutation.updateStaffMember:input.id": Case(
        UPDATE_STAFF,
        lambda a, b: {"input": {"id": a.ids["StaffMember"], "firstName": "Bravo"}},
        NOT_FOUND,
        admins_only=True,
    ),
    "Mutation.deactivateStaffMember:id": Case(
        DEACTIVATE_STAFF, lambda a, b: {"id": a.ids["StaffMember"]}, NOT_FOUND, admins_only=True
    ),
    "Mutation.reactivateStaffMember:id": Case(
        REACTIVATE_STAFF, lambda a, b: {"id": a.ids["StaffMember"]}, NOT_FOUND, admins_only=True
    ),
    "Mutation.updateWebhookEndpoint:input.id": Case(
        UPDATE_WEBHOOK,
        lambda a, b: {"input": {"id": a.ids["WebhookEndpoint"], "enabled": False}},
        NOT_FOUND,
        admins_only=True,
    ),
    "Mutation.deleteWebhookEndpoint:id": Case(
        DELETE_WEBHOOK, lambda a, b: {"id": a.ids["WebhookEndpoint"]}, NOT_FOUND, admins_only=True
    ),
    "Mutation.rotateWebhookSecret:id": Case(
        ROTATE_WEBHOOK, lambda a, b: {"id": a.ids["WebhookEndpoint"]}, NOT_FOUND, admins_only=True
    ),
    "Mutation.sendTestWebhook:id": Case(
        TEST_WEBHOOK, lambda a, b: {"id": a.ids["WebhookEndpoint"]}, NOT_FOUND, admins_only=True
    ),
    "Mutation.redeliverWebhookDelivery:id": Case(
        REDELIVER, lambda a, b: {"id": a.ids["WebhookDelivery"]}, NOT_FOUND, admins_only=True
    ),
}

# Driven over a real WebSocket in test_isolation (a subscription is not a POST).
SUBSCRIPTION_PATHS = {"Subscription.inbox:after"}

# Cases for operations another change adds: skipped, not failed, while the schema lacks them.
PENDING_FIELDS = {"Mutation.bulkUpdateContactToggles"}


def id_argument_paths(schema: GraphQLSchema) -> set[str]:
    """Every place a root field takes an ID, directly or inside its input objects."""
    paths: set[str] = set()
    for root in (schema.query_type, schema.mutation_type, schema.subscription_type):
        if root is None:
            continue
        for name, field in root.fields.items():
            for arg_name, arg in field.args.items():
                for path in _id_paths(arg.type, arg_name, frozenset()):
                    paths.add(f"{root.name}.{name}:{path}")
    return paths


def _id_paths(type_: Any, path: str, seen: frozenset[str]) -> list[str]:
    named = get_named_type(type_)
    if named is GraphQLID:
        return [path]
    if not isinstance(named, GraphQLInputObjectType) or named.name in seen:
        return []
    return [
        found
        for name, field in named.fields.items()
        for found in _id_paths(field.type, f"{path}.{name}", seen | {named.name})
    ]
