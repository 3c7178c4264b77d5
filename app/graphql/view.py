"""The /graphql endpoint: Strawberry's ASGI view with our context, WebSocket sign-in and the
GraphQL-over-HTTP media types (app/graphql_http.py)."""

from __future__ import annotations

import asyncio
import json
import logging
from contextlib import suppress
from datetime import timedelta
from typing import Any, ClassVar

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from app.access.actors import Actor, StaffActor
from app.access.viewer import Viewer
from app.api.loaders import Loaders
from app.api.schema import schema
from app.firms.sessions import actor_and_viewer_for_token, bearer_token
from app.graphql import http as graphql_http
from app.graphql import unavailable
from app.graphql.context import Context
from app.graphql.graphiql import graphiql_page
from app.graphql.unavailable import DatabaseUnavailable, is_database_outage
from app.graphql.ws import SessionBoundHandler
from app.inbox.feed import InboxFeed
from app.observability import request_facts
from app.observability.operation import outcome_of
from app.rate_limits.budgets import retry_after_header
from app.realtime import Hub
from app.settings import Settings

log = logging.getLogger("crm.http")

# "Try Again Later" (RFC 6455's registry): a socket refused because the database is not
# answering; graphql-ws clients reconnect after it, unlike after 4403.
TRY_AGAIN_LATER = 1013
# "Going away": the server shuts down; clients reconnect (to another process, if any).
GOING_AWAY = 1001

# A dashboard needs one or two live operations; more from one socket is abuse.
MAX_SUBSCRIPTIONS_PER_CONNECTION = 10
# Real variables nest a few levels; hundreds would exhaust the stack of code walking them.
MAX_JSON_DEPTH = 64


class TransportWsHandler(SessionBoundHandler):
    """graphql-transport-ws bound to its session, closing with 1013 when the database cannot
    check the token, and with 1001 when the server shuts down."""

    live: ClassVar[set[TransportWsHandler]] = set()  # this process's open sockets

    async def handle(self) -> None:
        TransportWsHandler.live.add(self)
        try:
            await super().handle()
        finally:
            TransportWsHandler.live.discard(self)

    async def going_away(self) -> None:
        """Stop every operation, then close with 1001: the server is shutting down."""
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)
        with suppress(Exception):  # the client may be gone already
            await self.websocket.close(GOING_AWAY, "server shutting down; reconnect")

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except DatabaseUnavailable as error:
            log.warning("WebSocket refused (%s): the database is unavailable: %s", 1013, error)
            await self.websocket.close(TRY_AGAIN_LATER, "database unavailable; try again")


async def close_sockets() -> None:
    """Close every open GraphQL WebSocket of this process with 1001 (a shutdown drain)."""
    await asyncio.gather(*(handler.going_away() for handler in list(TransportWsHandler.live)))


