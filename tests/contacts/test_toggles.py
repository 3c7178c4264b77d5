"""The per-email toggles: LOGIN / NOTIFY / EMAIL SYNC, preferences, signer settings."""

from app.accounts.models import AccountEmail
from tests.support.documents.accounts import ARCHIVE_ACCOUNT
from tests.support.graphql import Api

TOGGLES = """
mutation($input: SetContactTogglesInput!) {
  setContactToggles(input: $input) {
    accountEmail { id login notify emailSync portalAccess }
    invitationPrompts { accountEmail { id } }
    userErrors { field code }
  }
}"""

PREFERENCES = """
mutation($input: SetNotificationPreferencesInput!) {
  setNotificationPreferences(input: $input) {
    accountEmail { notificationPreferences { documentUploads messages clientRequests approvals } }
    userErrors { code }
  }
}"""

SIGNER = """
mutation($input: SetSignerSettingsInput!) {
  setSignerSettings(input: $input) {
    accountEmail { signerPriority signerAuthority }
    userErrors { field code }
  }
}"""

STATUS = """
query($id: ID!) { account(id: $id) { loginStatus notifyEnabled emailSyncEnabled } }"""


def email_id(account: dict) -> str:
    return account["contacts"][0]["emails"][0]["id"]


async def test_turning_login_on_prompts_once_and_sets_the_account_status(api: Api, owner):
    token = owner["token"]
    account = await api.individual(token, "Jane", "Doe", "jane@example.com")
    status = (await api.data(STATUS, {"id": account["id"]}, token))["account"]
    assert status == {"loginStatus": "OFFLINE", "notifyEnabled": False, "emailSyncEnabled": False}
    on = await api.mutate(TOGGLES, {"id": email_id(account), "login": True, "notify": True}, token)
    assert on["accountEmail"]["portalAccess"] == "PENDING_ACTIVATION"
    assert on["invitationPrompts"] == [{"accountEmail": {"id": email_id(account)}}]
    again = await api.mutate(TOGGLES, {"id": email_id(account), "login": True}, token)
    assert again["invitationPrompts"] == []
    status = (await api.data(STATUS, {"id": account["id"]}, token))["account"]
    assert status == {"loginStatus": "ACTIVE", "notifyEnabled": True, "emailSyncEnabled": False}
    off = await api.mutate(TOGGLES, {"id": email_id(account), "login": False}, token)
    assert (off["accountEmail"]["login"], off["accountEmail"]["notify"]) == (False, True)
    assert off["accountEmail"]["portalAccess"] == "NO_ACCESS"
    row = await AccountEmail.get(contact_email__address="jane@example.com")
    assert (row.login_enabled, row.notify_enabled, row.email_sync_enabled) == (False, True, False)


async def test_login_cannot_be_turned_on_in_an_archived_account(api: Api, owner):
    token = owner["token"]
    account = await api.individual(token, "Jane", "Doe", "jane@example.com")
    await api.data(ARCHIVE_ACCOUNT, {"id": account["id"]}, token)
    input = {"id": email_id(account), "login": True}
    assert await api.user_errors(TOGGLES, input, token) == ["ARCHIVED"]
    assert not (await AccountEmail.get(contact_email__address="jane@example.com")).login_enabled


async def test_an_unknown_account_email_is_not_found(api: Api, owner):
    input = {"id": "QWNjb3VudEVtYWlsOjk5OQ", "login": True}
    assert await api.user_errors(TOGGLES, input, owner["token"]) == ["NOT_FOUND"]


async def test_notification_preferences_default_on_and_change_one_by_one(api: Api, owner):
    token = owner["token"]
    account = await api.individual(token, "Jane", "Doe", "jane@example.com")
    payload = await api.mutate(
        PREFERENCES,
        {"id": email_id(account), "preferences": {"messages": False, "approvals": False}},
        token,
    )
    assert payload["accountEmail"]["notificationPreferences"] == {
        "documentUploads": True,
        "messages": False,
        "clientRequests": True,
        "approvals": False,
    }
    row = await AccountEmail.get(contact_email__address="jane@example.com")
    assert (row.notify_messages, row.notify_approvals, row.notify_document_uploads) == (
        False,
        False,
        True,
    )


async def test_signer_settings(api: Api, owner):
    token = owner["token"]
    account = await api.individual(token, "Jane", "Doe", "jane@example.com")
    payload = await api.mutate(
        SIGNER, {"id": email_id(account), "signerPriority": 1, "signerAuthority": True}, token
    )
    assert payload["accountEmail"] == {"signerPriority": 1, "signerAuthority": True}
    kept = await api.mutate(SIGNER, {"id": email_id(account), "signerAuthority": False}, token)
    assert kept["accountEmail"] == {"signerPriority": 1, "signerAuthority": False}
    cleared = await api.mutate(SIGNER, {"id": email_id(account), "signerPriority": None}, token)
    assert cleared["accountEmail"]["signerPriority"] is None
    bad = {"id": email_id(account), "signerPriority": 0}
    assert await api.user_errors(SIGNER, bad, token) == ["INVALID"]


async def test_a_contact_without_email_has_no_toggles(api: Api, owner):
    account = await api.individual(owner["token"], "Jane", "Doe")
    assert account["contacts"][0]["emails"] == []
    assert await AccountEmail.all().count() == 0
