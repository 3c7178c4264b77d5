"""A real headless browser for tests: Debian's chromium driven by Playwright.

Where no browser is installed the tests that ask for one are skipped, except under CI=true,
where a missing browser fails them (`.ci/run` installs it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator

import pytest

CHROMIUM = os.environ.get("CRM_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# This machine's network is closed: without these flags Chromium keeps trying to reach Google.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run installs chromium and playwright)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[object]:
    """One headless Chromium for the whole run; tests open their own pages (contexts)."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        _missing("playwright is not installed")
    if not os.path.exists(CHROMIUM):
        _missing(f"no browser at {CHROMIUM}")
    async with async_playwright() as playwright:
        instance = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        await instance.close()
