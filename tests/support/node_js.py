"""Node.js for the tests that run reference JavaScript clients (tests/js): found on PATH, its
packages installed once with `npm ci`; the tests skip, saying why, where that cannot be."""

from __future__ import annotations

import fcntl
import functools
import json
import shutil
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).parents[1] / "js"
MIN_NODE = 20  # graphql-ws 6 needs it
# npm's words for "the registry could not be reached": only these make a failed install a skip.
OFFLINE = ("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENETUNREACH")
FAIL_FAST = ["--fetch-retries=1", "--fetch-retry-maxtimeout=10000"]


def node() -> str:
    """The `node` executable, with tests/js's packages installed; skips the test without them."""
    path, reason = _prepared()
    if path is None:
        pytest.skip(reason)
    return path


@functools.cache
def _prepared() -> tuple[str | None, str]:
    """Done once per run, failure included: an offline machine tries `npm ci` only once."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return None, "needs Node.js and npm on PATH (tests/js)"
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    if int(version.lstrip("v").split(".")[0] or 0) < MIN_NODE:
        return None, f"needs Node.js {MIN_NODE}+ (found {version.strip()})"
    # Several xdist workers may get here at once: one installs, the others wait and reuse it.
    with open(JS / ".npm-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _install(node, npm)


def _install(node: str, npm: str) -> tuple[str | None, str]:
    if not _installed():
        # Cached packages are used as they are; an unreachable registry fails within ~10 s.
        install = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline", *FAIL_FAST],
            cwd=JS,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if install.returncode != 0:
            if any(code in install.stderr for code in OFFLINE):
                return None, f"npm ci could not reach the registry: {_cause(install.stderr)}"
            raise AssertionError(f"npm ci failed in {JS}:\n{install.stderr}")
    return node, ""


def _installed() -> bool:
    """Whether node_modules holds exactly the versions package.json pins."""
    pins = json.loads((JS / "package.json").read_text())["dependencies"]
    for name, version in pins.items():
        manifest = JS / "node_modules" / name / "package.json"
        if not manifest.exists() or json.loads(manifest.read_text())["version"] != version:
            return False
    return True


def _cause(stderr: str) -> str:
    """npm's one line on why a request failed (it prints a stack trace after it)."""
    lines = [line.removeprefix("npm error ") for line in stderr.splitlines()]
    return next((line for line in lines if "FetchError" in line), lines[0] if lines else "")
