"""GET /: where things are. A small HTML page for browsers (those that ask for text/html),
JSON for API clients."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

TOUR = 'README.md, section "API tour" (settings: "Settings (environment)")'
# (what, path, how to use it)
PLACES = [
    ("GraphQL API", "/graphql", "POST JSON {query, variables}; Authorization: Bearer <token>"),
    ("GraphiQL", "/graphql", "open it in a browser; put the token in its Headers tab"),
    ("Subscriptions", "/graphql", "WebSocket, graphql-transport-ws protocol"),
    ("Liveness", "/healthz", "200 while the process is up"),
    ("Readiness", "/readyz", "200 when the database and the broadcast backend answer"),
    ("Metrics", "/metrics", "Prometheus text format"),
    ("Schema", "/schema.graphql", "the schema as SDL, every element described"),
]
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:44em;margin:2em auto;padding:0 1em}"


async def home(request: Request) -> Response:
    """The map of the server: HTML when the caller asks for text/html, else JSON."""
    if "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(
            {
                "service": "crm: client CRM API for accounting and tax firms",
                "endpoints": [
                    {"name": name, "path": path, "use": use} for name, path, use in PLACES
                ],
                "apiTour": TOUR,
            }
        )
    rows = "".join(
        f'<li><a href="{path}">{escape(name)}</a> <code>{path}</code>: {escape(use)}</li>'
        for name, path, use in PLACES
    )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>CRM API</title><style>{STYLE}</style></head><body>"
        "<h1>CRM API</h1><p>A client CRM API for accounting and tax firms.</p>"
        f"<ul>{rows}</ul><p>Start with the API tour: {escape(TOUR)}.</p></body></html>"
    )
    return HTMLResponse(page, headers={"content-security-policy": POLICY})
