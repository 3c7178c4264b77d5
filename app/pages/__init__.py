"""Small HTML pages the server itself serves where mailed links land: activation
(`/portal/activate`), registration confirmation (`/portal/confirm`) and password reset
(`/password/reset`). Plain forms, no script, CSRF-checked; they call the same services as
the mutations. `CRM_PUBLIC_URL` may point the links at another front end with these paths.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.pages.endpoint import LinkEndpoint
from app.pages.flows import PAGES
from app.pages.redaction import redact_access_log
from app.pages.render import stylesheet
from app.settings import Settings


async def _stylesheet(request: Request) -> Response:
    return stylesheet()


def routes(settings: Settings) -> list[Route]:
    """The pages' routes, for the app's route table; their tokens stay out of the access log."""
    redact_access_log()
    pages = [
        Route(flow.path, LinkEndpoint(flow, settings).handle, methods=["GET", "POST"])
        for flow in PAGES
    ]
    return [*pages, Route("/assets/pages.css", _stylesheet, methods=["GET"])]
