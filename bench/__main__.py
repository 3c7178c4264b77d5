"""`python -m bench`: seed a firm, start one uvicorn process, measure it, report.

Everything is measured against the same server process, from this (second) process: HTTP
throughput and latency, SQL statements per request, Inbox+ delivery latency, and the two big
mutations. The table goes to stdout, the same figures as JSON to --json.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

from bench import bulk, report
from bench.cost import measure_cost
from bench.inbox_latency import measure_inbox
from bench.load import PAGE, TYPENAME, page_check, run_load
from bench.seed import Seeded, database_is_empty, seed, wipe
from bench.server import server_process


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    add = parser.add_argument
    add("--accounts", type=int, default=10_000, help="accounts to seed (default 10000)")
    add("--database", help="a PostgreSQL URL; default: a new SQLite file in a temp directory")
    add("--wipe", action="store_true", help="empty a PostgreSQL database that has tables")
    add("--broadcast", default="memory://", help="CRM_BROADCAST_URL (e.g. redis://host:6379)")
    add("--concurrency", type=int, default=32, help="HTTP clients at once (default 32)")
    add("--seconds", type=float, default=10.0, help="measured seconds per HTTP load (default 10)")
    add("--warmup", type=float, default=2.0, help="unmeasured seconds before each (default 2)")
    add("--page-size", type=int, default=50, help="accounts per page (default 50)")
    add("--subscribers", default="1,100,1000", help="inbox subscriber counts (default 1,100,1000)")
    add("--rounds", type=int, default=3, help="measured notifications per count (default 3)")
    add("--import-rows", type=int, default=10_000, help="CSV rows to import (default 10000)")
    add("--cost-requests", type=int, default=500, help="page requests per query cost figure")
    add("--json", type=Path, default=Path("bench-results.json"), help="where the JSON goes")
    args = parser.parse_args(argv)
    args.subscriber_counts = [int(n) for n in args.subscribers.split(",") if n.strip()]
    if args.database and not args.database.startswith("postgres"):
        parser.error("--database takes a postgres:// URL (SQLite is the default, in a temp dir)")
    if args.page_size > min(args.accounts, 100) or args.page_size < 1:
        parser.error("--page-size must be between 1 and min(--accounts, 100)")
    # Confirmations (confirmClientRegistration) count as activation attempts: 20 per client
    # address per 15 minutes; a warm-up plus the rounds per subscriber count.
    if len(args.subscriber_counts) * (args.rounds + 1) > 20 or args.rounds < 1:
        parser.error("(--rounds + 1) x subscriber counts must be at most 20")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    _raise_open_file_limit()
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as tmp:
        database = args.database or f"sqlite://{Path(tmp) / 'bench.sqlite3'}"
        if database.startswith("postgres") and not _run(database_is_empty(database)):
            if not args.wipe:
                sys.exit(f"{report.where(database)} has tables: pass --wipe to empty it.")
            _run(wipe(database))
        print(f"Seeding {args.accounts:,} accounts...", file=sys.stderr)
        registrations = args.rounds + 1  # a warm-up plus the rounds
        seeded = _run(seed(database, args.accounts, args.subscriber_counts, registrations))
        settings = {
            "CRM_DATABASE_URL": database,
            "CRM_BROADCAST_URL": args.broadcast,
            "CRM_DOCUMENTS_DIR": str(Path(tmp) / "documents"),
            # Budgets would throttle the load (that is what they are for); the cap stays.
            "CRM_COST_BUDGETS": "off",
            # The bench measures cost, not outages: on a busy machine a statement may wait
            # for a connection (32 clients, a pool of 5) longer than the default 5 s.
            "CRM_DB_TIMEOUT_SECONDS": "60",
        }
        measured: dict[str, Any] = {}
        with server_process(settings) as (base, pid):
            print(f"Measuring the server at {base} (pid {pid})...", file=sys.stderr)
            try:
                _run(measure(base, pid, seeded, args, measured))
            except BaseException:
                # What was measured before the failure is kept (a busy machine may time out
                # the 1,000-subscriber round after minutes of HTTP figures).
                report.write_json({"incomplete": True, **measured}, args.json)
                print(f"Failed; what was measured is in {args.json}", file=sys.stderr)
                raise
        print("Measuring what query cost takes...", file=sys.stderr)
        page_body = {"query": PAGE, "variables": {"first": args.page_size}}
        measured["query_cost"] = _run(
            measure_cost(database, seeded.owner_token, page_body, args.cost_requests)
        )
    results = {
        "accounts": args.accounts,
        "machine": report.machine(database, args.broadcast),
        "settings": {
            "concurrency": args.concurrency,
            "seconds": args.seconds,
            "warmup": args.warmup,
            "page_size": args.page_size,
        },
        **measured,
    }
    report.print_table(results)
    report.write_json(results, args.json)
    print(f"Wrote {args.json}", file=sys.stderr)


async def measure(
    base: str, pid: int, seeded: Seeded, args: argparse.Namespace, results: dict[str, Any]
) -> None:
    """Every measurement, each written into `results` as soon as it is done."""
    load = {
        "concurrency": args.concurrency,
        "seconds": args.seconds,
        "warmup": args.warmup,
        "server_pid": pid,
    }
    page_body = {"query": PAGE, "variables": {"first": args.page_size}}
    check = page_check(args.page_size)
    http: dict[str, Any] = results.setdefault("http", {})
    # Under load (throughput), then one client at a time (the cost of one request).
    for suffix, settings in (("", load), ("_serial", {**load, "concurrency": 1})):
        typename = await run_load(base, {"query": TYPENAME}, None, **settings)
        page = await run_load(base, page_body, seeded.owner_token, check=check, **settings)
        http[f"typename{suffix}"], http[f"page{suffix}"] = typename.as_dict(), page.as_dict()
    http["page_to_typename_ratio"] = round(
        http["page"]["requests_per_second"] / http["typename"]["requests_per_second"], 4
    )
    results["inbox"] = []
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for count in args.subscriber_counts:
            inbox = await measure_inbox(base, seeded.inbox_firms[count], args.rounds, client)
            results["inbox"].append(inbox.as_dict())
        have = await bulk.available_mutations(client, seeded.owner_token)
        results["bulk_toggles"] = (
            await bulk.bulk_toggles(client, seeded.owner_token, seeded.account_ids)
            if "bulkUpdateContactToggles" in have
            else {"available": False}
        )
        results["import"] = (
            await bulk.import_csv(client, seeded.owner_token, args.import_rows)
            if "importClients" in have
            else {"available": False}
        )


def _run(coroutine: Any) -> Any:
    """Run on uvloop when it is installed (a faster load generator), else asyncio's loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


def _raise_open_file_limit() -> None:
    """One socket per subscriber, here and in the server (which inherits the limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        wanted = 65536 if hard == resource.RLIM_INFINITY else hard
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


if __name__ == "__main__":
    main()
