"""Real `crm serve` processes for tests: started on a free port, stopped after."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

CRM = [sys.executable, "-c", "from app.cli import main; main()"]


class Output:
    """What a process printed (standard output and error, merged), line by line as it comes,
    and its pid."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pid = 0
        self._changed = threading.Condition()

    def add(self, line: str) -> None:
        with self._changed:
            self.lines.append(line)
            self._changed.notify_all()

    def wait_for(self, text: str, timeout: float = 10.0) -> str:
        """The first line holding `text`, waiting up to `timeout` seconds for it."""
        with self._changed:
            found = self._changed.wait_for(lambda: self._line_with(text), timeout)
        assert found, f"no line with {text!r} within {timeout}s:\n{self.text[-3000:]}"
        return found

    def _line_with(self, text: str) -> str | None:
        return next((line for line in self.lines if text in line), None)

    @property
    def text(self) -> str:
        with self._changed:
            return "".join(self.lines)


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
    args: list[str],
    env: dict[str, str],
    cwd: Path,
    ready: str,
    *,
    clean_exit: bool = False,
    output: Output | None = None,
) -> Iterator[subprocess.Popen[str]]:
    """A `crm` command in its own process, until `ready` appears on its stderr; stopped with
    SIGTERM after (which must end it with status 0 when `clean_exit`). With `output`, its
    standard output and error are both kept there."""
    process = subprocess.Popen(
        [*CRM, *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL if output is None else subprocess.PIPE,
        stderr=subprocess.PIPE if output is None else subprocess.STDOUT,
        text=True,
    )
    keep = output.add if output is not None else (lambda line: None)
    if output is not None:
        output.pid = process.pid
    try:
        stream = process.stderr if output is None else process.stdout
        assert stream is not None
        for line in stream:
            keep(line)
            if ready in line:
                break
        else:
            raise AssertionError(f"crm {args[0]} exited before {ready!r}")
        threading.Thread(target=_drain, args=(stream, keep), daemon=True).start()
        yield process
    finally:
        process.terminate()
        status = process.wait(timeout=10)
        assert status == 0 or not clean_exit, status


def _drain(stream: IO[str], keep: Callable[[str], None]) -> None:
    """Read a process's output to its end (so it never blocks on a full pipe)."""
    for line in stream:
        keep(line)


@contextmanager
def crm_serve(
    env: dict[str, str], cwd: Path, *args: str, output: Output | None = None
) -> Iterator[str]:
    """`crm serve` in its own process; yields its base URL once it listens (its output and
    pid go to `output` when given)."""
    port = free_port()
    # One process: uvicorn runs the lifespan (migrations included), then opens its socket and
    # says "running on". With --workers the socket is open before the workers start theirs.
    ready = "Application startup complete" if "--workers" in args else "Uvicorn running on"
    with crm_process(["serve", "--port", str(port), *args], env, cwd, ready, output=output):
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/healthz").status_code == 200
        yield base
