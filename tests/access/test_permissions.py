"""Roles and rights (API.md "Roles and rights"), team visibility and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest

from app.accounts.folder_models import FolderTemplate
from app.accounts.models import Account, AccountContact, AccountEmail, AccountTeamMember, Note
from app.contacts.models import Contact
from app.custom_fields.models import CustomFieldDefinition
from app.firms.models import Firm, StaffMember
from app.graphql.ids import parse_global_id, to_global_id
from app.tags.models import Tag
from tests.support.documents.accounts import CREATE_ACCOUNT, CREATE_TAG_WITH_NAME
from tests.support.documents.contacts import CONTACT_NAME
from tests.support.documents.firms import CREATE_STAFF
from tests.support.documents.node import NODE_TYPENAME
from tests.support.graphql import PASSWORD, Api, codes

ACCOUNTS = """
query($filter: AccountFilter) {
  accounts(first: 100, filter: $filter) {
    totalCount
    edges { node { id name } }
  }
}"""

ACCOUNT = """
query($id: ID!) {
  account(id: $id) { id name teamMembers { id email } }
}"""


CREATE_CONTACT = """
mutation($input: CreateContactInput!) {
  createContact(input: $input) {
    contact { id displayName }
    userErrors { field message code }
  }
}"""


UPDATE_FIRM_SETTINGS = """
mutation($input: UpdateFirmSettingsInput!) {
  updateFirmSettings(input: $input) {
    firm { id name }
    userErrors { field message code }
  }
}"""

CREATE_CUSTOM_FIELD = """
mutation($input: CreateCustomFieldInput!) {
  createCustomField(input: $input) {
    customField { id label }
    userErrors { field message code }
  }
}"""

CREATE_FOLDER_TEMPLATE = """
mutation($input: CreateFolderTemplateInput!) {
  createFolderTemplate(input: $input) {
    folderTemplate { id name }
    userErrors { field message code }
  }
}"""

UPDATE_ACCOUNT = """
mutation($input: UpdateAccountInput!) {
  updateAccount(input: $input) {
    account { id name teamMembers { id } }
    userErrors { field message code }
  }
}"""

ARCHIVE_ACCOUNT = """
mutation($id: ID!) {
  archiveAccount(id: $id) {
    account { id archivedAt }
    userErrors { field message code }
  }
}"""

LINK_CONTACT = """
mutation($input: LinkContactInput!) {
  linkContact(input: $input) {
    account { id contacts { contact { id } } }
    userErrors { field message code }
  }
}"""

ADD_NOTE = """
mutation($input: AddNoteInput!) {
  addNote(input: $input) {
    note { id body }
    userErrors { field message code }
  }
}"""

SET_CONTACT_TOGGLES = """
mutation($input: SetContactTogglesInput!) {
  setContactToggles(input: $input) {
    accountEmail { id login notify emailSync }
    userErrors { field message code }
  }
}"""

NEW_CONTACT = {"firstName": "Jane", "lastName": "Doe"}

# Each staff-only mutation with a valid input: (name, document, variables).
ADMIN_MUTATIONS = [
    ("updateFirmSettings", UPDATE_FIRM_SETTINGS, {"input": {"name": "Renamed"}}),
    (
        "createStaffMember",
        CREATE_STAFF,
        {
            "input": {
                "email": "new@acme.example",
                "firstName": "New",
                "lastName": "Person",
                "role": "EMPLOYEE",
                "password": PASSWORD,
            }
        },
    ),
    (
        "createCustomField",
        CREATE_CUSTOM_FIELD,
        {"input": {"target": "ACCOUNT", "label": "Tax year", "type": "TEXT"}},
    ),
    (
        "createFolderTemplate",
        CREATE_FOLDER_TEMPLATE,
        {"input": {"name": "Standard", "folders": [{"name": "Tax returns"}]}},
    ),
]
MANAGER_MUTATIONS = [
    (
        "createAccount",
        CREATE_ACCOUNT,
        {"input": {"type": "INDIVIDUAL", "contacts": [{"contact": NEW_CONTACT}]}},
    ),
    ("createContact", CREATE_CONTACT, {"input": NEW_CONTACT}),
    ("createTag", CREATE_TAG_WITH_NAME, {"input": {"name": "VIP"}}),
]


async def counts() -> dict[str, int]:
    """How many rows the mutations above could have created."""
    return {
        "firm_name_changed": await Firm.exclude(name="Acme Tax").count(),
        "staff": await StaffMember.all().count(),
        "custom_fields": await CustomFieldDefinition.all().count(),
        "folder_templates": await FolderTemplate.all().count(),
        "accounts": await Account.all().count(),
        "contacts": await Contact.all().count(),
        "tags": await Tag.all().count(),
    }


async def account_names(api: Api, token: str) -> list[str]:
    data = await api.data(ACCOUNTS, token=token)
    names = [e["node"]["name"] for e in data["accounts"]["edges"]]
    assert data["accounts"]["totalCount"] == len(names)
    return sorted(names)


def _pk(global_id: str) -> int:
    parsed = parse_global_id(global_id)
    assert parsed is not None, global_id
    return parsed[1]


def ids_of(members: list[dict[str, Any]]) -> set[str]:
    return {m["id"] for m in members}


# ---------------------------------------------------------------- rights to mutate


@pytest.mark.parametrize(
    ("name", "document", "variables"),
    ADMIN_MUTATIONS + MANAGER_MUTATIONS,
    ids=[m[0] for m in ADMIN_MUTATIONS + MANAGER_MUTATIONS],
)
async def test_an_employee_without_rights_is_forbidden(
    api: Api, owner: dict, name: str, document: str, variables: dict
) -> None:
    employee = await api.create_staff(owner["token"], "emp@acme.example")
    before = await counts()

    body = await api.post(document, variables, employee["token"])

    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["path"] == [name]
    assert body["data"] is None
    assert await counts() == before


@pytest.mark.parametrize(
    ("name", "document", "variables"),
    ADMIN_MUTATIONS,
    ids=[m[0] for m in ADMIN_MUTATIONS],
)
async def test_an_employee_who_manages_accounts_is_still_forbidden_admin_mutations(
    api: Api, owner: dict, name: str, document: str, variables: dict
) -> None:
    manager = await api.create_staff(
        owner["token"], "mgr@acme.example", manageAccounts=True, viewAllAccounts=True
    )
    before = await counts()

    body = await api.post(document, variables, manager["token"])

    assert codes(body) == ["FORBIDDEN"]
    assert body["data"] is None
    assert await counts() == before


@pytest.mark.parametrize(
    ("name", "document", "variables"),
    ADMIN_MUTATIONS + MANAGER_MUTATIONS,
    ids=[m[0] for m in ADMIN_MUTATIONS + MANAGER_MUTATIONS],
)
async def test_an_admin_may_do_everything(
    api: Api, owner: dict, name: str, document: str, variables: dict
) -> None:
    admin = await api.create_staff(owner["token"], "admin@acme.example", role="ADMIN")
    before = await counts()

    payload = (await api.data(document, variables, admin["token"]))[name]

    assert payload["userErrors"] == []
    assert await counts() != before


@pytest.mark.parametrize(
    ("name", "document", "variables"),
    ADMIN_MUTATIONS + MANAGER_MUTATIONS,
    ids=[m[0] for m in ADMIN_MUTATIONS + MANAGER_MUTATIONS],
)
async def test_staff_mutations_without_a_token_are_unauthenticated(
    api: Api, owner: dict, name: str, document: str, variables: dict
) -> None:
    before = await counts()

    body = await api.post(document, variables)

    assert codes(body) == ["UNAUTHENTICATED"]
    assert await counts() == before


async def test_an_employee_who_manages_accounts_may_create_accounts_contacts_and_tags(
    api: Api, owner: dict
) -> None:
    manager = await api.create_staff(owner["token"], "mgr@acme.example", manageAccounts=True)

    account = await api.individual(manager["token"], "Jane", "Doe", "jane@example.com")
    tag = await api.mutate(CREATE_TAG_WITH_NAME, {"name": "VIP"}, manager["token"])
    contact = await api.mutate(
        CREATE_CONTACT, {"firstName": "John", "lastName": "Roe"}, manager["token"]
    )

    assert account["name"] == "Jane Doe"
    assert [m["email"] for m in account["teamMembers"]] == ["mgr@acme.example"]
    assert tag["tag"]["name"] == "VIP"
    assert contact["contact"]["displayName"] == "John Roe"
    assert await Account.filter(name="Jane Doe").count() == 1
    assert await Tag.filter(name="VIP").count() == 1


async def test_a_manager_without_view_all_sees_the_accounts_they_create(
    api: Api, owner: dict
) -> None:
    manager = await api.create_staff(owner["token"], "mgr@acme.example", manageAccounts=True)
    await api.individual(owner["token"], "Owen", "Other", "owen@example.com")

    mine = await api.individual(manager["token"], "Jane", "Doe", "jane@example.com")

    assert await account_names(api, manager["token"]) == ["Jane Doe"]
    found = (await api.data(ACCOUNT, {"id": mine["id"]}, manager["token"]))["account"]
    assert found["id"] == mine["id"]


async def test_a_manager_cannot_edit_an_account_outside_their_teams(api: Api, owner: dict) -> None:
    manager = await api.create_staff(owner["token"], "mgr@acme.example", manageAccounts=True)
    hidden = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")

    update = await api.user_errors(
        UPDATE_ACCOUNT, {"id": hidden["id"], "name": "Renamed"}, manager["token"]
    )
    note = await api.user_errors(
        ADD_NOTE, {"accountId": hidden["id"], "body": "Hello"}, manager["token"]
    )

    assert update == ["NOT_FOUND"]
    assert note == ["NOT_FOUND"]
    row = await Account.get(name="Jane Doe")
    assert row.name_is_generated is True
    assert await Note.all().count() == 0


# ---------------------------------------------------------------- visibility


async def test_an_employee_without_view_all_sees_only_their_teams_accounts(
    api: Api, owner: dict
) -> None:
    employee = await api.create_staff(owner["token"], "emp@acme.example")
    hidden = await api.individual(owner["token"], "Hidden", "Person", "hidden@example.com")
    shared = await api.create_account(
        owner["token"],
        type="INDIVIDUAL",
        teamMemberIds=[employee["id"]],
        contacts=[{"contact": {"firstName": "Team", "lastName": "Client"}}],
    )
    shared_id = shared["account"]["id"]

    assert await account_names(api, employee["token"]) == ["Team Client"]
    assert (await api.data(ACCOUNT, {"id": hidden["id"]}, employee["token"]))["account"] is None
    assert (await api.data(NODE_TYPENAME, {"id": hidden["id"]}, employee["token"]))["node"] is None
    seen = (await api.data(ACCOUNT, {"id": shared_id}, employee["token"]))["account"]
    assert seen["name"] == "Team Client"
    assert employee["id"] in ids_of(seen["teamMembers"])
    node = (await api.data(NODE_TYPENAME, {"id": shared_id}, employee["token"]))["node"]
    assert node == {"id": shared_id, "__typename": "Account"}
    # The owner sees both.
    assert await account_names(api, owner["token"]) == ["Hidden Person", "Team Client"]


async def test_an_employee_without_view_all_cannot_see_contacts_of_hidden_accounts(
    api: Api, owner: dict
) -> None:
    employee = await api.create_staff(owner["token"], "emp@acme.example")
    hidden = await api.individual(owner["token"], "Hidden", "Person", "hidden@example.com")
    contact_id = hidden["contacts"][0]["contact"]["id"]

    assert (await api.data(CONTACT_NAME, {"id": contact_id}, employee["token"]))["contact"] is None
    assert (await api.data(NODE_TYPENAME, {"id": contact_id}, employee["token"]))["node"] is None
    found = (await api.data(CONTACT_NAME, {"id": contact_id}, owner["token"]))["contact"]
    assert found["displayName"] == "Hidden Person"


async def test_an_employee_with_view_all_sees_every_account(api: Api, owner: dict) -> None:
    viewer = await api.create_staff(owner["token"], "all@acme.example", viewAllAccounts=True)
    first = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    await api.individual(owner["token"], "John", "Roe", "john@example.com")

    assert await account_names(api, viewer["token"]) == ["Jane Doe", "John Roe"]
    account = (await api.data(ACCOUNT, {"id": first["id"]}, viewer["token"]))["account"]
    assert account["name"] == "Jane Doe"
    assert viewer["id"] not in ids_of(account["teamMembers"])
    node = (await api.data(NODE_TYPENAME, {"id": first["id"]}, viewer["token"]))["node"]
    assert node["id"] == first["id"]


async def test_an_employee_with_view_all_still_may_not_edit(api: Api, owner: dict) -> None:
    viewer = await api.create_staff(owner["token"], "all@acme.example", viewAllAccounts=True)
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")

    body = await api.post(
        UPDATE_ACCOUNT, {"input": {"id": account["id"], "name": "Renamed"}}, viewer["token"]
    )

    assert codes(body) == ["FORBIDDEN"]
    assert (await Account.get(id=_pk(account["id"]))).name == "Jane Doe"


async def test_removing_an_employee_from_the_team_hides_the_account(api: Api, owner: dict) -> None:
    employee = await api.create_staff(owner["token"], "emp@acme.example")
    payload = await api.create_account(
        owner["token"],
        type="INDIVIDUAL",
        teamMemberIds=[employee["id"]],
        contacts=[{"contact": NEW_CONTACT}],
    )
    account_id = payload["account"]["id"]
    assert await account_names(api, employee["token"]) == ["Jane Doe"]

    await api.mutate(UPDATE_ACCOUNT, {"id": account_id, "teamMemberIds": []}, owner["token"])

    assert await account_names(api, employee["token"]) == []
    assert (await api.data(ACCOUNT, {"id": account_id}, employee["token"]))["account"] is None


async def test_default_account_access_staff_join_every_new_accounts_team(
    api: Api, owner: dict
) -> None:
    default = await api.create_staff(owner["token"], "def@acme.example", defaultAccountAccess=True)
    plain = await api.create_staff(owner["token"], "plain@acme.example")
    manager = await api.create_staff(owner["token"], "mgr@acme.example", manageAccounts=True)

    by_owner = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    by_manager = await api.individual(manager["token"], "John", "Roe", "john@example.com")

    assert {m["email"] for m in by_owner["teamMembers"]} == {
        "owner@acme.example",
        "def@acme.example",
    }
    assert {m["email"] for m in by_manager["teamMembers"]} == {
        "mgr@acme.example",
        "def@acme.example",
    }
    rows = await AccountTeamMember.filter(staff_id=_pk(default["id"])).count()
    assert rows == 2
    assert await AccountTeamMember.filter(staff_id=_pk(plain["id"])).count() == 0
    # Being on the team, the default-access employee sees both; the plain one sees neither.
    assert await account_names(api, default["token"]) == ["Jane Doe", "John Roe"]
    assert await account_names(api, plain["token"]) == []


# ---------------------------------------------------------------- tenant isolation


async def test_another_firms_objects_are_null_to_queries(api: Api, owner: dict) -> None:
    other = await api.create_firm("Beta", "beta", "boss@beta.example")
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    contact_id = account["contacts"][0]["contact"]["id"]
    email_id = account["contacts"][0]["emails"][0]["id"]
    owner_staff_id = (await StaffMember.get(email="owner@acme.example")).id

    token = other["token"]
    assert (await api.data(ACCOUNT, {"id": account["id"]}, token))["account"] is None
    assert (await api.data(CONTACT_NAME, {"id": contact_id}, token))["contact"] is None
    for global_id in [
        account["id"],
        contact_id,
        email_id,
        owner["firm_id"],
        to_global_id("StaffMember", owner_staff_id),
    ]:
        assert (await api.data(NODE_TYPENAME, {"id": global_id}, token))["node"] is None, global_id
    assert await account_names(api, token) == []
    # The owning firm still sees them all.
    assert (await api.data(NODE_TYPENAME, {"id": account["id"]}, owner["token"]))["node"]["id"] == (
        account["id"]
    )
    assert (await api.data(NODE_TYPENAME, {"id": owner["firm_id"]}, owner["token"]))["node"] == {
        "id": owner["firm_id"],
        "__typename": "Firm",
    }


async def test_another_firms_objects_are_not_found_to_mutations(api: Api, owner: dict) -> None:
    other = await api.create_firm("Beta", "beta", "boss@beta.example")
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    contact_id = account["contacts"][0]["contact"]["id"]
    email_id = account["contacts"][0]["emails"][0]["id"]
    beta_account = await api.individual(other["token"], "Bob", "Beta", "bob@example.com")
    beta_owner_id = to_global_id(
        "StaffMember", (await StaffMember.get(email="boss@beta.example")).id
    )
    token = other["token"]

    attempts = {
        "updateAccount": await api.user_errors(
            UPDATE_ACCOUNT, {"id": account["id"], "name": "Hacked"}, token
        ),
        "updateAccount team": await api.user_errors(
            UPDATE_ACCOUNT,
            {"id": account["id"], "teamMemberIds": [beta_owner_id]},
            token,
        ),
        "linkContact new": await api.user_errors(
            LINK_CONTACT,
            {
                "accountId": account["id"],
                "contact": {"contact": {"firstName": "X", "lastName": "Y"}},
            },
            token,
        ),
        "linkContact theirs": await api.user_errors(
            LINK_CONTACT,
            {"accountId": beta_account["id"], "contact": {"contactId": contact_id}},
            token,
        ),
        "addNote": await api.user_errors(
            ADD_NOTE, {"accountId": account["id"], "body": "Sneaky"}, token
        ),
        "setContactToggles": await api.user_errors(
            SET_CONTACT_TOGGLES, {"id": email_id, "login": True, "notify": True}, token
        ),
    }
    archive = (await api.data(ARCHIVE_ACCOUNT, {"id": account["id"]}, token))["archiveAccount"]
    attempts["archiveAccount"] = [e["code"] for e in archive["userErrors"]]

    assert attempts == {key: ["NOT_FOUND"] for key in attempts}
    assert archive["account"] is None

    # Firm A's data is unchanged, in the database ...
    row = await Account.get(id=_pk(account["id"]))
    assert row.name == "Jane Doe"
    assert row.archived_at is None
    assert await AccountContact.filter(account_id=row.id).count() == 1
    assert await AccountContact.filter(account_id=_pk(beta_account["id"])).count() == 1
    assert await Note.all().count() == 0
    email = await AccountEmail.get(id=_pk(email_id))
    assert (email.login_enabled, email.notify_enabled) == (False, False)
    team = await AccountTeamMember.filter(account_id=row.id).values_list("staff_id", flat=True)
    assert team == [(await StaffMember.get(email="owner@acme.example")).id]
    assert await Contact.filter(first_name="X").count() == 0
    # ... and through the API.
    seen = (await api.data(ACCOUNT, {"id": account["id"]}, owner["token"]))["account"]
    assert seen["name"] == "Jane Doe"
    assert [m["email"] for m in seen["teamMembers"]] == ["owner@acme.example"]


async def test_another_firms_staff_cannot_join_a_team(api: Api, owner: dict) -> None:
    other = await api.create_firm("Beta", "beta", "boss@beta.example")
    outsider = await api.create_staff(other["token"], "worker@beta.example")
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")

    on_update = await api.user_errors(
        UPDATE_ACCOUNT, {"id": account["id"], "teamMemberIds": [outsider["id"]]}, owner["token"]
    )
    on_create = await api.user_errors(
        CREATE_ACCOUNT,
        {
            "type": "INDIVIDUAL",
            "teamMemberIds": [outsider["id"]],
            "contacts": [{"contact": {"firstName": "John", "lastName": "Roe"}}],
        },
        owner["token"],
    )

    assert on_update == ["NOT_FOUND"]
    assert on_create == ["NOT_FOUND"]
    assert await AccountTeamMember.filter(staff_id=_pk(outsider["id"])).count() == 0
    assert await Account.all().count() == 1
    assert await account_names(api, outsider["token"]) == []
