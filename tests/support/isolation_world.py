"""Two firms with one of every kind of object, built through the API, for the isolation tests.

Every text of firm A holds "alpha", so an answer given to firm B that contains it leaks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tortoise import Tortoise

from app.email_sync.models import AccountDocument
from app.graphql.ids import pk_of, to_global_id
from app.inbox.models import Notification
from tests.support.documents.accounts import ADD_NOTE, CREATE_CUSTOM_FIELD, CREATE_TAG
from tests.support.documents.firms import VIEWER_STAFF_ID
from tests.support.graphql import Api
from tests.support.mailbox import OutboxMailbox
from tests.support.portal import register_and_confirm

MARKER = "alpha"

CREATE_TEMPLATE = """mutation($input: CreateFolderTemplateInput!) {
  createFolderTemplate(input: $input) { folderTemplate { id } userErrors { code } } }"""
SEND_EMAIL = """mutation($input: SendAccountEmailInput!) {
  sendAccountEmail(input: $input) { email { id } userErrors { code } } }"""
NOTIFICATION_IDS = "{ notifications(first: 100) { edges { node { id } } } }"
CREATE_WEBHOOK = """mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { id } secret userErrors { code } } }"""
SEND_TEST_WEBHOOK = """mutation($id: ID!) {
  sendTestWebhook(id: $id) { delivery { id } userErrors { code } } }"""

SESSIONS = "{ viewer { sessions { id } } }"


@dataclass
class Firm:
    """The ids and tokens of one firm's objects."""

    slug: str
    token: str = ""  # the owner's
    ids: dict[str, str] = field(default_factory=dict)  # object kind -> global id
    employee_token: str = ""
    client_token: str = ""


async def build_firm(api: Api, name: str) -> Firm:
    """A firm named `name` (lower-cased into its slug, emails and every text) with one of each."""
    low = name.lower()
    firm = Firm(slug=f"{low}-tax")
    owner = await api.create_firm(f"{name} Tax", firm.slug, f"owner@{low}.example")
    firm.token, firm.ids["Firm"] = owner["token"], owner["firm_id"]
    firm.ids["owner"] = (await api.data(VIEWER_STAFF_ID, token=firm.token))["viewer"]["staff"]["id"]
    employee = await api.create_staff(
        firm.token,
        f"{low}-staff@{low}.example",
        manageAccounts=True,
        viewAllAccounts=True,
    )
    firm.ids["StaffMember"], firm.employee_token = employee["id"], employee["token"]
    firm.ids["Tag"] = await _created(api, firm, CREATE_TAG, {"name": f"{name} VIP"})
    firm.ids["accountField"] = await _created(
        api,
        firm,
        CREATE_CUSTOM_FIELD,
        {"target": "ACCOUNT", "label": f"{name} code", "type": "TEXT"},
    )
    firm.ids["CustomFieldDefinition"] = firm.ids["contactField"] = await _created(
        api,
        firm,
        CREATE_CUSTOM_FIELD,
        {"target": "CONTACT", "label": f"{name} pet", "type": "TEXT"},
    )
    firm.ids["FolderTemplate"] = await _created(
        api, firm, CREATE_TEMPLATE, {"name": f"{name} template", "folders": [{"name": name}]}
    )
    await _account(api, firm, name)
    firm.ids["Note"] = await _created(
        api, firm, ADD_NOTE, {"accountId": firm.ids["Account"], "body": f"{name} note"}
    )
    firm.ids["EmailMessage"] = await _created(
        api,
        firm,
        SEND_EMAIL,
        {"accountId": firm.ids["Account"], "subject": f"{name} news", "body": f"{name} body"},
    )
    firm.ids["AccountDocument"] = await _document(firm, name)
    await _client(api, firm, name)
    sessions = (await api.data(SESSIONS, token=firm.token))["viewer"]["sessions"]
    firm.ids["SessionInfo"] = sessions[0]["id"]  # the owner's
    await _webhook(api, firm, name)
    return firm


