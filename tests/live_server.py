"""Real `crm serve` processes for tests: started on a free port, stopped after."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

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


class Printed:
    """What a process writes to its standard output, collected line by line as it comes."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._changed = threading.Condition()

    def collect(self, stream: IO[str]) -> None:
        """Read `stream` to its end (in a thread of its own)."""
        for line in stream:
            with self._changed:
                self._lines.append(line)
                self._changed.notify_all()

    @property
    def text(self) -> str:
        with self._changed:
            return "".join(self._lines)

    async def wait_for(self, check: Callable[[str], bool], timeout: float = 10.0) -> str:
        """The output so far, once `check(output)` holds."""
        return await asyncio.to_thread(self._wait_for, check, timeout)

    def _wait_for(self, check: Callable[[str], bool], timeout: float) -> str:
        with self._changed:
            if not self._changed.wait_for(lambda: check("".join(self._lines)), timeout):
                raise AssertionError(f"not printed within {timeout}s:\n{''.join(self._lines)}")
            return "".join(self._lines)


@dataclass(frozen=True)
class Output:
    """A process's standard output and, once it is ready, its standard error (logging)."""

    printed: Printed
    logged: Printed


@contextmanager
def crm_process(
    args: list[str], env: dict[str, str], cwd: Path, ready: str, *, clean_exit: bool = False
) -> Iterator[Output]:
    """A `crm` command in its own process, until `ready` appears on its stderr; stopped with
    SIGTERM after (which must end it with status 0 when `clean_exit`). Both streams are read
    to their end as they come, so the process never blocks on a full pipe."""
    process = subprocess.Popen(
        [*CRM, *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    output = Output(Printed(), Printed())
    try:
        assert process.stderr is not None and process.stdout is not None
        threading.Thread(target=output.printed.collect, args=(process.stdout,), daemon=True).start()
        for line in process.stderr:
            if ready in line:
                break
        else:
            raise AssertionError(f"crm {args[0]} exited before {ready!r}")
        threading.Thread(target=output.logged.collect, args=(process.stderr,), daemon=True).start()
        yield output
    finally:
        process.terminate()
        status = process.wait(timeout=10)
        assert status == 0 or not clean_exit, status


@dataclass(frozen=True)
class LiveServer:
    base: str  # http://127.0.0.1:<port>
    printed: Printed  # its standard output: mail without CRM_SMTP_URL, uvicorn's access log
    logged: Printed  # its standard error once ready: the app's and uvicorn's other logs


@contextmanager
def crm_server(env: dict[str, str], cwd: Path, *args: str) -> Iterator[LiveServer]:
    """`crm serve` in its own process, once it listens."""
    port = free_port()
    # One process: uvicorn runs the lifespan (migrations included), then opens its socket and
    # says "running on". With --workers the socket is open before the workers start theirs.
    ready = "Application startup complete" if "--workers" in args else "Uvicorn running on"
    base = f"http://127.0.0.1:{port}"
    # Without CRM_PUBLIC_URL, crm serve's mailed links lead to its own pages (at `base`).
    with crm_process(["serve", "--port", str(port), *args], env, cwd, ready) as output:
        assert httpx.get(f"{base}/healthz").status_code == 200
        yield LiveServer(base, output.printed, output.logged)


@contextmanager
def crm_serve(env: dict[str, str], cwd: Path, *args: str) -> Iterator[str]:
    """`crm serve` in its own process; yields its base URL once it listens."""
    with crm_server(env, cwd, *args) as server:
        yield server.base
