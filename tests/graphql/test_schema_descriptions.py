"""The schema documents itself: introspection (through the app, as a client sees it) finds a
description on the schema and on every type, field, argument, input field and enum value;
none names a file outside the project; the docs/API.md sections they cite exist; and no
internal directive shows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from graphql import build_schema, get_introspection_query

from app.api.descriptions import element_named
from app.errors import ErrorCode
from tests.support.graphql import Api

INTROSPECTION = get_introspection_query(descriptions=True, schema_description=True)
# The spec's own scalars and directives carry the spec's descriptions; `__*` types are the
# introspection system's.
SPEC_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}
SPEC_DIRECTIVES = {"include", "skip", "deprecated", "specifiedBy", "oneOf"}
# Users never see the team's conventions: a description may name only the project's files.
OUTSIDE = re.compile(r"shared/|\.\./|/work/|/home/|/tmp/")
SECTION = re.compile(r"docs/API\.md, section ([A-Z][\w ]*[a-z])")
ERROR_CODES = {c.value for c in ErrorCode} | {"UNAUTHENTICATED", "FORBIDDEN"}
API_MD = Path(__file__).resolve().parents[2] / "docs" / "API.md"


def elements(schema: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(name, description) of the schema and of every element a client can read about."""
    found: list[tuple[str, str | None]] = [("schema", schema["description"])]
    for type_ in schema["types"]:
        name = type_["name"]
        if name.startswith("__") or name in SPEC_SCALARS:
            continue
        found.append((name, type_["description"]))
        for field in type_["fields"] or []:
            found.append((f"{name}.{field['name']}", field["description"]))
            for arg in field["args"]:
                found.append((f"{name}.{field['name']}({arg['name']})", arg["description"]))
        for field in type_["inputFields"] or []:
            found.append((f"{name}.{field['name']}", field["description"]))
        for value in type_["enumValues"] or []:
            found.append((f"{name}.{value['name']}", value["description"]))
    return found


async def introspect(api: Api) -> dict[str, Any]:
    return (await api.data(INTROSPECTION))["__schema"]


async def test_every_element_has_a_description(api: Api):
    found = elements(await introspect(api))
    assert len(found) > 700  # the walk reached fields, arguments and values, not just types
    missing = [name for name, text in found if not (text or "").strip()]
    assert missing == [], f"{len(missing)} without a description: {missing}"


async def test_no_description_names_a_file_outside_the_project(api: Api):
    found = elements(await introspect(api))
    outside = [(name, text) for name, text in found if text and OUTSIDE.search(text)]
    assert outside == []


async def test_the_sections_of_docs_api_md_named_exist(api: Api):
    headings = set(re.findall(r"^#+ (.+)$", API_MD.read_text(), flags=re.M))
    cited = {m for _, text in elements(await introspect(api)) for m in SECTION.findall(text or "")}
    assert cited, "descriptions point to docs/API.md"
    assert cited - headings == set()


async def test_only_the_spec_directives_show(api: Api):
    schema = await introspect(api)
    assert {d["name"] for d in schema["directives"]} <= SPEC_DIRECTIVES


async def test_every_mutation_lists_the_error_codes_it_can_answer(api: Api):
    schema = await introspect(api)
    mutation = next(t for t in schema["types"] if t["name"] == schema["mutationType"]["name"])
    unlisted = [
        f["name"]
        for f in mutation["fields"]
        if "userErrors codes:" not in f["description"]
        and "No userErrors codes." not in f["description"]
    ]
    assert unlisted == [], "add them to app/api/descriptions/errors.py"
    codes = set(
        re.findall(r"\b[A-Z][A-Z_]{3,}\b", " ".join(f["description"] for f in mutation["fields"]))
    )
    documented = set(re.findall(r"`([A-Z][A-Z_]+)`", API_MD.read_text()))
    listed = codes & ERROR_CODES
    assert listed and listed <= documented  # every code a mutation names is explained


def test_a_description_for_a_missing_element_fails_loudly():
    schema = build_schema("type Query { a: Int }")
    with pytest.raises(ValueError, match="names nothing"):
        element_named(schema, "Query.b")
    with pytest.raises(ValueError, match="names nothing"):
        element_named(schema, "Query.a(x)")
