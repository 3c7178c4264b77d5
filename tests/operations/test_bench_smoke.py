"""The bench, end to end at a tiny size, as the real command: so it cannot rot.

Always on a fresh SQLite file and the in-memory broadcast, even when the suite runs on
PostgreSQL: the bench empties the database it is given, and the suite's is in use.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.live_server import crm_env

ROOT = Path(__file__).resolve().parents[2]


def test_the_bench_runs_and_reports_sane_numbers(tmp_path: Path):
    out = tmp_path / "bench.json"
    args = ["--accounts", "30", "--page-size", "20", "--concurrency", "2", "--seconds", "2"]
    args += ["--warmup", "0.2", "--subscribers", "1,3", "--rounds", "1", "--import-rows", "20"]
    args += ["--cost-requests", "5"]
    args += ["--json", str(out)]
    finished = subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=ROOT,
        env=crm_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    results = json.loads(out.read_text())

    assert results["accounts"] == 30
    assert results["machine"]["cores"] >= 1 and results["machine"]["python"]
    http = results["http"]
    for name in ("typename", "page", "typename_serial", "page_serial"):
        r = http[name]
        assert r["requests"] > 0 and r["requests_per_second"] > 0, r
        assert 0 < r["p50_ms"] <= r["p99_ms"] <= r["max_ms"], r
        if sys.platform == "linux":  # CPU use is read from /proc
            assert 0 < r["server_cpu_percent"] <= 100 * results["machine"]["cores"] + 10, r
    assert http["typename"]["sql_statements_max"] == 0
    # A page costs a few statements whatever its size: no N+1.
    assert 1 <= http["page"]["sql_statements_min"] <= http["page"]["sql_statements_max"] <= 25
    assert 0 < http["page_to_typename_ratio"] < 5
    assert [r["subscribers"] for r in results["inbox"]] == [1, 3]
    for r in results["inbox"]:
        assert 0 < r["p50_ms"] <= r["p99_ms"] <= r["max_ms"], r
        assert r["stored_p50_ms"] <= r["p99_ms"], r
    for name in ("bulk_toggles", "import"):
        assert results[name].get("available") is False or results[name]["seconds"] > 0
    if results["bulk_toggles"].get("available") is not False:
        assert results["bulk_toggles"]["accounts_requested"] == 30
    if results["import"].get("available") is not False:
        assert results["import"]["rows"] == 20 and results["import"]["rows_failed"] == 0
    cost = results["query_cost"]
    assert cost["requests"] == 5
    assert all(us > 0 for us in cost["cpu_us_per_request"].values()), cost
    assert 0 < cost["pricing_us"] < 1000 and cost["budget_take_us"] > 0, cost
    assert "Query cost on the 20-account page" in finished.stdout
    assert "50-account" not in finished.stdout and "20-account page" in finished.stdout
