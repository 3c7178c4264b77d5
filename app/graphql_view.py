"""The /graphql endpoint: Strawberry's ASGI view with our context, WebSocket sign-in and the
GraphQL-over-HTTP media types (app/graphql_http.py)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult

from app import graphql_http
from app.graphiql import graphiql_page
from app.graphql_ws import SessionBoundHandler
from app.loaders import Loaders
from app.observability import request_facts
from app.observability.operation import outcome_of
from app.realtime import Hub
from app.schema.context import Context
from app.schema.root import schema
from app.services.inbox_feed import InboxFeed
from app.services.sessions import bearer_token, viewer_for_token
from app.settings import Settings

# A dashboard needs one or two live operations; more from one socket is abuse.
MAX_SUBSCRIPTIONS_PER_CONNECTION = 10
# Real variables nest a few levels; hundreds would exhaust the stack of code walking them.
MAX_JSON_DEPTH = 64


class CrmGraphQL(GraphQL[Context, None]):
    """HTTP: the viewer comes from the Authorization header, the answer's media type from the
    Accept header. WebSocket (graphql-transport-ws only): the viewer comes from the
    connection_init payload, and only staff may connect; the socket lives only as long as
    its session (app/graphql_ws.py)."""

    graphql_transport_ws_handler_class = SessionBoundHandler

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
        return response

    async def get_context(self, request: Request | WebSocket, response: Any = None) -> Context:
        token = None
        if isinstance(request, Request):
            token = bearer_token(request.headers.get("authorization"))
        viewer = await viewer_for_token(token) if token else None
        return Context(
            request=request,
            response=response,
            settings=self.settings,
            viewer=viewer,
            loaders=Loaders(viewer) if viewer else None,
            hub=self.hub,
            inbox_feed=self.inbox_feed,
        )

    async def on_ws_connect(self, context: Context) -> None:
        """Accept a staff member's token from `connection_init`; refuse anything else (4403)."""
        token = token_of(context.connection_params or {})
        viewer = await viewer_for_token(token) if token else None
        if viewer is None or viewer.staff is None:
            raise ConnectionRejectionError()
        context.viewer, context.loaders, context.token = viewer, Loaders(viewer), token


def token_of(params: dict[str, Any]) -> str | None:
    """The token of `{"Authorization": "Bearer <t>"}` (or `authorization`, or `token`)."""
    for key in ("Authorization", "authorization"):
        value = params.get(key)
        if isinstance(value, str):
            return bearer_token(value)
    token = params.get("token")
    return token.strip() or None if isinstance(token, str) else None
