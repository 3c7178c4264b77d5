"""Folder templates and account folder trees, tags, and notes on accounts."""

from __future__ import annotations

from typing import Any

from app.accounts.folder_models import FolderTemplate
from app.accounts.models import Account, Note
from app.graphql.ids import pk_of
from app.tags.models import AccountTag, ContactTag, Tag
from tests.support.graphql import Api, codes

CREATE_TEMPLATE = """
mutation($input: CreateFolderTemplateInput!) {
  createFolderTemplate(input: $input) {
    folderTemplate {
      id name
      folders { name path children { name path children { name path children { name } } } }
    }
    userErrors { field message code }
  }
}"""

TEMPLATES = "{ folderTemplates { id name folders { name path } } }"

FOLDER_TREE = (
    "folders { name path children { name path children { name path children { name } } } }"
)

CREATE_ACCOUNT = f"""
mutation($input: CreateAccountInput!) {{
  createAccount(input: $input) {{
    account {{ id name {FOLDER_TREE} tags {{ id name color }} }}
    userErrors {{ field message code }}
  }}
}}"""

UPDATE_ACCOUNT = """
mutation($input: UpdateAccountInput!) {
  updateAccount(input: $input) {
    account { id tags { id name } }
    userErrors { field message code }
  }
}"""

CREATE_CONTACT = """
mutation($input: CreateContactInput!) {
  createContact(input: $input) {
    contact { id tags { id name } }
    userErrors { field message code }
  }
}"""

CREATE_TAG = """
mutation($input: CreateTagInput!) {
  createTag(input: $input) {
    tag { id name color }
    userErrors { field message code }
  }
}"""

TAGS = "{ tags { id name color } }"

ACCOUNT = f"""
query($id: ID!) {{
  account(id: $id) {{
    id {FOLDER_TREE}
    tags {{ id name }}
    contacts {{ contact {{ id tags {{ id name }} }} }}
    overview {{ notes {{ id body createdAt author {{ id email }} }} }}
  }}
}}"""

ADD_NOTE = """
mutation($input: AddNoteInput!) {
  addNote(input: $input) {
    note { id body createdAt author { id email } }
    userErrors { field message code }
  }
}"""


# ---------------------------------------------------------------- helpers


async def errors_of(api: Api, query: str, input: dict[str, Any], token: str) -> list[dict]:
    payload = next(iter((await api.data(query, {"input": input}, token)).values()))
    return payload["userErrors"]


JANE = {"contact": {"firstName": "Jane", "lastName": "Doe"}}


async def new_account(api: Api, token: str, **input: Any) -> dict[str, Any]:
    payload = await api.mutate(
        CREATE_ACCOUNT, {"type": "INDIVIDUAL", "contacts": [JANE], **input}, token
    )
    return payload["account"]


async def create_tag(api: Api, token: str, name: str, color: str | None = None) -> dict:
    return (await api.mutate(CREATE_TAG, {"name": name, "color": color}, token))["tag"]


def names(folders: list[dict[str, Any]]) -> list[str]:
    return [f["name"] for f in folders]


def paths(folders: list[dict[str, Any]]) -> list[str]:
    """Every path of the tree, depth first."""
    result = []
    for folder in folders:
        result.append(folder["path"])
        result += paths(folder.get("children") or [])
    return result


TAX_TREE = [
    {
        "name": " Tax returns ",
        "children": [
            {"name": "2023", "children": [{"name": "Drafts"}, {"name": "Signed"}]},
            {"name": "2024"},
        ],
    },
    {"name": "Payroll"},
]


# ---------------------------------------------------------------- folder templates


