"""bulkUpdateContactToggles: the report, idempotency, invitations by real mail, LOGIN off,
NOTIFY with preferences, EMAIL SYNC, rights, the notification, and statements per chunk."""

from __future__ import annotations

from typing import Any

import pytest

from app.accounts.models import AccountEmail
from app.bulk import service as bulk_toggles
from app.graphql.ids import to_global_id
from app.inbox.models import Notification
from app.mail.models import OutboxMail
from app.portal.models import Invitation
from tests.support.documents.accounts import ARCHIVE_ACCOUNT
from tests.support.documents.contacts import SET_CONTACT_TOGGLES
from tests.support.documents.inbox import NOTIFICATIONS
from tests.support.documents.portal import ACCOUNT_PORTAL_ACCESS
from tests.support.graphql import Api, codes
from tests.support.mailbox import OutboxMailbox
from tests.support.portal import (
    activate,
    activation_errors,
    first_email_id,
    link_of,
    register_and_confirm,
    text_of,
)
from tests.support.smtp import SmtpServer
from tests.support.sql_counter import count_statements
from tests.support.ws import next_payload, signed_in, socket, subscribe_inbox

BULK = """
mutation($input: BulkUpdateContactTogglesInput!) {
  bulkUpdateContactToggles(input: $input) {
    report {
      accountsRequested accountsUpdated emailsUpdated invitationsSent
      errors { accountId email code message }
    }
    userErrors { field code message }
  }
}"""

CONTACT_BY_EMAIL = '{ contacts(filter: {search: "jane"}) { edges { node { id } } } }'


STATUS = """
query($id: ID!) {
  account(id: $id) {
    loginStatus notifyEnabled emailSyncEnabled
    contacts { emails { login notify emailSync portalAccess
                        notificationPreferences { messages approvals documentUploads } } }
  }
}"""


async def bulk(api: Api, token: str, account_ids: list[str], **input: Any) -> dict[str, Any]:
    """The report of a bulk update that must have no user errors."""
    payload = await api.mutate(BULK, {"accountIds": account_ids, **input}, token)
    return payload["report"]


def counts(report: dict[str, Any]) -> tuple[int, int, int, int]:
    return (
        report["accountsRequested"],
        report["accountsUpdated"],
        report["emailsUpdated"],
        report["invitationsSent"],
    )


async def clients(api: Api, token: str, count: int, **toggles: bool) -> list[dict[str, Any]]:
    """`count` INDIVIDUAL accounts, one contact and one email each."""
    return [
        await api.individual(token, f"Client{i}", "Doe", f"client{i}@example.com", **toggles)
        for i in range(count)
    ]


def ids(accounts: list[dict[str, Any]]) -> list[str]:
    return [a["id"] for a in accounts]


async def test_a_mixed_selection_is_applied_where_it_can_be_and_reported_elsewhere(api: Api, owner):
    token = owner["token"]
    plain = await api.individual(token, "Jane", "Doe", "jane@example.com")
    household = (
        await api.create_account(
            token,
            type="OTHER",
            name="Roe Household",
            contacts=[
                {
                    "contact": {
                        "firstName": "Rick",
                        "lastName": "Roe",
                        "emails": [
                            {"address": "rick@example.com"},
                            {"address": "rick@work.example"},
                        ],
                    }
                },
                {"contact": {"firstName": "Baby", "lastName": "Roe"}},
            ],
        )
    )["account"]
    archived = await api.individual(token, "Old", "Client", "old@example.com")
    await api.data(ARCHIVE_ACCOUNT, {"id": archived["id"]}, token)
    no_email = await api.individual(token, "Nomail", "Person")
    other = await api.create_firm("Other Firm", "other-firm", "boss@other.example")
    foreign = await api.individual(other["token"], "Their", "Client", "their@example.com")
    unknown = to_global_id("Account", 999_999)
    selection = [
        plain["id"],
        household["id"],
        archived["id"],
        no_email["id"],
        "nope",
        foreign["id"],
        unknown,
    ]

    report = await bulk(api, token, selection, login="ENABLE", emailSync="ENABLE")

    assert counts(report) == (7, 2, 3, 0)
    assert [(e["accountId"], e["code"]) for e in report["errors"]] == [
        (household["id"], "NO_EMAIL"),
        (archived["id"], "ARCHIVED"),
        (no_email["id"], "NO_EMAIL"),
        ("nope", "NOT_FOUND"),
        (foreign["id"], "NOT_FOUND"),
        (unknown, "NOT_FOUND"),
    ]
    assert "Baby Roe" in report["errors"][0]["message"]
    on = await AccountEmail.filter(login_enabled=True, email_sync_enabled=True).values_list(
        "contact_email__address", flat=True
    )
    assert sorted(on) == ["jane@example.com", "rick@example.com", "rick@work.example"]
    assert not await AccountEmail.filter(
        contact_email__address="old@example.com", login_enabled=True
    ).exists()
    assert not await AccountEmail.filter(
        contact_email__address="their@example.com", login_enabled=True
    ).exists()
    status = (await api.data(STATUS, {"id": plain["id"]}, token))["account"]
    assert (status["loginStatus"], status["emailSyncEnabled"]) == ("ACTIVE", True)
    assert status["contacts"][0]["emails"][0]["portalAccess"] == "PENDING_ACTIVATION"


