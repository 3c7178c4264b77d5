"""`crm serve` runs its server from `main`'s frame, not from inside typer (why:
app/web/shallow_start.py): the server starts a few frames from the bottom of the stack."""

from __future__ import annotations

import inspect

import pytest
import typer

from app.web.shallow_start import run_after_command, run_command


def _cli(exit_code: int, depths: list[int]) -> typer.Typer:
    cli = typer.Typer()

    @cli.command()
    def serve() -> None:
        depths.append(len(inspect.stack(0)))  # where the command runs: inside typer and click
        run_after_command(lambda: depths.append(len(inspect.stack(0))))
        if exit_code:
            raise typer.Exit(exit_code)

    @cli.command()
    def other() -> None:  # two commands: typer then expects the command's name
        pass

    return lambda: cli(["serve"])  # type: ignore[return-value]


def test_the_server_starts_one_frame_above_run_command():
    depths: list[int] = []
    here = len(inspect.stack(0))
    run_command(_cli(0, depths))
    inside_typer, started = depths
    assert started == here + 2  # run_command, then the started function
    assert inside_typer > started + 5


def test_a_failed_command_starts_nothing_and_keeps_its_status():
    depths: list[int] = []
    with pytest.raises(SystemExit) as exit_:
        run_command(_cli(3, depths))
    assert exit_.value.code == 3
    assert len(depths) == 1  # the command ran; what it left for after it did not
    run_command(_cli(0, started := []))  # and it is not left over for the next command
    assert len(started) == 2
    assert len(depths) == 1
