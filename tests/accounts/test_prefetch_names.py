"""The accounts page prefetch names real fields: each name it reads ahead is a field of its
type in the schema (a renamed field would otherwise silently stop being read ahead)."""

from __future__ import annotations

from app.accounts.graphql import prefetch
from app.api.schema import schema


def _fields(type_name: str) -> set[str]:
    found = schema._schema.get_type(type_name)
    assert found is not None, type_name
    return set(found.fields)  # type: ignore[attr-defined]


def test_each_prefetched_name_is_a_field_of_its_type() -> None:
    account = _fields("Account")
    assert {prefetch.TAGS, prefetch.CONTACTS, *prefetch.EMAIL_SUMMARIES} <= account
    assert {prefetch.LINK_EMAILS, prefetch.LINK_CONTACT} <= _fields("AccountContact")
    assert prefetch.CONTACT_EMAILS in _fields("Contact")
    assert prefetch.PORTAL_ACCESS in _fields("AccountEmail")
    assert prefetch.EMAIL_SUMMARIES == ("loginStatus", "notifyEnabled", "emailSyncEnabled")


def test_only_tags_is_read_ahead_behind_a_permission() -> None:
    """The field's own staff_only() decides, not a copy of the rule."""
    assert prefetch.TAGS_FIELD.extensions, "Account.tags is staff_only"
