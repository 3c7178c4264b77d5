"""The ASGI application: /graphql (HTTP and WebSocket), /healthz, /readyz."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from tortoise import connections

from app import db
from app.loaders import Loaders
from app.mail import MailWorker
from app.schema.context import Context
from app.schema.root import schema
from app.security import use_fast_hashing
from app.services.sessions import bearer_token, viewer_for_token
from app.settings import Settings

log = logging.getLogger("crm")


class CrmGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with our typed context (viewer resolved from the bearer token)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql",
            subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
            connection_init_wait_timeout=timedelta(seconds=5),
        )
        self.settings = settings

    async def get_context(self, request: Request | WebSocket, response: Any = None) -> Context:
        token = bearer_token(request.headers.get("authorization"))
        viewer = await viewer_for_token(token) if token else None
        return Context(
            request=request,
            response=response,
            settings=self.settings,
            viewer=viewer,
            loaders=Loaders(viewer) if viewer else None,
        )


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """200 only when the database answers."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception as error:  # any failure means "not ready"; the reason goes to the log
        log.warning("readyz: database unavailable: %s", error)
        return JSONResponse({"database": "down"}, status_code=503)
    return JSONResponse({"database": "up"})


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """The app; its lifespan runs the mail worker and, with `manage_database`, the database."""
    settings = settings or Settings.from_env()
    use_fast_hashing(settings.fast_password_hashing)

    mail_worker = MailWorker(settings)  # here, so a bad CRM_SMTP_URL fails at start-up

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_database:
            if settings.database_url.startswith("sqlite"):
                await db.migrate(settings.database_url)
            await db.open_database(settings.database_url)
        try:
            # Runs without `manage_database` too: it needs only Tortoise, opened by the caller.
            mail_worker.start()
            try:
                yield
            finally:
                await mail_worker.stop()
        finally:
            if manage_database:
                await db.close_database()

    graphql = CrmGraphQL(settings)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        lifespan=lifespan,
    )
    app.state.mail_worker = mail_worker
    return app
