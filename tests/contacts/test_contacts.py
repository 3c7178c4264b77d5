"""Contacts: creation and update rules, their emails and toggles, and the contacts list."""

from __future__ import annotations

from typing import Any

from app.accounts.models import AccountEmail
from app.contacts.models import Contact, ContactEmail, Phone
from app.graphql.ids import pk_of
from app.tags.models import ContactTag
from tests.support.documents.accounts import CREATE_TAG_WITH_NAME
from tests.support.graphql import Api, codes

CONTACT_FIELDS = """
  id firstName middleName lastName displayName
  emails { id address }
  phones { number isPrimary }
  address { street city state postalCode country }
  tags { id name }
"""

CREATE_CONTACT = f"""
mutation($input: CreateContactInput!) {{
  createContact(input: $input) {{
    contact {{ {CONTACT_FIELDS} }}
    userErrors {{ field message code }}
  }}
}}"""

UPDATE_CONTACT = f"""
mutation($input: UpdateContactInput!) {{
  updateContact(input: $input) {{
    contact {{ {CONTACT_FIELDS} }}
    userErrors {{ field message code }}
  }}
}}"""

ADD_EMAIL = """
mutation($input: AddContactEmailInput!) {
  addContactEmail(input: $input) {
    contactEmail { id address }
    contact { id emails { address } }
    userErrors { field message code }
  }
}"""

CHANGE_EMAIL = """
mutation($input: ChangeContactEmailInput!) {
  changeContactEmail(input: $input) {
    contactEmail { id address }
    contact { id emails { id address } }
    userErrors { field message code }
  }
}"""

REMOVE_EMAIL = """
mutation($input: RemoveContactEmailInput!) {
  removeContactEmail(input: $input) {
    contact { id emails { address } }
    userErrors { field message code }
  }
}"""

CONTACT = """
query($id: ID!) {
  contact(id: $id) {
    id displayName
    emails { address }
    accounts { id name }
  }
}"""

CONTACTS = """
query($first: Int, $after: String, $filter: ContactFilter) {
  contacts(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id displayName emails { address } } }
  }
}"""

ACCOUNT_EMAILS = """
query($id: ID!) {
  account(id: $id) {
    contacts { contact { id } emails { email { address } login notify emailSync } }
  }
}"""

LINK_CONTACT = """
mutation($input: LinkContactInput!) {
  linkContact(input: $input) {
    account { id }
    userErrors { field message code }
  }
}"""


# ---------------------------------------------------------------- helpers


async def errors_of(api: Api, query: str, input: dict[str, Any], token: str) -> list[dict]:
    """The user errors of a one-mutation document (which must have no top-level errors)."""
    payload = next(iter((await api.data(query, {"input": input}, token)).values()))
    return payload["userErrors"]


async def create_contact(api: Api, token: str, **input: Any) -> dict[str, Any]:
    payload = await api.mutate(
        CREATE_CONTACT, {"firstName": "Jane", "lastName": "Doe", **input}, token
    )
    return payload["contact"]


async def create_tag(api: Api, token: str, name: str) -> str:
    return (await api.mutate(CREATE_TAG_WITH_NAME, {"name": name}, token))["tag"]["id"]


async def contact_row(contact_id: str) -> Contact:
    return await Contact.get(id=pk_of(contact_id, "Contact"))


async def link(api: Api, token: str, account_id: str, contact_id: str) -> None:
    await api.mutate(
        LINK_CONTACT, {"accountId": account_id, "contact": {"contactId": contact_id}}, token
    )


async def contact_names(api: Api, token: str, **variables: Any) -> list[str]:
    data = await api.data(CONTACTS, variables, token)
    return [e["node"]["displayName"] for e in data["contacts"]["edges"]]


# ---------------------------------------------------------------- createContact


