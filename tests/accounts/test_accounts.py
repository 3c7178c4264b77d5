"""Accounts: creation with contacts, generated names and client IDs, updates, links, archive."""

from app.accounts.models import Account, AccountContact, AccountEmail
from app.contacts.models import Contact
from tests.support.graphql import Api

ACCOUNT = """
query($id: ID!) {
  account(id: $id) {
    id name nameIsGenerated clientId type companyName archivedAt
    address { street city postalCode country }
    contacts { contact { id displayName } description emails { email { address } login } }
    teamMembers { email }
    relatedAccounts { id name }
  }
}"""

UPDATE = """
mutation($input: UpdateAccountInput!) {
  updateAccount(input: $input) {
    account { id name nameIsGenerated type companyName address { street city } teamMembers { email } }
    userErrors { field message code }
  }
}"""

ARCHIVE = (
    "mutation($id: ID!) { archiveAccount(id: $id) { account { archivedAt } userErrors { code } } }"
)
RESTORE = (
    "mutation($id: ID!) { restoreAccount(id: $id) { account { archivedAt } userErrors { code } } }"
)

LINK = """
mutation($input: LinkContactInput!) {
  linkContact(input: $input) {
    account { contacts { contact { displayName } emails { email { address } login } } }
    invitationPrompts { accountEmail { email { address } } }
    userErrors { field code }
  }
}"""

UNLINK = """
mutation($input: UnlinkContactInput!) {
  unlinkContact(input: $input) { account { contacts { contact { id } } } userErrors { field code } }
}"""

DESCRIBE = """
mutation($input: SetContactDescriptionInput!) {
  setContactDescription(input: $input) {
    account { contacts { description } } userErrors { code }
  }
}"""

SETTINGS = """
mutation($input: UpdateFirmSettingsInput!) {
  updateFirmSettings(input: $input) { firm { accountNameFormat } userErrors { code } }
}"""

CREATE_ACCOUNT_ERRORS = """
mutation($input: CreateAccountInput!) {
  createAccount(input: $input) { account { id } userErrors { field message code } }
}"""


def new_contact(first: str, last: str, *emails: str, **toggles: bool) -> dict:
    return {
        "contact": {
            "firstName": first,
            "lastName": last,
            "emails": [{"address": e, **toggles} for e in emails],
        }
    }


async def test_a_new_account_gets_a_generated_name_client_id_team_and_folders(api: Api, owner):
    payload = await api.create_account(
        owner["token"],
        type="INDIVIDUAL",
        contacts=[new_contact(" Jane ", "Doe", " Jane@Example.COM ", login=True, notify=True)],
        address={"street": "1 Main St", "city": "Springfield"},
    )
    account = payload["account"]
    assert (account["name"], account["nameIsGenerated"], account["clientId"]) == (
        "Jane Doe",
        True,
        "JD1",
    )
    assert account["teamMembers"] == [{"email": "owner@acme.example"}]
    assert "Client uploaded documents" in [f["name"] for f in account["folders"]]
    [link] = account["contacts"]
    [email] = link["emails"]
    assert email["email"]["address"] == "jane@example.com"
    assert (email["login"], email["notify"], email["emailSync"]) == (True, True, False)
    assert email["portalAccess"] == "PENDING_ACTIVATION"
    assert [p["accountEmail"]["id"] for p in payload["invitationPrompts"]] == [email["id"]]
    stored = await Account.get(client_id="JD1")
    assert (stored.name, stored.street, stored.city) == ("Jane Doe", "1 Main St", "Springfield")


async def test_client_ids_take_the_smallest_free_number(api: Api, owner):
    first = await api.individual(owner["token"], "Jane", "Doe")
    second = await api.individual(owner["token"], "John", "Dean")
    assert (first["clientId"], second["clientId"]) == ("JD1", "JD2")
    await Account.filter(client_id="JD1").delete()
    third = await api.individual(owner["token"], "Jim", "Dale")
    assert third["clientId"] == "JD1"