async def test_a_second_identical_run_changes_nothing(api: Api, owner):
    token = owner["token"]
    accounts = await clients(api, token, 3)
    first = await bulk(api, token, ids(accounts), login="ENABLE", sendInvitations=True)
    assert counts(first) == (3, 3, 3, 3)
    second = await bulk(api, token, ids(accounts), login="ENABLE", sendInvitations=True)
    assert counts(second) == (3, 0, 0, 0)
    assert second["errors"] == []
    assert await Invitation.filter(revoked_at__isnull=True).count() == 3
    assert await OutboxMail.all().count() == 3


async def test_invitations_go_by_real_mail_with_the_message_and_a_working_link(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    token = owner["token"]
    accounts = await clients(mail_api, token, 3)
    report = await bulk(
        mail_api,
        token,
        ids(accounts),
        login="ENABLE",
        sendInvitations=True,
        invitationMessage="  Welcome to our new portal!  ",
    )
    assert report["invitationsSent"] == 3
    mails = await smtp_server.wait_for(3)
    assert sorted(m["To"] for m in mails) == [f"client{i}@example.com" for i in range(3)]
    for mail in mails:
        assert "Acme Tax" in mail["Subject"]
        assert "Welcome to our new portal!" in text_of(mail)
        assert link_of(mail)[0].startswith("http://127.0.0.1:8000/portal/activate?token=")
    jane = next(m for m in mails if m["To"] == "client0@example.com")
    payload = await activate(mail_api, link_of(jane)[1])
    assert [a["id"] for a in payload["viewer"]["client"]["accounts"]] == [accounts[0]["id"]]
    seen = (await mail_api.data(ACCOUNT_PORTAL_ACCESS, {"id": accounts[0]["id"]}, token))["account"]
    assert seen["contacts"][0]["emails"][0]["portalAccess"] == "ACTIVE"


async def test_an_address_in_two_accounts_gets_one_invitation(
    api: Api, owner, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(bulk_toggles, "CHUNK_SIZE", 1)  # the two accounts in two chunks
    token = owner["token"]
    first = await api.individual(token, "Jane", "Doe", "jane@example.com")
    trust = await linked_elsewhere(api, token, first, login=False)
    report = await bulk(
        api, token, [first["id"], trust["id"]], login="ENABLE", sendInvitations=True
    )
    assert counts(report) == (2, 2, 2, 1)
    assert await OutboxMail.filter(to_address="jane@example.com").count() == 1
    assert await Invitation.all().count() == 1


async def test_an_address_already_active_gets_access_without_an_invitation(api: Api, owner):
    token = owner["token"]
    await register_and_confirm(api, OutboxMailbox(), "acme-tax", "Jane", "Doe", "jane@example.com")
    contact = (await api.data(CONTACT_BY_EMAIL, token=token))["contacts"]["edges"][0]["node"]
    trust = (
        await api.create_account(
            token, type="OTHER", name="Doe Trust", contacts=[{"contactId": contact["id"]}]
        )
    )["account"]
    report = await bulk(api, token, [trust["id"]], login="ENABLE", sendInvitations=True)
    assert counts(report) == (1, 1, 1, 0)
    status = (await api.data(STATUS, {"id": trust["id"]}, token))["account"]
    assert status["contacts"][0]["emails"][0]["portalAccess"] == "ACTIVE"
    assert not await Invitation.exists()


async def linked_elsewhere(api: Api, token: str, account: dict, *, login: bool) -> dict:
    """A second account, "Doe Trust", linking the first contact of `account`."""
    contact = account["contacts"][0]["contact"]["id"]
    address = account["contacts"][0]["emails"][0]["email"]["address"]
    link = {"contactId": contact, "emailToggles": [{"address": address, "login": login}]}
    payload = await api.create_account(token, type="OTHER", name="Doe Trust", contacts=[link])
    return payload["account"]


async def test_login_disable_revokes_the_links_like_set_contact_toggles(
    mail_api: Api, owner, smtp_server: SmtpServer
):
    token = owner["token"]
    accounts = await clients(mail_api, token, 2)
    await bulk(mail_api, token, ids(accounts), login="ENABLE", sendInvitations=True)
    links = {m["To"]: link_of(m)[1] for m in await smtp_server.wait_for(2)}
    # Jane is also linked elsewhere with LOGIN on: her link lives while that LOGIN is on.
    trust = await linked_elsewhere(mail_api, token, accounts[0], login=True)
    report = await bulk(mail_api, token, ids(accounts), login="DISABLE")
    assert counts(report) == (2, 2, 2, 0)
    assert await activation_errors(mail_api, links["client1@example.com"]) == ["INVALID_TOKEN"]
    status = (await mail_api.data(STATUS, {"id": accounts[1]["id"]}, token))["account"]
    assert status["loginStatus"] == "OFFLINE"
    assert status["contacts"][0]["emails"][0]["portalAccess"] == "NO_ACCESS"
    payload = await activate(mail_api, links["client0@example.com"])
    assert [a["id"] for a in payload["viewer"]["client"]["accounts"]] == [trust["id"]]


async def test_login_disable_revokes_a_link_sent_by_set_contact_toggles(api: Api, owner):
    token = owner["token"]
    [account] = await clients(api, token, 1)
    await api.mutate(
        SET_CONTACT_TOGGLES,
        {"id": first_email_id(account), "login": True, "sendInvitation": True},
        token,
    )
    assert await Invitation.filter(revoked_at__isnull=True).count() == 1
    await bulk(api, token, [account["id"]], login="DISABLE")
    assert await Invitation.filter(revoked_at__isnull=True).count() == 0


async def test_notify_with_preferences(api: Api, owner):
    token = owner["token"]
    accounts = await clients(api, token, 2)
    prefs = {"messages": False, "approvals": False}
    report = await bulk(api, token, ids(accounts), notify="ENABLE", notificationPreferences=prefs)
    assert counts(report) == (2, 2, 2, 0)
    for account in accounts:
        status = (await api.data(STATUS, {"id": account["id"]}, token))["account"]
        email = status["contacts"][0]["emails"][0]
        assert (status["notifyEnabled"], email["login"]) == (True, False)
        assert email["notificationPreferences"] == {
            "messages": False,
            "approvals": False,
            "documentUploads": True,
        }
    again = await bulk(api, token, ids(accounts), notify="ENABLE", notificationPreferences=prefs)
    assert counts(again) == (2, 0, 0, 0)
    # NOTIFY already on: new preferences alone are a change.
    back = await bulk(
        api, token, ids(accounts[:1]), notify="ENABLE", notificationPreferences={"messages": True}
    )
    assert counts(back) == (1, 1, 1, 0)
    assert await AccountEmail.filter(notify_messages=True).count() == 1


async def test_email_sync_enable_then_disable(api: Api, owner):
    token = owner["token"]
    accounts = await clients(api, token, 2, login=True)
    on = await bulk(api, token, ids(accounts), emailSync="ENABLE")
    assert counts(on) == (2, 2, 2, 0)
    assert await AccountEmail.filter(email_sync_enabled=True, login_enabled=True).count() == 2
    off = await bulk(api, token, ids(accounts), emailSync="DISABLE", notify="DISABLE")
    assert counts(off) == (2, 2, 2, 0)
    assert await AccountEmail.filter(email_sync_enabled=True).count() == 0
    assert await AccountEmail.filter(login_enabled=True).count() == 2  # NO_CHANGE kept


@pytest.mark.parametrize(
    ("input", "field", "code"),
    [
        ({"accountIds": [], "login": "ENABLE"}, ["input", "accountIds"], "REQUIRED"),
        ({"login": "NO_CHANGE", "notify": None}, ["input"], "INVALID"),
        ({"notify": "ENABLE", "sendInvitations": True}, ["input", "sendInvitations"], "INVALID"),
        (
            {"login": "ENABLE", "notificationPreferences": {"messages": False}},
            ["input", "notificationPreferences"],
            "INVALID",
        ),
        (
            {"login": "ENABLE", "sendInvitations": True, "invitationMessage": "x" * 5001},
            ["input", "invitationMessage"],
            "INVALID",
        ),
    ],
)
async def test_bad_input_is_a_user_error_and_changes_nothing(api: Api, owner, input, field, code):
    token = owner["token"]
    [account] = await clients(api, token, 1)
    payload = (await api.data(BULK, {"input": {"accountIds": [account["id"]], **input}}, token))[
        "bulkUpdateContactToggles"
    ]
    assert payload["report"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)]
    assert not await AccountEmail.filter(login_enabled=True).exists()
    assert not await Notification.filter(kind="BULK_UPDATE_COMPLETED").exists()


async def test_more_than_ten_thousand_accounts_is_refused(api: Api, owner):
    too_many = [to_global_id("Account", i) for i in range(1, 10_002)]
    payload = (
        await api.data(BULK, {"input": {"accountIds": too_many, "login": "ENABLE"}}, owner["token"])
    )["bulkUpdateContactToggles"]
    assert [e["code"] for e in payload["userErrors"]] == ["LIMIT_EXCEEDED"]


async def test_only_staff_who_manage_accounts_may_run_it(api: Api, owner):
    token = owner["token"]
    [account] = await clients(api, token, 1)
    viewer = await api.create_staff(token, "vera@acme.example", viewAllAccounts=True)
    body = await api.post(
        BULK, {"input": {"accountIds": [account["id"]], "login": "ENABLE"}}, viewer["token"]
    )
    assert codes(body) == ["FORBIDDEN"]
    assert body["data"] is None
    anonymous = await api.post(BULK, {"input": {"accountIds": [account["id"]], "login": "ENABLE"}})
    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert not await AccountEmail.filter(login_enabled=True).exists()
    assert not await Notification.exists()
    admin = await api.create_staff(token, "ada@acme.example", role="ADMIN")
    assert counts(await bulk(api, admin["token"], [account["id"]], login="ENABLE"))[1] == 1


async def test_accounts_an_employee_cannot_see_are_reported_and_untouched(api: Api, owner):
    token = owner["token"]
    sam = await api.create_staff(token, "sam@acme.example", manageAccounts=True)
    theirs = (
        await api.create_account(
            token,
            type="INDIVIDUAL",
            teamMemberIds=[sam["id"]],
            contacts=[
                {
                    "contact": {
                        "firstName": "Team",
                        "lastName": "Client",
                        "emails": [{"address": "team@example.com"}],
                    }
                }
            ],
        )
    )["account"]
    hidden = await api.individual(token, "Hidden", "Client", "hidden@example.com")
    report = await bulk(api, sam["token"], [theirs["id"], hidden["id"]], login="ENABLE")
    assert counts(report) == (2, 1, 1, 0)
    assert [(e["accountId"], e["code"]) for e in report["errors"]] == [(hidden["id"], "NOT_FOUND")]
    on = await AccountEmail.filter(login_enabled=True).values_list(
        "contact_email__address", flat=True
    )
    assert on == ["team@example.com"]


async def test_it_ends_with_a_notification_to_the_caller_summarising_the_report(api: Api, owner):
    token = owner["token"]
    sam = await api.create_staff(
        token, "sam@acme.example", manageAccounts=True, viewAllAccounts=True
    )
    accounts = await clients(api, token, 2)
    await bulk(api, sam["token"], [*ids(accounts), "nope"], login="ENABLE")
    edges = (await api.data(NOTIFICATIONS, {}, sam["token"]))["notifications"]["edges"]
    [node] = [e["node"] for e in edges]
    assert node["kind"] == "BULK_UPDATE_COMPLETED"
    assert node["body"] == (
        "Accounts requested: 3. Accounts updated: 2. Emails updated: 2. Invitations sent: 0. "
        "Errors: 1 (NOT_FOUND 1)."
    )
    assert (await api.data(NOTIFICATIONS, {}, token))["notifications"]["totalCount"] == 0


async def test_the_notification_arrives_live_on_the_inbox_subscription(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    accounts = await clients(live_api, owner["token"], 2)
    async with socket(live) as ws:
        await signed_in(ws, owner["token"])
        await subscribe_inbox(ws, live_api, owner["token"])
        await bulk(live_api, owner["token"], ids(accounts), notify="ENABLE")
        event = (await next_payload(ws))["inbox"]
    assert event["kind"] == "BULK_UPDATE_COMPLETED"
    assert event["account"] is None


async def statements_for(api: Api, token: str, account_ids: list[str]) -> int:
    with count_statements() as statements:
        report = await bulk(
            api, token, account_ids, login="ENABLE", notify="ENABLE", sendInvitations=True
        )
    assert report["invitationsSent"] == len(account_ids)
    return len(statements)


async def test_statements_do_not_grow_with_the_number_of_accounts(api: Api, owner):
    token = owner["token"]
    accounts = await clients(api, token, 55)
    small = await statements_for(api, token, ids(accounts[:5]))
    large = await statements_for(api, token, ids(accounts[5:]))
    assert small == large
    print(f"statements for one chunk, with invitations: {large}")


async def test_statements_are_bounded_per_chunk(api: Api, owner, monkeypatch: pytest.MonkeyPatch):
    token = owner["token"]
    accounts = await clients(api, token, 12)
    monkeypatch.setattr(bulk_toggles, "CHUNK_SIZE", 2)
    one_chunk = await statements_for(api, token, ids(accounts[:2]))
    five_chunks = await statements_for(api, token, ids(accounts[2:]))
    per_chunk = (five_chunks - one_chunk) / 4
    assert per_chunk == int(per_chunk) and per_chunk <= 10, (one_chunk, five_chunks)
