"""A regular (not editable) install holds every file the app reads: each non-Python file
under app/ matches one of pyproject.toml's package-data patterns."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_every_data_file_is_packaged() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["app"]
    app = ROOT / "app"
    data = [
        path.relative_to(app)
        for path in app.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert data, "no data files found under app/"
    packaged = {path.relative_to(app) for pattern in patterns for path in app.glob(pattern)}
    missing = [str(path) for path in data if path not in packaged]
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"
