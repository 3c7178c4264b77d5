"""GET /schema.graphql: the schema as SDL (the same text `crm export-schema` writes), with
every description, for code generators and readers. It changes only with a new release, so
it is cacheable: an ETag of its content, revalidated after five minutes."""

from __future__ import annotations

import hashlib
from functools import cache

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from app.api.sdl import schema_sdl

# text/plain so a browser shows it; clients that want application/graphql read the same text.
MEDIA_TYPE = "text/plain; charset=utf-8"
CACHE_CONTROL = "public, max-age=300"


@cache
def _sdl_and_etag() -> tuple[str, str]:
    sdl = schema_sdl()
    return sdl, '"' + hashlib.sha256(sdl.encode()).hexdigest()[:32] + '"'


async def schema_file(request: Request) -> Response:
    """The SDL; 304 when the caller's If-None-Match holds its ETag."""
    sdl, etag = _sdl_and_etag()
    headers = {"etag": etag, "cache-control": CACHE_CONTROL}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return PlainTextResponse(sdl, headers=headers, media_type=MEDIA_TYPE)
