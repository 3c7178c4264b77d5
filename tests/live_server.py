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
def crm_process(
    args: list[str], env: dict[str, str], cwd: Path, ready: str, *, clean_exit: bool = False
) -> Iterator[None]:
    """A `crm` command in its own process, until `ready` appears on its stderr; stopped with
    SIGTERM after (which must end it with status 0 when `clean_exit`)."""
    process = subprocess.Popen(
        [*CRM, *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if ready in line:
                break
        else:
            raise AssertionError(f"crm {args[0]} exited before {ready!r}")
        threading.Thread(target=process.stderr.read, daemon=True).start()  # keep it drained
        yield
    finally:
        process.terminate()
        status = process.wait(timeout=10)
        assert status == 0 or not clean_exit, status


@contextmanager
def crm_serve(env: dict[str, str], cwd: Path, *args: str) -> Iterator[str]:
    """`crm serve` in its own process; yields its base URL once it listens."""
    port = free_port()
    # One process: uvicorn runs the lifespan (migrations included), then opens its socket and
    # says "running on". With --workers the socket is open before the workers start theirs.
    ready = "Application startup complete" if "--workers" in args else "Uvicorn running on"
    with crm_process(["serve", "--port", str(port), *args], env, cwd, ready):
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/healthz").status_code == 200
        yield base
