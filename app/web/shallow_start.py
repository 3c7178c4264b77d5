"""Starting the server from a shallow Python stack, where the interpreter's frames stay put.

CPython 3.11 to 3.13 keep Python function frames in 16 KiB chunks and free a chunk as soon
as its first frame returns (python/cpython#142183). The event loop runs every callback at
the depth the loop was started from. Started from inside the command-line parser (typer,
click, about a dozen frames) or `python -m uvicorn` (runpy, click), the loop sits near a chunk
boundary and a request's GraphQL execution crosses it again and again: about 2,400
mmap/munmap pairs for one page of 50 accounts, 20-45 ms of system CPU on 3.11 (the page
itself costs ~90 ms). A loop started a few frames from the bottom leaves the whole
excursion in the thread's first chunk, which the interpreter never frees: about 1 ms.

So the `crm` command parses its arguments first and runs the server after the parser has
returned, from `main`'s own frame.
"""

from __future__ import annotations

from collections.abc import Callable

_after_command: list[Callable[[], None]] = []


def run_after_command(start: Callable[[], None]) -> None:
    """Have `run_command` call `start` once the command line's parser has returned."""
    _after_command.append(start)


def run_command(cli: Callable[[], object]) -> None:
    """Run the command-line parser `cli` (which ends with SystemExit, as click does), then
    what its command left for after it, from this frame: a few frames from the bottom."""
    try:
        cli()
    except SystemExit as exit_:
        if exit_.code not in (0, None):
            _after_command.clear()  # the command failed: nothing of it runs
        if exit_.code not in (0, None) or not _after_command:
            raise
    while _after_command:
        _after_command.pop(0)()
