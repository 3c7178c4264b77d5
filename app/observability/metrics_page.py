"""GET /metrics: the process's metrics in the Prometheus text format."""

from __future__ import annotations

import logging

from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from starlette.requests import Request
from starlette.responses import Response

from app.mail.outbox import backlog
from app.observability.metrics import Metrics

log = logging.getLogger("crm.metrics")


async def metrics_page(request: Request) -> Response:
    """The metrics, with the outbox figures read now (one statement)."""
    metrics: Metrics = request.app.state.metrics
    try:
        outbox = await backlog()
    except Exception as error:  # the database is down: the rest of the page still helps
        log.warning("metrics: could not read the outbox: %s", error)
        outbox = None
    return Response(metrics.render(outbox), media_type=CONTENT_TYPE_PLAIN_0_0_4)
