"""The layering rules of the Code map (README) hold, checked by import-linter's contracts in
pyproject.toml; and a broken rule fails them (shown on a copy of the code)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = [
    sys.executable,
    "-c",
    "from importlinter.cli import lint_imports_command; lint_imports_command()",
]


def lint(where: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run(
        [*LINT, "--no-cache"], cwd=where, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_code_keeps_every_contract() -> None:
    run = lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("app/tags/service.py", "from app.contacts.models import Contact", "contacts domain"),
        ("app/tags/service.py", "import strawberry", "import nothing from Strawberry"),
        ("app/accounts/graphql/types.py", "import tortoise", "import no tortoise"),
        ("app/db/paging.py", "from app.accounts import policy", "The platform"),
    ],
)
def test_a_broken_rule_fails_its_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{line}  # a broken rule\n")
    run = lint(tmp_path)
    assert run.returncode != 0
    assert contract in run.stdout and "BROKEN" in run.stdout, run.stdout
