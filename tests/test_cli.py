"""The `crm` command: a real `crm serve` process on a fresh SQLite file, the demo, the export."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CRM = [sys.executable, "-c", "from app.cli import main; main()"]
ACCOUNTS = "{ accounts { totalCount edges { node { name clientId } } } }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def crm_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
    return {**env, "CRM_DATABASE_URL": f"sqlite://{tmp_path / 'crm.sqlite3'}"}


@pytest.fixture
def server(crm_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """`crm serve` in its own process; answers its base URL once /healthz answers."""
    port = free_port()
    process = subprocess.Popen(
        [*CRM, "serve", "--port", str(port)],
        env=crm_env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # uvicorn says so on stderr once the lifespan (migrations included) has run.
        for line in process.stderr:
            if "Application startup complete" in line:
                break
        else:
            pytest.fail("crm serve exited before starting")
        threading.Thread(target=process.stderr.read, daemon=True).start()  # keep the pipe drained
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/healthz").status_code == 200
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_migrates_and_answers_graphql_and_graphiql(server: str) -> None:
    assert httpx.get(f"{server}/readyz").status_code == 200
    page = httpx.get(f"{server}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    answer = httpx.post(f"{server}/graphql", json={"query": ACCOUNTS}).json()
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_demo_seeds_a_firm_whose_token_works_on_the_server(crm_env, tmp_path, server) -> None:
    out = subprocess.run(
        [*CRM, "demo"], env=crm_env, cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    token = re.search(r"Bearer ([A-Za-z0-9_\-]+)", out).group(1)
    answer = httpx.post(
        f"{server}/graphql",
        json={"query": ACCOUNTS},
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert answer["data"]["accounts"]["totalCount"] == 4
    again = subprocess.run(
        [*CRM, "demo"], env=crm_env, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "Bearer" in again.stdout  # seeding twice is harmless


def test_export_schema_writes_the_sdl(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    subprocess.run([*CRM, "export-schema", "--path", str(target)], check=True, capture_output=True)
    assert "type Account implements Node" in target.read_text()
