"""The one server process the bench measures: real uvicorn serving the real app.

`python -m bench.server` runs `app.web.app.create_app()` (settings from the CRM_*
environment, as `crm serve` does) wrapped in `CountStatements`, which only adds the
`x-sql-statements` header, and `NoteSends`, which notes when each WebSocket frame is written
(bench/ws_sends.py), in uvicorn started from a shallow stack as `crm serve` starts it.
The access log is off, as in any throughput measurement.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.sql_count import CountStatements, install
from bench.ws_sends import NoteSends

ROOT = Path(__file__).resolve().parent.parent


def create_app() -> Any:
    """The app, counting its SQL statements per request (uvicorn's factory)."""
    from app.web.app import create_app as create_crm_app

    install()
    return NoteSends(CountStatements(create_crm_app()))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server_process(settings: dict[str, str]) -> Iterator[tuple[str, int]]:
    """uvicorn in its own process, with these CRM_* settings; yields its base URL and pid
    once it listens, and stops it (SIGTERM) after."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRM_")}
    env.update(settings, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "bench.server", f"--port={port}"]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr is not None
        seen: list[str] = []
        # uvicorn says this once its lifespan has run and it listens (it runs the lifespan
        # first: "Application startup complete" comes before the socket is open).
        for line in process.stderr:
            seen.append(line)
            if "Uvicorn running on" in line:
                break
        else:
            raise RuntimeError("the server exited before starting:\n" + "".join(seen[-20:]))
        threading.Thread(target=process.stderr.read, daemon=True).start()  # keep it drained
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    """`python -m bench.server --port N`: serve `create_app` on 127.0.0.1, as `crm serve`
    does: uvicorn started a few frames from the bottom of the stack (app/web/shallow_start.py
    says why; `python -m uvicorn` would start it inside click)."""
    import argparse

    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m bench.server")
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    uvicorn.run(create_app, factory=True, host="127.0.0.1", port=port, access_log=False)


if __name__ == "__main__":
    main()
