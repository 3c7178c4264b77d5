"""`crm mail-inbound`: the SMTP receiver as a process of its own, next to `crm serve`."""

from __future__ import annotations

import asyncio
import signal

from app import db
from app.email_sync.inbound.server import InboundServer
from app.inbox.announce import use_publisher
from app.realtime import Hub
from app.settings import Settings


async def run_receiver(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Receive until SIGINT or SIGTERM (or `stop` is set).

    The process opens the database (which `crm serve` or `crm migrate` created) and joins the
    broadcast backend, so its EMAIL_RECEIVED notifications reach the servers' subscribers.
    """
    stop = stop or asyncio.Event()
    server = InboundServer(settings)  # a bad CRM_INBOUND_SMTP fails before anything opens
    await db.open_database(settings.database_url, settings.db_timeout)
    hub = Hub(settings.broadcast_url, name="crm-mail-inbound")
    try:
        await hub.start()  # a backend that is down now is retried in the background
        use_publisher(hub)
        await server.start()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
    finally:
        await server.stop()
        use_publisher(None)
        await hub.stop()
        await db.close_database()