async def test_company_names_and_initials(api: Api, owner):
    acme = await api.create_account(
        owner["token"], type="COMPANY", companyName="Acme", contacts=[new_contact("A", "B")]
    )
    bakery = await api.create_account(
        owner["token"],
        type="COMPANY",
        companyName="Garcia Bakery LLC",
        contacts=[new_contact("Maria", "Garcia")],
    )
    assert (acme["account"]["name"], acme["account"]["clientId"]) == ("Acme", "AC1")
    assert (bakery["account"]["name"], bakery["account"]["clientId"]) == (
        "Garcia Bakery LLC",
        "GB1",
    )
    errors = await api.user_errors(
        CREATE_ACCOUNT_ERRORS,
        {"type": "COMPANY", "contacts": [new_contact("A", "B")]},
        owner["token"],
    )
    assert errors == ["REQUIRED"]


async def test_last_first_format_and_unicode_initials(api: Api, owner):
    await api.mutate(SETTINGS, {"accountNameFormat": "LAST_FIRST"}, owner["token"])
    account = await api.individual(owner["token"], "Émile", "Zola")
    assert (account["name"], account["clientId"]) == ("Zola, Émile", "ÉZ1")


async def test_bad_names_and_missing_contacts_change_nothing(api: Api, owner):
    token = owner["token"]
    bad_name = {"type": "INDIVIDUAL", "name": "A/B", "contacts": [new_contact("Jane", "Doe")]}
    bad_contact = {"type": "INDIVIDUAL", "contacts": [new_contact("Ja|ne", "Doe")]}
    payload = (await api.data(CREATE_ACCOUNT_ERRORS, {"input": bad_name}, token))["createAccount"]
    assert payload["account"] is None
    assert payload["userErrors"][0]["code"] == "INVALID_CHARACTERS"
    assert payload["userErrors"][0]["field"] == ["input", "name"]
    payload = (await api.data(CREATE_ACCOUNT_ERRORS, {"input": bad_contact}, token))[
        "createAccount"
    ]
    assert payload["userErrors"][0]["field"] == ["input", "contacts", "0", "contact", "firstName"]
    no_contacts = {"type": "INDIVIDUAL", "name": "Solo", "contacts": []}
    assert await api.user_errors(CREATE_ACCOUNT_ERRORS, no_contacts, token) == ["LAST_CONTACT"]
    both = {"type": "OTHER", "contacts": [{"contactId": "x", **new_contact("A", "B")}]}
    assert await api.user_errors(CREATE_ACCOUNT_ERRORS, both, token) == ["INVALID"]
    assert await Account.all().count() == 0
    assert await Contact.all().count() == 0


async def test_a_whitespace_name_is_generated_and_a_given_name_is_kept(api: Api, owner):
    token = owner["token"]
    blank = await api.create_account(
        token, type="INDIVIDUAL", name="   ", contacts=[new_contact("Jane", "Doe")]
    )
    given = await api.create_account(
        token, type="INDIVIDUAL", name=" The Does ", contacts=[new_contact("Jim", "Doe")]
    )
    assert (blank["account"]["name"], blank["account"]["nameIsGenerated"]) == ("Jane Doe", True)
    assert (given["account"]["name"], given["account"]["nameIsGenerated"]) == ("The Does", False)


async def test_update_changes_only_what_is_given(api: Api, owner):
    token = owner["token"]
    account = await api.individual(token, "Jane", "Doe")
    renamed = await api.mutate(UPDATE, {"id": account["id"], "name": "Doe household"}, token)
    assert (renamed["account"]["name"], renamed["account"]["nameIsGenerated"]) == (
        "Doe household",
        False,
    )
    moved = await api.mutate(UPDATE, {"id": account["id"], "address": {"city": "Paris"}}, token)
    assert moved["account"]["name"] == "Doe household"
    assert moved["account"]["address"] == {"street": None, "city": "Paris"}
    back = await api.mutate(UPDATE, {"id": account["id"], "name": None}, token)
    assert (back["account"]["name"], back["account"]["nameIsGenerated"]) == ("Jane Doe", True)
    company = await api.mutate(
        UPDATE, {"id": account["id"], "type": "COMPANY", "companyName": "Doe Ltd"}, token
    )
    assert company["account"]["name"] == "Doe Ltd"
    assert (await Account.get(client_id="JD1")).name == "Doe Ltd"  # the client ID never changes


async def test_update_with_a_bad_value_changes_nothing(api: Api, owner):
    token = owner["token"]
    account = await api.individual(token, "Jane", "Doe")
    input = {"id": account["id"], "name": "Bad?", "address": {"city": "Paris"}}
    assert await api.user_errors(UPDATE, input, token) == ["INVALID_CHARACTERS"]
    stored = await Account.get(client_id="JD1")
    assert (stored.name, stored.city) == ("Jane Doe", None)


