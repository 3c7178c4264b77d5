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


class Printed:
    """One stream of a process (its standard output, or its standard error), line by line
    as it comes."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._changed = threading.Condition()

    def add(self, line: str) -> None:
        with self._changed:
            self._lines.append(line)
            self._changed.notify_all()

    @property
    def text(self) -> str:
        with self._changed:
            return "".join(self._lines)

    async def wait_for(self, check: Callable[[str], bool], timeout: float = 10.0) -> str:
        """The stream so far, once `check(stream)` holds."""
        return await asyncio.to_thread(self._wait_for, check, timeout)

    def _wait_for(self, check: Callable[[str], bool], timeout: float) -> str:
        with self._changed:
            if not self._changed.wait_for(lambda: check("".join(self._lines)), timeout):
                raise AssertionError(f"not printed within {timeout}s:\n{''.join(self._lines)}")
            return "".join(self._lines)


@dataclass(frozen=True)
class Streams:
    """A process's standard output (`printed`: mail without CRM_SMTP_URL) and standard error
    (`logged`: every log line), each kept apart."""

    printed: Printed
    logged: Printed
    process: subprocess.Popen[str]  # to signal it, or wait for its exit status


@contextmanager
def crm_process(
    args: list[str],
    env: dict[str, str],
    cwd: Path,
    ready: str,
    *,
    clean_exit: bool = False,
    output: Output | None = None,
) -> Iterator[Streams]:
    """A `crm` command in its own process, until `ready` appears on its stderr; stopped with
    SIGTERM after (which must end it with status 0 when `clean_exit`). Both streams are read
    to their end as they come (so it never blocks on a full pipe) and kept apart; with
    `output`, every line of both goes there too, and its pid."""
    process = subprocess.Popen(
        [*CRM, *args], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    streams = Streams(Printed(), Printed(), process)
    if output is not None:
        output.pid = process.pid
    try:
        assert process.stdout is not None and process.stderr is not None
        keep_printed = _keeper(streams.printed, output)
        keep_logged = _keeper(streams.logged, output)
        threading.Thread(target=_drain, args=(process.stdout, keep_printed), daemon=True).start()
        for line in process.stderr:
            keep_logged(line)
            if ready in line:
                break
        else:
            said = (streams.logged.text + streams.printed.text)[-3000:]
            raise AssertionError(f"crm {args[0]} exited before {ready!r}; it said:\n{said}")
        threading.Thread(target=_drain, args=(process.stderr, keep_logged), daemon=True).start()
        yield streams
    finally:
        process.terminate()
        status = process.wait(timeout=10)
        assert status == 0 or not clean_exit, status


def _keeper(stream: Printed, output: Output | None) -> Callable[[str], None]:
    def keep(line: str) -> None:
        stream.add(line)
        if output is not None:
            output.add(line)

    return keep


def _drain(stream: IO[str], keep: Callable[[str], None]) -> None:
    """Read a process's output to its end (so it never blocks on a full pipe)."""
    for line in stream:
        keep(line)


@dataclass(frozen=True)
class LiveServer:
    base: str  # http://127.0.0.1:<port>
    printed: Printed  # its standard output: mail without CRM_SMTP_URL
    logged: Printed  # its standard error: every log line (access lines included)


@contextmanager
def crm_server(
    env: dict[str, str], cwd: Path, *args: str, output: Output | None = None
) -> Iterator[LiveServer]:
    """`crm serve` in its own process, once it listens (its output and pid also go to
    `output` when given)."""
    port = free_port()
    # One process: uvicorn runs the lifespan (migrations included), then opens its socket and
    # says "running on". With --workers the socket is open before the workers start theirs.
    ready = "Application startup complete" if "--workers" in args else "Uvicorn running on"
    base = f"http://127.0.0.1:{port}"
    # Without CRM_PUBLIC_URL, crm serve's mailed links lead to its own pages (at `base`).
    serve = ["serve", "--port", str(port), *args]
    with crm_process(serve, env, cwd, ready, output=output) as streams:
        assert httpx.get(f"{base}/healthz").status_code == 200
        yield LiveServer(base, streams.printed, streams.logged)


@contextmanager
def crm_serve(
    env: dict[str, str], cwd: Path, *args: str, output: Output | None = None
) -> Iterator[str]:
    """`crm serve` in its own process; yields its base URL once it listens (its output and
    pid go to `output` when given)."""
    with crm_server(env, cwd, *args, output=output) as server:
        yield server.base