async def test_create_contact_trims_names_and_stores_everything(api: Api, owner: dict) -> None:
    tag = await create_tag(api, owner["token"], "VIP")
    contact = await create_contact(
        api,
        owner["token"],
        firstName="  Jane ",
        middleName=" Q ",
        lastName=" Doe  ",
        emails=["  Jane.Doe@Example.COM "],
        phones=[{"number": " +1 555 0100 "}],
        address={"street": " 1 Main St ", "city": "Springfield", "postalCode": "12345"},
        tagIds=[tag],
    )
    assert contact["firstName"] == "Jane"
    assert contact["middleName"] == "Q"
    assert contact["lastName"] == "Doe"
    assert contact["displayName"] == "Jane Q Doe"
    assert [e["address"] for e in contact["emails"]] == ["jane.doe@example.com"]
    assert contact["phones"] == [{"number": "+1 555 0100", "isPrimary": True}]
    assert contact["address"] == {
        "street": "1 Main St",
        "city": "Springfield",
        "state": None,
        "postalCode": "12345",
        "country": None,
    }
    assert contact["tags"] == [{"id": tag, "name": "VIP"}]
    row = await contact_row(contact["id"])
    assert (row.first_name, row.middle_name, row.last_name) == ("Jane", "Q", "Doe")
    assert await ContactEmail.filter(contact_id=row.id).values_list("address", flat=True) == [
        "jane.doe@example.com"
    ]


async def test_create_contact_without_optional_fields(api: Api, owner: dict) -> None:
    contact = await create_contact(api, owner["token"])
    assert contact["middleName"] is None
    assert contact["emails"] == []
    assert contact["phones"] == []
    assert contact["address"] is None
    assert contact["tags"] == []
    assert contact["displayName"] == "Jane Doe"


