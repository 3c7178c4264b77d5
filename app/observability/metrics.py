"""Prometheus metrics at /metrics (prometheus-client's text format). Each server process
counts its own: requests by route and status, GraphQL requests by operation and outcome,
latency histograms, SQL statements per request; and, read when scraped, the mail outbox's
backlog, live subscriptions and the broadcast backend's state.

The request figures are plain numbers in dicts, added to by the event loop's one thread and
turned into metric families only when scraped: prometheus-client's own Counter and Histogram
take a lock per update, several times the cost of the whole observation here."""

from __future__ import annotations

import math
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from app.observability.request_facts import RequestFacts
from app.realtime import Hub

# Operation labels come from clients (operation names): past this many, "other".
MAX_OPERATIONS = 100
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STATEMENT_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144)
BROADCAST_STATES = ("up", "down", "connecting")


class LiveCount:
    """A number of things running now (live subscriptions), read at scrape time."""

    def __init__(self) -> None:
        self.value = 0


# GraphQL operations streaming over this process's WebSockets (app/graphql/schema_class.py).
live_streams = LiveCount()


class Histogram:
    """Observations counted per bucket (not cumulative until scraped), their sum and count."""

    __slots__ = ("bounds", "counts", "sum")

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)  # the last: above every bound (+Inf)
        self.sum = 0.0

    def observe(self, value: float) -> None:
        self.counts[bisect_left(self.bounds, value)] += 1
        self.sum += value

    def cumulative(self) -> list[tuple[str, float]]:
        """Prometheus buckets: (upper bound, observations at or below it), +Inf last."""
        total, buckets = 0, list[tuple[str, float]]()
        for bound, count in zip((*self.bounds, math.inf), self.counts, strict=True):
            total += count
            buckets.append(("+Inf" if bound == math.inf else repr(float(bound)), total))
        return buckets


class Metrics:
    """This app's metrics, in a registry of its own (several apps may share a process)."""

    def __init__(self, routes: Iterable[str], hub: Hub | None) -> None:
        self.routes = frozenset(routes)
        # Mounted apps (GraphiQL's assets): every path under one counts as its route.
        self.mounts = tuple(route for route in self.routes if route not in ("", "/"))
        self.http_requests: defaultdict[tuple[str, str], int] = defaultdict(int)
        self.http_latency: dict[str, Histogram] = {}
        self.graphql_requests: defaultdict[tuple[str, str], int] = defaultdict(int)
        self.graphql_latency: dict[str, Histogram] = {}
        self.statements = Histogram(STATEMENT_BUCKETS)
        self.state = StateCollector(hub)
        self.registry = CollectorRegistry()
        self.registry.register(RequestCollector(self))
        self.registry.register(self.state)

    def observe(self, facts: RequestFacts, path: str, status: int, seconds: float) -> None:
        """Count one finished HTTP request (RequestLog's observer)."""
        route = path if path in self.routes else self._route_under(path)
        self.http_requests[route, str(status)] += 1
        _histogram(self.http_latency, route, LATENCY_BUCKETS).observe(seconds)
        self.statements.observe(facts.statements)
        if facts.outcome is not None:
            operation = facts.operation or "-"
            if (
                operation not in self.graphql_latency
                and len(self.graphql_latency) >= MAX_OPERATIONS
            ):
                operation = "other"
            self.graphql_requests[operation, facts.outcome] += 1
            _histogram(self.graphql_latency, operation, LATENCY_BUCKETS).observe(seconds)

    def _route_under(self, path: str) -> str:
        for mount in self.mounts:
            if path.startswith(mount + "/"):
                return mount
        return "other"

    def render(self, outbox: tuple[int, datetime | None] | None) -> bytes:
        """The Prometheus text page, with the outbox figures read for this scrape (None when
        they could not be read: NaN)."""
        self.state.outbox = outbox
        return generate_latest(self.registry)


def _histogram(histograms: dict[str, Histogram], key: str, bounds: tuple[float, ...]) -> Histogram:
    histogram = histograms.get(key)
    if histogram is None:
        histogram = histograms[key] = Histogram(bounds)
    return histogram


class RequestCollector(Collector):
    """The request figures of `Metrics`, as metric families."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Metric]:
        m = self.metrics
        yield _counter(
            "crm_http_requests",
            "HTTP requests answered, by route and status.",
            ["route", "status"],
            m.http_requests,
        )
        yield _histograms(
            "crm_http_request_duration_seconds",
            "Time to answer an HTTP request, by route.",
            "route",
            m.http_latency,
        )
        yield _counter(
            "crm_graphql_requests",
            "GraphQL requests over HTTP, by operation (its name, or its root fields when "
            "anonymous) and outcome (ok, user_errors, invalid, rejected, or the error code).",
            ["operation", "outcome"],
            m.graphql_requests,
        )
        yield _histograms(
            "crm_graphql_request_duration_seconds",
            "Time to answer a GraphQL request over HTTP, by operation.",
            "operation",
            m.graphql_latency,
        )
        statements = HistogramMetricFamily(
            "crm_sql_statements_per_request", "SQL statements sent to answer one HTTP request."
        )
        statements.add_metric([], m.statements.cumulative(), m.statements.sum)
        yield statements


def _counter(
    name: str, doc: str, labels: list[str], values: dict[tuple[str, str], int]
) -> CounterMetricFamily:
    family = CounterMetricFamily(name, doc, labels=labels)
    for key, value in list(values.items()):
        family.add_metric(list(key), value)
    return family


def _histograms(
    name: str, doc: str, label: str, histograms: dict[str, Histogram]
) -> HistogramMetricFamily:
    family = HistogramMetricFamily(name, doc, labels=[label])
    for key, histogram in list(histograms.items()):
        family.add_metric([key], histogram.cumulative(), histogram.sum)
    return family


class StateCollector(Collector):
    """Figures read when scraped: outbox backlog, live subscriptions, broadcast state."""

    def __init__(self, hub: Hub | None) -> None:
        self.hub = hub
        self.outbox: tuple[int, datetime | None] | None = (0, None)

    def collect(self) -> Iterator[Metric]:
        pending, age = math.nan, math.nan
        if self.outbox is not None:
            pending, oldest = float(self.outbox[0]), self.outbox[1]
            age = max(0.0, time.time() - oldest.timestamp()) if oldest else 0.0
        yield GaugeMetricFamily(
            "crm_outbox_backlog", "Mail queued and not yet sent (PENDING).", value=pending
        )
        yield GaugeMetricFamily(
            "crm_outbox_oldest_unsent_age_seconds",
            "Age of the oldest mail not yet sent (0 when none waits).",
            value=age,
        )
        yield GaugeMetricFamily(
            "crm_subscriptions_active",
            "GraphQL operations streaming over this process's WebSockets (subscriptions).",
            value=live_streams.value,
        )
        if self.hub is None:
            return
        state = GaugeMetricFamily(
            "crm_broadcast_state",
            "The broadcast backend's connection: 1 for the current state.",
            labels=["state"],
        )
        for name in BROADCAST_STATES:
            state.add_metric([name], 1.0 if self.hub.status == name else 0.0)
        yield state
        yield CounterMetricFamily(
            "crm_broadcast_outages",
            "Connections to the broadcast backend lost since this process started.",
            value=self.hub.outages,
        )
