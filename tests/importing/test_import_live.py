"""IMPORT_COMPLETED reaches the importer's `inbox` subscription live (a real `crm serve`)."""

from __future__ import annotations

from tests.support.graphql import Api
from tests.support.imports import report_of
from tests.support.ws import next_payload, signed_in, socket, subscribe_inbox


async def test_import_completed_is_pushed_to_the_importer_only(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example", manageAccounts=True)
    async with socket(live) as sams, socket(live) as owners:
        for ws, who in ((sams, sam), (owners, owner)):
            await signed_in(ws, who["token"])
            await subscribe_inbox(ws, live_api, who["token"])
        csv = "account_name,first_name,last_name,email,team_members\nDoe,Jane,Doe,j@d.example,\n"
        report = await report_of(live_api, sam["token"], csv)
        assert report["accountsCreated"] == 1
        event = (await next_payload(sams))["inbox"]
        assert (event["kind"], event["title"]) == (
            "IMPORT_COMPLETED",
            "Import finished: 1 of 1 rows imported",
        )
        # The owner hears only of a team they were put on; here, of nothing: the next
        # thing on their socket is the ACCOUNT_ASSIGNED of a second import naming them.
        await report_of(
            live_api, sam["token"], "first_name,last_name,team_members\nA,B,owner@acme.example\n"
        )
        assert (await next_payload(owners))["inbox"]["kind"] == "ACCOUNT_ASSIGNED"