async def test_create_contact_rejects_forbidden_characters_naming_the_field(
    api: Api, owner: dict
) -> None:
    for char in '<>:"/\\|?*':
        errors = await errors_of(
            api, CREATE_CONTACT, {"firstName": f"Ja{char}ne", "lastName": "Doe"}, owner["token"]
        )
        assert [(e["code"], e["field"]) for e in errors] == [
            ("INVALID_CHARACTERS", ["input", "firstName"])
        ], char
    errors = await errors_of(
        api,
        CREATE_CONTACT,
        {"firstName": "Jane", "middleName": "Tab\there", "lastName": "Do\x01e"},
        owner["token"],
    )
    assert sorted((e["code"], tuple(e["field"])) for e in errors) == [
        ("INVALID_CHARACTERS", ("input", "lastName")),
        ("INVALID_CHARACTERS", ("input", "middleName")),
    ]
    # NUL, which PostgreSQL cannot even compare, is refused before the rest is looked at.
    errors = await errors_of(
        api, CREATE_CONTACT, {"firstName": "Jane", "lastName": "Do\x00e"}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [
        ("INVALID_CHARACTERS", ["input", "lastName"])
    ]
    assert await Contact.all().count() == 0


async def test_create_contact_requires_first_and_last_name(api: Api, owner: dict) -> None:
    errors = await errors_of(
        api, CREATE_CONTACT, {"firstName": "   ", "lastName": ""}, owner["token"]
    )
    assert sorted((e["code"], tuple(e["field"])) for e in errors) == [
        ("REQUIRED", ("input", "firstName")),
        ("REQUIRED", ("input", "lastName")),
    ]
    assert await Contact.all().count() == 0


async def test_create_contact_rejects_a_bad_email(api: Api, owner: dict) -> None:
    for bad in ["not-an-email", "a@b", "two@@example.com", "sp ace@example.com"]:
        errors = await errors_of(
            api,
            CREATE_CONTACT,
            {"firstName": "Jane", "lastName": "Doe", "emails": ["ok@example.com", bad]},
            owner["token"],
        )
        assert [(e["code"], e["field"]) for e in errors] == [
            ("INVALID_EMAIL", ["input", "emails", "1"])
        ], bad
    assert await Contact.all().count() == 0
    assert await ContactEmail.all().count() == 0


async def test_an_address_of_another_contact_is_duplicate_in_the_same_firm(
    api: Api, owner: dict
) -> None:
    await create_contact(api, owner["token"], emails=["jane@example.com"])
    errors = await errors_of(
        api,
        CREATE_CONTACT,
        {"firstName": "John", "lastName": "Roe", "emails": [" JANE@example.com"]},
        owner["token"],
    )
    assert [(e["code"], e["field"]) for e in errors] == [("DUPLICATE", ["input", "emails", "0"])]
    assert await Contact.filter(first_name="John").count() == 0


async def test_the_same_address_twice_in_one_input_is_duplicate(api: Api, owner: dict) -> None:
    errors = await errors_of(
        api,
        CREATE_CONTACT,
        {"firstName": "Jane", "lastName": "Doe", "emails": ["a@example.com", "A@Example.com"]},
        owner["token"],
    )
    assert [e["code"] for e in errors] == ["DUPLICATE"]
    assert await Contact.all().count() == 0


async def test_the_same_address_in_another_firm_is_fine(api: Api, owner: dict) -> None:
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    await create_contact(api, owner["token"], emails=["jane@example.com"])
    contact = await create_contact(api, other["token"], emails=["jane@example.com"])
    assert [e["address"] for e in contact["emails"]] == ["jane@example.com"]
    assert await ContactEmail.filter(address="jane@example.com").count() == 2


async def test_the_first_phone_is_primary_unless_one_is_marked(api: Api, owner: dict) -> None:
    contact = await create_contact(
        api, owner["token"], phones=[{"number": "111"}, {"number": "222"}, {"number": "333"}]
    )
    assert contact["phones"] == [
        {"number": "111", "isPrimary": True},
        {"number": "222", "isPrimary": False},
        {"number": "333", "isPrimary": False},
    ]
    contact = await create_contact(
        api,
        owner["token"],
        firstName="John",
        phones=[{"number": "111"}, {"number": "222", "isPrimary": True}, {"number": "333"}],
    )
    assert [p["isPrimary"] for p in contact["phones"]] == [False, True, False]
    stored = await Phone.filter(contact_id=pk_of(contact["id"], "Contact")).order_by("position")
    assert [(p.number, p.is_primary) for p in stored] == [
        ("111", False),
        ("222", True),
        ("333", False),
    ]


async def test_two_primary_phones_are_invalid(api: Api, owner: dict) -> None:
    errors = await errors_of(
        api,
        CREATE_CONTACT,
        {
            "firstName": "Jane",
            "lastName": "Doe",
            "phones": [{"number": "111", "isPrimary": True}, {"number": "222", "isPrimary": True}],
        },
        owner["token"],
    )
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID", ["input", "phones"])]
    assert await Contact.all().count() == 0
    assert await Phone.all().count() == 0


async def test_an_empty_phone_number_is_required(api: Api, owner: dict) -> None:
    errors = await errors_of(
        api,
        CREATE_CONTACT,
        {"firstName": "Jane", "lastName": "Doe", "phones": [{"number": "1"}, {"number": "  "}]},
        owner["token"],
    )
    assert [(e["code"], e["field"]) for e in errors] == [
        ("REQUIRED", ["input", "phones", "1", "number"])
    ]


async def test_create_contact_needs_a_manager(api: Api, owner: dict) -> None:
    clerk = await api.create_staff(owner["token"], "clerk@acme.example")
    body = await api.post(
        CREATE_CONTACT, {"input": {"firstName": "Jane", "lastName": "Doe"}}, clerk["token"]
    )
    assert codes(body) == ["FORBIDDEN"]
    body = await api.post(CREATE_CONTACT, {"input": {"firstName": "Jane", "lastName": "Doe"}})
    assert codes(body) == ["UNAUTHENTICATED"]
    assert await Contact.all().count() == 0


# ---------------------------------------------------------------- updateContact


async def test_update_contact_changes_only_the_given_fields(api: Api, owner: dict) -> None:
    contact = await create_contact(
        api,
        owner["token"],
        middleName="Q",
        emails=["jane@example.com"],
        phones=[{"number": "111"}],
        address={"city": "Springfield"},
    )
    payload = await api.mutate(
        UPDATE_CONTACT, {"id": contact["id"], "firstName": "  Janet "}, owner["token"]
    )
    updated = payload["contact"]
    assert updated["firstName"] == "Janet"
    assert updated["middleName"] == "Q"
    assert updated["lastName"] == "Doe"
    assert updated["phones"] == [{"number": "111", "isPrimary": True}]
    assert updated["address"]["city"] == "Springfield"
    assert [e["address"] for e in updated["emails"]] == ["jane@example.com"]
    row = await contact_row(contact["id"])
    assert (row.first_name, row.middle_name, row.last_name, row.city) == (
        "Janet",
        "Q",
        "Doe",
        "Springfield",
    )


async def test_update_contact_clears_the_middle_name_with_null(api: Api, owner: dict) -> None:
    contact = await create_contact(api, owner["token"], middleName="Q")
    payload = await api.mutate(
        UPDATE_CONTACT, {"id": contact["id"], "middleName": None}, owner["token"]
    )
    assert payload["contact"]["middleName"] is None
    assert payload["contact"]["displayName"] == "Jane Doe"
    assert (await contact_row(contact["id"])).middle_name is None


async def test_update_contact_replaces_phones_and_tags(api: Api, owner: dict) -> None:
    vip = await create_tag(api, owner["token"], "VIP")
    late = await create_tag(api, owner["token"], "Late payer")
    new = await create_tag(api, owner["token"], "New")
    contact = await create_contact(
        api, owner["token"], phones=[{"number": "111"}, {"number": "222"}], tagIds=[vip, late]
    )
    payload = await api.mutate(
        UPDATE_CONTACT,
        {
            "id": contact["id"],
            "phones": [{"number": "333"}, {"number": "444", "isPrimary": True}],
            "tagIds": [new, vip],
        },
        owner["token"],
    )
    assert payload["contact"]["phones"] == [
        {"number": "333", "isPrimary": False},
        {"number": "444", "isPrimary": True},
    ]
    assert sorted(t["name"] for t in payload["contact"]["tags"]) == ["New", "VIP"]
    pk = pk_of(contact["id"], "Contact")
    assert sorted(await Phone.filter(contact_id=pk).values_list("number", flat=True)) == [
        "333",
        "444",
    ]
    assert await ContactTag.filter(contact_id=pk).count() == 2

    payload = await api.mutate(
        UPDATE_CONTACT, {"id": contact["id"], "phones": [], "tagIds": []}, owner["token"]
    )
    assert payload["contact"]["phones"] == []
    assert payload["contact"]["tags"] == []
    assert await Phone.filter(contact_id=pk).count() == 0
    assert await ContactTag.filter(contact_id=pk).count() == 0


async def test_update_contact_changes_nothing_on_a_bad_input(api: Api, owner: dict) -> None:
    vip = await create_tag(api, owner["token"], "VIP")
    contact = await create_contact(
        api,
        owner["token"],
        middleName="Q",
        phones=[{"number": "111"}],
        tagIds=[vip],
        address={"city": "Springfield"},
    )
    other = await create_tag(api, owner["token"], "Other")
    bad_inputs = [
        ({"firstName": "Janet", "lastName": "D/oe"}, "INVALID_CHARACTERS", ["input", "lastName"]),
        ({"firstName": " ", "middleName": None}, "REQUIRED", ["input", "firstName"]),
        (
            {
                "firstName": "Janet",
                "phones": [{"number": "9", "isPrimary": True}, {"number": "8", "isPrimary": True}],
            },
            "INVALID",
            ["input", "phones"],
        ),
        (
            {"firstName": "Janet", "phones": [{"number": "9"}], "tagIds": [other, "nonsense"]},
            "NOT_FOUND",
            ["input", "tagIds"],
        ),
        (
            {
                "firstName": "Janet",
                "address": {"city": "Shelbyville"},
                "customFields": [{"fieldId": "nonsense", "value": "1"}],
            },
            "NOT_FOUND",
            ["input", "customFields", "0", "fieldId"],
        ),
    ]
    for changes, code, field in bad_inputs:
        errors = await errors_of(
            api, UPDATE_CONTACT, {"id": contact["id"], **changes}, owner["token"]
        )
        assert [(e["code"], e["field"]) for e in errors] == [(code, field)], changes
    row = await contact_row(contact["id"])
    assert (row.first_name, row.middle_name, row.last_name, row.city) == (
        "Jane",
        "Q",
        "Doe",
        "Springfield",
    )
    assert [(p.number, p.is_primary) for p in await Phone.filter(contact_id=row.id)] == [
        ("111", True)
    ]
    assert await ContactTag.filter(contact_id=row.id).values_list("tag_id", flat=True) == [
        pk_of(vip, "Tag")
    ]


async def test_update_contact_of_another_firm_is_not_found(api: Api, owner: dict) -> None:
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    contact = await create_contact(api, other["token"])
    errors = await errors_of(
        api, UPDATE_CONTACT, {"id": contact["id"], "firstName": "Hacked"}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", ["input", "id"])]
    assert (await contact_row(contact["id"])).first_name == "Jane"


# ---------------------------------------------------------------- emails and toggles


async def test_add_contact_email_creates_toggles_on_every_linked_account(
    api: Api, owner: dict
) -> None:
    first = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com", login=True)
    contact_id = first["contacts"][0]["contact"]["id"]
    second = await api.individual(owner["token"], "John", "Roe")
    await link(api, owner["token"], second["id"], contact_id)

    payload = await api.mutate(
        ADD_EMAIL, {"contactId": contact_id, "address": "  Jane.Work@Example.com "}, owner["token"]
    )
    assert payload["contactEmail"]["address"] == "jane.work@example.com"
    assert [e["address"] for e in payload["contact"]["emails"]] == [
        "jane@example.com",
        "jane.work@example.com",
    ]
    email_pk = pk_of(payload["contactEmail"]["id"], "ContactEmail")
    toggles = await AccountEmail.filter(contact_email_id=email_pk)
    assert sorted(t.account_id for t in toggles) == sorted(
        [pk_of(first["id"], "Account"), pk_of(second["id"], "Account")]
    )
    assert all(not (t.login_enabled or t.notify_enabled or t.email_sync_enabled) for t in toggles)
    for account in (first, second):
        data = await api.data(ACCOUNT_EMAILS, {"id": account["id"]}, owner["token"])
        jane = next(c for c in data["account"]["contacts"] if c["contact"]["id"] == contact_id)
        new = [e for e in jane["emails"] if e["email"]["address"] == "jane.work@example.com"]
        assert new == [
            {
                "email": {"address": "jane.work@example.com"},
                "login": False,
                "notify": False,
                "emailSync": False,
            }
        ]


async def test_add_contact_email_to_an_unlinked_contact_creates_no_toggles(
    api: Api, owner: dict
) -> None:
    contact = await create_contact(api, owner["token"])
    payload = await api.mutate(
        ADD_EMAIL, {"contactId": contact["id"], "address": "jane@example.com"}, owner["token"]
    )
    assert payload["contactEmail"]["address"] == "jane@example.com"
    assert await AccountEmail.all().count() == 0


async def test_add_contact_email_rejects_duplicates_and_bad_addresses(
    api: Api, owner: dict
) -> None:
    await create_contact(api, owner["token"], emails=["taken@example.com"])
    contact = await create_contact(api, owner["token"], firstName="John", emails=["j@example.com"])
    for address, code in [
        ("TAKEN@example.com", "DUPLICATE"),
        ("j@example.com", "DUPLICATE"),
        ("nope", "INVALID_EMAIL"),
        ("  ", "REQUIRED"),
    ]:
        errors = await errors_of(
            api, ADD_EMAIL, {"contactId": contact["id"], "address": address}, owner["token"]
        )
        assert [(e["code"], e["field"]) for e in errors] == [(code, ["input", "address"])], address
    pk = pk_of(contact["id"], "Contact")
    assert await ContactEmail.filter(contact_id=pk).values_list("address", flat=True) == [
        "j@example.com"
    ]


async def test_add_contact_email_to_an_unknown_contact_is_not_found(api: Api, owner: dict) -> None:
    errors = await errors_of(
        api, ADD_EMAIL, {"contactId": "nonsense", "address": "a@example.com"}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", ["input", "contactId"])]
    assert await ContactEmail.all().count() == 0


async def test_remove_contact_email_removes_its_toggles(api: Api, owner: dict) -> None:
    account = await api.individual(
        owner["token"], "Jane", "Doe", "jane@example.com", "jane@work.example", notify=True
    )
    contact_id = account["contacts"][0]["contact"]["id"]
    other = await api.individual(owner["token"], "John", "Roe")
    await link(api, owner["token"], other["id"], contact_id)
    emails = {e["email"]["address"]: e["email"]["id"] for e in account["contacts"][0]["emails"]}
    removed_pk = pk_of(emails["jane@work.example"], "ContactEmail")
    assert await AccountEmail.filter(contact_email_id=removed_pk).count() == 2

    payload = await api.mutate(
        REMOVE_EMAIL, {"emailId": emails["jane@work.example"]}, owner["token"]
    )
    assert payload["contact"]["emails"] == [{"address": "jane@example.com"}]
    assert not await ContactEmail.exists(id=removed_pk)
    assert await AccountEmail.filter(contact_email_id=removed_pk).count() == 0
    kept_pk = pk_of(emails["jane@example.com"], "ContactEmail")
    assert await AccountEmail.filter(contact_email_id=kept_pk).count() == 2
    data = await api.data(ACCOUNT_EMAILS, {"id": account["id"]}, owner["token"])
    addresses = [e["email"]["address"] for e in data["account"]["contacts"][0]["emails"]]
    assert addresses == ["jane@example.com"]


async def test_remove_contact_email_of_another_firm_is_not_found(api: Api, owner: dict) -> None:
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    contact = await create_contact(api, other["token"], emails=["jane@example.com"])
    errors = await errors_of(
        api, REMOVE_EMAIL, {"emailId": contact["emails"][0]["id"]}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", ["input", "emailId"])]
    assert await ContactEmail.filter(address="jane@example.com").count() == 1


async def test_change_contact_email_changes_the_address(api: Api, owner: dict) -> None:
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com", notify=True)
    email_id = account["contacts"][0]["emails"][0]["email"]["id"]
    toggle_id = account["contacts"][0]["emails"][0]["id"]
    payload = await api.mutate(
        CHANGE_EMAIL, {"emailId": email_id, "newAddress": " Jane.New@Example.com "}, owner["token"]
    )
    assert payload["contactEmail"] == {"id": email_id, "address": "jane.new@example.com"}
    assert [e["address"] for e in payload["contact"]["emails"]] == ["jane.new@example.com"]
    row = await ContactEmail.get(id=pk_of(email_id, "ContactEmail"))
    assert row.address == "jane.new@example.com"
    toggles = await AccountEmail.get(id=pk_of(toggle_id, "AccountEmail"))
    assert toggles.contact_email_id == row.id
    assert toggles.notify_enabled


async def test_change_contact_email_to_a_taken_address_is_duplicate(api: Api, owner: dict) -> None:
    await create_contact(api, owner["token"], emails=["taken@example.com"])
    contact = await create_contact(api, owner["token"], firstName="John", emails=["j@example.com"])
    email_id = contact["emails"][0]["id"]
    errors = await errors_of(
        api, CHANGE_EMAIL, {"emailId": email_id, "newAddress": "Taken@Example.com"}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [("DUPLICATE", ["input", "newAddress"])]
    errors = await errors_of(
        api, CHANGE_EMAIL, {"emailId": email_id, "newAddress": "bad"}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_EMAIL", ["input", "newAddress"])]
    assert (await ContactEmail.get(id=pk_of(email_id, "ContactEmail"))).address == "j@example.com"


async def test_change_contact_email_to_its_own_address_in_other_case_is_fine(
    api: Api, owner: dict
) -> None:
    contact = await create_contact(api, owner["token"], emails=["jane@example.com"])
    payload = await api.mutate(
        CHANGE_EMAIL,
        {"emailId": contact["emails"][0]["id"], "newAddress": "JANE@example.com"},
        owner["token"],
    )
    assert payload["contactEmail"]["address"] == "jane@example.com"


# ---------------------------------------------------------------- Contact.accounts


async def test_contact_accounts_lists_every_linked_account(api: Api, owner: dict) -> None:
    first = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    contact_id = first["contacts"][0]["contact"]["id"]
    second = await api.create_account(
        owner["token"],
        type="COMPANY",
        companyName="Doe Bakery",
        contacts=[{"contactId": contact_id}],
    )
    await api.individual(owner["token"], "John", "Roe")
    data = await api.data(CONTACT, {"id": contact_id}, owner["token"])
    assert data["contact"]["displayName"] == "Jane Doe"
    assert sorted(a["name"] for a in data["contact"]["accounts"]) == ["Doe Bakery", "Jane Doe"]
    assert {a["id"] for a in data["contact"]["accounts"]} == {
        first["id"],
        second["account"]["id"],
    }


async def test_contact_accounts_is_empty_for_an_unlinked_contact(api: Api, owner: dict) -> None:
    contact = await create_contact(api, owner["token"])
    data = await api.data(CONTACT, {"id": contact["id"]}, owner["token"])
    assert data["contact"]["accounts"] == []


async def test_contact_of_another_firm_is_null(api: Api, owner: dict) -> None:
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    contact = await create_contact(api, other["token"])
    data = await api.data(CONTACT, {"id": contact["id"]}, owner["token"])
    assert data["contact"] is None


# ---------------------------------------------------------------- the contacts list


async def test_contacts_search_by_name_and_any_part_of_an_email(api: Api, owner: dict) -> None:
    token = owner["token"]
    await create_contact(api, token, firstName="Jane", lastName="Doe", emails=["jd@alpha.example"])
    await create_contact(
        api, token, firstName="John", middleName="Q", lastName="Roe", emails=["q@beta.example"]
    )
    await create_contact(api, token, firstName="Mary", lastName="Major", emails=["mm@gamma.org"])
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    await create_contact(api, other["token"], firstName="Jane", lastName="Outsider")

    async def search(text: str) -> list[str]:
        return sorted(await contact_names(api, token, filter={"search": text}))

    assert await search("jane") == ["Jane Doe"]
    assert await search("JANE") == ["Jane Doe"]
    assert await search("roe") == ["John Q Roe"]
    assert await search("Jane Doe") == ["Jane Doe"]
    assert await search("John Q Roe") == ["John Q Roe"]
    assert await search("ALPHA") == ["Jane Doe"]
    assert await search("beta.exam") == ["John Q Roe"]
    assert await search("mm@gamma.org") == ["Mary Major"]
    assert await search(".example") == ["Jane Doe", "John Q Roe"]
    assert await search("q@") == ["John Q Roe"]
    assert await search("joh") == ["John Q Roe"]
    assert await search("nobody") == []
    assert await search("   ") == ["Jane Doe", "John Q Roe", "Mary Major"]


async def test_contacts_filter_by_tags(api: Api, owner: dict) -> None:
    token = owner["token"]
    vip = await create_tag(api, token, "VIP")
    late = await create_tag(api, token, "Late")
    unused = await create_tag(api, token, "Unused")
    await create_contact(api, token, firstName="Ann", tagIds=[vip])
    await create_contact(api, token, firstName="Bob", tagIds=[vip, late])
    await create_contact(api, token, firstName="Cid", tagIds=[late])
    await create_contact(api, token, firstName="Dan")

    async def tagged(*ids: str) -> list[str]:
        return sorted(await contact_names(api, token, filter={"tagIds": list(ids)}))

    assert await tagged(vip) == ["Ann Doe", "Bob Doe"]
    assert await tagged(late) == ["Bob Doe", "Cid Doe"]
    assert await tagged(vip, late) == ["Ann Doe", "Bob Doe", "Cid Doe"]
    assert await tagged(unused) == []
    assert sorted(await contact_names(api, token, filter={"tagIds": [vip], "search": "bob"})) == [
        "Bob Doe"
    ]


async def test_contacts_pagination(api: Api, owner: dict) -> None:
    token = owner["token"]
    for first in ["Ann", "Bob", "Cid", "Dan", "Eve"]:
        await create_contact(api, token, firstName=first)

    page = (await api.data(CONTACTS, {"first": 2}, token))["contacts"]
    assert page["totalCount"] == 5
    assert [e["node"]["displayName"] for e in page["edges"]] == ["Ann Doe", "Bob Doe"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["hasPreviousPage"] is False
    assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]

    seen = [e["node"]["displayName"] for e in page["edges"]]
    after = page["pageInfo"]["endCursor"]
    while True:
        page = (await api.data(CONTACTS, {"first": 2, "after": after}, token))["contacts"]
        assert page["totalCount"] == 5
        assert page["pageInfo"]["hasPreviousPage"] is True
        seen += [e["node"]["displayName"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["Ann Doe", "Bob Doe", "Cid Doe", "Dan Doe", "Eve Doe"]

    everything = (await api.data(CONTACTS, {}, token))["contacts"]
    assert len(everything["edges"]) == 5
    assert everything["pageInfo"]["hasNextPage"] is False


async def test_contacts_first_zero_gives_only_the_total(api: Api, owner: dict) -> None:
    for first in ["Ann", "Bob", "Cid"]:
        await create_contact(api, owner["token"], firstName=first)
    page = (await api.data(CONTACTS, {"first": 0}, owner["token"]))["contacts"]
    assert page["edges"] == []
    assert page["totalCount"] == 3
    filtered = await api.data(CONTACTS, {"first": 0, "filter": {"search": "bob"}}, owner["token"])
    assert filtered["contacts"]["totalCount"] == 1


async def test_contacts_page_size_limits(api: Api, owner: dict) -> None:
    await create_contact(api, owner["token"])
    for first in (101, -1, 1000):
        body = await api.post(CONTACTS, {"first": first}, owner["token"])
        assert codes(body) == ["LIMIT_EXCEEDED"], first
    page = (await api.data(CONTACTS, {"first": 100}, owner["token"]))["contacts"]
    assert page["totalCount"] == 1


async def test_update_contact_clears_the_address_with_null(api: Api, owner: dict) -> None:
    contact = await create_contact(api, owner["token"], address={"city": "Springfield"})
    untouched = await api.mutate(
        UPDATE_CONTACT, {"id": contact["id"], "lastName": "Roe"}, owner["token"]
    )
    assert untouched["contact"]["address"]["city"] == "Springfield"
    payload = await api.mutate(
        UPDATE_CONTACT, {"id": contact["id"], "address": None}, owner["token"]
    )
    assert payload["contact"]["address"] is None
    assert (await contact_row(contact["id"])).city is None


async def test_a_blank_middle_name_is_none_and_unmarked_phones_make_the_first_primary(
    api: Api, owner: dict
) -> None:
    contact = await create_contact(
        api,
        owner["token"],
        middleName="   ",
        phones=[{"number": "111", "isPrimary": False}, {"number": "222", "isPrimary": False}],
    )
    assert contact["middleName"] is None
    assert [p["isPrimary"] for p in contact["phones"]] == [True, False]


async def test_change_contact_email_to_its_other_address_is_duplicate(
    api: Api, owner: dict
) -> None:
    contact = await create_contact(api, owner["token"], emails=["a@example.com", "b@example.com"])
    errors = await errors_of(
        api,
        CHANGE_EMAIL,
        {"emailId": contact["emails"][0]["id"], "newAddress": "b@example.com"},
        owner["token"],
    )
    assert [e["code"] for e in errors] == ["DUPLICATE"]
    pk = pk_of(contact["id"], "Contact")
    stored = (
        await ContactEmail.filter(contact_id=pk).order_by("id").values_list("address", flat=True)
    )
    assert stored == ["a@example.com", "b@example.com"]


async def test_contacts_with_a_malformed_cursor_is_an_error(api: Api, owner: dict) -> None:
    await create_contact(api, owner["token"])
    body = await api.post(CONTACTS, {"after": "not-a-cursor"}, owner["token"])
    assert body.get("errors")
    assert body["data"] is None


async def test_an_employee_sees_only_contacts_of_their_accounts(api: Api, owner: dict) -> None:
    employee = await api.create_staff(owner["token"], "emp@acme.example", manageAccounts=True)
    theirs = await api.individual(employee["token"], "Ann", "Own")
    hidden = await api.individual(owner["token"], "Bob", "Hidden")
    await create_contact(api, owner["token"], firstName="Cid", lastName="Free")
    shared_id = theirs["contacts"][0]["contact"]["id"]
    await link(api, owner["token"], hidden["id"], shared_id)

    names = sorted(await contact_names(api, employee["token"]))
    assert names == ["Ann Own", "Cid Free"]
    data = await api.data(CONTACT, {"id": shared_id}, employee["token"])
    assert [a["id"] for a in data["contact"]["accounts"]] == [theirs["id"]]
    data = await api.data(CONTACT, {"id": shared_id}, owner["token"])
    assert sorted(a["id"] for a in data["contact"]["accounts"]) == sorted(
        [theirs["id"], hidden["id"]]
    )
    hidden_contact = hidden["contacts"][0]["contact"]["id"]
    assert (await api.data(CONTACT, {"id": hidden_contact}, employee["token"]))["contact"] is None
    errors = await errors_of(
        api, UPDATE_CONTACT, {"id": hidden_contact, "firstName": "X"}, employee["token"]
    )
    assert [e["code"] for e in errors] == ["NOT_FOUND"]
    assert (await contact_row(hidden_contact)).first_name == "Bob"


async def test_contacts_search_treats_wildcards_literally(api: Api, owner: dict) -> None:
    token = owner["token"]
    await create_contact(api, token, firstName="Ann", emails=["ann_lee@example.com"])
    await create_contact(api, token, firstName="Bob", emails=["annxlee@example.com"])
    await create_contact(api, token, firstName="Cid", emails=["cid@example.com"])
    assert await contact_names(api, token, filter={"search": "ann_lee"}) == ["Ann Doe"]
    assert await contact_names(api, token, filter={"search": "%"}) == []
    assert await contact_names(api, token, filter={"search": "_"}) == ["Ann Doe"]
