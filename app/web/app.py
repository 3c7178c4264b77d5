"""The ASGI application: /graphql (HTTP and WebSocket; GraphiQL and its assets), /healthz,
/readyz, /metrics, /schema.graphql, / (where they are), and the pages mailed links open
(app/pages)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from tortoise import connections

from app import db, pages
from app.access.secrets import use_fast_hashing
from app.email_sync.inbound.server import InboundServer
from app.firms.session_watch import SessionWatch
from app.graphql import graphiql
from app.graphql.client_gone import CancelOnDisconnect
from app.graphql.unavailable import describe, one_line_driver_outages
from app.graphql.view import CrmGraphQL, close_sockets
from app.inbox.announce import use_publisher
from app.inbox.resync import InboxResync
from app.mail import MailWorker
from app.observability.access_log import RequestLog
from app.observability.metrics import Metrics
from app.observability.metrics_page import metrics_page
from app.observability.statements import count_statements
from app.realtime import Hub
from app.settings import Settings
from app.web import security_headers as http_security
from app.web.body_limit import BodyLimit
from app.web.gc_tuning import serving_gc
from app.web.graceful import Drain, Graceful
from app.web.home import home
from app.web.schema_file import schema_file
from app.webhooks.worker import WebhookWorker

log = logging.getLogger("crm")


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


# /readyz answers within 2 s whatever the backends do: each check gets this long, together.
READY_CHECK_SECONDS = 1.5


async def readyz(request: Request) -> Response:
    """200 only when the database and the broadcast backend answer (within 1.5 s)."""
    hub: Hub = request.app.state.hub
    database_up, broadcast_up = await asyncio.gather(_database_answers(), _hub_answers(hub))
    state = {
        "database": "up" if database_up else "down",
        "broadcast": "up" if broadcast_up else (hub.status if hub.status != "up" else "down"),
    }
    ready = database_up and broadcast_up
    # Connections to the broadcast backend lost (and re-made) since start: for monitoring.
    return JSONResponse(
        {**state, "broadcastOutages": hub.outages}, status_code=200 if ready else 503
    )


async def _database_answers() -> bool:
    try:
        async with asyncio.timeout(READY_CHECK_SECONDS):
            await connections.get("default").execute_query("SELECT 1")
    except Exception as error:  # any failure means "not ready"; the reason goes to the log
        log.warning("readyz: database unavailable: %s", describe(error))
        return False
    return True


async def _hub_answers(hub: Hub) -> bool:
    try:
        async with asyncio.timeout(READY_CHECK_SECONDS):
            return await hub.ping()
    except TimeoutError:
        log.warning("readyz: the broadcast backend does not answer")
        return False


def _drain(mail_worker: MailWorker, webhook_worker: WebhookWorker) -> Drain:
    async def take_no_more_work() -> None:
        mail_worker.take_no_more()
        webhook_worker.take_no_more()

    return take_no_more_work


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """The app; its lifespan runs the hub, the mail and webhook workers and, with `manage_database`,
    opens (and on SQLite migrates) the database."""
    settings = settings or Settings.from_env()
    use_fast_hashing(settings.fast_password_hashing)
    one_line_driver_outages()

    mail_worker = MailWorker(settings)  # here, so a bad CRM_SMTP_URL fails at start-up
    webhook_worker = WebhookWorker(settings)
    hub = Hub(settings.broadcast_url)
    session_watch = SessionWatch(hub)  # closes the sockets of ended sessions
    # EMAIL SYNC's SMTP receiver, when CRM_INBOUND_SMTP is set (a bad value fails here).
    inbound = InboundServer(settings) if settings.inbound_smtp else None
    graphql = CrmGraphQL(settings, hub)
    # Wakes live `inbox` subscribers whose notification's announcement was lost.
    inbox_resync = InboxResync(graphql.inbox_feed, hub, settings.inbox_resync_seconds)
    # SIGTERM: sockets closed with 1001 and no new mail or webhook deliveries taken, before
    # uvicorn's own shutdown.
    graceful = Graceful(
        settings.shutdown_seconds, [close_sockets, _drain(mail_worker, webhook_worker)]
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_database:
            if settings.database_url.startswith("sqlite"):
                await db.migrate(settings.database_url, settings.db_timeout)
            await db.open_database(settings.database_url, settings.db_timeout)
        try:
            # Runs without `manage_database` too: it needs only Tortoise, opened by the caller.
            await hub.start()  # a backend that is down now is retried in the background
            use_publisher(hub)
            session_watch.start()
            inbox_resync.start()
            mail_worker.start()
            webhook_worker.start()
            try:
                if inbound is not None:
                    await inbound.start()
                graceful.install()
                with serving_gc():
                    yield
            finally:
                graceful.uninstall()
                if inbound is not None:
                    await inbound.stop()
                await asyncio.gather(
                    mail_worker.stop(timeout=graceful.remaining()),
                    webhook_worker.stop(timeout=graceful.remaining()),
                )
                await inbox_resync.stop()
                await session_watch.stop()
                use_publisher(None)
                await hub.stop()
        finally:
            if manage_database:
                await db.close_database()

    routes: list[Route | WebSocketRoute | Mount] = [
        Route("/graphql", CancelOnDisconnect(graphql), methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics_page),
        Route("/schema.graphql", schema_file, methods=["GET", "HEAD"]),
        Route("/", home),
        Mount("/graphiql", app=graphiql.assets(), name="graphiql"),
        *pages.routes(settings),
    ]
    count_statements()  # once per process: each request's SQL statements, for its metrics
    metrics = Metrics([route.path for route in routes], hub)
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(RequestLog, observe=metrics.observe),
            Middleware(BodyLimit, max_bytes=settings.max_body_bytes),
            *http_security.middleware(settings.cors_origins, settings.public_url),
        ],
    )
    app.state.mail_worker = mail_worker
    app.state.webhook_worker = webhook_worker
    app.state.hub = hub
    app.state.inbound = inbound
    app.state.metrics = metrics
    return app
