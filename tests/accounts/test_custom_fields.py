"""Custom fields: definitions, typed values on accounts and contacts, and their history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.custom_fields.models import CustomFieldChange, CustomFieldDefinition, CustomFieldValue
from app.graphql.ids import pk_of
from tests.support.graphql import Api, codes

CREATE_FIELD = """
mutation($input: CreateCustomFieldInput!) {
  createCustomField(input: $input) {
    customField { id target label type options }
    userErrors { field message code }
  }
}"""

DEFINITIONS = """
query($target: CustomFieldTarget) {
  customFieldDefinitions(target: $target) { id target label type options }
}"""

VALUES = """
  customFields {
    field { id label type }
    value
    history { oldValue newValue changedAt changedBy { id email } }
  }
"""

CREATE_ACCOUNT = f"""
mutation($input: CreateAccountInput!) {{
  createAccount(input: $input) {{
    account {{ id {VALUES} }}
    userErrors {{ field message code }}
  }}
}}"""

UPDATE_ACCOUNT = f"""
mutation($input: UpdateAccountInput!) {{
  updateAccount(input: $input) {{
    account {{ id {VALUES} }}
    userErrors {{ field message code }}
  }}
}}"""

CREATE_CONTACT = f"""
mutation($input: CreateContactInput!) {{
  createContact(input: $input) {{
    contact {{ id {VALUES} }}
    userErrors {{ field message code }}
  }}
}}"""

UPDATE_CONTACT = f"""
mutation($input: UpdateContactInput!) {{
  updateContact(input: $input) {{
    contact {{ id {VALUES} }}
    userErrors {{ field message code }}
  }}
}}"""

ACCOUNT = f"""
query($id: ID!) {{ account(id: $id) {{ id {VALUES} }} }}"""

VIEWER = "{ viewer { staff { id email } } }"


# ---------------------------------------------------------------- helpers


async def errors_of(api: Api, query: str, input: dict[str, Any], token: str) -> list[dict]:
    payload = next(iter((await api.data(query, {"input": input}, token)).values()))
    return payload["userErrors"]


async def define(
    api: Api, token: str, label: str, type: str = "TEXT", target: str = "ACCOUNT", **extra: Any
) -> str:
    payload = await api.mutate(
        CREATE_FIELD, {"target": target, "label": label, "type": type, **extra}, token
    )
    return payload["customField"]["id"]


async def new_account(api: Api, token: str, *values: dict[str, Any]) -> dict[str, Any]:
    payload = await api.mutate(
        CREATE_ACCOUNT,
        {
            "type": "INDIVIDUAL",
            "contacts": [{"contact": {"firstName": "Jane", "lastName": "Doe"}}],
            "customFields": list(values),
        },
        token,
    )
    return payload["account"]


async def update_account(api: Api, token: str, id: str, *values: dict[str, Any]) -> dict:
    payload = await api.mutate(UPDATE_ACCOUNT, {"id": id, "customFields": list(values)}, token)
    return payload["account"]


def value_of(owner: dict[str, Any], field_id: str) -> dict[str, Any] | None:
    return next((v for v in owner["customFields"] if v["field"]["id"] == field_id), None)


async def staff_of(api: Api, token: str) -> dict[str, Any]:
    return (await api.data(VIEWER, {}, token))["viewer"]["staff"]


# ---------------------------------------------------------------- definitions


async def test_create_custom_field(api: Api, owner: dict) -> None:
    payload = await api.mutate(
        CREATE_FIELD,
        {"target": "ACCOUNT", "label": "  Fiscal year end ", "type": "DATE"},
        owner["token"],
    )
    field = payload["customField"]
    assert field["label"] == "Fiscal year end"
    assert (field["target"], field["type"], field["options"]) == ("ACCOUNT", "DATE", [])
    row = await CustomFieldDefinition.get(id=pk_of(field["id"], "CustomFieldDefinition"))
    assert (row.label, row.target, row.type) == ("Fiscal year end", "ACCOUNT", "DATE")


async def test_create_custom_field_is_for_admins_only(api: Api, owner: dict) -> None:
    manager = await api.create_staff(
        owner["token"], "manager@acme.example", manageAccounts=True, viewAllAccounts=True
    )
    input = {"target": "ACCOUNT", "label": "Tax id", "type": "TEXT"}
    body = await api.post(CREATE_FIELD, {"input": input}, manager["token"])
    assert codes(body) == ["FORBIDDEN"]
    body = await api.post(CREATE_FIELD, {"input": input})
    assert codes(body) == ["UNAUTHENTICATED"]
    assert await CustomFieldDefinition.all().count() == 0

    admin = await api.create_staff(owner["token"], "admin@acme.example", role="ADMIN")
    payload = await api.mutate(CREATE_FIELD, input, admin["token"])
    assert payload["customField"]["label"] == "Tax id"
    assert await CustomFieldDefinition.all().count() == 1


async def test_a_dropdown_needs_options(api: Api, owner: dict) -> None:
    for options in (None, [], ["  ", ""]):
        input = {"target": "CONTACT", "label": "Tier", "type": "DROPDOWN"}
        if options is not None:
            input["options"] = options
        errors = await errors_of(api, CREATE_FIELD, input, owner["token"])
        assert [(e["code"], e["field"]) for e in errors] == [("REQUIRED", ["input", "options"])], (
            options
        )
    assert await CustomFieldDefinition.all().count() == 0

    payload = await api.mutate(
        CREATE_FIELD,
        {"target": "CONTACT", "label": "Tier", "type": "DROPDOWN", "options": [" Gold ", "Silver"]},
        owner["token"],
    )
    assert payload["customField"]["options"] == ["Gold", "Silver"]


async def test_create_custom_field_rejects_a_bad_label(api: Api, owner: dict) -> None:
    errors = await errors_of(
        api, CREATE_FIELD, {"target": "ACCOUNT", "label": "  ", "type": "TEXT"}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [("REQUIRED", ["input", "label"])]
    assert await CustomFieldDefinition.all().count() == 0


async def test_a_label_is_unique_per_target(api: Api, owner: dict) -> None:
    await define(api, owner["token"], "Tax id", target="ACCOUNT")
    errors = await errors_of(
        api,
        CREATE_FIELD,
        {"target": "ACCOUNT", "label": " Tax id ", "type": "NUMBER"},
        owner["token"],
    )
    assert [(e["code"], e["field"]) for e in errors] == [("DUPLICATE", ["input", "label"])]
    await define(api, owner["token"], "Tax id", target="CONTACT")
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    await define(api, other["token"], "Tax id", target="ACCOUNT")
    assert await CustomFieldDefinition.filter(label="Tax id").count() == 3


async def test_custom_field_definitions_by_target(api: Api, owner: dict) -> None:
    token = owner["token"]
    tax = await define(api, token, "Tax id", target="ACCOUNT")
    fye = await define(api, token, "Fiscal year end", "DATE", target="ACCOUNT")
    tier = await define(api, token, "Tier", "DROPDOWN", target="CONTACT", options=["A", "B"])
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    await define(api, other["token"], "Foreign", target="ACCOUNT")

    accounts = (await api.data(DEFINITIONS, {"target": "ACCOUNT"}, token))["customFieldDefinitions"]
    assert sorted(d["id"] for d in accounts) == sorted([tax, fye])
    assert {d["target"] for d in accounts} == {"ACCOUNT"}
    contacts = (await api.data(DEFINITIONS, {"target": "CONTACT"}, token))["customFieldDefinitions"]
    assert contacts == [
        {
            "id": tier,
            "target": "CONTACT",
            "label": "Tier",
            "type": "DROPDOWN",
            "options": ["A", "B"],
        }
    ]
    everything = (await api.data(DEFINITIONS, {}, token))["customFieldDefinitions"]
    assert sorted(d["id"] for d in everything) == sorted([tax, fye, tier])


# ---------------------------------------------------------------- typed validation


async def test_values_are_stored_in_canonical_form(api: Api, owner: dict) -> None:
    token = owner["token"]
    cases = [
        ("TEXT", {}, "  free text  ", "free text"),
        ("NUMBER", {}, " 42 ", "42"),
        ("NUMBER", {}, "-3.25", "-3.25"),
        ("DATE", {}, "2024-03-05", "2024-03-05"),
        ("DATE", {}, "2024-03-05T10:30:00", "2024-03-05"),
        ("CHECKBOX", {}, "TRUE", "true"),
        ("CHECKBOX", {}, "yes", "true"),
        ("CHECKBOX", {}, "false", "false"),
        ("CHECKBOX", {}, "0", "false"),
        ("DROPDOWN", {"options": ["Gold", "Silver"]}, "Silver", "Silver"),
        ("EMAIL", {}, " Jane@Example.COM ", "jane@example.com"),
        ("PHONE", {}, " +1 (555) 010-0100 ", "+1 (555) 010-0100"),
    ]
    for i, (type_, extra, raw, canonical) in enumerate(cases):
        field = await define(api, token, f"Field {i}", type_, **extra)
        account = await new_account(api, token, {"fieldId": field, "value": raw})
        assert value_of(account, field)["value"] == canonical, (type_, raw)
        stored = await CustomFieldValue.get(
            definition_id=pk_of(field, "CustomFieldDefinition"),
            account_id=pk_of(account["id"], "Account"),
        )
        assert stored.value == canonical, (type_, raw)


async def test_bad_values_are_invalid_and_nothing_is_stored(api: Api, owner: dict) -> None:
    token = owner["token"]
    cases = [
        ("NUMBER", {}, "forty-two", "INVALID"),
        ("NUMBER", {}, "1,5", "INVALID"),
        ("NUMBER", {}, "NaN", "INVALID"),
        ("NUMBER", {}, "Infinity", "INVALID"),
        ("NUMBER", {}, "1e999999", "INVALID"),
        ("DATE", {}, "2024-02-30", "INVALID"),
        ("DATE", {}, "05/03/2024", "INVALID"),
        ("DATE", {}, "tomorrow", "INVALID"),
        ("CHECKBOX", {}, "maybe", "INVALID"),
        ("DROPDOWN", {"options": ["Gold", "Silver"]}, "Bronze", "INVALID"),
        ("EMAIL", {}, "not-an-email", "INVALID_EMAIL"),
        ("PHONE", {}, "call me", "INVALID"),
    ]
    for i, (type_, extra, raw, code) in enumerate(cases):
        field = await define(api, token, f"Field {i}", type_, **extra)
        errors = await errors_of(
            api,
            CREATE_ACCOUNT,
            {
                "type": "INDIVIDUAL",
                "contacts": [{"contact": {"firstName": "Jane", "lastName": "Doe"}}],
                "customFields": [{"fieldId": field, "value": raw}],
            },
            token,
        )
        assert [(e["code"], e["field"]) for e in errors] == [
            (code, ["input", "customFields", "0", "value"])
        ], (type_, raw)
    assert await CustomFieldValue.all().count() == 0
    assert await CustomFieldChange.all().count() == 0
    assert (await api.data("{ accounts { totalCount } }", {}, token))["accounts"]["totalCount"] == 0


async def test_every_bad_value_is_reported_with_its_index(api: Api, owner: dict) -> None:
    token = owner["token"]
    number = await define(api, token, "Count", "NUMBER")
    text = await define(api, token, "Notes", "TEXT")
    checkbox = await define(api, token, "Signed", "CHECKBOX")
    account = await new_account(api, token, {"fieldId": number, "value": "1"})
    errors = await errors_of(
        api,
        UPDATE_ACCOUNT,
        {
            "id": account["id"],
            "customFields": [
                {"fieldId": text, "value": "fine"},
                {"fieldId": number, "value": "x"},
                {"fieldId": checkbox, "value": "y?"},
            ],
        },
        token,
    )
    assert sorted(tuple(e["field"]) for e in errors) == [
        ("input", "customFields", "1", "value"),
        ("input", "customFields", "2", "value"),
    ]
    assert {e["code"] for e in errors} == {"INVALID"}
    rows = await CustomFieldValue.filter(account_id=pk_of(account["id"], "Account"))
    assert [(r.definition_id, r.value) for r in rows] == [
        (pk_of(number, "CustomFieldDefinition"), "1")
    ]
    assert await CustomFieldChange.all().count() == 1


# ---------------------------------------------------------------- accounts


async def test_account_values_through_create_and_update(api: Api, owner: dict) -> None:
    token = owner["token"]
    tax = await define(api, token, "Tax id")
    fye = await define(api, token, "Fiscal year end", "DATE")
    account = await new_account(api, token, {"fieldId": tax, "value": "123-45"})
    assert [(v["field"]["label"], v["value"]) for v in account["customFields"]] == [
        ("Tax id", "123-45")
    ]

    updated = await update_account(
        api, token, account["id"], {"fieldId": fye, "value": "2024-12-31"}
    )
    assert sorted((v["field"]["label"], v["value"]) for v in updated["customFields"]) == [
        ("Fiscal year end", "2024-12-31"),
        ("Tax id", "123-45"),
    ]
    read = (await api.data(ACCOUNT, {"id": account["id"]}, token))["account"]
    assert value_of(read, tax)["value"] == "123-45"
    assert value_of(read, fye)["value"] == "2024-12-31"


async def test_a_contact_field_on_an_account_is_not_found(api: Api, owner: dict) -> None:
    token = owner["token"]
    contact_field = await define(api, token, "Birthday", "DATE", target="CONTACT")
    errors = await errors_of(
        api,
        CREATE_ACCOUNT,
        {
            "type": "INDIVIDUAL",
            "contacts": [{"contact": {"firstName": "Jane", "lastName": "Doe"}}],
            "customFields": [{"fieldId": contact_field, "value": "2000-01-01"}],
        },
        token,
    )
    assert [(e["code"], e["field"]) for e in errors] == [
        ("NOT_FOUND", ["input", "customFields", "0", "fieldId"])
    ]
    account = await new_account(api, token)
    errors = await errors_of(
        api,
        UPDATE_ACCOUNT,
        {"id": account["id"], "customFields": [{"fieldId": contact_field, "value": "2000-01-01"}]},
        token,
    )
    assert [(e["code"], e["field"]) for e in errors] == [
        ("NOT_FOUND", ["input", "customFields", "0", "fieldId"])
    ]
    assert await CustomFieldValue.all().count() == 0


async def test_a_field_of_another_firm_is_not_found(api: Api, owner: dict) -> None:
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    foreign = await define(api, other["token"], "Tax id")
    account = await new_account(api, owner["token"])
    errors = await errors_of(
        api,
        UPDATE_ACCOUNT,
        {"id": account["id"], "customFields": [{"fieldId": foreign, "value": "1"}]},
        owner["token"],
    )
    assert [e["code"] for e in errors] == ["NOT_FOUND"]
    assert await CustomFieldValue.all().count() == 0


async def test_a_bad_value_in_update_account_changes_nothing_else(api: Api, owner: dict) -> None:
    token = owner["token"]
    number = await define(api, token, "Count", "NUMBER")
    account = await new_account(api, token)
    errors = await errors_of(
        api,
        UPDATE_ACCOUNT,
        {
            "id": account["id"],
            "name": "Renamed",
            "customFields": [{"fieldId": number, "value": "x"}],
        },
        token,
    )
    assert [e["code"] for e in errors] == ["INVALID"]
    read = await api.data(
        "query($id: ID!) { account(id: $id) { name } }", {"id": account["id"]}, token
    )
    assert read["account"]["name"] == "Jane Doe"


# ---------------------------------------------------------------- contacts


async def test_contact_values_through_create_and_update(api: Api, owner: dict) -> None:
    token = owner["token"]
    birthday = await define(api, token, "Birthday", "DATE", target="CONTACT")
    vip = await define(api, token, "VIP", "CHECKBOX", target="CONTACT")
    payload = await api.mutate(
        CREATE_CONTACT,
        {
            "firstName": "Jane",
            "lastName": "Doe",
            "customFields": [{"fieldId": birthday, "value": "1990-07-04"}],
        },
        token,
    )
    contact = payload["contact"]
    assert value_of(contact, birthday)["value"] == "1990-07-04"

    payload = await api.mutate(
        UPDATE_CONTACT,
        {"id": contact["id"], "customFields": [{"fieldId": vip, "value": "On"}]},
        token,
    )
    updated = payload["contact"]
    assert value_of(updated, vip)["value"] == "true"
    assert value_of(updated, birthday)["value"] == "1990-07-04"
    stored = await CustomFieldValue.filter(contact_id=pk_of(contact["id"], "Contact")).order_by(
        "id"
    )
    assert [r.value for r in stored] == ["1990-07-04", "true"]


async def test_an_account_field_on_a_contact_is_not_found(api: Api, owner: dict) -> None:
    token = owner["token"]
    account_field = await define(api, token, "Tax id", target="ACCOUNT")
    errors = await errors_of(
        api,
        CREATE_CONTACT,
        {
            "firstName": "Jane",
            "lastName": "Doe",
            "customFields": [{"fieldId": account_field, "value": "1"}],
        },
        token,
    )
    assert [(e["code"], e["field"]) for e in errors] == [
        ("NOT_FOUND", ["input", "customFields", "0", "fieldId"])
    ]
    contact = (await api.mutate(CREATE_CONTACT, {"firstName": "Jane", "lastName": "Doe"}, token))[
        "contact"
    ]
    errors = await errors_of(
        api,
        UPDATE_CONTACT,
        {"id": contact["id"], "customFields": [{"fieldId": account_field, "value": "1"}]},
        token,
    )
    assert [(e["code"], e["field"]) for e in errors] == [
        ("NOT_FOUND", ["input", "customFields", "0", "fieldId"])
    ]
    assert await CustomFieldValue.all().count() == 0


async def test_a_bad_contact_value_stores_nothing(api: Api, owner: dict) -> None:
    token = owner["token"]
    email = await define(api, token, "Private email", "EMAIL", target="CONTACT")
    errors = await errors_of(
        api,
        CREATE_CONTACT,
        {
            "firstName": "Jane",
            "lastName": "Doe",
            "customFields": [{"fieldId": email, "value": "x"}],
        },
        token,
    )
    assert [(e["code"], e["field"]) for e in errors] == [
        ("INVALID_EMAIL", ["input", "customFields", "0", "value"])
    ]
    assert (await api.data("{ contacts { totalCount } }", {}, token))["contacts"]["totalCount"] == 0
    assert await CustomFieldValue.all().count() == 0


# ---------------------------------------------------------------- history


async def test_each_change_adds_history_with_who_and_when(api: Api, owner: dict) -> None:
    token = owner["token"]
    me = await staff_of(api, token)
    field = await define(api, token, "Status")
    before = datetime.now(UTC) - timedelta(seconds=5)
    account = await new_account(api, token, {"fieldId": field, "value": "new"})
    history = value_of(account, field)["history"]
    assert [(h["oldValue"], h["newValue"]) for h in history] == [(None, "new")]
    assert history[0]["changedBy"] == me

    await update_account(api, token, account["id"], {"fieldId": field, "value": "active"})
    manager = await api.create_staff(
        token, "manager@acme.example", manageAccounts=True, viewAllAccounts=True
    )
    updated = await update_account(
        api, manager["token"], account["id"], {"fieldId": field, "value": "closed"}
    )
    value = value_of(updated, field)
    assert value["value"] == "closed"
    history = sorted(value["history"], key=lambda h: datetime.fromisoformat(h["changedAt"]))
    assert [(h["oldValue"], h["newValue"]) for h in history] == [
        (None, "new"),
        ("new", "active"),
        ("active", "closed"),
    ]
    assert [h["changedBy"]["email"] for h in history] == [
        "owner@acme.example",
        "owner@acme.example",
        "manager@acme.example",
    ]
    assert history[2]["changedBy"]["id"] == manager["id"]
    after = datetime.now(UTC) + timedelta(seconds=5)
    for h in history:
        at = datetime.fromisoformat(h["changedAt"])
        assert at.utcoffset() is not None
        assert before <= at <= after
    assert await CustomFieldChange.all().count() == 3


async def test_an_unchanged_value_adds_no_history(api: Api, owner: dict) -> None:
    token = owner["token"]
    field = await define(api, token, "Signed", "CHECKBOX")
    account = await new_account(api, token, {"fieldId": field, "value": "true"})
    assert len(value_of(account, field)["history"]) == 1
    # "yes" is the same checkbox value as "true" once canonical.
    for raw in ("true", "yes", " TRUE "):
        updated = await update_account(api, token, account["id"], {"fieldId": field, "value": raw})
        assert len(value_of(updated, field)["history"]) == 1, raw
    assert await CustomFieldChange.all().count() == 1
    # An update that leaves custom fields out touches nothing either.
    await api.mutate(UPDATE_ACCOUNT, {"id": account["id"], "name": "Renamed"}, token)
    assert await CustomFieldChange.all().count() == 1


async def test_clearing_a_value_is_a_change(api: Api, owner: dict) -> None:
    token = owner["token"]
    field = await define(api, token, "Tax id")
    account = await new_account(api, token, {"fieldId": field, "value": "123"})
    updated = await update_account(api, token, account["id"], {"fieldId": field, "value": None})
    value = value_of(updated, field)
    assert value is None or value["value"] is None
    changes = await CustomFieldChange.all().order_by("id")
    assert [(c.old_value, c.new_value) for c in changes] == [(None, "123"), ("123", None)]
    again = await update_account(api, token, account["id"], {"fieldId": field, "value": "  "})
    assert value_of(again, field) is None or value_of(again, field)["value"] is None
    assert await CustomFieldChange.all().count() == 2


async def test_contact_history_names_the_staff_member(api: Api, owner: dict) -> None:
    token = owner["token"]
    me = await staff_of(api, token)
    field = await define(api, token, "Tier", "DROPDOWN", target="CONTACT", options=["A", "B"])
    contact = (
        await api.mutate(
            CREATE_CONTACT,
            {
                "firstName": "Jane",
                "lastName": "Doe",
                "customFields": [{"fieldId": field, "value": "A"}],
            },
            token,
        )
    )["contact"]
    for value in ("B", "B", "A"):
        payload = await api.mutate(
            UPDATE_CONTACT,
            {"id": contact["id"], "customFields": [{"fieldId": field, "value": value}]},
            token,
        )
    history = value_of(payload["contact"], field)["history"]
    history = sorted(history, key=lambda h: datetime.fromisoformat(h["changedAt"]))
    assert [(h["oldValue"], h["newValue"]) for h in history] == [
        (None, "A"),
        ("A", "B"),
        ("B", "A"),
    ]
    assert {h["changedBy"]["id"] for h in history} == {me["id"]}
    rows = await CustomFieldChange.all()
    assert {r.changed_by_id for r in rows} == {pk_of(me["id"], "StaffMember")}


async def test_numbers_are_canonical_so_an_equal_number_is_no_change(api: Api, owner: dict) -> None:
    token = owner["token"]
    field = await define(api, token, "Amount", "NUMBER")
    account = await new_account(api, token, {"fieldId": field, "value": "1.50"})
    assert value_of(account, field)["value"] == "1.5"
    for same in ("1.5", "1.500", "+1.5", "15e-1"):
        updated = await update_account(api, token, account["id"], {"fieldId": field, "value": same})
        assert value_of(updated, field)["value"] == "1.5", same
    assert await CustomFieldChange.all().count() == 1
    for raw, canonical in (("2.0", "2"), ("1e3", "1000"), ("1E-7", "0.0000001"), ("-0", "0")):
        updated = await update_account(api, token, account["id"], {"fieldId": field, "value": raw})
        assert value_of(updated, field)["value"] == canonical, raw


async def test_the_same_field_twice_in_one_input_is_duplicate(api: Api, owner: dict) -> None:
    token = owner["token"]
    field = await define(api, token, "Status")
    account = await new_account(api, token)
    errors = await errors_of(
        api,
        UPDATE_ACCOUNT,
        {
            "id": account["id"],
            "customFields": [{"fieldId": field, "value": "a"}, {"fieldId": field, "value": "b"}],
        },
        token,
    )
    assert [(e["code"], e["field"]) for e in errors] == [
        ("DUPLICATE", ["input", "customFields", "1", "fieldId"])
    ]
    assert await CustomFieldValue.all().count() == 0
    assert await CustomFieldChange.all().count() == 0


async def test_dropdown_options_must_differ(api: Api, owner: dict) -> None:
    errors = await errors_of(
        api,
        CREATE_FIELD,
        {"target": "ACCOUNT", "label": "Tier", "type": "DROPDOWN", "options": ["Gold", " gold "]},
        owner["token"],
    )
    assert [(e["code"], e["field"]) for e in errors] == [("DUPLICATE", ["input", "options"])]
    assert await CustomFieldDefinition.all().count() == 0


async def test_options_of_a_field_that_is_not_a_dropdown_are_dropped(api: Api, owner: dict) -> None:
    payload = await api.mutate(
        CREATE_FIELD,
        {"target": "ACCOUNT", "label": "Note", "type": "TEXT", "options": ["a", "b"]},
        owner["token"],
    )
    assert payload["customField"]["options"] == []
