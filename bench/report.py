"""The machine the bench ran on, and its results as a table (stdout) and as JSON."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from rich.console import Console
from rich.table import Table


def machine(database_url: str, broadcast_url: str) -> dict[str, Any]:
    """Cores, memory, CPU model, OS, Python, database and broadcast backend."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "database": where(database_url),
        "broadcast": where(broadcast_url),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None
    return round(pages * size / 2**30, 1)


def where(url: str) -> str:
    """A URL without its credentials or file path: the kind of backend and its host."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return "sqlite (file)"
    return f"{parsed.scheme}://{parsed.hostname or ''}{f':{parsed.port}' if parsed.port else ''}"


def write_json(results: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(results, indent=2) + "\n")


def print_table(results: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console(width=max(100, Console().width))  # 80 when piped: too narrow
    m = results["machine"]
    console.print(
        f"[bold]crm bench[/bold]: {results['accounts']:,} accounts; {m['cores']} cores "
        f"({m['cpu']}), {m['memory_gb']} GB, Python {m['python']}, {m['database']}, "
        f"broadcast {m['broadcast']}"
    )
    http = Table(
        "HTTP",
        "clients",
        "req/s",
        "p50 ms",
        "p99 ms",
        "SQL/req",
        "server CPU ms/req user + sys",
        "CPU % server/bench",
    )
    http.title = "One uvicorn process"
    page = f"{results['settings']['page_size']}-account page"
    for name, label in (
        ("typename", "{ __typename }"),
        ("page", page),
        ("typename_serial", "{ __typename }"),
        ("page_serial", page),
    ):
        r = results["http"][name]
        sql = str(r["sql_statements_max"])
        if r["sql_statements_min"] != r["sql_statements_max"]:
            sql = f"{r['sql_statements_min']}-{sql}"
        http.add_row(
            label,
            str(r["concurrency"]),
            f"{r['requests_per_second']:,.0f}",
            f"{r['p50_ms']}",
            f"{r['p99_ms']}",
            sql,
            _cpu_per_request(r),
            f"{r['server_cpu_percent']} / {r['client_cpu_percent']}",
        )
    http.caption = "server CPU per request: from /proc/<pid>/stat over the measured window"
    ratio = results["http"]["page_to_typename_ratio"]
    http.caption += f"; page / __typename throughput under load: {ratio:.1%}"
    console.print(http)
    inbox = Table(
        "inbox subscribers",
        "p50 ms",
        "p99 ms",
        "max ms",
        "from stored p50 / p99",
        "stored to written p50 / p99",
        "mutation ms",
    )
    inbox.caption = "ms from just before the confirmClientRegistration that notifies them all"
    for r in results["inbox"]:
        inbox.add_row(
            f"{r['subscribers']:,}",
            f"{r['p50_ms']}",
            f"{r['p99_ms']}",
            f"{r['max_ms']}",
            f"{r['stored_p50_ms']} / {r['stored_p99_ms']}",
            f"{r['written_p50_ms']} / {r['written_p99_ms']}",
            f"{r['mutation_ms']}",
        )
    console.print(inbox)
    writes = Table("write", "seconds", "what")
    for name, label in (("bulk_toggles", "bulkUpdateContactToggles"), ("import", "importClients")):
        r = results[name]
        if r.get("available") is False:
            writes.add_row(label, "-", "not available on this server")
        elif name == "bulk_toggles":
            writes.add_row(
                label,
                f"{r['seconds']}",
                f"{r['accounts_requested']:,} accounts, {r['emails_updated']:,} emails changed",
            )
        else:
            writes.add_row(
                label,
                f"{r['seconds']}",
                f"{r['rows']:,} CSV rows ({r['csv_bytes'] // 1024} KB), "
                f"{r['accounts_created']:,} accounts created",
            )
    console.print(writes)
    cost = results.get("query_cost")
    if cost:
        us = cost["cpu_us_per_request"]
        console.print(
            f"Query cost on the {page}, CPU µs a request: {us['without']} without it, "
            f"{us['budgets_off']} priced (budgets off: +{cost['analysis_us']}), "
            f"{us['budgets_on']} priced and charged (+{cost['analysis_and_budget_us']}); "
            f"alone: pricing {cost['pricing_us']} µs, the budget's statement "
            f"{cost['budget_take_us']} µs"
        )


def _cpu_per_request(r: dict[str, Any]) -> str:
    user, system = r["server_user_ms_per_request"], r["server_system_ms_per_request"]
    if user is None or system is None:
        return "-"
    return f"{user + system:.2f} = {user:.2f} + {system:.2f}"
