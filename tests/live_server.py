"""Real `crm serve` processes for tests: started on a free port, stopped after."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

CRM = [sys.executable, "-c", "from app.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def crm_env(**settings: str) -> dict[str, str]:
    """This process's environment without CRM_* settings, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
    return {**env, **settings}


@contextmanager
def crm_serve(env: dict[str, str], cwd: Path, *args: str) -> Iterator[str]:
    """`crm serve` in its own process; yields its base URL once its lifespan has run."""
    port = free_port()
    process = subprocess.Popen(
        [*CRM, "serve", "--port", str(port), *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        # uvicorn says so on stderr once the lifespan (migrations included) has run.
        for line in process.stderr:
            if "Application startup complete" in line:
                break
        else:
            raise AssertionError("crm serve exited before starting")
        threading.Thread(target=process.stderr.read, daemon=True).start()  # keep it drained
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/healthz").status_code == 200
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
