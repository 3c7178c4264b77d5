"""app/ stays clean under mypy, with the settings in pyproject.toml's [tool.mypy]."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_mypy_finds_no_error_in_app() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "app"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