async def test_team_is_replaced_and_the_creator_is_always_on_a_new_team(api: Api, owner):
    token = owner["token"]
    anna = await api.create_staff(token, "anna@acme.example")
    default = await api.create_staff(token, "dora@acme.example", defaultAccountAccess=True)
    account = await api.create_account(
        token, type="INDIVIDUAL", teamMemberIds=[anna["id"]], contacts=[new_contact("J", "D")]
    )
    team = {m["email"] for m in account["account"]["teamMembers"]}
    assert team == {"owner@acme.example", "anna@acme.example", "dora@acme.example"}
    replaced = await api.mutate(
        UPDATE, {"id": account["account"]["id"], "teamMemberIds": [default["id"]]}, token
    )
    assert replaced["account"]["teamMembers"] == [{"email": "dora@acme.example"}]
    unknown = {"id": account["account"]["id"], "teamMemberIds": ["U3RhZmZNZW1iZXI6OTk5"]}
    assert await api.user_errors(UPDATE, unknown, token) == ["NOT_FOUND"]


async def test_archive_and_restore(api: Api, owner):
    token = owner["token"]
    account = await api.individual(token, "Jane", "Doe")
    archived = (await api.data(ARCHIVE, {"id": account["id"]}, token))["archiveAccount"]
    assert archived["account"]["archivedAt"] is not None
    assert (await Account.get(client_id="JD1")).archived_at is not None
    restored = (await api.data(RESTORE, {"id": account["id"]}, token))["restoreAccount"]
    assert restored["account"]["archivedAt"] is None
    missing = (await api.data(ARCHIVE, {"id": "QWNjb3VudDo5OTk"}, token))["archiveAccount"]
    assert missing["userErrors"] == [{"code": "NOT_FOUND"}]


async def test_link_unlink_describe_and_related_accounts(api: Api, owner):
    token = owner["token"]
    jane = await api.individual(token, "Jane", "Doe", "jane@example.com")
    firm = await api.create_account(
        token, type="COMPANY", companyName="Doe Ltd", contacts=[new_contact("Bob", "Roe")]
    )
    jane_id = jane["contacts"][0]["contact"]["id"]
    firm_id = firm["account"]["id"]
    toggles = [{"address": "JANE@example.com", "login": True}]
    linked = await api.mutate(
        LINK,
        {"accountId": firm_id, "contact": {"contactId": jane_id, "emailToggles": toggles}},
        token,
    )
    names = [c["contact"]["displayName"] for c in linked["account"]["contacts"]]
    assert names == ["Bob Roe", "Jane Doe"]  # alphabetical
    assert [p["accountEmail"]["email"]["address"] for p in linked["invitationPrompts"]] == [
        "jane@example.com"
    ]
    again = {"accountId": firm_id, "contact": {"contactId": jane_id}}
    assert await api.user_errors(LINK, again, token) == ["DUPLICATE"]
    related = (await api.data(ACCOUNT, {"id": jane["id"]}, token))["account"]["relatedAccounts"]
    assert [r["name"] for r in related] == ["Doe Ltd"]
    described = await api.mutate(
        DESCRIBE, {"accountId": firm_id, "contactId": jane_id, "description": "CEO"}, token
    )
    assert "CEO" in [c["description"] for c in described["account"]["contacts"]]
    await api.mutate(UNLINK, {"accountId": firm_id, "contactId": jane_id}, token)
    assert await AccountContact.filter(contact__first_name="Jane").count() == 1
    assert await AccountEmail.filter(account__client_id="DL1").count() == 0
    last = {"accountId": jane["id"], "contactId": jane_id}
    assert await api.user_errors(UNLINK, last, token) == ["LAST_CONTACT"]


async def test_linking_an_existing_contact_by_another_address_is_not_found(api: Api, owner):
    token = owner["token"]
    jane = await api.individual(token, "Jane", "Doe", "jane@example.com")
    other = await api.individual(token, "Bob", "Roe")
    link = {
        "contactId": jane["contacts"][0]["contact"]["id"],
        "emailToggles": [{"address": "bob@example.com", "login": True}],
    }
    assert await api.user_errors(LINK, {"accountId": other["id"], "contact": link}, token) == [
        "NOT_FOUND"
    ]