async def _webhook(api: Api, firm: Firm, name: str) -> None:
    """An endpoint (a public address: nothing is posted, no worker runs) and a PING delivery."""
    payload = await api.mutate(
        CREATE_WEBHOOK,
        {"url": f"https://93.184.215.14/{name.lower()}", "events": ["ACCOUNT_CREATED"]},
        firm.token,
    )
    firm.ids["WebhookEndpoint"] = payload["endpoint"]["id"]
    sent = await api.data(SEND_TEST_WEBHOOK, {"id": firm.ids["WebhookEndpoint"]}, firm.token)
    firm.ids["WebhookDelivery"] = sent["sendTestWebhook"]["delivery"]["id"]


async def _created(api: Api, firm: Firm, document: str, input: dict[str, Any]) -> str:
    """The id of the object a create mutation made."""
    payload = await api.mutate(document, input, firm.token)
    made = next(v for k, v in payload.items() if k != "userErrors")
    return made["id"]


async def _account(api: Api, firm: Firm, name: str) -> None:
    """An account with a contact, an email with LOGIN and NOTIFY on, tag, field, team member."""
    low = name.lower()
    contact = {
        "firstName": name,
        "lastName": "Person",
        "emails": [{"address": f"person@{low}.example", "login": True, "notify": True}],
        "tagIds": [firm.ids["Tag"]],
        "customFields": [{"fieldId": firm.ids["contactField"], "value": f"{name} cat"}],
    }
    account = (
        await api.create_account(
            firm.token,
            type="INDIVIDUAL",
            name=f"{name} Household",
            contacts=[{"contact": contact, "description": f"{name} primary"}],
            tagIds=[firm.ids["Tag"]],
            teamMemberIds=[firm.ids["StaffMember"]],  # sends the employee ACCOUNT_ASSIGNED
            folderTemplateId=firm.ids["FolderTemplate"],
            customFields=[{"fieldId": firm.ids["accountField"], "value": f"{name} 42"}],
        )
    )["account"]
    linked = account["contacts"][0]
    firm.ids["Account"] = account["id"]
    firm.ids["Contact"] = linked["contact"]["id"]
    firm.ids["AccountEmail"] = linked["emails"][0]["id"]
    firm.ids["ContactEmail"] = linked["emails"][0]["email"]["id"]
    edges = (await api.data(NOTIFICATION_IDS, token=firm.employee_token))["notifications"]
    firm.ids["Notification"] = edges["edges"][0]["node"]["id"]


async def _document(firm: Firm, name: str) -> str:
    """A kept document: only EMAIL SYNC makes them (from attachments), so it is written here."""
    row = await AccountDocument.create(
        account_id=pk_of(firm.ids["Account"], "Account"),
        folder="Client uploaded documents",
        name=f"{name.lower()}-return.pdf",
        content_type="application/pdf",
        size=3,
        storage_key=f"{name.lower()}-document",
    )
    return to_global_id("AccountDocument", row.id)


async def _client(api: Api, firm: Firm, name: str) -> None:
    """A self-registered, signed-in portal client with an account of their own."""
    low = name.lower()
    payload = await register_and_confirm(
        api, OutboxMailbox(), firm.slug, name, "Client", f"client@{low}.example"
    )
    firm.ids["PortalUser"] = payload["viewer"]["client"]["id"]
    firm.client_token = payload["session"]["token"]


async def snapshot(firm: Firm) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table but the session and rate-limit bookkeeping, in key order;
    notifications to `firm`'s staff are left out (a bulk update reports to the one who ran it)."""
    rows = {}
    staff = {pk_of(firm.ids[k], "StaffMember") for k in ("owner", "StaffMember")}
    for model in Tortoise.apps["models"].values():
        table = model._meta.db_table
        if table in SKIPPED_TABLES:
            continue
        query = model.all()
        if model is Notification:
            query = query.exclude(recipient_id__in=staff)
        rows[table] = await query.order_by(model._meta.pk_attr).values()
    return rows


async def notices_to(firm: Firm) -> str:
    """The text of every notification to `firm`'s staff."""
    staff = {pk_of(firm.ids[k], "StaffMember") for k in ("owner", "StaffMember")}
    rows = await Notification.filter(recipient_id__in=staff).values_list("title", "body")
    return json.dumps(rows)


# Sign-in and query cost bookkeeping changes with every request a session makes; it holds
# no firm data.
SKIPPED_TABLES = {"auth_session", "rate_limit_hit", "cost_bucket"}
