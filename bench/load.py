"""HTTP load: a fixed number of concurrent keep-alive connections posting one GraphQL
document for a fixed time, after a warm-up; requests/s, latency percentiles, SQL statements,
CPU use."""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.http_client import Connection, post_request
from bench.sql_count import HEADER

TYPENAME = "{ __typename }"
PAGE = """
query Page($first: Int!) {
  accounts(first: $first) {
    totalCount
    edges { node {
      id clientId name type loginStatus notifyEnabled emailSyncEnabled
      tags { id name }
      contacts {
        description
        contact { id displayName emails { id address } }
        emails {
          id login notify emailSync portalAccess signerPriority signerAuthority
          email { address }
          notificationPreferences { documentUploads messages invoicesAndPayments }
        }
      }
    } }
  }
}"""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    concurrency: int
    # Per request, from the server's x-sql-statements header.
    sql_statements_min: int
    sql_statements_max: int
    # CPU used in the measured window, in % of one core (Linux only): near 100 for the
    # server means it was the bottleneck; a busy client means the load generator may be.
    server_cpu_percent: float | None
    client_cpu_percent: float | None
    # The server's CPU per request (user and system ms, from /proc/<pid>/stat): unlike
    # throughput and latency, barely moved by other work on a shared machine.
    server_user_ms_per_request: float | None
    server_system_ms_per_request: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of non-empty samples."""
    ordered = sorted(samples)
    rank = max(1, round(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


async def run_load(
    base: str,
    body: dict[str, Any],
    token: str | None,
    *,
    concurrency: int,
    seconds: float,
    warmup: float,
    check: Any = None,
    server_pid: int | None = None,
) -> LoadResult:
    """Post `body` from `concurrency` clients for `warmup` then `seconds` seconds; the
    requests that end within those `seconds` count. `check(json)` validates each answer."""
    request = post_request(base, "/graphql", body, token)
    latencies: list[float] = []
    statements: list[int] = []
    started = time.perf_counter()
    measure_from, stop_at = started + warmup, started + warmup + seconds

    async def client_loop() -> None:
        connection = await Connection.open(base)
        try:
            while (begin := time.perf_counter()) < stop_at:
                status, headers, content = await connection.send(request)
                end = time.perf_counter()
                if status != 200 or "errors" in (answer := json.loads(content)):
                    raise RuntimeError(f"bad answer during load: {content[:500]!r}")
                if check is not None:
                    check(answer)
                if measure_from <= end <= stop_at:
                    latencies.append(end - begin)
                    statements.append(int(headers.get(HEADER.decode(), "-1")))
        finally:
            await connection.close()

    async def cpu_window() -> tuple[CpuTimes | None, CpuTimes | None]:
        await asyncio.sleep(warmup)
        before = cpu_times(server_pid), cpu_times(os.getpid())
        await asyncio.sleep(seconds)
        after = cpu_times(server_pid), cpu_times(os.getpid())
        return _used(before[0], after[0]), _used(before[1], after[1])

    cpu = asyncio.create_task(cpu_window())
    await asyncio.gather(*(client_loop() for _ in range(concurrency)))
    server_cpu, client_cpu = await cpu
    if not latencies:
        raise RuntimeError("no request completed in the measured window; raise --seconds")
    ms = [s * 1000 for s in latencies]
    per_request = (
        [None, None] if server_cpu is None else [round(t * 1000 / len(ms), 2) for t in server_cpu]
    )
    return LoadResult(
        requests=len(ms),
        seconds=seconds,
        requests_per_second=round(len(ms) / seconds, 1),
        p50_ms=round(percentile(ms, 50), 2),
        p99_ms=round(percentile(ms, 99), 2),
        max_ms=round(max(ms), 2),
        concurrency=concurrency,
        sql_statements_min=min(statements),
        sql_statements_max=max(statements),
        server_cpu_percent=_percent(server_cpu, seconds),
        client_cpu_percent=_percent(client_cpu, seconds),
        server_user_ms_per_request=per_request[0],
        server_system_ms_per_request=per_request[1],
    )


CpuTimes = tuple[float, float]  # user and system CPU seconds


def cpu_times(pid: int | None) -> CpuTimes | None:
    """The user and system CPU seconds a process has used (Linux /proc), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    return int(stat[11]) / tick, int(stat[12]) / tick  # utime, stime


def _used(before: CpuTimes | None, after: CpuTimes | None) -> CpuTimes | None:
    if before is None or after is None:
        return None
    return after[0] - before[0], after[1] - before[1]


def _percent(used: CpuTimes | None, seconds: float) -> float | None:
    return None if used is None else round(sum(used) / seconds * 100, 1)


def page_check(size: int) -> Any:
    """An answer check: a full page of `size` accounts, each with at least one contact."""

    def check(answer: dict[str, Any]) -> None:
        edges = answer["data"]["accounts"]["edges"]
        if len(edges) != size or not all(e["node"]["contacts"] for e in edges):
            raise RuntimeError(f"expected {size} accounts with contacts, got {len(edges)}")

    return check
