"""`GET /` says where everything is (HTML for browsers, JSON for API clients), and
`crm serve --help` documents every option and points at the settings table."""

from __future__ import annotations

import subprocess

from tests.support.graphql import Api
from tests.support.live_server import CRM


async def test_the_root_answers_json_naming_every_place(api: Api):
    answer = await api.client.get("/")
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    paths = {e["name"]: e["path"] for e in body["endpoints"]}
    assert paths["GraphQL API"] == "/graphql" and paths["Metrics"] == "/metrics"
    assert {"/healthz", "/readyz"} <= set(paths.values())
    assert "API tour" in body["apiTour"]
    for path in set(paths.values()):  # every place named exists (/readyz: 503 here, no hub)
        answer = await api.client.get(path, headers={"Accept": "text/html"})
        assert answer.status_code in (200, 503), path


async def test_a_browser_gets_a_page_with_links(api: Api):
    page = await api.client.get("/", headers={"Accept": "text/html,application/xhtml+xml,*/*"})
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    for href in ('href="/graphql"', 'href="/healthz"', 'href="/readyz"', 'href="/metrics"'):
        assert href in page.text
    assert "API tour" in page.text and "<script" not in page.text


def test_serve_help_documents_every_option_and_the_settings_table():
    out = subprocess.run(
        [*CRM, "serve", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"},
    ).stdout
    for option, words in {
        "--host": "Address to listen on",
        "--port": "TCP port",
        "--workers": "Server processes",
        "--demo": "demo firm",
    }.items():
        assert option in out and words in out, option
    assert "Settings (environment)" in out and "README.md" in out