async def test_create_folder_template_keeps_the_nested_tree(api: Api, owner: dict) -> None:
    payload = await api.mutate(
        CREATE_TEMPLATE, {"name": " Tax client ", "folders": TAX_TREE}, owner["token"]
    )
    template = payload["folderTemplate"]
    assert template["name"] == "Tax client"
    assert names(template["folders"]) == ["Tax returns", "Payroll"]
    returns = template["folders"][0]
    assert names(returns["children"]) == ["2023", "2024"]
    assert names(returns["children"][0]["children"]) == ["Drafts", "Signed"]
    assert paths(template["folders"]) == [
        "Tax returns",
        "Tax returns/2023",
        "Tax returns/2023/Drafts",
        "Tax returns/2023/Signed",
        "Tax returns/2024",
        "Payroll",
    ]
    row = await FolderTemplate.get(id=pk_of(template["id"], "FolderTemplate"))
    assert row.name == "Tax client"
    assert [f["name"] for f in row.tree] == ["Tax returns", "Payroll"]

    listed = (await api.data(TEMPLATES, {}, owner["token"]))["folderTemplates"]
    assert [(t["id"], t["name"]) for t in listed] == [(template["id"], "Tax client")]


async def test_folder_names_may_not_hold_forbidden_characters(api: Api, owner: dict) -> None:
    for char in ["<", ">", ":", '"', "/", "\\", "|", "?", "*", "\t", "\x01"]:
        folders = [{"name": "Ok", "children": [{"name": "Fine"}, {"name": f"Bad{char}name"}]}]
        errors = await errors_of(
            api, CREATE_TEMPLATE, {"name": "T", "folders": folders}, owner["token"]
        )
        assert [(e["code"], e["field"]) for e in errors] == [
            ("INVALID_CHARACTERS", ["input", "folders", "0", "children", "1", "name"])
        ], repr(char)
    errors = await errors_of(
        api, CREATE_TEMPLATE, {"name": "T", "folders": [{"name": "  "}]}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [
        ("REQUIRED", ["input", "folders", "0", "name"])
    ]
    assert await FolderTemplate.all().count() == 0


async def test_sibling_folders_need_different_names(api: Api, owner: dict) -> None:
    errors = await errors_of(
        api,
        CREATE_TEMPLATE,
        {"name": "T", "folders": [{"name": "Payroll"}, {"name": " payroll "}]},
        owner["token"],
    )
    assert [e["code"] for e in errors] == ["DUPLICATE"]
    assert errors[0]["field"][:2] == ["input", "folders"]
    errors = await errors_of(
        api,
        CREATE_TEMPLATE,
        {"name": "T", "folders": [{"name": "A", "children": [{"name": "X"}, {"name": "X"}]}]},
        owner["token"],
    )
    assert [e["code"] for e in errors] == ["DUPLICATE"]
    assert errors[0]["field"][:4] == ["input", "folders", "0", "children"]
    assert await FolderTemplate.all().count() == 0
    # The same name in different branches is fine.
    payload = await api.mutate(
        CREATE_TEMPLATE,
        {
            "name": "T",
            "folders": [
                {"name": "A", "children": [{"name": "X"}]},
                {"name": "B", "children": [{"name": "X"}]},
            ],
        },
        owner["token"],
    )
    assert paths(payload["folderTemplate"]["folders"]) == ["A", "A/X", "B", "B/X"]


async def test_create_folder_template_is_for_admins(api: Api, owner: dict) -> None:
    manager = await api.create_staff(owner["token"], "manager@acme.example", manageAccounts=True)
    body = await api.post(
        CREATE_TEMPLATE, {"input": {"name": "T", "folders": [{"name": "A"}]}}, manager["token"]
    )
    assert codes(body) == ["FORBIDDEN"]
    assert await FolderTemplate.all().count() == 0


async def test_an_account_without_a_template_gets_the_default_tree(api: Api, owner: dict) -> None:
    await api.mutate(CREATE_TEMPLATE, {"name": "Unused", "folders": TAX_TREE}, owner["token"])
    account = await new_account(api, owner["token"])
    top = names(account["folders"])
    assert "Client uploaded documents" in top
    assert "Payroll" not in top
    for folder in account["folders"]:
        assert folder["path"] == folder["name"]
    row = await Account.get(id=pk_of(account["id"], "Account"))
    assert "Client uploaded documents" in [f["name"] for f in row.folders]
    read = (await api.data(ACCOUNT, {"id": account["id"]}, owner["token"]))["account"]
    assert read["folders"] == account["folders"]


async def test_an_account_with_a_template_gets_its_tree(api: Api, owner: dict) -> None:
    template = (
        await api.mutate(CREATE_TEMPLATE, {"name": "Tax", "folders": TAX_TREE}, owner["token"])
    )["folderTemplate"]
    account = await new_account(api, owner["token"], folderTemplateId=template["id"])
    assert names(account["folders"]) == ["Tax returns", "Payroll"]
    assert "Client uploaded documents" not in paths(account["folders"])
    assert paths(account["folders"]) == [
        "Tax returns",
        "Tax returns/2023",
        "Tax returns/2023/Drafts",
        "Tax returns/2023/Signed",
        "Tax returns/2024",
        "Payroll",
    ]
    read = (await api.data(ACCOUNT, {"id": account["id"]}, owner["token"]))["account"]
    assert paths(read["folders"]) == paths(account["folders"])


async def test_an_unknown_or_foreign_template_is_not_found(api: Api, owner: dict) -> None:
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    foreign = (
        await api.mutate(CREATE_TEMPLATE, {"name": "Theirs", "folders": TAX_TREE}, other["token"])
    )["folderTemplate"]
    for template_id in (foreign["id"], "nonsense"):
        errors = await errors_of(
            api,
            CREATE_ACCOUNT,
            {"type": "INDIVIDUAL", "contacts": [JANE], "folderTemplateId": template_id},
            owner["token"],
        )
        assert [(e["code"], e["field"]) for e in errors] == [
            ("NOT_FOUND", ["input", "folderTemplateId"])
        ]
    assert await Account.filter(firm_id=pk_of(owner["firm_id"], "Firm")).count() == 0


# ---------------------------------------------------------------- tags


async def test_create_tag_and_list_them(api: Api, owner: dict) -> None:
    token = owner["token"]
    vip = await create_tag(api, token, "  VIP ", "#ff0000")
    assert (vip["name"], vip["color"]) == ("VIP", "#ff0000")
    late = await create_tag(api, token, "Late payer")
    assert late["color"] is None
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    await create_tag(api, other["token"], "Foreign")
    listed = (await api.data(TAGS, {}, token))["tags"]
    assert listed == [
        {"id": late["id"], "name": "Late payer", "color": None},
        {"id": vip["id"], "name": "VIP", "color": "#ff0000"},
    ]
    assert await Tag.filter(name="VIP").count() == 1


async def test_a_tag_name_is_unique_in_the_firm(api: Api, owner: dict) -> None:
    await create_tag(api, owner["token"], "VIP")
    errors = await errors_of(api, CREATE_TAG, {"name": " VIP "}, owner["token"])
    assert [(e["code"], e["field"]) for e in errors] == [("DUPLICATE", ["input", "name"])]
    errors = await errors_of(api, CREATE_TAG, {"name": "  "}, owner["token"])
    assert [(e["code"], e["field"]) for e in errors] == [("REQUIRED", ["input", "name"])]
    assert await Tag.all().count() == 1
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    await create_tag(api, other["token"], "VIP")
    assert await Tag.filter(name="VIP").count() == 2


async def test_tags_on_accounts(api: Api, owner: dict) -> None:
    token = owner["token"]
    vip = await create_tag(api, token, "VIP")
    late = await create_tag(api, token, "Late payer")
    account = await new_account(api, token, tagIds=[vip["id"]])
    assert [t["name"] for t in account["tags"]] == ["VIP"]
    payload = await api.mutate(
        UPDATE_ACCOUNT, {"id": account["id"], "tagIds": [late["id"], vip["id"]]}, token
    )
    assert sorted(t["name"] for t in payload["account"]["tags"]) == ["Late payer", "VIP"]
    pk = pk_of(account["id"], "Account")
    assert await AccountTag.filter(account_id=pk).count() == 2
    payload = await api.mutate(UPDATE_ACCOUNT, {"id": account["id"], "tagIds": [late["id"]]}, token)
    assert [t["name"] for t in payload["account"]["tags"]] == ["Late payer"]
    assert await AccountTag.filter(account_id=pk).values_list("tag_id", flat=True) == [
        pk_of(late["id"], "Tag")
    ]
    read = (await api.data(ACCOUNT, {"id": account["id"]}, token))["account"]
    assert [t["name"] for t in read["tags"]] == ["Late payer"]


async def test_tags_on_contacts(api: Api, owner: dict) -> None:
    token = owner["token"]
    vip = await create_tag(api, token, "VIP")
    contact = (
        await api.mutate(
            CREATE_CONTACT, {"firstName": "Jane", "lastName": "Doe", "tagIds": [vip["id"]]}, token
        )
    )["contact"]
    assert contact["tags"] == [{"id": vip["id"], "name": "VIP"}]
    assert await ContactTag.filter(contact_id=pk_of(contact["id"], "Contact")).count() == 1
    account = await new_account(
        api,
        token,
        contacts=[{"contact": {"firstName": "John", "lastName": "Roe", "tagIds": [vip["id"]]}}],
    )
    read = (await api.data(ACCOUNT, {"id": account["id"]}, token))["account"]
    assert read["contacts"][0]["contact"]["tags"] == [{"id": vip["id"], "name": "VIP"}]
    assert read["tags"] == []


async def test_an_unknown_or_foreign_tag_is_not_found(api: Api, owner: dict) -> None:
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    foreign = await create_tag(api, other["token"], "Foreign")
    errors = await errors_of(
        api,
        CREATE_ACCOUNT,
        {"type": "INDIVIDUAL", "contacts": [JANE], "tagIds": [foreign["id"]]},
        owner["token"],
    )
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", ["input", "tagIds"])]
    errors = await errors_of(
        api,
        CREATE_CONTACT,
        {"firstName": "Jane", "lastName": "Doe", "tagIds": ["nonsense"]},
        owner["token"],
    )
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", ["input", "tagIds"])]
    assert await AccountTag.all().count() == 0
    assert await ContactTag.all().count() == 0


async def test_create_tag_needs_a_manager(api: Api, owner: dict) -> None:
    clerk = await api.create_staff(owner["token"], "clerk@acme.example")
    body = await api.post(CREATE_TAG, {"input": {"name": "VIP"}}, clerk["token"])
    assert codes(body) == ["FORBIDDEN"]
    assert codes(await api.post(TAGS)) == ["UNAUTHENTICATED"]
    assert await Tag.all().count() == 0


# ---------------------------------------------------------------- notes


async def test_add_note(api: Api, owner: dict) -> None:
    account = await new_account(api, owner["token"])
    payload = await api.mutate(
        ADD_NOTE, {"accountId": account["id"], "body": "  Called about the W-2.  "}, owner["token"]
    )
    note = payload["note"]
    assert note["body"] == "Called about the W-2."
    assert note["author"]["email"] == "owner@acme.example"
    row = await Note.get(id=pk_of(note["id"], "Note"))
    assert row.body == "Called about the W-2."
    assert row.account_id == pk_of(account["id"], "Account")
    read = (await api.data(ACCOUNT, {"id": account["id"]}, owner["token"]))["account"]
    assert read["overview"]["notes"] == [note]


async def test_overview_notes_are_the_five_most_recent_newest_first(api: Api, owner: dict) -> None:
    token = owner["token"]
    account = await new_account(api, token)
    other = await new_account(
        api, token, contacts=[{"contact": {"firstName": "John", "lastName": "Roe"}}]
    )
    for i in range(1, 8):
        await api.mutate(ADD_NOTE, {"accountId": account["id"], "body": f"Note {i}"}, token)
    await api.mutate(ADD_NOTE, {"accountId": other["id"], "body": "Elsewhere"}, token)
    read = (await api.data(ACCOUNT, {"id": account["id"]}, token))["account"]
    notes = read["overview"]["notes"]
    assert [n["body"] for n in notes] == ["Note 7", "Note 6", "Note 5", "Note 4", "Note 3"]
    assert [n["createdAt"] for n in notes] == sorted((n["createdAt"] for n in notes), reverse=True)
    assert await Note.filter(account_id=pk_of(account["id"], "Account")).count() == 7
    elsewhere = (await api.data(ACCOUNT, {"id": other["id"]}, token))["account"]
    assert [n["body"] for n in elsewhere["overview"]["notes"]] == ["Elsewhere"]


async def test_add_note_rejects_an_empty_body_and_unknown_accounts(api: Api, owner: dict) -> None:
    account = await new_account(api, owner["token"])
    errors = await errors_of(
        api, ADD_NOTE, {"accountId": account["id"], "body": "   "}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [("REQUIRED", ["input", "body"])]
    errors = await errors_of(
        api, ADD_NOTE, {"accountId": "nonsense", "body": "Hello"}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", ["input", "accountId"])]
    assert await Note.all().count() == 0


async def test_add_note_to_an_account_the_viewer_cannot_see_is_not_found(
    api: Api, owner: dict
) -> None:
    account = await new_account(api, owner["token"])
    outsider = await api.create_staff(owner["token"], "outsider@acme.example")
    errors = await errors_of(
        api, ADD_NOTE, {"accountId": account["id"], "body": "Peek"}, outsider["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", ["input", "accountId"])]
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    errors = await errors_of(
        api, ADD_NOTE, {"accountId": account["id"], "body": "Peek"}, other["token"]
    )
    assert [e["code"] for e in errors] == ["NOT_FOUND"]
    assert await Note.all().count() == 0


async def test_a_too_long_note_is_invalid(api: Api, owner: dict) -> None:
    account = await new_account(api, owner["token"])
    errors = await errors_of(
        api, ADD_NOTE, {"accountId": account["id"], "body": "x" * 20_001}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID", ["input", "body"])]
    assert await Note.all().count() == 0


async def test_folder_templates_nest_at_most_eight_deep(api: Api, owner: dict) -> None:
    def chain(depth: int) -> list[dict[str, Any]]:
        folder: dict[str, Any] = {"name": f"L{depth}"}
        for level in range(depth - 1, 0, -1):
            folder = {"name": f"L{level}", "children": [folder]}
        return [folder]

    payload = await api.mutate(
        CREATE_TEMPLATE, {"name": "Deep", "folders": chain(8)}, owner["token"]
    )
    template = await FolderTemplate.get(id=pk_of(payload["folderTemplate"]["id"], "FolderTemplate"))
    node, depth = template.tree[0], 1
    while node["children"]:
        node, depth = node["children"][0], depth + 1
    assert depth == 8
    errors = await errors_of(
        api, CREATE_TEMPLATE, {"name": "Deeper", "folders": chain(9)}, owner["token"]
    )
    assert [e["code"] for e in errors] == ["INVALID"]
    assert await FolderTemplate.all().count() == 1


async def test_a_template_needs_a_name_and_a_folder(api: Api, owner: dict) -> None:
    errors = await errors_of(api, CREATE_TEMPLATE, {"name": "T", "folders": []}, owner["token"])
    assert [(e["code"], e["field"]) for e in errors] == [("REQUIRED", ["input", "folders"])]
    errors = await errors_of(
        api, CREATE_TEMPLATE, {"name": "a/b", "folders": [{"name": "A"}]}, owner["token"]
    )
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_CHARACTERS", ["input", "name"])]
    assert await FolderTemplate.all().count() == 0
