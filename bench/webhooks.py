"""`python -m bench.webhooks`: webhook delivery throughput of one process.

Records N events for one endpoint (in one transaction), then times one webhook worker posting
them, signed, to a local HTTP receiver until every delivery is SUCCEEDED: events per second.
SQLite in a temp directory by default, or --database postgres://... (an empty database).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import tempfile
import time
from pathlib import Path

from tortoise.transactions import in_transaction

from app import db
from app.firms.models import Firm
from app.settings import Settings
from app.webhooks import events
from app.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEventType
from app.webhooks.signing import new_secret
from app.webhooks.worker import WebhookWorker
from bench.seed import database_is_empty


class Receiver:
    """Answers 200 to every POST and counts them."""

    def __init__(self) -> None:
        self.count = 0
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self.server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.decode("latin-1").split("\r\n"):
                    if line.lower().startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                await reader.readexactly(length)
                self.count += 1
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()


async def measure(database: str, count: int) -> dict[str, float]:
    await db.migrate(database)
    await db.open_database(database)
    receiver = Receiver()
    port = await receiver.start()
    try:
        firm = await Firm.create(name="Bench", slug="bench-webhooks")
        await WebhookEndpoint.create(
            firm_id=firm.id,
            url=f"http://127.0.0.1:{port}/hooks",
            events=[WebhookEventType.ACCOUNT_UPDATED.value],
            secret=new_secret(),
        )
        async with in_transaction():
            for i in range(count):
                data = {"accountId": f"QWNjb3VudDo{i}", "changes": {"name": f"Account {i}"}}
                await events.record(firm.id, WebhookEventType.ACCOUNT_UPDATED, data)
        settings = dataclasses.replace(
            Settings(database_url=database), webhook_allow_private=True, webhook_poll_interval=0.05
        )
        worker = WebhookWorker(settings)
        started = time.perf_counter()
        worker.start()
        await worker.wait_for(lambda: worker.stats.succeeded >= count, timeout=600)
        seconds = time.perf_counter() - started
        await worker.stop()
        done = await WebhookDelivery.filter(status=DeliveryStatus.SUCCEEDED).count()
        assert done == count == receiver.count, (done, count, receiver.count)
        return {"events": count, "seconds": seconds, "events_per_second": count / seconds}
    finally:
        await db.close_database()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.webhooks", description=__doc__)
    parser.add_argument("--events", type=int, default=2000, help="events to deliver")
    parser.add_argument("--database", help="a PostgreSQL URL (emptied); default: SQLite")
    parser.add_argument("--json", type=Path, help="where to write the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as tmp:
        database = args.database or f"sqlite://{Path(tmp) / 'bench.sqlite3'}"
        if args.database and not asyncio.run(database_is_empty(args.database)):
            parser.error("--database must be an empty PostgreSQL database")
        result = asyncio.run(measure(database, args.events))
    print(
        f"webhooks: {result['events']} events delivered in {result['seconds']:.2f}s: "
        f"{result['events_per_second']:.0f} events/s (one process, one worker)"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
