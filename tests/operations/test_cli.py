"""The `crm` command: a real `crm serve` process on a fresh SQLite file, the demo, the export."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import live_server
from tests.support.live_server import CRM

ACCOUNTS = "{ accounts { totalCount edges { node { name clientId } } } }"


@pytest.fixture
def crm_env(tmp_path: Path) -> dict[str, str]:
    return live_server.crm_env(CRM_DATABASE_URL=f"sqlite://{tmp_path / 'crm.sqlite3'}")


@pytest.fixture
def server(crm_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """`crm serve` in its own process; answers its base URL once /healthz answers."""
    with live_server.crm_serve(crm_env, tmp_path) as base:
        yield base


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


def test_serve_refuses_several_workers_on_the_in_memory_broadcast(crm_env, tmp_path) -> None:
    done = subprocess.run(
        [*CRM, "serve", "--workers", "2"],
        env=crm_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "CRM_BROADCAST_URL" in done.stderr