class CrmGraphQL(GraphQL[Context, None]):
    """HTTP: the viewer comes from the Authorization header, the answer's media type from the
    Accept header. WebSocket (graphql-transport-ws only): the viewer comes from the
    connection_init payload, and only staff may connect; the socket lives only as long as
    its session (app/graphql_ws.py).

    While the database is not answering, every request still gets a GraphQL answer: code
    UNAVAILABLE (app/unavailable.py), HTTP 503 in application/graphql-response+json."""

    graphql_transport_ws_handler_class = TransportWsHandler

    def __init__(self, settings: Settings, hub: Hub | None) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql",
            subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
            connection_init_wait_timeout=timedelta(seconds=5),
            max_subscriptions_per_connection=MAX_SUBSCRIPTIONS_PER_CONNECTION,
        )
        self.settings = settings
        self.hub = hub
        self.inbox_feed = InboxFeed()  # shared by this app's subscriptions

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL from the package's own assets (app/graphiql), sending the headers typed
        in its editor as the WebSocket's connection_init payload too."""
        return graphiql_page()

    def decode_json(self, data: str | bytes) -> object:
        """The request's JSON; nested deeper than MAX_JSON_DEPTH it is a 400, not a crash."""
        try:
            value = json.loads(data)
        except RecursionError:
            value = None  # deeper than Python follows: certainly too deep
        else:
            if not graphql_http.nested_deeper_than(value, data, MAX_JSON_DEPTH):
                return value
        raise HTTPException(
            400, f"The JSON body is nested too deeply (at most {MAX_JSON_DEPTH} levels)."
        )

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """Carries the media type the answer will take, chosen from the Accept header."""
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = graphql_http.response_media_type(request.headers.get("accept"))
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """The answer's body: a request error's has no `data` in graphql-response+json.
        Notes the outcome for the access line."""
        answer = await super().process_result(request, result)
        facts = request_facts.current.get()
        if facts is not None:
            facts.outcome = outcome_of(result)
        media_type = graphql_http.response_media_type(request.headers.get("accept"))
        graphql_http.shape(answer, result, media_type)
        return answer

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        """The HTTP answer in the negotiated media type, with the status it calls for."""
        response = super().create_response(response_data, sub_response)
        media_type = sub_response.media_type or graphql_http.JSON
        response.headers["content-type"] = media_type
        if not sub_response.status_code:
            response.status_code = graphql_http.status_code(response_data, media_type)
        if response.status_code == 503:
            response.headers["retry-after"] = str(unavailable.RETRY_AFTER_SECONDS)
        if response.status_code == 429 and isinstance(response_data, dict):
            seconds = graphql_http.retry_after_throttled(response_data) or 1
            response.headers["retry-after"] = retry_after_header(seconds)
        return response

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """Strawberry's run; a database outage met before execution (signing the request
        in) answers UNAVAILABLE rather than escaping as a bare 500."""
        try:
            return await super().run(request, context, root_value)
        except DatabaseUnavailable as error:
            log.warning("request refused: the database is unavailable: %s", error)
            facts = request_facts.current.get()
            if facts is not None:
                facts.outcome = unavailable.CODE  # for the access line
            return graphql_http.unavailable_response(request.headers.get("accept"))

    async def get_context(self, request: Request | WebSocket, response: Any = None) -> Context:
        token = None
        if isinstance(request, Request):
            token = bearer_token(request.headers.get("authorization"))
        actor, viewer = await _signed_in(token)
        return Context(
            request=request,
            response=response,
            settings=self.settings,
            viewer=viewer,
            loaders=Loaders(viewer, actor) if actor else None,
            hub=self.hub,
            inbox_feed=self.inbox_feed,
            actor=actor,
        )

    async def on_ws_connect(self, context: Context) -> None:
        """Accept a staff member's token from `connection_init`; refuse anything else (4403)."""
        token = token_of(context.connection_params or {})
        actor, viewer = await _signed_in(token)
        if not isinstance(actor, StaffActor) or viewer is None:
            raise ConnectionRejectionError()
        context.actor, context.viewer, context.token = actor, viewer, token
        context.loaders = Loaders(viewer)


async def _signed_in(token: str | None) -> tuple[Actor | None, Viewer | None]:
    """Who the token signs in (the viewer too, while other domains read it); both None
    without a valid token; DatabaseUnavailable when the database cannot say."""
    if not token:
        return None, None
    try:
        found = await actor_and_viewer_for_token(token)
    except Exception as error:
        if is_database_outage(error):
            raise DatabaseUnavailable(error) from error
        raise
    return found if found else (None, None)


def token_of(params: dict[str, Any]) -> str | None:
    """The token of `{"Authorization": "Bearer <t>"}` (or `authorization`, or `token`)."""
    for key in ("Authorization", "authorization"):
        value = params.get(key)
        if isinstance(value, str):
            return bearer_token(value)
    token = params.get("token")
    return token.strip() or None if isinstance(token, str) else None
