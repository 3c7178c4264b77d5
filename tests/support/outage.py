"""Things a test can break on purpose: a private PostgreSQL it freezes, a private Redis it
restarts, and a TCP proxy it closes. Never the machine's shared servers."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg

from tests.support.live_server import free_port


def postgres_bin() -> Path | None:
    """The folder with initdb and postgres (Debian's layout, or the PATH), if installed."""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists():
            return folder
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_unprivileged() -> dict[str, str]:
    # initdb and postgres refuse to run as root.
    return {"user": "nobody", "group": "nogroup"} if os.geteuid() == 0 else {}


def wait_for_port(port: int, timeout: float = 15.0) -> None:
    """Return once something accepts connections on 127.0.0.1:`port`."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on a free port, run by an unprivileged user; `freeze()`
    stops every one of its processes (a hung host), `stop()` kills them (a crash)."""

    def __init__(self) -> None:
        folder = postgres_bin()
        assert folder is not None, "PostgreSQL's initdb is not installed"
        self.bin = folder
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="crm-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "nobody", "nogroup")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self._process: subprocess.Popen[bytes] | None = None
        data = self.dir / "data"
        subprocess.run(
            [self.bin / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync"],
            check=True,
            capture_output=True,
            **_as_unprivileged(),  # type: ignore[call-overload]
        )

    def start(self) -> None:
        self._process = subprocess.Popen(
            [
                self.bin / "postgres",
                *("-D", self.dir / "data", "-p", str(self.port), "-k", self.dir),
                *("-h", "127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **_as_unprivileged(),  # type: ignore[call-overload]
        )
        wait_for_port(self.port)
        # Accepting TCP comes slightly before accepting sessions: wait for a real answer.
        deadline = time.monotonic() + 15
        while subprocess.run(
            [self.bin / "pg_isready", "-h", "127.0.0.1", "-p", str(self.port)],
            capture_output=True,
        ).returncode:
            assert time.monotonic() < deadline, "the private PostgreSQL did not start"
            time.sleep(0.05)

    def _signal_all(self, signum: int) -> None:
        # PostgreSQL's children each start a session of their own: find them by parent.
        assert self._process is not None
        postmaster = self._process.pid
        pids = [postmaster]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                if int(stat.read_text().rpartition(")")[2].split()[1]) == postmaster:
                    pids.append(int(stat.parent.name))
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    def freeze(self) -> None:
        """SIGSTOP every process of the cluster: connections stay open, nothing answers."""
        self._signal_all(signal.SIGSTOP)

    def thaw(self) -> None:
        self._signal_all(signal.SIGCONT)

    @contextlib.contextmanager
    def frozen(self) -> Iterator[None]:
        self.freeze()
        try:
            yield
        finally:
            self.thaw()

    def stop(self) -> None:
        """Stop the cluster at once (as a crash would); `start()` brings it back."""
        if self._process is None:
            return
        self._signal_all(signal.SIGCONT)
        self._signal_all(signal.SIGKILL)
        self._process.wait(timeout=10)
        self._process = None
        # The postmaster's children die with the group; its pid file must go for a restart.
        (self.dir / "data" / "postmaster.pid").unlink(missing_ok=True)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """A redis-server of our own on a free port, without persistence: restartable."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None

    def restart(self) -> None:
        self.stop()
        self.start()


class TcpProxy:
    """Forwards 127.0.0.1:`port` to a target port, in a thread of its own. `close()` drops every
    connection and refuses new ones until `open()`; `pause()` stops forwarding bytes (the
    peers see a silent network) until `resume()`."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self._open = True
        self._flowing = threading.Event()
        self._flowing.set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="tcp-proxy")
        self._thread.start()
        self._ready.wait(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._accept, "127.0.0.1", self.port)
        )
        self._ready.set()
        self._loop.run_forever()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self._open:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                while not self._flowing.is_set():
                    await asyncio.sleep(0.01)
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    def _call(self, fn: object) -> None:
        done = threading.Event()

        def run() -> None:
            try:
                fn()  # type: ignore[operator]
            finally:
                done.set()

        self._loop.call_soon_threadsafe(run)
        done.wait(5)

    def close(self) -> None:
        """Drop every connection through the proxy and refuse new ones."""

        def drop() -> None:
            self._open = False
            for writer in list(self._writers):
                writer.transport.abort()
            self._writers.clear()

        self._call(drop)

    def open(self) -> None:
        self._call(lambda: setattr(self, "_open", True))

    def pause(self) -> None:
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    def stop(self) -> None:
        self._flowing.set()
        self.close()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


async def waiting_on_the_lock(watcher: asyncpg.Connection) -> int:
    """How many server statements wait for the test's lock on `account`."""
    return await watcher.fetchval(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        " AND datname = current_database() AND query ILIKE '%account%'"
    )


async def until(check: Any, timeout: float = 10) -> None:
    """Wait until the coroutine function `check` answers true, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not await check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)
