"""A deactivated member stays in history (notes, custom-field history, sent mail) and no
longer hears of mail received on their accounts (EMAIL_RECEIVED)."""

from __future__ import annotations

from app.email_sync.inbound.server import InboundServer
from app.inbox.models import Notification, NotificationKind
from tests.support.documents.accounts import ADD_NOTE, CREATE_CUSTOM_FIELD, UPDATE_ACCOUNT
from tests.support.email_sync import (  # noqa: F401  (the app fixtures, outgoing mail to smtp_server)
    deliver,
    firm_with_two_synced_addresses,
    mail,
    receiver,
    send,
    sync_api,
    sync_app,
    sync_settings_with_mail,
)
from tests.support.graphql import Api
from tests.support.staff import deactivate, update

HISTORY = """
query($id: ID!) {
  account(id: $id) {
    overview { notes { body author { email active } } }
    customFields { value history { newValue changedBy { email active } } }
    emails { edges { node { direction sentBy { email active } } } }
    teamMembers { email active }
  }
}"""


async def test_what_a_deactivated_member_did_keeps_naming_them(
    sync_api: Api,  # noqa: F811
    firm,  # noqa: F811
):
    token, sam, account_id = firm["token"], firm["sam"], firm["account"]["id"]
    await update(sync_api, token, id=sam["id"], accessRights={"manageAccounts": True})
    field = await sync_api.mutate(
        CREATE_CUSTOM_FIELD, {"target": "ACCOUNT", "label": "EIN", "type": "TEXT"}, token
    )
    values = [{"fieldId": field["customField"]["id"], "value": "12-345"}]
    await sync_api.mutate(UPDATE_ACCOUNT, {"id": account_id, "customFields": values}, sam["token"])
    await sync_api.mutate(ADD_NOTE, {"accountId": account_id, "body": "Called Jane"}, sam["token"])
    await send(sync_api, sam["token"], accountId=account_id, subject="Hello", body="Hi")
    assert (await deactivate(sync_api, token, sam["id"]))["userErrors"] == []

    account = (await sync_api.data(HISTORY, {"id": account_id}, token))["account"]
    gone = {"email": "sam@acme.example", "active": False}
    assert account["overview"]["notes"] == [{"body": "Called Jane", "author": gone}]
    assert account["customFields"] == [
        {"value": "12-345", "history": [{"newValue": "12-345", "changedBy": gone}]}
    ]
    assert [e["node"] for e in account["emails"]["edges"]] == [
        {"direction": "SENT", "sentBy": gone}
    ]
    assert gone in account["teamMembers"]


async def test_mail_received_is_told_to_active_team_members_only(
    receiver: InboundServer,  # noqa: F811
    sync_api: Api,  # noqa: F811
    firm,  # noqa: F811
):
    token, sam = firm["token"], firm["sam"]
    await deactivate(sync_api, token, sam["id"])
    await deliver(receiver, mail(Message_ID="<m1@example.com>"))
    rows = await Notification.filter(kind=NotificationKind.EMAIL_RECEIVED).select_related(
        "recipient"
    )
    assert [row.recipient.email for row in rows] == ["owner@acme.example"]  # Sam is on the team
